// `git blame` for the experts: whitespace-only changes ignored (-w) and the commits listed in
// .git-blame-ignore-revs skipped (formatting sweeps), authors mapped through .mailmap.
// Trusted workspaces only; the caller decides.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { parseBlamePorcelain, type BlameLine } from '../core/gitMiningBlame';
import type { LineRange } from '../core/model';
import { streamGit } from './gitMiningProcess';

const IGNORE_REVS = '.git-blame-ignore-revs';

/**
 * Who last changed each line of `path` (folder-relative) in the working tree, or of `lines`
 * only. Rejects when git fails (not a repository, path not tracked, range past the end).
 */
export async function blameLines(root: string, path: string, lines?: LineRange, timeoutMs = 15_000): Promise<BlameLine[]> {
  if (path.startsWith('-')) throw new Error(`Not a path git can blame: ${path}`);
  // A missing ignore-revs file fails every blame, even one set globally: pass it only when it exists.
  const ignoreRevs = await access(join(root, IGNORE_REVS)).then(() => ['--ignore-revs-file', IGNORE_REVS], () => ['--no-ignore-revs-file']);
  const range = lines ? ['-L', `${lines.start},${lines.end}`] : [];
  let text = '';
  await streamGit(root, ['blame', '-w', '--line-porcelain', ...ignoreRevs, ...range, '--', path], (chunk) => { text += chunk; }, { timeoutMs });
  return parseBlamePorcelain(text);
}
