// Churn (commits per file in the last days, the risk score's churn factor) remembered per
// repository and HEAD commit, so a check run again on the same commit (the Source Control view
// after each stage, a hook, a second run) starts no `git log`: each git process forks this one,
// which costs in proportion to its memory (5 to 8 ms with 10,000 incidents loaded). What is
// kept is each file's commit times, not a count, so a later run still counts exactly the
// commits inside its own window. Kept in a file when one is named (the command line), else in
// this process's memory (the editor). The file: `{"version", "head", "shallow", "since", "times": [[path, [seconds, ...]], ...]}`.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseChurnTimes } from '../core/gitLog';
import { readHeadFile } from './gitHeadFile';
import { readCacheJson, writeCacheJson } from './userCache';
import { readSmallText } from './workspaceFiles';

const CACHE_VERSION = 1;
const DAY_SECONDS = 86_400;
/** Past this many files the cache starts again from the files of the last query. */
const MAX_CACHED_PATHS = 20_000;

/** What a query reuses: the files' commit times at one HEAD, for commits since `since`. */
interface ChurnState {
  head: string;
  /** A digest of `.git/shallow`: deepening a shallow clone brings older commits under the same HEAD. */
  shallow: string;
  /** Seconds since the epoch: the windows the times were read for start here or earlier. */
  since: number;
  /** Each file asked about: the committer times of the commits touching it, newest first. */
  times: Map<string, number[]>;
}

export interface ChurnQuery {
  /** The folder git runs in; the cache is used only when it is the repository's top (HEAD read from its `.git`). */
  root: string;
  paths: readonly string[];
  days: number;
  now: Date;
  /** Where to remember between processes; memory only when absent. */
  cacheFile?: string;
  /**
   * `git log --since=<days>.days --no-renames --name-only --format=%x00%ct` over `paths`
   * (all files when undefined), relative to `root`; undefined when git failed.
   */
  log(paths: readonly string[] | undefined): Promise<string | undefined>;
}

const inMemory = new Map<string, ChurnState>();

/**
 * Commits per path of `paths` in the last `days` days at HEAD (paths with none answer 0), from
 * the cache when it holds them all for this HEAD, else from `log` for the missing paths only
 * (the whole log when more than `pathspecLimit` are missing), then remembered. Undefined when git failed.
 * A commit whose committer date is older than a commit it descends from is counted by its own
 * date, where `git log --since` may stop before it: only histories with skewed clocks differ.
 */
export async function recentChurn(query: ChurnQuery, pathspecLimit: number): Promise<Map<string, number> | undefined> {
  const nowSeconds = Math.floor(query.now.getTime() / 1000);
  const since = nowSeconds - query.days * DAY_SECONDS;
  const head = readHeadFile(query.root);
  const shallow = head === undefined ? '' : digest(readSmallText(join(query.root, '.git', 'shallow')));
  let state = head === undefined ? undefined : query.cacheFile ? readState(query.cacheFile) : inMemory.get(query.root);
  if (state && (state.head !== head || state.shallow !== shallow || state.since > since)) state = undefined;
  const missing = query.paths.filter((path) => !state?.times.has(path));
  if (missing.length > 0) {
    const log = await query.log(missing.length <= pathspecLimit ? missing : undefined);
    if (log === undefined) return undefined;
    const found = parseChurnTimes(log);
    const times = new Map(state && state.times.size + missing.length <= MAX_CACHED_PATHS ? state.times : []);
    for (const path of missing) times.set(path, found.get(path) ?? []);
    // The later window of the two: what is kept holds every commit inside it.
    state = { head: head ?? '', shallow, since: Math.max(state?.since ?? since, since), times };
    if (head !== undefined && query.cacheFile) await writeCacheJson(query.cacheFile, { version: CACHE_VERSION, head: state.head, shallow: state.shallow, since: state.since, times: [...state.times] });
    else if (head !== undefined) inMemory.set(query.root, state);
  }
  const counts = new Map<string, number>();
  for (const path of query.paths) counts.set(path, (state?.times.get(path) ?? []).filter((time) => time >= since).length);
  return counts;
}

function readState(file: string): ChurnState | undefined {
  const parsed = (readCacheJson(file) ?? {}) as { version?: unknown; head?: unknown; shallow?: unknown; since?: unknown; times?: unknown };
  if (parsed.version !== CACHE_VERSION || typeof parsed.head !== 'string' || typeof parsed.shallow !== 'string' || typeof parsed.since !== 'number') return undefined;
  const entries = parsed.times;
  const wellFormed = Array.isArray(entries) && entries.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string' && Array.isArray(entry[1]) && (entry[1] as unknown[]).every((time) => typeof time === 'number'));
  return wellFormed ? { head: parsed.head, shallow: parsed.shallow, since: parsed.since, times: new Map(entries as [string, number[]][]) } : undefined;
}

function digest(text: string): string {
  return text === '' ? '' : createHash('sha256').update(text).digest('hex');
}
