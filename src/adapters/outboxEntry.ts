// One note of the outbox as its queue file holds it (OutboxEntry), and the pure rules over entries
// both halves of the outbox share: which incident's queue a note is in (its group) and that queue's
// claim name, the order notes post in, reading a file's JSON back, and turning a delivered note
// into its sent-log record and back. No file access here: outboxQueue.ts reads and writes.
import { createHash } from 'node:crypto';
import type { SentRecord } from './outboxSentLog';

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

/** The queue a note is in: one per incident of a platform; its notes post one at a time, in order. */
export function groupOf(entry: OutboxEntry): string {
  return `${entry.platform}\u0000${entry.remoteIncidentId}`;
}

/** The name of the claim a process holds while it posts a group's notes (a file name: hashed). */
export function claimName(group: string): string {
  return `incident-${createHash('sha256').update(group).digest('hex').slice(0, 24)}`;
}

/** By seq, then key: two processes' notes of the same microsecond still have one order. */
export function bySeq(a: OutboxEntry, b: OutboxEntry): number {
  return a.seq - b.seq || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** A note file's text as an entry; undefined when it is not JSON or lacks a field the outbox needs. */
export function parseEntry(text: string): OutboxEntry | undefined {
  let e: OutboxEntry;
  try { e = JSON.parse(text) as OutboxEntry; } catch { return undefined; }
  const ok = typeof e?.key === 'string' && Number.isInteger(e.seq) && typeof e.platform === 'string' &&
    typeof e.remoteIncidentId === 'string' && typeof e.text === 'string' && ['queued', 'sending', 'sent', 'failed'].includes(e.state);
  return ok ? { ...e, attempts: Number.isInteger(e.attempts) ? e.attempts : 0 } : undefined;
}

/** The sent log's record of `entry`, delivered at `sentAt` (ISO) after `attempts` attempts. */
export function sentRecordOf(entry: OutboxEntry, sentAt: string, attempts: number, remoteId: string | undefined): SentRecord {
  return {
    key: entry.key, seq: entry.seq, incidentId: entry.incidentId, platform: entry.platform, remoteIncidentId: entry.remoteIncidentId,
    createdAt: entry.createdAt, sentAt, attempts, ...(remoteId === undefined ? {} : { remoteId }),
  };
}

/** A sent-log record as the "sent" entry the panel shows (without its text, which the log does not keep). */
export function sentEntry(record: SentRecord | undefined): OutboxEntry | undefined {
  if (!record) return undefined;
  const { key, seq, incidentId, platform, remoteIncidentId, createdAt, sentAt, attempts, remoteId } = record;
  return { key, seq, incidentId, platform, remoteIncidentId, text: '', createdAt, state: 'sent', attempts, sentAt, ...(remoteId === undefined ? {} : { remoteId }) };
}
