// HEAD's commit read from a repository's own files, without starting git (each git process
// forks this one, whose cost grows with its memory). Only the plain layout is read, as
// gitrepository-layout(5) describes it: `.git/HEAD` holding an id or `ref: refs/heads/...`, the
// ref loose under `.git/` or in `.git/packed-refs`. Anything else answers undefined.
import { join } from 'node:path';
import { readRegularBytes } from './workspaceFiles';

const HASH = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
/** packed-refs past this is not read (HEAD then comes from git). */
const MAX_REF_FILE = 8 * 1024 * 1024;

/**
 * HEAD's commit (40 or 64 hex digits) when `root` is a repository's top level with a plain
 * `.git` folder; undefined for anything else (a worktree, a subfolder, reftable, a branch with
 * no commit yet), and the caller asks git.
 */
export function readHeadFile(root: string): string | undefined {
  const gitDir = join(root, '.git');
  const head = readSmallText(join(gitDir, 'HEAD')).trim();
  if (HASH.test(head)) return head;
  const ref = /^ref: (refs\/heads\/[^\s]+)$/.exec(head)?.[1];
  if (!ref || ref.split('/').includes('..')) return undefined;
  const loose = readSmallText(join(gitDir, ref)).trim();
  if (HASH.test(loose)) return loose;
  for (const line of readSmallText(join(gitDir, 'packed-refs')).split('\n')) {
    if (line.endsWith(` ${ref}`) && HASH.test(line.slice(0, line.indexOf(' ')))) return line.slice(0, line.indexOf(' '));
  }
  return undefined;
}

/**
 * A small file's text, '' when it is missing, not a regular file or over 8 MiB. Read
 * synchronously: an asynchronous read is four thread-pool round trips, which on a busy machine
 * cost far more than reading a few bytes; the bound keeps `HEAD -> /dev/zero` from reading forever.
 */
export function readSmallText(file: string): string {
  const bytes = readRegularBytes(file, MAX_REF_FILE);
  return Buffer.isBuffer(bytes) ? bytes.toString('utf8') : '';
}
