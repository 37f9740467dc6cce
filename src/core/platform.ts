// The port to incident platforms (PagerDuty, incident.io, custom JSON APIs): what the core and
// the outbox need from them, in domain terms. The HTTP clients behind it live in src/adapters/providers.
import type { Incident, Severity, Status } from './model';

/**
 * An incident as a platform reports it, mapped to the domain's words: an Incident without
 * the repository's links and notes. `id` is the platform's human reference (INC-123,
 * PD-1234), the remote id when it has none; `source.id` is what postNote and the
 * platform's own URLs take.
 */
export type PlatformIncident = Omit<Incident, 'links' | 'notes' | 'source'> & { source: NonNullable<Incident['source']> };

export interface IncidentQuery {
  /** Incidents created at or after this moment; without it, the platform's whole history. */
  since?: Date;
  /** Domain statuses; translated to the platform's filter where it has one, and checked again after mapping. */
  statuses?: Status[];
  /** The platform's own service ids (not names). */
  serviceIds?: string[];
  /** The platform's own team ids (not names). */
  teamIds?: string[];
}

export interface NoteToPost {
  text: string;
  /** Stable for the note's whole life: the same key again must never create a second note. */
  idempotencyKey: string;
  /** When the note was logged; defaults to now. */
  at?: Date;
}

export interface PostedNote {
  /** The platform's id for the note, when it says. */
  remoteId?: string;
}

export interface IncidentPlatform {
  /** Stable machine name, also `source.provider`: 'pagerduty', 'incident.io', 'rootly', ... */
  readonly kind: string;
  /** For messages: 'PagerDuty', 'incident.io', 'Rootly'. */
  readonly displayName: string;
  /** True when posting the same idempotency key twice creates one note (incident.io). */
  readonly idempotentNotes: boolean;
  /** Pages through the platform lazily; stop iterating to stop paging. */
  listIncidents(query: IncidentQuery, signal?: AbortSignal): AsyncIterable<PlatformIncident>;
  postNote(incidentRemoteId: string, note: NoteToPost, signal?: AbortSignal): Promise<PostedNote>;
  /**
   * Looks for a note posted earlier with this key, for platforms without idempotency keys
   * (the key travels inside the note as a marker, see noteMarker). Undefined: not there.
   */
  findNote?(incidentRemoteId: string, idempotencyKey: string, signal?: AbortSignal): Promise<PostedNote | undefined>;
}

export type PlatformErrorKind =
  | 'auth' | 'forbidden' | 'not-found' | 'rejected' | 'rate-limited' | 'server'
  | 'timeout' | 'connection' | 'malformed' | 'cancelled' | 'config' | 'unexpected'
  /** A bound of ours or the platform's was reached (pages, items, time, offset cap, response size): the list is incomplete. */
  | 'limit';

const RETRYABLE: ReadonlySet<PlatformErrorKind> = new Set(['rate-limited', 'server', 'timeout', 'connection', 'malformed']);

/** A failure worded for the user; it never carries a token, a header or a request config. */
export class PlatformError extends Error {
  override readonly name = 'PlatformError';
  readonly status?: number;
  /** How long the platform asked us to wait (Retry-After, ratelimit-reset). */
  readonly retryAfterMs?: number;
  /** The request may have reached the platform and taken effect (a write that timed out, a reset, a 5xx). */
  readonly uncertain: boolean;

  constructor(message: string, readonly kind: PlatformErrorKind, details: { status?: number; retryAfterMs?: number; uncertain?: boolean } = {}) {
    super(message);
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    this.uncertain = details.uncertain ?? false;
  }

  /** Worth trying again later, unchanged; the rest needs the user (token, permissions, a missing incident). */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

/**
 * Platforms name severities freely (P2, SEV-1, Critical, high); this reads the common
 * conventions into SEV1..SEV4 and falls back to `fallback` for anything else.
 */
export function severityFromLabel(label: string | undefined | null, fallback: Severity = 'SEV3'): Severity {
  const text = (label ?? '').trim().toLowerCase();
  const numbered = /^(?:sev(?:erity)?|s|p|priority)?[\s_-]?([0-9])$/.exec(text);
  if (numbered) return `SEV${Math.min(4, Math.max(1, Number(numbered[1])))}`;
  if (/^(critical|highest|emergency|blocker|urgent)$/.test(text)) return 'SEV1';
  if (/^(major|high|severe|error)$/.test(text)) return 'SEV2';
  if (/^(minor|medium|moderate|warning)$/.test(text)) return 'SEV3';
  if (/^(low|lowest|info|informational|trivial|cosmetic)$/.test(text)) return 'SEV4';
  return fallback;
}

/** The first line of a note, cut at a word near `max` characters: for platforms that want a title. */
export function noteTitle(text: string, max = 120): string {
  const line = text.trim().split(/\r?\n/, 1)[0]?.trim() || 'Note';
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** The statuses filter again, after mapping: platforms' own status filters are coarser than ours. */
export function matchesStatuses(incident: PlatformIncident, statuses: readonly Status[] | undefined): boolean {
  return !statuses || statuses.length === 0 || statuses.includes(incident.status);
}

/**
 * A short tag carried at the end of a note on platforms without idempotency keys, so a note
 * whose acknowledgement was lost can be found again instead of posted twice. It is a hash of
 * the key (FNV-1a, 64 bits), not the key: short, stable, and says nothing about the user.
 */
export function noteMarker(idempotencyKey: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(idempotencyKey)) {
    hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  }
  return `[il:${hash.toString(36).padStart(13, '0')}]`;
}

export function withNoteMarker(text: string, idempotencyKey: string): string {
  return `${text.trimEnd()}\n\n${noteMarker(idempotencyKey)}`;
}

export function hasNoteMarker(content: string | undefined | null, idempotencyKey: string): boolean {
  return typeof content === 'string' && content.includes(noteMarker(idempotencyKey));
}
