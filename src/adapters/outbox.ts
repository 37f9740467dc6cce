// The durable outbox: notes logged during a live incident wait here, one JSON file each, until
// their platform has them. Several processes may run it over one directory at once (a VS Code
// window each, the CLI); every note still reaches its platform exactly once and, per incident, in
// the order logged:
// - a process posts an incident's notes only while it holds that incident's claim (outboxClaim.ts:
//   O_EXCL lock files, broken only when their holder is gone), and re-reads the note from disk
//   before each attempt;
// - before a post the note's file says "sending"; after it, a record goes into the sent log
//   (outboxSentLog.ts) and only then is the file removed. A note found "sending" by the next holder
//   (its poster crashed, or was cut off) may have landed: platforms with idempotency keys
//   (incident.io) get the same key again, the others (PagerDuty, custom with a lookup) are searched
//   for the note's marker first (IncidentPlatform.findNote). Such a note stays uncertain until it
//   is found or sent (a lookup that fails proves nothing), and a lookup that misses it is believed
//   only `settleMs` after its last send began (a request still on its way, a note taken but not
//   listed yet). A note found in the sent log still having a file was delivered: the file goes.
// Failures back off exponentially with jitter, or as long as a 429 asked. Sent notes leave the
// queue; the sent log keeps the newest of them for the panel, so opening reads only what is
// queued plus a bounded log, however many notes were ever sent.
import { createHash, randomUUID } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PlatformError, type IncidentPlatform } from '../core/platform';
import { systemClock, type Clock, type Logger } from '../core/ports';
import { writeFileAtomic } from './atomicWrite';
import { Claims, type Claim } from './outboxClaim';
import { SentLog, type SentRecord } from './outboxSentLog';
import { backoffDelay, formatWait, realSleep, redactSecrets, type Sleep } from './providers/http';

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed';

export interface OutboxEntry {
  /** The idempotency key: stable from enqueue to sent, across restarts. */
  key: string;
  /** Enqueue order (microseconds since the epoch, made unique), across processes: notes of one incident post in this order. */
  seq: number;
  incidentId: string;
  incidentFile?: string;
  /** IncidentPlatform.kind. */
  platform: string;
  remoteIncidentId: string;
  /** The note as posted; '' once sent (the sent log keeps no text). */
  text: string;
  createdAt: string;
  state: OutboxState;
  attempts: number;
  /** Why the last attempt failed, in the user's words, and when the next one is. */
  lastError?: string;
  remoteId?: string;
  nextAttemptAt?: string;
  /** A send may have reached the platform unacknowledged: check before sending again. Stays set until the note is sent. */
  uncertain?: boolean;
  /** When the latest send of this note began (ISO): a lookup that misses it is trusted only `settleMs` later. */
  lastSendAt?: string;
  sentAt?: string;
}

export type NewOutboxNote = Pick<OutboxEntry, 'incidentId' | 'platform' | 'remoteIncidentId' | 'text'> &
  Partial<Pick<OutboxEntry, 'key' | 'incidentFile' | 'createdAt'>>;

export interface OutboxOptions {
  /** A directory of its own (the extension's storage); created if missing. */
  dir: string;
  /** The configured platform of a kind; undefined while it is not configured. */
  platform: (kind: string) => IncidentPlatform | undefined;
  clock?: Clock;
  sleep?: Sleep;
  /** An integer in [0, maxExclusive): the jitter. Default crypto.randomInt. */
  random?: (maxExclusive: number) => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts before a retryable failure becomes "failed". */
  maxAttempts?: number;
  logger?: Pick<Logger, 'warn'>;
  /** Sent notes the log keeps for the panel (it holds up to twice this before compacting). Default 1000. */
  sentLogCap?: number;
  /** A claim whose holder stopped its heartbeat this long ago is broken, even if its pid exists. Default 60 s. */
  leaseMs?: number;
  /** While started, how often the directory is looked at again (other processes' notes and claims). Default 2 s. */
  pollMs?: number;
  /** The pid written into claims; only tests set it, to play a holder that crashed. */
  claimPid?: number;
  /**
   * How long after a send began a lookup that does not find the note is believed (platforms
   * without idempotency keys): a request still on its way, or a note the platform has taken but
   * not listed yet, shows up within this. Longer than any request's deadline. Default 30 s.
   */
  settleMs?: number;
}

const FILE = /^note-[0-9a-f]{24}\.json$/;
const LOG_CLAIM = 'sent-log';

export class Outbox {
  private entries = new Map<string, OutboxEntry>();
  private readonly fileCache = new Map<string, { mtimeMs: number; size: number; entry: OutboxEntry | undefined }>();
  private readonly listeners = new Set<(entry: OutboxEntry) => void>();
  private readonly writes = new Map<string, Promise<void>>();
  /** Per platform: a 429 stops every note to it, not only the one that hit it. */
  private readonly pausedUntil = new Map<string, number>();
  private readonly forgotten = new Set<string>();
  private readonly abort = new AbortController();
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly claims: Claims;
  private readonly sentLog: SentLog;
  private lastSeq = 0;
  private draining: Promise<void> | undefined;
  private dirty = false;
  private auto = false;
  private poll: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;

  private constructor(private readonly options: OutboxOptions) {
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.claims = new Claims({ dir: join(options.dir, 'claims'), leaseMs: options.leaseMs, pid: options.claimPid });
    this.sentLog = new SentLog(join(options.dir, 'sent.jsonl'), options.sentLogCap ?? 1000);
  }

  /** Loads the queue and the sent log; notes another process is sending stay "sending". */
  static async open(options: OutboxOptions): Promise<Outbox> {
    const outbox = new Outbox(options);
    await mkdir(options.dir, { recursive: true });
    await outbox.refresh(false);
    await outbox.moveSentFilesToLog();
    return outbox;
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

  /** On disk when this resolves. A key queued or sent already (by any process) is not queued again. */
  async enqueue(note: NewOutboxNote): Promise<OutboxEntry> {
    const key = note.key ?? randomUUID();
    const known = this.entries.get(key) ?? this.sentEntry((await this.sentLog.read()).get(key));
    if (known) return { ...known };
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
      return { ...(this.entries.get(key) ?? entry) };
    }
    this.show(entry);
    this.kick();
    return { ...entry };
  }

  /** A failed note goes back in the queue, with a fresh count of attempts. */
  async retry(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry || entry.state !== 'failed') return;
    await this.withGroupClaim(entry, async () => {
      const current = await this.readEntry(key);
      if (current?.state === 'failed') await this.write(current, { state: 'queued', attempts: 0, nextAttemptAt: undefined });
    });
    this.kick();
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

  /** Posts in the background from now on, whenever something is due, and follows other processes' changes. */
  start(): void {
    this.auto = true;
    const pollMs = this.options.pollMs ?? 2000;
    this.poll ??= setInterval(() => this.kick(), pollMs);
    this.poll.unref();
    try {
      let pending: NodeJS.Timeout | undefined;
      this.watcher ??= watch(this.options.dir, () => {
        pending ??= setTimeout(() => { pending = undefined; this.kick(); }, 50);
      });
      this.watcher.on('error', () => undefined);
    } catch {
      // No file watching here: the poll still sees every change, only later.
    }
    this.kick();
  }

  async stop(): Promise<void> {
    this.auto = false;
    clearInterval(this.poll);
    this.watcher?.close();
    this.poll = this.watcher = undefined;
    this.abort.abort();
    await this.draining?.catch(() => undefined);
  }

  /** Posts until every note is sent, failed, waiting behind a failed note of its incident, or in another process's hands. */
  drain(): Promise<void> {
    this.dirty = true;
    this.draining ??= (async () => {
      while (this.dirty && !this.abort.signal.aborted) {
        this.dirty = false;
        await this.refresh(true);
        const groups = new Set([...this.entries.values()].filter((e) => e.state !== 'sent').map(groupOf));
        // An incident whose oldest note failed waits for a retry: no claim needed to know that.
        const ready = [...groups].filter((group) => this.headOf(group)?.state !== 'failed');
        await Promise.all(ready.map((group) => this.drainGroup(group)));
      }
    })().finally(() => {
      this.draining = undefined;
      if (this.dirty) this.kick(); // asked for while the last pass was ending
    });
    return this.draining;
  }

  private kick(): void {
    if (this.auto) void this.drain().catch((error) => this.options.logger?.warn(`Outbox: ${redactSecrets(String(error))}`));
    else if (this.draining) this.dirty = true;
  }

  /** Sends an incident's notes in order while this process holds its claim. */
  private async drainGroup(group: string): Promise<void> {
    const claim = await this.claims.tryAcquire(claimName(group));
    if (!claim) return; // another process has this incident; the poll looks again
    try {
      await this.refresh(true); // what others did before we had the claim
      while (!this.abort.signal.aborted) {
        const head = this.headOf(group);
        if (!head || head.state === 'failed') return;
        const now = this.clock.now().getTime();
        const due = Math.max(Date.parse(head.nextAttemptAt ?? '') || 0, this.pausedUntil.get(head.platform) ?? 0);
        if (due > now) {
          await this.sleep(due - now, this.abort.signal).catch(() => undefined);
          continue;
        }
        // Re-read before each attempt: the file, not our memory, says what happened to the note.
        const current = await this.readEntry(head.key);
        if (!current) { await this.refresh(true); continue; }
        if (JSON.stringify(current) !== JSON.stringify(head)) { this.show(current); continue; } // changed elsewhere: decide again
        if (!(await claim.stillHeld())) return;
        await this.attempt(current, claim);
      }
    } finally {
      await claim.release().catch(() => undefined);
    }
  }

  /** The oldest note of an incident not yet sent: nothing behind it may overtake it. */
  private headOf(group: string): OutboxEntry | undefined {
    let head: OutboxEntry | undefined;
    for (const entry of this.entries.values()) {
      if (entry.state !== 'sent' && groupOf(entry) === group && (!head || bySeq(entry, head) < 0)) head = entry;
    }
    return head;
  }

  private async attempt(entry: OutboxEntry, claim: Claim): Promise<void> {
    const record = (await this.sentLog.read()).get(entry.key);
    if (record) {
      // Delivered and recorded, then the poster stopped before removing the file.
      await rm(this.fileOf(entry.key), { force: true });
      return this.show({ ...this.sentEntry(record)!, text: entry.text });
    }
    const platform = this.options.platform(entry.platform);
    if (!platform) return void await this.write(entry, { state: 'failed', lastError: `${entry.platform} is not configured` });
    const signal = this.abort.signal;
    // "sending" on disk: its poster was cut off, and the note may have landed. Uncertain stays
    // uncertain until the note is found or sent: a lookup that failed proves nothing.
    const uncertain = entry.uncertain === true || entry.state === 'sending';
    const attempts = entry.attempts + 1;
    let sending: OutboxEntry = uncertain ? { ...entry, uncertain: true } : entry;
    try {
      if (uncertain && !platform.idempotentNotes && platform.findNote) {
        const found = await platform.findNote(entry.remoteIncidentId, entry.key, signal);
        if (found) return await this.markSent(entry, found.remoteId, attempts);
        // Not listed: perhaps not yet. Post again only once the last send has settled.
        const settled = this.settledAt(entry);
        if (settled > this.clock.now().getTime()) return void await this.awaitSettle(entry, settled, platform);
      }
      const lastSendAt = this.clock.now().toISOString();
      sending = await this.write(entry, { state: 'sending', attempts, uncertain: uncertain || undefined, lastSendAt });
      if (!(await claim.stillHeld())) return; // its next holder finds it "sending" and checks
      const posted = await platform.postNote(entry.remoteIncidentId, { text: entry.text, idempotencyKey: entry.key, at: new Date(entry.createdAt) }, signal);
      await this.markSent(sending, posted.remoteId, attempts);
    } catch (error) {
      await this.failed(sending, error, platform, attempts);
    }
  }

  /**
   * When a lookup that misses the note can be believed: `settleMs` after its last send began
   * (never further than that from now, whatever another process's clock wrote). A note from a
   * version that did not record its sends counts from the first miss.
   */
  private settledAt(entry: OutboxEntry): number {
    const now = this.clock.now().getTime();
    const settle = this.options.settleMs ?? 30_000;
    const began = Date.parse(entry.lastSendAt ?? '');
    return Number.isFinite(began) ? Math.min(began + settle, now + settle) : now + settle;
  }

  /** The note waits, queued and uncertain, to be looked up again at `settled`; nothing behind it goes first. */
  private async awaitSettle(entry: OutboxEntry, settled: number, platform: IncidentPlatform): Promise<void> {
    const wait = settled - this.clock.now().getTime();
    await this.write(entry, {
      state: 'queued', uncertain: true, lastSendAt: entry.lastSendAt ?? this.clock.now().toISOString(), nextAttemptAt: new Date(settled).toISOString(),
      lastError: `${platform.displayName} does not list the note yet; looking again in ${formatWait(wait)} before sending it again`,
    });
  }

  private async failed(entry: OutboxEntry, error: unknown, platform: IncidentPlatform, attempts: number): Promise<void> {
    const known = error instanceof PlatformError;
    const message = redactSecrets(known ? error.message : `${platform.displayName}: ${error instanceof Error ? error.message : String(error)}`);
    // A request that died on the wire may have landed; so may anything we do not understand.
    const uncertain = entry.uncertain === true || (entry.state === 'sending' && (!known || error.uncertain));
    if (known && error.kind === 'cancelled' && this.abort.signal.aborted) {
      // Stopped mid-request: the platform may have the note already.
      return void await this.write(entry, { state: 'queued', uncertain: uncertain || entry.state === 'sending', attempts: attempts - 1 });
    }
    const maxAttempts = this.options.maxAttempts ?? 8;
    if ((!known || error.retryable) && attempts < maxAttempts) {
      const delay = known && error.retryAfterMs !== undefined ? error.retryAfterMs : backoffDelay(attempts, this.options.baseDelayMs ?? 2000, this.options.maxDelayMs ?? 300_000, this.options.random);
      const nextAttemptAt = this.clock.now().getTime() + delay;
      if (known && error.kind === 'rate-limited') this.pausedUntil.set(entry.platform, nextAttemptAt);
      const lastError = `${message}; retrying in ${formatWait(delay)}`;
      return void await this.write(entry, { state: 'queued', attempts, uncertain: uncertain || undefined, lastError, nextAttemptAt: new Date(nextAttemptAt).toISOString() });
    }
    const gaveUp = known && !error.retryable ? '' : ` (gave up after ${attempts} attempts)`;
    await this.write(entry, { state: 'failed', attempts, uncertain: uncertain || undefined, lastError: `${message}${gaveUp}`, nextAttemptAt: undefined });
  }

  /** The sent record first, then the file goes: a crash between them leaves a note known to be sent. */
  private async markSent(entry: OutboxEntry, remoteId: string | undefined, attempts: number): Promise<void> {
    const record: SentRecord = {
      key: entry.key, seq: entry.seq, incidentId: entry.incidentId, platform: entry.platform, remoteIncidentId: entry.remoteIncidentId,
      createdAt: entry.createdAt, sentAt: this.clock.now().toISOString(), attempts, ...(remoteId === undefined ? {} : { remoteId }),
    };
    const logClaim = await this.claims.acquire(LOG_CLAIM);
    if (!logClaim) throw new PlatformError('the outbox\'s sent log stayed locked by another window', 'unexpected', { uncertain: true });
    try {
      await this.sentLog.append(record);
    } finally {
      await logClaim.release();
    }
    await this.chain(entry.key, () => rm(this.fileOf(entry.key), { force: true }));
    this.show({ ...this.sentEntry(record)!, text: entry.text });
  }

  /** Applies `changes` (undefined removes a field) to a copy, writes it atomically, then shows it. */
  private async write(entry: OutboxEntry, changes: Partial<OutboxEntry>): Promise<OutboxEntry> {
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
  private show(entry: OutboxEntry): void {
    this.entries.set(entry.key, entry);
    for (const listener of this.listeners) {
      try { listener({ ...entry }); } catch (error) { this.options.logger?.warn(`Outbox: a listener failed: ${String(error)}`); }
    }
  }

  /**
   * Re-reads the directory (files unchanged since the last look are not parsed again) and the
   * sent log, and tells the listeners what changed; with `notify` false (opening) it only loads.
   */
  private async refresh(notify: boolean): Promise<void> {
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
      next.set(record.key, { ...this.sentEntry(record)!, text: this.entries.get(record.key)?.text ?? '' });
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

  /** The note's file as it is on disk now; undefined once it is gone (sent, removed). */
  private async readEntry(key: string): Promise<OutboxEntry | undefined> {
    const text = await readFile(this.fileOf(key), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : parseEntry(text);
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
    const records = onDisk.filter((e) => !logged.has(e.key)).sort(bySeq).map((entry): SentRecord => ({
      key: entry.key, seq: entry.seq, incidentId: entry.incidentId, platform: entry.platform, remoteIncidentId: entry.remoteIncidentId,
      createdAt: entry.createdAt, sentAt: entry.sentAt ?? entry.createdAt, attempts: entry.attempts, ...(entry.remoteId ? { remoteId: entry.remoteId } : {}),
    }));
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

  private sentEntry(record: SentRecord | undefined): OutboxEntry | undefined {
    if (!record) return undefined;
    const { key, seq, incidentId, platform, remoteIncidentId, createdAt, sentAt, attempts, remoteId } = record;
    return { key, seq, incidentId, platform, remoteIncidentId, text: '', createdAt, state: 'sent', attempts, sentAt, ...(remoteId === undefined ? {} : { remoteId }) };
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

function groupOf(entry: OutboxEntry): string {
  return `${entry.platform}\u0000${entry.remoteIncidentId}`;
}

function claimName(group: string): string {
  return `incident-${createHash('sha256').update(group).digest('hex').slice(0, 24)}`;
}

/** By seq, then key: two processes' notes of the same microsecond still have one order. */
function bySeq(a: OutboxEntry, b: OutboxEntry): number {
  return a.seq - b.seq || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function parseEntry(text: string): OutboxEntry | undefined {
  let e: OutboxEntry;
  try { e = JSON.parse(text) as OutboxEntry; } catch { return undefined; }
  const ok = typeof e?.key === 'string' && Number.isInteger(e.seq) && typeof e.platform === 'string' &&
    typeof e.remoteIncidentId === 'string' && typeof e.text === 'string' && ['queued', 'sending', 'sent', 'failed'].includes(e.state);
  return ok ? { ...e, attempts: Number.isInteger(e.attempts) ? e.attempts : 0 } : undefined;
}
