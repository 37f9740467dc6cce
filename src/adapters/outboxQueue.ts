// The outbox's queue on disk: one JSON file per note not yet delivered (named by its key's hash,
// written atomically, each note's writes one after another), the sent log that records delivered
// notes (outboxSentLog.ts, appended under its own claim and compacted to its cap), and the claims
// (outboxClaim.ts) under which a process changes an incident's notes. It keeps this process's view
// of every note (re-read from the directory, files unchanged since the last look not parsed again)
// and tells listeners each change once it is on disk. It never talks to a platform: delivery
// attempts are the Outbox's (outbox.ts).
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PlatformError } from '../core/platform';
import type { Clock, Logger } from '../core/ports';
import { writeFileAtomic } from './atomicWrite';
import { Claims, type Claim } from './outboxClaim';
import { bySeq, claimName, groupOf, parseEntry, sentEntry, sentRecordOf, type NewOutboxNote, type OutboxEntry } from './outboxEntry';
import { SentLog } from './outboxSentLog';

export interface OutboxQueueOptions {
  /** A directory of its own; created if missing. */
  dir: string;
  clock: Clock;
  logger?: Pick<Logger, 'warn'>;
  /** Sent notes the log keeps (it holds up to twice this before compacting). Default 1000. */
  sentLogCap?: number;
  /** A claim whose holder stopped its heartbeat this long ago is broken, even if its pid exists. */
  leaseMs?: number;
  /** The pid written into claims (tests). */
  claimPid?: number;
}

const FILE = /^note-[0-9a-f]{24}\.json$/;
const LOG_CLAIM = 'sent-log';

export class OutboxQueue {
  private entries = new Map<string, OutboxEntry>();
  private readonly fileCache = new Map<string, { mtimeMs: number; size: number; entry: OutboxEntry | undefined }>();
  private readonly listeners = new Set<(entry: OutboxEntry) => void>();
  private readonly writes = new Map<string, Promise<void>>();
  private readonly forgotten = new Set<string>();
  private readonly clock: Clock;
  private readonly claims: Claims;
  private readonly sentLog: SentLog;
  private lastSeq = 0;

  constructor(private readonly options: OutboxQueueOptions) {
    this.clock = options.clock;
    this.claims = new Claims({ dir: join(options.dir, 'claims'), leaseMs: options.leaseMs, pid: options.claimPid });
    this.sentLog = new SentLog(join(options.dir, 'sent.jsonl'), options.sentLogCap ?? 1000);
  }

  /** Creates the directory, loads the queue and the sent log; files of sent notes move into the log. */
  async open(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true });
    await this.refresh(false);
    await this.moveSentFilesToLog();
  }

  /** Copies, oldest first. */
  list(): OutboxEntry[] {
    return [...this.entries.values()].sort(bySeq).map((e) => ({ ...e }));
  }

  get(key: string): OutboxEntry | undefined {
    const entry = this.entries.get(key);
    return entry && { ...entry };
  }

  /** Every change of every entry, after it is on disk (this process's changes and those it sees from others). */
  onDidChange(listener: (entry: OutboxEntry) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Writes a new note's file ("queued"); `added` is false when its key was queued or sent already
   * (by any process), and the entry is then the one that stands. On disk when this resolves.
   */
  async add(note: NewOutboxNote): Promise<{ entry: OutboxEntry; added: boolean }> {
    const key = note.key ?? randomUUID();
    const known = this.entries.get(key) ?? sentEntry((await this.sentLog.read()).get(key));
    if (known) return { entry: { ...known }, added: false };
    const entry: OutboxEntry = {
      key, seq: this.nextSeq(), incidentId: note.incidentId, platform: note.platform, remoteIncidentId: note.remoteIncidentId,
      text: note.text, createdAt: note.createdAt ?? this.clock.now().toISOString(), state: 'queued', attempts: 0,
      ...(note.incidentFile === undefined ? {} : { incidentFile: note.incidentFile }),
    };
    try {
      await writeFileAtomic(this.fileOf(key), `${JSON.stringify(entry, null, 2)}\n`, { overwrite: false });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await this.refresh(true); // another process queued this key first: theirs stands
      return { entry: { ...(this.entries.get(key) ?? entry) }, added: false };
    }
    this.show(entry);
    return { entry: { ...entry }, added: true };
  }

  /** A failed note goes back in the queue, with a fresh count of attempts; false when `key` is not a failed note. */
  async requeue(key: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (!entry || entry.state !== 'failed') return false;
    await this.withGroupClaim(entry, async () => {
      const current = await this.readEntry(key);
      if (current?.state === 'failed') await this.write(current, { state: 'queued', attempts: 0, nextAttemptAt: undefined });
    });
    return true;
  }

  /** Forgets a sent or failed note (a note in flight stays). */
  async remove(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry || (entry.state !== 'sent' && entry.state !== 'failed')) return;
    if (entry.state === 'failed') {
      await this.withGroupClaim(entry, async () => {
        if ((await this.readEntry(key))?.state === 'failed') await rm(this.fileOf(key), { force: true });
      });
    }
    this.forgotten.add(key);
    this.entries.delete(key);
  }

  /** The groups (groupOf) that have notes not yet sent. */
  unsentGroups(): string[] {
    return [...new Set([...this.entries.values()].filter((e) => e.state !== 'sent').map(groupOf))];
  }

  /** The oldest note of an incident not yet sent: nothing behind it may overtake it. */
  headOf(group: string): OutboxEntry | undefined {
    let head: OutboxEntry | undefined;
    for (const entry of this.entries.values()) {
      if (entry.state !== 'sent' && groupOf(entry) === group && (!head || bySeq(entry, head) < 0)) head = entry;
    }
    return head;
  }

  /** The claim on a group's notes, or undefined while another process holds it. */
  tryClaim(group: string): Promise<Claim | undefined> {
    return this.claims.tryAcquire(claimName(group));
  }

  /**
   * True when the sent log already records `entry` (delivered and recorded, then its poster stopped
   * before removing the file): the file goes and the note shows as sent.
   */
  async loggedAsSent(entry: OutboxEntry): Promise<boolean> {
    const record = (await this.sentLog.read()).get(entry.key);
    if (!record) return false;
    await rm(this.fileOf(entry.key), { force: true });
    this.show({ ...sentEntry(record)!, text: entry.text });
    return true;
  }

  /** The sent record first, then the file goes: a crash between them leaves a note known to be sent. */
  async markSent(entry: OutboxEntry, remoteId: string | undefined, attempts: number): Promise<void> {
    const record = sentRecordOf(entry, this.clock.now().toISOString(), attempts, remoteId);
    const logClaim = await this.claims.acquire(LOG_CLAIM);
    if (!logClaim) throw new PlatformError('the outbox\'s sent log stayed locked by another window', 'unexpected', { uncertain: true });
    try {
      await this.sentLog.append(record);
    } finally {
      await logClaim.release();
    }
    await this.chain(entry.key, () => rm(this.fileOf(entry.key), { force: true }));
    this.show({ ...sentEntry(record)!, text: entry.text });
  }

  /** Applies `changes` (undefined removes a field) to a copy, writes it atomically, then shows it. */
  async write(entry: OutboxEntry, changes: Partial<OutboxEntry>): Promise<OutboxEntry> {
    const next = { ...entry };
    for (const [key, value] of Object.entries(changes) as Array<[keyof OutboxEntry, unknown]>) {
      if (value === undefined) delete next[key];
      else (next as unknown as Record<string, unknown>)[key] = value;
    }
    const snapshot = JSON.stringify(next, null, 2);
    await this.chain(next.key, () => writeFileAtomic(this.fileOf(next.key), `${snapshot}\n`));
    this.show(next);
    return next;
  }

  /** Puts `entry` in this process's view and tells the listeners. */
  show(entry: OutboxEntry): void {
    this.entries.set(entry.key, entry);
    for (const listener of this.listeners) {
      try { listener({ ...entry }); } catch (error) { this.options.logger?.warn(`Outbox: a listener failed: ${String(error)}`); }
    }
  }

  /**
   * Re-reads the directory (files unchanged since the last look are not parsed again) and the
   * sent log, and tells the listeners what changed; with `notify` false (opening) it only loads.
   */
  async refresh(notify: boolean): Promise<void> {
    const names = (await readdir(this.options.dir)).filter((n) => FILE.test(n)).sort();
    const queued = new Map<string, OutboxEntry>();
    for (const name of names) {
      const entry = await this.readFile(name);
      if (entry) queued.set(entry.key, entry);
    }
    for (const name of this.fileCache.keys()) if (!names.includes(name)) this.fileCache.delete(name);
    const next = new Map<string, OutboxEntry>();
    for (const record of (await this.sentLog.read()).values()) {
      if (this.forgotten.has(record.key)) continue;
      next.set(record.key, { ...sentEntry(record)!, text: this.entries.get(record.key)?.text ?? '' });
    }
    for (const [key, entry] of queued) {
      if (!next.has(key)) next.set(key, entry);
      // Recorded as sent, and its poster stopped before removing the file: nothing left to send.
      else if (entry.state !== 'sent') await rm(this.fileOf(key), { force: true });
    }
    const previous = this.entries;
    this.entries = next;
    for (const entry of next.values()) this.lastSeq = Math.max(this.lastSeq, entry.seq);
    if (!notify) return;
    for (const [key, entry] of next) {
      if (JSON.stringify(previous.get(key)) !== JSON.stringify(entry)) this.show(entry);
    }
  }

  /** The note's file as it is on disk now; undefined once it is gone (sent, removed). */
  async readEntry(key: string): Promise<OutboxEntry | undefined> {
    const text = await readFile(this.fileOf(key), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : parseEntry(text);
  }

  private async readFile(name: string): Promise<OutboxEntry | undefined> {
    const path = join(this.options.dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info) return undefined;
    const cached = this.fileCache.get(name);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.entry;
    const entry = await readFile(path, 'utf8').then(parseEntry, () => undefined);
    if (!entry && !cached) this.options.logger?.warn(`Outbox: ignoring unreadable note file ${name}`);
    this.fileCache.set(name, { mtimeMs: info.mtimeMs, size: info.size, entry });
    return entry;
  }

  /**
   * Files of sent notes from before the sent log (or a crash in the middle of markSent): into
   * the log in one append, then out of the queue; the log compacts to its cap on the way.
   */
  private async moveSentFilesToLog(): Promise<void> {
    const sent = [...this.entries.values()].filter((e) => e.state === 'sent');
    const onDisk = (await Promise.all(sent.map(async (e) => ((await this.readEntry(e.key))?.state === 'sent' ? e : undefined)))).filter((e) => e !== undefined);
    if (onDisk.length === 0) return;
    const logged = await this.sentLog.read();
    const records = onDisk.filter((e) => !logged.has(e.key)).sort(bySeq)
      .map((entry) => sentRecordOf(entry, entry.sentAt ?? entry.createdAt, entry.attempts, entry.remoteId || undefined));
    if (records.length > 0) {
      const claim = await this.claims.acquire(LOG_CLAIM);
      if (!claim) return;
      try {
        await this.sentLog.append(...records);
      } finally {
        await claim.release();
      }
    }
    for (const entry of onDisk) await rm(this.fileOf(entry.key), { force: true });
    await this.refresh(false);
  }

  private async withGroupClaim(entry: OutboxEntry, action: () => Promise<void>): Promise<void> {
    const claim = await this.claims.acquire(claimName(groupOf(entry)));
    if (!claim) throw new Error('Outbox: another window is sending this incident\'s notes; try again in a moment');
    try {
      await action();
    } finally {
      await claim.release();
    }
  }

  /** Microseconds of the clock, made unique and increasing in this process and past every seq seen. */
  private nextSeq(): number {
    this.lastSeq = Math.max(this.clock.now().getTime() * 1000, this.lastSeq + 1);
    return this.lastSeq;
  }

  /** Writes of one entry happen one after another, so the last change is the one on disk. */
  private chain(key: string, write: () => Promise<void>): Promise<void> {
    const next = (this.writes.get(key) ?? Promise.resolve()).then(write, write);
    this.writes.set(key, next.catch(() => undefined));
    return next;
  }

  /** Keys are free text: the file is named by their hash. */
  private fileOf(key: string): string {
    return join(this.options.dir, `note-${createHash('sha256').update(key).digest('hex').slice(0, 24)}.json`);
  }
}
