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
  /** The object kind asked for: anything else answers undefined. */
  kind: 'blob' | 'tree';
  /** The object's bytes (undefined: missing, another kind, too big, or git failed), and its id in hex. */
  resolve(body: Buffer | undefined, id: string): void;
}

export class GitBlobReader {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly queue: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes of the current object still to come, whether it is kept, and its id in hex. */
  private body: { size: number; keep: boolean; id: string } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failed = false;

  constructor(private readonly cwd: string) {}

  /**
   * The text of `<rev>:./<path>` (path relative to the reader's folder), or undefined when
   * git has no such file there, it is over 8 MiB, or git failed. Requests are answered in order.
   */
  read(rev: string, path: string): Promise<string | undefined> {
    return this.ask(`${rev}:./${path}`, 'blob', (body) => body.toString('utf8'));
  }

  /** read, with the blob's id (hex): the same id is the same text, for caches keyed by content. */
  readBlob(rev: string, path: string): Promise<{ id: string; text: string } | undefined> {
    return this.ask(`${rev}:./${path}`, 'blob', (body, id) => ({ id, text: body.toString('utf8') }));
  }

  /**
   * The names in the folder `<rev>:./<dir>` (dir '' for the reader's folder) that are not
   * folders themselves (files, symbolic links, submodules), or undefined when git has no
   * such folder there or failed: one small object through the same process, where
   * `git ls-tree -r` would list the whole repository.
   */
  readTreeFiles(rev: string, dir: string): Promise<Set<string> | undefined> {
    return this.ask(`${rev}:./${dir}`, 'tree', (body, id) => treeFiles(body, id.length / 2));
  }

  private ask<T>(spec: string, kind: Pending['kind'], decode: (body: Buffer, id: string) => T): Promise<T | undefined> {
    if (this.failed || /[\n\r\0]/.test(spec)) return Promise.resolve(undefined);
    const child = this.start();
    if (!child) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.queue.push({ kind, resolve: (body, id) => resolve(body === undefined ? undefined : decode(body, id)) });
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
        // The object, then the newline git writes after it.
        if (this.buffer.length < this.body.size + 1) return;
        const body = this.body.keep ? this.buffer.subarray(0, this.body.size) : undefined;
        this.buffer = this.buffer.subarray(this.body.size + 1);
        const { id } = this.body;
        this.body = undefined;
        this.answer(body, id);
        continue;
      }
      const end = this.buffer.indexOf(10);
      if (end === -1) return;
      const header = this.buffer.subarray(0, end).toString('utf8');
      this.buffer = this.buffer.subarray(end + 1);
      const match = /^([0-9a-f]{40,64}) (\w+) (\d+)$/.exec(header);
      if (!match) {
        this.answer(undefined, ''); // "<spec> missing" or "ambiguous"
        continue;
      }
      const size = Number(match[3]);
      this.body = { size, keep: match[2] === this.queue[0]?.kind && size <= MAX_BLOB_BYTES, id: match[1] as string };
    }
  }

  private answer(body: Buffer | undefined, id: string): void {
    this.queue.shift()?.resolve(body, id);
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
    while (this.queue.length > 0) this.queue.shift()?.resolve(undefined, '');
  }
}

/** Git's tree format, entry after entry: `<octal mode> <name>\0<id bytes>`; the names of those whose mode is not a folder's (40000). */
function treeFiles(body: Buffer, idBytes: number): Set<string> {
  const names = new Set<string>();
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(32, at);
    const nul = space === -1 ? -1 : body.indexOf(0, space + 1);
    if (nul === -1) break;
    if (body.toString('latin1', at, space) !== '40000') names.add(body.toString('utf8', space + 1, nul));
    at = nul + 1 + idBytes;
  }
  return names;
}
