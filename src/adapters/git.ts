// The few git facts the live-incident notes need, each one `git` process run with execFile:
// no shell (nothing in a path or a setting is ever interpreted), a timeout (a hung credential
// helper or network filesystem cannot stall a command), and undefined for any failure, because
// every caller has a fallback. Callers decide whether git may run at all (workspace trust).
import { execFile } from 'node:child_process';
import { parseRenames } from '../core/gitLog';
import { isCommitish } from '../core/permalinks';

const TIMEOUT_MS = 3000;
const MAX_OUTPUT = 64 * 1024;

/** Runs `git <args>` in `cwd`; its trimmed stdout, or undefined when git is missing, fails or times out. */
export async function runGit(cwd: string, args: readonly string[], timeoutMs = TIMEOUT_MS, maxOutput = MAX_OUTPUT): Promise<string | undefined> {
  const result = await runGitResult(cwd, args, timeoutMs, maxOutput);
  const out = result.stdout.trim();
  return result.code !== 0 || out === '' ? undefined : out;
}

/** `user.name` as git would sign a commit in `cwd`. */
export function gitUserName(cwd: string): Promise<string | undefined> {
  return runGit(cwd, ['config', '--get', 'user.name']);
}

/** The URL of the `origin` remote. */
export function gitRemoteUrl(cwd: string, remote = 'origin'): Promise<string | undefined> {
  return runGit(cwd, ['remote', 'get-url', remote]);
}

/** The full commit id of HEAD; undefined outside a repository or before its first commit. */
export async function gitHead(cwd: string): Promise<string | undefined> {
  const head = await runGit(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  return head && /^[0-9a-f]{40,64}$/.test(head) ? head : undefined;
}

const HISTORY_TIMEOUT_MS = 10_000;
const HISTORY_OUTPUT = 16 * 1024 * 1024;

/** `git log` of the last `days` days, paths only: the input of parseChurn. */
export function gitChangedPaths(cwd: string, days: number): Promise<string | undefined> {
  return runGit(cwd, ['log', `--since=${days}.days`, '--no-renames', '--name-only', '--format=%x00'], HISTORY_TIMEOUT_MS, HISTORY_OUTPUT);
}

/** Renames in the last `days` days, newest first: the input of parseRenames. */
export function gitRenames(cwd: string, days: number): Promise<string | undefined> {
  return runGit(cwd, ['log', `--since=${days}.days`, '-M', '--diff-filter=R', '--name-status', '--format='], HISTORY_TIMEOUT_MS, HISTORY_OUTPUT);
}

/**
 * A LinkSource's `renamesSince` over git: for a link made at `commit`, the renames from that
 * commit to `rev` (undefined: the working tree), as `git diff --name-status -M` reports them.
 * Without a commit, or with one this clone does not have (a shallow clone, a link made in a
 * clone whose history was rewritten since), the renames in the last `days` days of history up
 * to `rev`, so such a link still follows its file; that log runs once per query function,
 * however many unknown commits ask. Parsed by parseRenames (core/gitLog.ts); empty when git fails.
 */
export function gitRenameQuery(cwd: string, rev: string | undefined, days: number, timeoutMs = HISTORY_TIMEOUT_MS, maxOutput = HISTORY_OUTPUT): (commit: string | undefined) => Promise<ReadonlyMap<string, string>> {
  const upTo = rev === undefined ? [] : [rev];
  let recent: Promise<ReadonlyMap<string, string>> | undefined;
  const recentRenames = () => (recent ??= runGitResult(cwd, ['log', '--relative', `--since=${days}.days`, '-M', '--diff-filter=R', '--name-status', '--format=', ...upTo], timeoutMs, maxOutput)
    .then((log) => parseRenames(log.code === 0 ? log.stdout : '')));
  return async (commit) => {
    if (!commit || !isCommitish(commit)) return recentRenames();
    const diff = await runGitResult(cwd, ['diff', '--relative', '--no-color', '--no-ext-diff', '-M', '--diff-filter=R', '--name-status', commit, ...upTo], timeoutMs, maxOutput);
    return diff.code === 0 ? parseRenames(diff.stdout) : recentRenames();
  };
}

/** A file's text at a commit (`git show <commit>:<path>`), for the original text of a link. */
export function gitFileAt(cwd: string, commit: string, path: string): Promise<string | undefined> {
  if (!isCommitish(commit) || path.startsWith('-')) return Promise.resolve(undefined);
  return runGit(cwd, ['show', `${commit}:${path}`], TIMEOUT_MS, HISTORY_OUTPUT);
}

/** What one git process said: its exit code (null when it was killed or never ran), stdout untrimmed and stderr. */
export interface GitResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `git <args>` in `cwd` like runGit (execFile, no shell, no prompt, a timeout) but keeps
 * stdout exactly as git wrote it and says why git failed, for callers that must report it
 * (the command line's "unknown ref"). Output past `maxOutput` bytes fails with code null.
 */
export function runGitResult(cwd: string, args: readonly string[], timeoutMs = HISTORY_TIMEOUT_MS, maxOutput = HISTORY_OUTPUT): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile('git', [...args], {
      cwd,
      timeout: timeoutMs,
      maxBuffer: maxOutput,
      windowsHide: true,
      // Never prompt: a prompt with no terminal would wait for the timeout.
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
    }, (error, stdout, stderr) => {
      const failure = error as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
      const code = !failure ? 0 : typeof failure.code === 'number' ? failure.code : null;
      const why = failure && code === null ? `${failure.killed ? 'git was stopped (timeout or too much output)' : failure.message}\n` : '';
      resolve({ code, stdout: String(stdout), stderr: why + String(stderr) });
    });
  });
}
