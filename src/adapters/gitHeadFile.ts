// HEAD's commit read from a repository's own files, without starting git (each git process
// forks this one, whose cost grows with its memory). Only the plain layout is read, as
// gitrepository-layout(5) describes it: `.git/HEAD` holding an id or `ref: refs/heads/...`, the
// ref loose under `.git/` or in `.git/packed-refs`. Anything else answers undefined.
import { join } from 'node:path';
import { readSmallText } from './workspaceFiles';

const HASH = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

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
