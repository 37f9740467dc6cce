// Git processes whose output is too long to buffer: run with spawn (no shell, arguments as an
// array), read as a stream, bounded by a deadline and an abort signal. Callers decide whether
// git may run at all (workspace trust).
import { spawn } from 'node:child_process';

export interface StreamGitOptions {
  /** Text written to git's stdin, then closed. */
  stdin?: string;
  /** The process is killed past this many milliseconds (default 120 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Environment for every git process: never prompt, never take optional locks. */
export function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
}

/** A running git process: feed its stdin, then wait for it. */
export interface GitProcess {
  /** Writes to git's stdin. */
  write(text: string): void;
  /** Closes git's stdin (after writing `text`, if given). */
  end(text?: string): void;
  /** Kills the process; `done` then rejects with `reason`. */
  kill(reason: Error): void;
  /** Resolves when git exits with 0; rejects with git's first stderr line otherwise, on timeout and on abort. */
  done: Promise<void>;
}

/**
 * Starts `git <args>` in `cwd` and hands stdout to `onChunk` as UTF-8 text as it arrives;
 * stdin stays open for `write` until `end`. An exception from `onChunk` kills the process.
 */
export function startGit(cwd: string, args: readonly string[], onChunk: (text: string) => void, options: StreamGitOptions = {}): GitProcess {
  const child = spawn('git', [...args], { cwd, env: gitEnv(), windowsHide: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let failure: Error | undefined;
  const stop = (error: Error) => {
    failure ??= error;
    child.kill();
  };
  const timeoutMs = options.timeoutMs ?? 120_000;
  const timer = setTimeout(() => stop(new Error(`git ${args[0]} took longer than ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  const onAbort = () => stop(new Error('Cancelled'));
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    if (failure) return;
    try {
      onChunk(text);
    } catch (error) {
      stop(error as Error);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < 4096) stderr += text;
  });
  child.stdin.on('error', () => undefined);
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (error) => stop(error));
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (failure) reject(failure);
      else if (code !== 0) reject(new Error(`git ${args[0]} failed: ${stderr.trim().split('\n')[0] || `exit code ${code}`}`));
      else resolve();
    });
  });
  return {
    write: (text) => {
      if (!failure) child.stdin.write(text);
    },
    end: (text) => child.stdin.end(text ?? ''),
    kill: stop,
    done,
  };
}

/** Runs `git <args>` to the end, stdin given at once (options.stdin), stdout streamed to `onChunk`. */
export function streamGit(cwd: string, args: readonly string[], onChunk: (text: string) => void, options: StreamGitOptions = {}): Promise<void> {
  const git = startGit(cwd, args, onChunk, options);
  git.end(options.stdin);
  return git.done;
}
