// The commits made since a known one, read straight from a repository's loose objects
// (`.git/objects/ab/cdef…`, read by gitObjects.ts): `git commit` and a small pull leave new commits
// loose, so the miner sees what came after the head it mined, and whether that head is still
// in the history, without starting git. Only a plain linear chain of loose commits is
// answered; anything else (a merge, a packed or missing object, replace refs or grafts, a
// message in another encoding, an object past the size bound) answers undefined and the
// caller asks git, which knows every case. The files are small and read synchronously: an
// asynchronous read is four thread-pool round trips, which on a busy machine cost far more.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { commitOf, readLooseObject } from './gitObjects';
import { MISSING, readRegularBytes } from './workspaceFiles';

/** A commit as stored: its parents and its raw message (UTF-8). */
export interface LooseCommit {
  commit: string;
  parents: string[];
  message: string;
}

const MAX_PACKED_REFS = 256 * 1024;
/** Longer chains are a big pull: git reads them faster than one file per commit. */
export const MAX_LOOSE_CHAIN = 64;

const HASH = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * The commits after `since` up to `head` (newest first) when they form one chain of loose,
 * non-merge commits whose last parent is `since`; `'rewritten'` when the chain ends at a
 * root commit without meeting `since` (so `since` is no longer in `head`'s history: a reset,
 * an amend, a force-push); undefined when git must be asked. `gitDir` is a plain `.git` folder.
 */
export function looseCommitsSince(gitDir: string, head: string, since: string, limit = MAX_LOOSE_CHAIN): LooseCommit[] | 'rewritten' | undefined {
  if (!HASH.test(head) || !HASH.test(since) || rewritesParents(gitDir)) return undefined;
  const chain: LooseCommit[] = [];
  for (let at = head; at !== since;) {
    if (chain.length >= limit) return undefined;
    const commit = readLooseCommit(gitDir, at);
    if (!commit || commit.parents.length > 1) return undefined;
    chain.push(commit);
    const parent = commit.parents[0];
    if (parent === undefined) return 'rewritten';
    at = parent;
  }
  return chain;
}

/** The loose commit object `hash`, or undefined when it is not loose, not a commit or not plain UTF-8. */
export function readLooseCommit(gitDir: string, hash: string): LooseCommit | undefined {
  const commit = HASH.test(hash) ? commitOf(readLooseObject(gitDir, hash)) : undefined;
  return commit && { commit: hash, parents: commit.parents, message: commit.message };
}

/** True when git would see other parents than the objects say: replace refs or grafts. */
function rewritesParents(gitDir: string): boolean {
  if (existsSync(join(gitDir, 'info', 'grafts'))) return true;
  const replace = join(gitDir, 'refs', 'replace');
  try {
    // Asked first: a failed readdir builds an Error with a stack, dearer than the question.
    if (existsSync(replace) && readdirSync(replace).length > 0) return true;
  } catch {
    // Not a folder.
  }
  try {
    // A large packed-refs (many tags) is left to git rather than read on this thread.
    const packed = readRegularBytes(join(gitDir, 'packed-refs'), MAX_PACKED_REFS);
    if (packed === MISSING) return false;
    return packed === undefined || packed.toString('utf8').includes(' refs/replace/');
  } catch {
    return false;
  }
}
