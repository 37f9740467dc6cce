// Mines a repository's history for fixes: one streamed `git log -p` (mailmapped identities;
// git itself skips, in C, every commit whose message lacks a keyword and an id, so only the
// candidates are printed, each with its diff) parsed as it arrives. Incremental: what was read is remembered in a cache file
// per repository (gitMiningCache.ts: the head mined, the fixes found), so after a pull only the
// new commits are read: from the loose object files when they are a short chain of them
// (gitLooseCommits.ts), and a new fix's diff and author from the object files too when they
// are plain enough to be certain of (gitLooseDiff.ts): no git at all; else the same
// `git log -p` over the new range. Trusted workspaces only (git can
// run programs a repository configures); the caller decides.
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { candidateGrepArgs } from '../core/gitGrep';
import { fixFilesOf, hasKeyword, incidentMentions, logFormat, MAX_MESSAGE, parseIgnoreRevs, parseLogRecord, RecordSplitter, subjectOf, type Fix, type FixFile, type LogCommit } from '../core/gitMining';
import { referenceMatcher, type ReferenceMatcher } from '../core/references';
import { gitHead, runGit } from './git';
import { readHeadFile } from './gitHeadFile';
import { readSmallText } from './workspaceFiles';
import { parseMailmap } from '../core/mailmap';
import { looseCommitsSince } from './gitLooseCommits';
import { plainSettings, readObjectFix } from './gitLooseDiff';
import { readMiningState, recordMiningRun } from './gitMiningCache';
import { ObjectStore } from './gitObjects';
import { streamGit } from './gitMiningProcess';
import { userCacheFile } from './userCache';

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
  /** Commits read by this run: those git's filter let through (candidateGrepArgs; 0 when the cache was current). */
  commitsRead: number;
  /** How this run went: nothing new, only the commits after the cached head, or everything. */
  mode: 'cached' | 'incremental' | 'full';
}

/**
 * The fixes in `root`'s history up to HEAD. Rejects when git fails, times out or is cancelled;
 * the cache is then left as it was.
 */
export async function mineFixes(root: string, options: MiningOptions): Promise<MinedFixes> {
  const gitDir = join(root, '.git');
  const fromFiles = readHeadFile(root);
  const head = fromFiles ?? (await gitHead(root));
  if (!head) return { head: undefined, fixes: [], commitsRead: 0, mode: 'full' };
  const mailmap = readSmallText(join(root, '.mailmap'));
  const ignoreRevsText = readSmallText(join(root, '.git-blame-ignore-revs'));
  const key = createHash('sha256').update(JSON.stringify([options.references, mailmap, ignoreRevsText])).digest('hex');
  const cache = options.cacheFile ? await readMiningState(options.cacheFile, key) : undefined;
  if (cache?.head === head) return { head, fixes: [...cache.fixes], commitsRead: 0, mode: 'cached' };
  const reader = new CommitReader(options, parseIgnoreRevs(ignoreRevsText), mailmap);
  let read: ReadCommits | undefined;
  if (cache) read = await reader.after(root, fromFiles ? gitDir : undefined, cache.head, head);
  const mode: MinedFixes['mode'] = read ? 'incremental' : 'full';
  read ??= await reader.withDiffs(root, head);
  const earlier = mode === 'incremental' && cache ? cache.fixes : [];
  const fixes = keepUsefulMerges(read.named, read.mentions, earlier).map((c): Fix => ({
    commit: c.commit,
    author: c.author,
    date: c.date,
    subject: subjectOf(c.message),
    incidents: read.mentions.get(c.commit) ?? [],
    files: read.files.get(c.commit) ?? [],
    ...(c.parents.length > 1 ? { merge: true } : {}),
  }));
  if (options.cacheFile) await recordMiningRun(options.cacheFile, key, mode === 'incremental' ? cache?.head : undefined, head, fixes, earlier);
  return { head, fixes: [...fixes, ...earlier], commitsRead: read.commitsRead, mode };
}

interface ReadCommits {
  /** Commits whose message names an incident, newest first. */
  named: LogCommit[];
  mentions: Map<string, string[]>;
  files: Map<string, FixFile[]>;
  commitsRead: number;
}

/** Reads the commits of a range that name an incident, and what they changed. */
class CommitReader {
  private readonly matcher: ReferenceMatcher | undefined;

  /** `mailmap`: the text of the repository's .mailmap, '' without one. */
  constructor(private readonly options: MiningOptions, private readonly ignored: ReadonlySet<string>, private readonly mailmap: string) {
    this.matcher = referenceMatcher(options.references);
  }

  /**
   * The commits after `since` up to `head`, or undefined when `since` is no longer in the
   * history (a reset, a force-push: everything must be read again). A short chain of new
   * loose commits is read from the object files (`gitDir`, a plain `.git` folder), and so are
   * the diffs of those naming an incident when gitLooseDiff.ts can be certain of them: no git
   * at all; else one `git log -p` of the range. Otherwise git checks the ancestry while it
   * reads the range.
   */
  async after(root: string, gitDir: string | undefined, since: string, head: string): Promise<ReadCommits | undefined> {
    const range = `${since}..${head}`;
    const loose = gitDir ? looseCommitsSince(gitDir, head, since) : undefined;
    if (loose === 'rewritten') return undefined;
    if (loose && gitDir) {
      const read = this.empty();
      const named: string[] = [];
      for (const commit of loose) {
        const message = commit.message.slice(0, MAX_MESSAGE);
        if (!hasKeyword(message)) continue;
        read.commitsRead++;
        if (!this.ignored.has(commit.commit) && incidentMentions(message, this.matcher).length > 0) named.push(commit.commit);
      }
      return named.length === 0 ? read : (this.fromObjects(root, gitDir, named, read) ?? this.withDiffs(root, range));
    }
    const [ancestor, incremental] = await Promise.all([isAncestor(root, since, head), this.withDiffs(root, range).catch(() => undefined)]);
    return ancestor && incremental ? incremental : undefined;
  }

  /**
   * The fixes `hashes` (newest first) read from the object files, added to `read`; undefined
   * when git must be asked (gitLooseDiff.ts says when, .mailmap included).
   */
  private fromObjects(root: string, gitDir: string, hashes: readonly string[], read: ReadCommits): ReadCommits | undefined {
    const mailmap = parseMailmap(this.mailmap);
    if (!mailmap || !plainSettings(gitDir)) return undefined;
    const store = new ObjectStore(gitDir);
    try {
      for (const hash of hashes) {
        const fix = readObjectFix(store, root, hash, mailmap);
        if (!fix) return undefined;
        // As parseLogRecord reads git's %B.
        fix.commit.message = fix.commit.message.slice(0, MAX_MESSAGE).replace(/\n+$/, '');
        read.named.push(fix.commit);
        read.mentions.set(hash, incidentMentions(fix.commit.message, this.matcher));
        read.files.set(hash, fix.files);
      }
      return read;
    } finally {
      store.close();
    }
  }

  /**
   * The fixes of a range (`since..head`, or a head for its whole history): one `git log -p`,
   * every candidate printed with its diff (a merge's against its first parent), each commit
   * parsed as it streams in and its diff dropped once read.
   */
  async withDiffs(root: string, range: string): Promise<ReadCommits> {
    const read = this.empty();
    const nonce = randomBytes(8).toString('hex');
    const splitter = new RecordSplitter(`\x1e${nonce}`);
    const take = (records: string[]) => {
      for (const record of records) {
        const commit = parseLogRecord(record, nonce);
        if (!commit) continue;
        read.commitsRead++;
        if (read.commitsRead % PROGRESS_EVERY === 0) this.options.onProgress?.(read.commitsRead);
        if (this.ignored.has(commit.commit)) continue;
        const ids = incidentMentions(commit.message, this.matcher);
        if (ids.length === 0) continue;
        read.named.push(commit);
        read.mentions.set(commit.commit, ids);
        if (commit.diff) read.files.set(commit.commit, fixFilesOf(commit.diff));
        delete commit.diff;
      }
    };
    await streamGit(root, miningLogArgs(range, this.options.references, nonce), (text) => take(splitter.push(text)), this.options);
    take(splitter.end());
    return read;
  }

  private empty(): ReadCommits {
    return { named: [], mentions: new Map(), files: new Map(), commitsRead: 0 };
  }
}

/**
 * The `git log -p` mining runs: mailmapped authors, only commits git's own filter lets through
 * (candidateGrepArgs; incidentMentions then decides exactly), each with its diff: no context,
 * renames found, a merge against its first parent, nothing a repository's config could run or
 * reshape. `diffs: false` leaves the diffs out (the benchmark's second floor). Exported so the
 * benchmark's floor is this very command.
 */
export function miningLogArgs(range: string, references: readonly string[], nonce = '', diffs = true): string[] {
  return [
    '-c', 'log.showSignature=false', '-c', 'log.showRoot=true', '-c', 'core.quotePath=false', 'log',
    ...(diffs ? ['-p', '-U0', '--inter-hunk-context=0', '-M', '--diff-merges=first-parent', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/'] : []),
    '--use-mailmap', '--no-color', '--date=raw', `--format=${logFormat(nonce)}`, ...candidateGrepArgs(references), range, '--',
  ];
}

/**
 * A merge's diff repeats the commits it brings in: a merge that names only incidents some
 * other commit already names is dropped; one that alone names an incident is kept, its diff
 * taken against the first parent.
 */
function keepUsefulMerges(named: LogCommit[], mentions: Map<string, string[]>, earlier: readonly Fix[]): LogCommit[] {
  if (!named.some((c) => c.parents.length > 1)) return named;
  const byPlainCommits = new Set<string>();
  for (const c of named) if (c.parents.length <= 1) for (const id of mentions.get(c.commit) ?? []) byPlainCommits.add(id);
  for (const fix of earlier) if (!fix.merge) for (const id of fix.incidents) byPlainCommits.add(id);
  return named.filter((c) => c.parents.length <= 1 || (mentions.get(c.commit) ?? []).some((id) => !byPlainCommits.has(id)));
}

/**
 * Where a process without editor storage (the command line) remembers a repository's mined
 * fixes: `$XDG_CACHE_HOME/incident-lens/git-mining/<hash of the root>.json`, `~/.cache` by default.
 */
export function defaultMiningCacheFile(root: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  return userCacheFile('git-mining', root, '.json', env);
}

async function isAncestor(root: string, ancestor: string, of: string): Promise<boolean> {
  // `merge-base --is-ancestor` answers by exit code only; runGit maps both "no" and failure to undefined.
  const base = await runGit(root, ['merge-base', ancestor, of]);
  return base === ancestor;
}

