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

/**
 * Runs `git <args>` in `cwd` and hands stdout to `onChunk` as UTF-8 text as it arrives.
 * Resolves when git exits with 0; rejects with git's first stderr line otherwise, on timeout
 * and on abort (the process is killed).
 */
export function streamGit(cwd: string, args: readonly string[], onChunk: (text: string) => void, options: StreamGitOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new Error('Cancelled'));
    const child = spawn('git', [...args], { cwd, env: gitEnv(), windowsHide: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let failure: Error | undefined;
    const stop = (error: Error) => {
      failure ??= error;
      child.kill();
    };
    const timer = setTimeout(() => stop(new Error(`git ${args[0]} took longer than ${Math.round((options.timeoutMs ?? 120_000) / 1000)} s`)), options.timeoutMs ?? 120_000);
    const onAbort = () => stop(new Error('Cancelled'));
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
    child.stdin.end(options.stdin ?? '');
    child.on('error', (error) => stop(error));
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (failure) reject(failure);
      else if (code !== 0) reject(new Error(`git ${args[0]} failed: ${stderr.trim().split('\n')[0] || `exit code ${code}`}`));
      else resolve();
    });
  });
}
