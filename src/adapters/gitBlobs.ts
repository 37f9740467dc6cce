// Many files' text at commits through one `git cat-file --batch` process instead of one
// `git show` per file: a change touching a file with thousands of links, each made at
// its own commit, asks git for thousands of blobs. Like runGit: execFile-style spawn
// with no shell, no prompts, and every failure an undefined answer.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** Blobs larger than this are skipped (read past, answered undefined): source files, not assets. */
const MAX_BLOB_BYTES = 8 * 1024 * 1024;
/** No answer for this long: git is stuck (a network filesystem, a lock); stop it. */
const IDLE_TIMEOUT_MS = 15_000;

interface Pending {
  resolve(text: string | undefined): void;
}

export class GitBlobReader {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly queue: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes of the current blob still to come, and whether it is kept. */
  private body: { size: number; keep: boolean } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failed = false;

  constructor(private readonly cwd: string) {}

  /**
   * The text of `<rev>:./<path>` (path relative to the reader's folder), or undefined when
   * git has no such file there, it is over 8 MiB, or git failed. Requests are answered in order.
   */
  read(rev: string, path: string): Promise<string | undefined> {
    const spec = `${rev}:./${path}`;
    if (this.failed || /[\n\r\0]/.test(spec)) return Promise.resolve(undefined);
    const child = this.start();
    if (!child) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.queue.push({ resolve });
      child.stdin.write(`${spec}\n`);
      this.arm();
    });
  }

  /** Ends the git process; pending reads answer undefined. */
  close(): void {
    this.fail();
  }

  private start(): ChildProcessWithoutNullStreams | undefined {
    if (this.child) return this.child;
    try {
      const child = spawn('git', ['cat-file', '--batch'], {
        cwd: this.cwd,
        windowsHide: true,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
      });
      child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
      child.on('error', () => this.fail());
      child.on('close', () => this.fail());
      child.stdin.on('error', () => this.fail());
      this.child = child;
      return child;
    } catch {
      this.fail();
      return undefined;
    }
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.body) {
        // The blob, then the newline git writes after it.
        if (this.buffer.length < this.body.size + 1) return;
        const text = this.body.keep ? this.buffer.subarray(0, this.body.size).toString('utf8') : undefined;
        this.buffer = this.buffer.subarray(this.body.size + 1);
        this.body = undefined;
        this.answer(text);
        continue;
      }
      const end = this.buffer.indexOf(10);
      if (end === -1) return;
      const header = this.buffer.subarray(0, end).toString('utf8');
      this.buffer = this.buffer.subarray(end + 1);
      const match = /^[0-9a-f]{40,64} (\w+) (\d+)$/.exec(header);
      if (!match) {
        this.answer(undefined); // "<spec> missing" or "ambiguous"
        continue;
      }
      const size = Number(match[2]);
      this.body = { size, keep: match[1] === 'blob' && size <= MAX_BLOB_BYTES };
    }
  }

  private answer(text: string | undefined): void {
    this.queue.shift()?.resolve(text);
    if (this.queue.length === 0) clearTimeout(this.timer);
    else this.arm();
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fail(), IDLE_TIMEOUT_MS);
    this.timer.unref?.();
  }

  private fail(): void {
    this.failed = this.failed || this.child !== undefined;
    clearTimeout(this.timer);
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) child.kill();
    while (this.queue.length > 0) this.queue.shift()?.resolve(undefined);
  }
}
