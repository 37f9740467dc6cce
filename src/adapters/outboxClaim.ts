// Claims the outbox's processes (one per VS Code window, the CLI) take before they touch a queue:
// a lock file created with O_EXCL, so only one process can hold a claim, naming its holder (pid and
// a token unique to this acquisition) and kept fresh by a heartbeat (its mtime). A claim is broken
// only when its holder is gone: its process no longer exists, or its heartbeat stopped for a whole
// lease (a hung process, or a pid reused by another program) and stays stopped while the breaker
// watches two heartbeats on its own monotonic clock (after a machine wakes from sleep every
// heartbeat looks a lease old until its holder's next beat). Breaking happens under a guard file
// (O_EXCL) and re-checks the claim under it, so of several processes that find the same stale claim
// exactly one breaks it, and never a fresh one. Holders check stillHeld() before anything that must
// not happen twice.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ClaimsOptions {
  /** The directory of lock files; created if missing. */
  dir: string;
  /** A claim whose heartbeat is older than this is broken even if its pid exists. Default 60 s. */
  leaseMs?: number;
  /** How often a holder refreshes its claim. Default a quarter of the lease. */
  heartbeatMs?: number;
  /** The process id written into claims. Default process.pid; tests give a dead one to play a crashed holder. */
  pid?: number;
}

export interface Claim {
  readonly name: string;
  /** True while the lock file still names this acquisition (read from disk, not remembered). */
  stillHeld(): Promise<boolean>;
  /** Removes the lock file if it is still this claim's; stops the heartbeat. */
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  token: string;
}

export class Claims {
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  /** Claims of live pids seen past their lease: since when (performance.now()) they have not moved. */
  private readonly overdue = new Map<string, { token: string | undefined; mtimeMs: number; since: number }>();

  constructor(private readonly options: ClaimsOptions) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.heartbeatMs = options.heartbeatMs ?? Math.max(50, Math.floor(this.leaseMs / 4));
  }

  /** The claim on `name` (a file-name-safe word), or undefined while another live process holds it. */
  async tryAcquire(name: string): Promise<Claim | undefined> {
    await mkdir(this.options.dir, { recursive: true });
    const file = join(this.options.dir, `${name}.lock`);
    for (let round = 0; round < 2; round++) {
      const token = randomBytes(12).toString('hex');
      try {
        await writeFile(file, JSON.stringify({ pid: this.options.pid ?? process.pid, token } satisfies Holder), { flag: 'wx' });
        return this.held(name, file, token);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      if (!(await this.breakIfStale(file))) return undefined;
    }
    return undefined;
  }

  /** Waits (polling every `pollMs`) up to `timeoutMs` for the claim; undefined if it never came. */
  async acquire(name: string, timeoutMs = 30_000, pollMs = 20): Promise<Claim | undefined> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const claim = await this.tryAcquire(name);
      if (claim || Date.now() > until) return claim;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  private held(name: string, file: string, token: string): Claim {
    const timer = setInterval(() => {
      const now = new Date();
      void this.owns(file, token).then((ours) => (ours ? utimes(file, now, now) : undefined)).catch(() => undefined);
    }, this.heartbeatMs);
    timer.unref();
    return {
      name,
      stillHeld: () => this.owns(file, token),
      release: async () => {
        clearInterval(timer);
        if (await this.owns(file, token)) await rm(file, { force: true });
      },
    };
  }

  private async owns(file: string, token: string): Promise<boolean> {
    return (await readHolder(file))?.token === token;
  }

  /**
   * True when the claim at `file` was stale and is gone now (by us or another breaker).
   * Breaking takes a guard file first (O_EXCL), then checks under it that the claim is still
   * the stale one it looked at before removing it: without the guard, a slow breaker could
   * remove the fresh claim a faster breaker had just taken, and two processes would hold it.
   */
  private async breakIfStale(file: string): Promise<boolean> {
    const [holder, info] = await Promise.all([readHolder(file), stat(file).catch(() => undefined)]);
    if (!info) return true; // released meanwhile
    const age = Date.now() - info.mtimeMs;
    // An unreadable holder is a claim being written right now, unless it has been so for a lease.
    const dead = holder !== undefined && !pidAlive(holder.pid);
    if (!dead && !(age > this.leaseMs && this.stillOverdue(file, holder?.token, info.mtimeMs))) return false;
    const guard = `${file}.breaking`;
    try {
      await writeFile(guard, String(this.options.pid ?? process.pid), { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Another breaker is at work; a guard left by one that died goes after a few seconds.
      const left = await stat(guard).catch(() => undefined);
      if (left && Date.now() - left.mtimeMs > BREAK_GUARD_MS) await rm(guard, { force: true });
      return false;
    }
    try {
      const now = await readHolder(file);
      const still = await stat(file).catch(() => undefined);
      if (!still) return true;
      // Someone released the stale claim and took a fresh one since we looked, or a live holder
      // beat again: it is not ours to break.
      if (now?.token !== holder?.token || (!dead && still.mtimeMs !== info.mtimeMs)) return false;
      this.overdue.delete(file);
      await rm(file, { force: true });
      return true;
    } finally {
      await rm(guard, { force: true });
    }
  }

  /**
   * True once a claim past its lease (a live or unknown pid) has kept the same holder and heartbeat
   * while this process watched for two heartbeats. The wall clock alone cannot tell a hung holder
   * from one that has just woken with the whole machine and will beat within a heartbeat.
   */
  private stillOverdue(file: string, token: string | undefined, mtimeMs: number): boolean {
    const now = performance.now();
    const seen = this.overdue.get(file);
    if (seen && seen.token === token && seen.mtimeMs === mtimeMs) return now - seen.since >= 2 * this.heartbeatMs;
    this.overdue.set(file, { token, mtimeMs, since: now });
    return false;
  }
}

async function readHolder(file: string): Promise<Holder | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' && typeof parsed.token === 'string' ? { pid: parsed.pid, token: parsed.token } : undefined;
  } catch {
    return undefined;
  }
}

/** How long a breaker may hold its guard before others take it for dead (ms). */
const BREAK_GUARD_MS = 5_000;

/** Whether a process with this id exists on this machine (EPERM: it exists, under another user). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
