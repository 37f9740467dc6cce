// The durable outbox: notes logged during a live incident wait here, one JSON file each, until
// their platform has them. Per incident they post in the order they were logged; failures back
// off exponentially with jitter, or as long as a 429 asked; a note whose send may have landed
// without our hearing back is "uncertain" and is never blindly sent again: platforms with
// idempotency keys (incident.io) get the same key again, the others (PagerDuty, custom with a
// lookup) are searched for the note's marker first (IncidentPlatform.findNote).
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PlatformError, type IncidentPlatform } from '../core/platform';
import { systemClock, type Clock, type Logger } from '../core/ports';
import { writeFileAtomic } from './atomicWrite';
import { backoffDelay, formatWait, realSleep, type Sleep } from './providers/http';

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed';

export interface OutboxEntry {
  /** The idempotency key: stable from enqueue to sent, across restarts. */
  key: string;
  /** Enqueue order, across restarts: notes of one incident post in this order. */
  seq: number;
  incidentId: string;
  incidentFile?: string;
  /** IncidentPlatform.kind. */
  platform: string;
  remoteIncidentId: string;
  text: string;
  createdAt: string;
  state: OutboxState;
  attempts: number;
  /** Why the last attempt failed, in the user's words, and when the next one is. */
  lastError?: string;
  remoteId?: string;
  nextAttemptAt?: string;
  /** A send may have reached the platform unacknowledged: check before sending again. */
  uncertain?: boolean;
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
}

const FILE = /^note-[0-9a-f]{24}\.json$/;

export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>();
  private readonly listeners = new Set<(entry: OutboxEntry) => void>();
  private readonly writes = new Map<string, Promise<void>>();
  /** Per platform: a 429 stops every note to it, not only the one that hit it. */
  private readonly pausedUntil = new Map<string, number>();
  private readonly abort = new AbortController();
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private nextSeq = 1;
  private draining: Promise<void> | undefined;
  private dirty = false;
  private auto = false;

  private constructor(private readonly options: OutboxOptions) {
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
  }

  /** Loads the queue; a note found "sending" was interrupted mid-send and is uncertain. */
  static async open(options: OutboxOptions): Promise<Outbox> {
    const outbox = new Outbox(options);
    await mkdir(options.dir, { recursive: true });
    for (const name of (await readdir(options.dir)).filter((n) => FILE.test(n)).sort()) {
      const entry = await readFile(join(options.dir, name), 'utf8').then(parseEntry, () => undefined);
      if (!entry) { options.logger?.warn(`Outbox: ignoring unreadable note file ${name}`); continue; }
      outbox.entries.set(entry.key, entry);
      outbox.nextSeq = Math.max(outbox.nextSeq, entry.seq + 1);
      if (entry.state === 'sending') await outbox.update(entry, { state: 'queued', uncertain: true });
    }
    return outbox;
  }

  /** Copies, oldest first. */
  list(): OutboxEntry[] {
    return [...this.entries.values()].sort((a, b) => a.seq - b.seq).map((e) => ({ ...e }));
  }

  get(key: string): OutboxEntry | undefined {
    const entry = this.entries.get(key);
    return entry && { ...entry };
  }

  /** Every change of every entry, after it is on disk. */
  onDidChange(listener: (entry: OutboxEntry) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** On disk when this resolves. */
  async enqueue(note: NewOutboxNote): Promise<OutboxEntry> {
    const key = note.key ?? randomUUID();
    const existing = this.entries.get(key);
    if (existing) return { ...existing };
    const entry: OutboxEntry = {
      key, seq: this.nextSeq++, incidentId: note.incidentId, platform: note.platform, remoteIncidentId: note.remoteIncidentId,
      text: note.text, createdAt: note.createdAt ?? this.clock.now().toISOString(), state: 'queued', attempts: 0,
      ...(note.incidentFile === undefined ? {} : { incidentFile: note.incidentFile }),
    };
    this.entries.set(key, entry);
    await this.update(entry, {});
    this.kick();
    return { ...entry };
  }

  /** A failed note goes back in the queue, with a fresh count of attempts. */
  async retry(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry || entry.state !== 'failed') return;
    await this.update(entry, { state: 'queued', attempts: 0, nextAttemptAt: undefined });
    this.kick();
  }

  /** Forgets a sent or failed note (a note in flight stays). */
  async remove(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry || (entry.state !== 'sent' && entry.state !== 'failed')) return;
    this.entries.delete(key);
    await this.chain(key, () => rm(this.fileOf(key), { force: true }));
  }

  /** Posts in the background from now on, whenever something is due. */
  start(): void {
    this.auto = true;
    this.kick();
  }

  async stop(): Promise<void> {
    this.auto = false;
    this.abort.abort();
    await this.draining?.catch(() => undefined);
  }

  /** Posts until every note is sent, failed, or waiting behind a failed note of its incident. */
  drain(): Promise<void> {
    this.dirty = true;
    this.draining ??= (async () => {
      while (this.dirty && !this.abort.signal.aborted) {
        this.dirty = false;
        const incidents = new Set([...this.entries.values()].filter((e) => e.state !== 'sent').map(groupOf));
        await Promise.all([...incidents].map((group) => this.drainIncident(group)));
      }
    })().finally(() => {
      this.draining = undefined;
      if (this.dirty) this.kick(); // asked for while the last pass was ending
    });
    return this.draining;
  }

  private kick(): void {
    if (this.auto) void this.drain().catch((error) => this.options.logger?.warn(`Outbox: ${String(error)}`));
    else if (this.draining) this.dirty = true;
  }

  private async drainIncident(group: string): Promise<void> {
    while (!this.abort.signal.aborted) {
      const entry = this.headOf(group);
      if (!entry || entry.state === 'failed') return;
      const now = this.clock.now().getTime();
      const due = Math.max(Date.parse(entry.nextAttemptAt ?? '') || 0, this.pausedUntil.get(entry.platform) ?? 0);
      if (due > now) {
        await this.sleep(due - now, this.abort.signal).catch(() => undefined);
        continue;
      }
      await this.attempt(entry);
    }
  }

  /** The oldest note of an incident not yet sent: nothing behind it may overtake it. */
  private headOf(group: string): OutboxEntry | undefined {
    let head: OutboxEntry | undefined;
    for (const entry of this.entries.values()) {
      if (entry.state !== 'sent' && groupOf(entry) === group && (!head || entry.seq < head.seq)) head = entry;
    }
    return head;
  }

  private async attempt(entry: OutboxEntry): Promise<void> {
    const platform = this.options.platform(entry.platform);
    if (!platform) return void await this.update(entry, { state: 'failed', lastError: `${entry.platform} is not configured` });
    const signal = this.abort.signal;
    entry.attempts++; // on disk with the next update
    try {
      if (entry.uncertain && !platform.idempotentNotes && platform.findNote) {
        const found = await platform.findNote(entry.remoteIncidentId, entry.key, signal);
        if (found) return void await this.markSent(entry, found.remoteId);
        await this.update(entry, { uncertain: false });
      }
      await this.update(entry, { state: 'sending' });
      const posted = await platform.postNote(entry.remoteIncidentId, { text: entry.text, idempotencyKey: entry.key, at: new Date(entry.createdAt) }, signal);
      await this.markSent(entry, posted.remoteId);
    } catch (error) {
      await this.failed(entry, error, platform);
    }
  }

  private async failed(entry: OutboxEntry, error: unknown, platform: IncidentPlatform): Promise<void> {
    const known = error instanceof PlatformError;
    const message = known ? error.message : `${platform.displayName}: ${error instanceof Error ? error.message : String(error)}`;
    // A request that died on the wire may have landed; so may anything we do not understand.
    const uncertain = entry.uncertain === true || (entry.state === 'sending' && (!known || error.uncertain));
    if (known && error.kind === 'cancelled' && this.abort.signal.aborted) {
      // Stopped mid-request: the platform may have the note already.
      return void await this.update(entry, { state: 'queued', uncertain: uncertain || entry.state === 'sending', attempts: entry.attempts - 1 });
    }
    const maxAttempts = this.options.maxAttempts ?? 8;
    if ((!known || error.retryable) && entry.attempts < maxAttempts) {
      const delay = known && error.retryAfterMs !== undefined ? error.retryAfterMs : backoffDelay(entry.attempts, this.options.baseDelayMs ?? 2000, this.options.maxDelayMs ?? 300_000, this.options.random);
      const nextAttemptAt = this.clock.now().getTime() + delay;
      if (known && error.kind === 'rate-limited') this.pausedUntil.set(entry.platform, nextAttemptAt);
      const lastError = `${message}; retrying in ${formatWait(delay)}`;
      return void await this.update(entry, { state: 'queued', uncertain, lastError, nextAttemptAt: new Date(nextAttemptAt).toISOString() });
    }
    const gaveUp = known && !error.retryable ? '' : ` (gave up after ${entry.attempts} attempts)`;
    await this.update(entry, { state: 'failed', uncertain, lastError: `${message}${gaveUp}`, nextAttemptAt: undefined });
  }

  private markSent(entry: OutboxEntry, remoteId: string | undefined): Promise<void> {
    return this.update(entry, {
      state: 'sent', remoteId, uncertain: undefined, lastError: undefined, nextAttemptAt: undefined, sentAt: this.clock.now().toISOString(),
    });
  }

  /** Applies `changes` (undefined removes a field), writes the entry atomically, then tells the listeners. */
  private async update(entry: OutboxEntry, changes: Partial<OutboxEntry>): Promise<void> {
    for (const [key, value] of Object.entries(changes) as Array<[keyof OutboxEntry, unknown]>) {
      if (value === undefined) delete entry[key];
      else (entry as unknown as Record<string, unknown>)[key] = value;
    }
    const snapshot = JSON.stringify(entry, null, 2);
    await this.chain(entry.key, () => writeFileAtomic(this.fileOf(entry.key), `${snapshot}\n`));
    for (const listener of this.listeners) {
      try { listener({ ...entry }); } catch (error) { this.options.logger?.warn(`Outbox: a listener failed: ${String(error)}`); }
    }
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

function parseEntry(text: string): OutboxEntry | undefined {
  let e: OutboxEntry;
  try { e = JSON.parse(text) as OutboxEntry; } catch { return undefined; }
  const ok = typeof e?.key === 'string' && Number.isInteger(e.seq) && typeof e.platform === 'string' &&
    typeof e.remoteIncidentId === 'string' && typeof e.text === 'string' && ['queued', 'sending', 'sent', 'failed'].includes(e.state);
  return ok ? { ...e, attempts: Number.isInteger(e.attempts) ? e.attempts : 0 } : undefined;
}
