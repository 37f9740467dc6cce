// Mines a repository's history for fixes: one streamed `git log` (mailmapped identities),
// then one `git diff-tree --stdin` for only the commits that name an incident. Incremental:
// what was read is remembered in a cache file per repository (the head mined, the fixes
// found), so after a pull only the new commits are read. Trusted workspaces only (git can
// run programs a repository configures); the caller decides.
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fixFilesOf, incidentMentions, LOG_FORMAT, parseIgnoreRevs, parseLogRecord, RecordSplitter, subjectOf, type Fix, type FixFile, type LogCommit } from '../core/gitMining';
import { referenceMatcher } from '../core/references';
import { writeFileAtomic } from './atomicWrite';
import { gitHead, runGit } from './git';
import { streamGit } from './gitMiningProcess';

/** Bump when the cache's shape or the mining rules change: older caches are then re-mined. */
const CACHE_VERSION = 1;
const PROGRESS_EVERY = 5_000;

export interface MiningOptions {
  /** RegExp sources of incident ids (config.yaml `references`). */
  references: readonly string[];
  /** Where the last run is remembered; without it every run reads the whole history. */
  cacheFile?: string;
  /** Called every few thousand commits with the number read so far in this run. */
  onProgress?: (commitsRead: number) => void;
  signal?: AbortSignal;
  /** Bound on each git process (default 120 s); past it the run fails and nothing is cached. */
  timeoutMs?: number;
}

export interface MinedFixes {
  /** The commit mined up to; undefined outside a repository or before its first commit. */
  head: string | undefined;
  /** Newest first. */
  fixes: Fix[];
  /** Commits read by this run (0 when the cache was current). */
  commitsRead: number;
  /** How this run went: nothing new, only the commits after the cached head, or everything. */
  mode: 'cached' | 'incremental' | 'full';
}

interface CacheFile {
  version: number;
  key: string;
  head: string;
  fixes: Fix[];
}

/**
 * The fixes in `root`'s history up to HEAD. Rejects when git fails, times out or is cancelled;
 * the cache is then left as it was.
 */
export async function mineFixes(root: string, options: MiningOptions): Promise<MinedFixes> {
  const head = await gitHead(root);
  if (!head) return { head: undefined, fixes: [], commitsRead: 0, mode: 'full' };
  const [mailmap, ignoreRevsText] = await Promise.all([readText(join(root, '.mailmap')), readText(join(root, '.git-blame-ignore-revs'))]);
  const key = createHash('sha256').update(JSON.stringify([CACHE_VERSION, options.references, mailmap, ignoreRevsText])).digest('hex');
  const cache = options.cacheFile ? await readCache(options.cacheFile, key) : undefined;
  if (cache?.head === head) return { head, fixes: cache.fixes, commitsRead: 0, mode: 'cached' };
  const incremental = cache !== undefined && (await isAncestor(root, cache.head, head));

  const matcher = referenceMatcher(options.references);
  const ignored = parseIgnoreRevs(ignoreRevsText);
  const named: LogCommit[] = [];
  const mentions = new Map<string, string[]>();
  let commitsRead = 0;
  const splitter = new RecordSplitter('\x1e');
  const take = (records: string[]) => {
    for (const record of records) {
      const commit = parseLogRecord(record);
      if (!commit) continue;
      commitsRead++;
      if (commitsRead % PROGRESS_EVERY === 0) options.onProgress?.(commitsRead);
      if (ignored.has(commit.commit)) continue;
      const ids = incidentMentions(commit.message, matcher);
      if (ids.length === 0) continue;
      named.push(commit);
      mentions.set(commit.commit, ids);
    }
  };
  const range = incremental && cache ? `${cache.head}..${head}` : head;
  await streamGit(root, ['-c', 'log.showSignature=false', 'log', '--use-mailmap', '--no-color', `--format=${LOG_FORMAT}`, range, '--'], (text) => take(splitter.push(text)), options);
  take(splitter.end());

  const earlier = incremental && cache ? cache.fixes : [];
  const fixes = await withDiffs(root, keepUsefulMerges(named, mentions, earlier), mentions, options);
  const all = [...fixes, ...earlier.filter((fix) => !mentions.has(fix.commit))];
  if (options.cacheFile) await writeCache(options.cacheFile, { version: CACHE_VERSION, key, head, fixes: all });
  return { head, fixes: all, commitsRead, mode: incremental ? 'incremental' : 'full' };
}

/**
 * A merge's diff repeats the commits it brings in: a merge that names only incidents some
 * other commit already names is dropped; one that alone names an incident is kept, its diff
 * taken against the first parent.
 */
function keepUsefulMerges(named: LogCommit[], mentions: Map<string, string[]>, earlier: Fix[]): LogCommit[] {
  const byPlainCommits = new Set<string>();
  for (const c of named) if (c.parents.length <= 1) for (const id of mentions.get(c.commit) ?? []) byPlainCommits.add(id);
  for (const fix of earlier) if (!fix.merge) for (const id of fix.incidents) byPlainCommits.add(id);
  return named.filter((c) => c.parents.length <= 1 || (mentions.get(c.commit) ?? []).some((id) => !byPlainCommits.has(id)));
}

async function withDiffs(root: string, commits: LogCommit[], mentions: Map<string, string[]>, options: MiningOptions): Promise<Fix[]> {
  if (commits.length === 0) return [];
  // One record per commit: its hash, then its diff, parsed as soon as the next one starts.
  const files = new Map<string, FixFile[]>();
  const splitter = new RecordSplitter('\x1e');
  const take = (records: string[]) => {
    for (const record of records) {
      const cut = record.indexOf('\n');
      const commit = (cut < 0 ? record : record.slice(0, cut)).trim();
      if (cut >= 0) files.set(commit, fixFilesOf(record.slice(cut + 1)));
    }
  };
  const stdin = commits.map((c) => (c.parents.length > 1 ? `${c.commit} ${c.parents[0]}` : c.commit)).join('\n') + '\n';
  await streamGit(root, [
    '-c', 'core.quotePath=false', 'diff-tree', '--stdin', '--root', '-r', '-p', '-U0', '-M',
    '--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/', '--format=%x1e%H',
  ], (text) => take(splitter.push(text)), { ...options, stdin });
  take(splitter.end());
  return commits.map((c): Fix => ({
    commit: c.commit,
    author: c.author,
    date: c.date,
    subject: subjectOf(c.message),
    incidents: mentions.get(c.commit) ?? [],
    files: files.get(c.commit) ?? [],
    ...(c.parents.length > 1 ? { merge: true } : {}),
  }));
}

/**
 * Where a process without editor storage (the command line) remembers a repository's mined
 * fixes: `$XDG_CACHE_HOME/incident-lens/git-mining/<hash of the root>.json`, `~/.cache` by default.
 */
export function defaultMiningCacheFile(root: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'incident-lens', 'git-mining', `${createHash('sha256').update(root).digest('hex').slice(0, 16)}.json`);
}

async function isAncestor(root: string, ancestor: string, of: string): Promise<boolean> {
  // `merge-base --is-ancestor` answers by exit code only; runGit maps both "no" and failure to undefined.
  const base = await runGit(root, ['merge-base', ancestor, of]);
  return base === ancestor;
}

async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '');
}

async function readCache(file: string, key: string): Promise<CacheFile | undefined> {
  try {
    const cache = JSON.parse(await readFile(file, 'utf8')) as Partial<CacheFile>;
    if (cache.version !== CACHE_VERSION || cache.key !== key || typeof cache.head !== 'string' || !Array.isArray(cache.fixes)) return undefined;
    return cache as CacheFile;
  } catch {
    // Missing or damaged: mine everything again.
    return undefined;
  }
}

async function writeCache(file: string, cache: CacheFile): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, JSON.stringify(cache));
}
