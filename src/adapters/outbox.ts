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
// This file is the delivery half: when a note is due, who posts it, each attempt and what its
// outcome writes. The queue's files, the sent log and the claims are outboxQueue.ts's; an entry's
// shape and order are outboxEntry.ts's.
import { watch, type FSWatcher } from 'node:fs';
import { PlatformError, type IncidentPlatform } from '../core/platform';
import { systemClock, type Clock, type Logger } from '../core/ports';
import type { Claim } from './outboxClaim';
import type { NewOutboxNote, OutboxEntry } from './outboxEntry';
import { OutboxQueue } from './outboxQueue';
import { backoffDelay, formatWait, realSleep, type Sleep } from './providers/http';
import { redactSecrets } from './providers/redaction';

export type { NewOutboxNote, OutboxEntry, OutboxState } from './outboxEntry';

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

export class Outbox {
  /** Per platform: a 429 stops every note to it, not only the one that hit it. */
  private readonly pausedUntil = new Map<string, number>();
  private readonly abort = new AbortController();
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly queue: OutboxQueue;
  private draining: Promise<void> | undefined;
  private dirty = false;
  private auto = false;
  private poll: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;

  private constructor(private readonly options: OutboxOptions) {
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.queue = new OutboxQueue({
      dir: options.dir, clock: this.clock, logger: options.logger, sentLogCap: options.sentLogCap, leaseMs: options.leaseMs, claimPid: options.claimPid,
    });
  }

  /** Loads the queue and the sent log; notes another process is sending stay "sending". */
  static async open(options: OutboxOptions): Promise<Outbox> {
    const outbox = new Outbox(options);
    await outbox.queue.open();
    return outbox;
  }

  /** Copies, oldest first. */
  list(): OutboxEntry[] {
    return this.queue.list();
  }

  get(key: string): OutboxEntry | undefined {
    return this.queue.get(key);
  }

  /** Every change of every entry, after it is on disk (this process's changes and those it sees from others). */
  onDidChange(listener: (entry: OutboxEntry) => void): { dispose(): void } {
    return this.queue.onDidChange(listener);
  }

  /** On disk when this resolves. A key queued or sent already (by any process) is not queued again. */
  async enqueue(note: NewOutboxNote): Promise<OutboxEntry> {
    const { entry, added } = await this.queue.add(note);
    if (added) this.kick();
    return entry;
  }

  /** A failed note goes back in the queue, with a fresh count of attempts. */
  async retry(key: string): Promise<void> {
    if (await this.queue.requeue(key)) this.kick();
  }

  /** Forgets a sent or failed note (a note in flight stays). */
  remove(key: string): Promise<void> {
    return this.queue.remove(key);
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
        await this.queue.refresh(true);
        // An incident whose oldest note failed waits for a retry: no claim needed to know that.
        const ready = this.queue.unsentGroups().filter((group) => this.queue.headOf(group)?.state !== 'failed');
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
    const claim = await this.queue.tryClaim(group);
    if (!claim) return; // another process has this incident; the poll looks again
    try {
      await this.queue.refresh(true); // what others did before we had the claim
      while (!this.abort.signal.aborted) {
        const head = this.queue.headOf(group);
        if (!head || head.state === 'failed') return;
        const now = this.clock.now().getTime();
        const due = Math.max(Date.parse(head.nextAttemptAt ?? '') || 0, this.pausedUntil.get(head.platform) ?? 0);
        if (due > now) {
          await this.sleep(due - now, this.abort.signal).catch(() => undefined);
          continue;
        }
        // Re-read before each attempt: the file, not our memory, says what happened to the note.
        const current = await this.queue.readEntry(head.key);
        if (!current) { await this.queue.refresh(true); continue; }
        if (JSON.stringify(current) !== JSON.stringify(head)) { this.queue.show(current); continue; } // changed elsewhere: decide again
        if (!(await claim.stillHeld())) return;
        await this.attempt(current, claim);
      }
    } finally {
      await claim.release().catch(() => undefined);
    }
  }

  private async attempt(entry: OutboxEntry, claim: Claim): Promise<void> {
    // Delivered and recorded, then the poster stopped before removing the file.
    if (await this.queue.loggedAsSent(entry)) return;
    const platform = this.options.platform(entry.platform);
    if (!platform) return void await this.queue.write(entry, { state: 'failed', lastError: `${entry.platform} is not configured` });
    const signal = this.abort.signal;
    // "sending" on disk: its poster was cut off, and the note may have landed. Uncertain stays
    // uncertain until the note is found or sent: a lookup that failed proves nothing.
    const uncertain = entry.uncertain === true || entry.state === 'sending';
    const attempts = entry.attempts + 1;
    let sending: OutboxEntry = uncertain ? { ...entry, uncertain: true } : entry;
    try {
      if (uncertain && !platform.idempotentNotes && platform.findNote) {
        const found = await platform.findNote(entry.remoteIncidentId, entry.key, signal);
        if (found) return await this.queue.markSent(entry, found.remoteId, attempts);
        // Not listed: perhaps not yet. Post again only once the last send has settled.
        const settled = this.settledAt(entry);
        if (settled > this.clock.now().getTime()) return void await this.awaitSettle(entry, settled, platform);
      }
      const lastSendAt = this.clock.now().toISOString();
      sending = await this.queue.write(entry, { state: 'sending', attempts, uncertain: uncertain || undefined, lastSendAt });
      if (!(await claim.stillHeld())) return; // its next holder finds it "sending" and checks
      const posted = await platform.postNote(entry.remoteIncidentId, { text: entry.text, idempotencyKey: entry.key, at: new Date(entry.createdAt) }, signal);
      await this.queue.markSent(sending, posted.remoteId, attempts);
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
    await this.queue.write(entry, {
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
      return void await this.queue.write(entry, { state: 'queued', uncertain: uncertain || entry.state === 'sending', attempts: attempts - 1 });
    }
    const maxAttempts = this.options.maxAttempts ?? 8;
    if ((!known || error.retryable) && attempts < maxAttempts) {
      const delay = known && error.retryAfterMs !== undefined ? error.retryAfterMs : backoffDelay(attempts, this.options.baseDelayMs ?? 2000, this.options.maxDelayMs ?? 300_000, this.options.random);
      const nextAttemptAt = this.clock.now().getTime() + delay;
      if (known && error.kind === 'rate-limited') this.pausedUntil.set(entry.platform, nextAttemptAt);
      const lastError = `${message}; retrying in ${formatWait(delay)}`;
      return void await this.queue.write(entry, { state: 'queued', attempts, uncertain: uncertain || undefined, lastError, nextAttemptAt: new Date(nextAttemptAt).toISOString() });
    }
    const gaveUp = known && !error.retryable ? '' : ` (gave up after ${attempts} attempts)`;
    await this.queue.write(entry, { state: 'failed', attempts, uncertain: uncertain || undefined, lastError: `${message}${gaveUp}`, nextAttemptAt: undefined });
  }
}
