// The domain: what an incident file holds once it has been read and validated.

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export const STATUSES = ['triage', 'investigating', 'identified', 'monitoring', 'resolved', 'closed'] as const;
export const ROLES = ['root-cause', 'trigger', 'contributing', 'mitigation', 'detection', 'related'] as const;
export const NOTE_KINDS = ['observation', 'hypothesis', 'action', 'decision', 'resolution'] as const;

export type Severity = string;
export type Status = (typeof STATUSES)[number];
export type Role = (typeof ROLES)[number];
export type NoteKind = (typeof NOTE_KINDS)[number];

/** Lines as linked, 1-based and inclusive. */
export interface LineRange {
  start: number;
  end: number;
}

export interface Link {
  /** Workspace-folder-relative, forward slashes, never absolute, never `..`. */
  path: string;
  symbol?: string;
  lines?: LineRange;
  fingerprint?: string;
  commit?: string;
  role: Role;
  note?: string;
}

export interface CodeRef {
  path: string;
  lines?: LineRange;
  commit?: string;
}

export interface Note {
  at: string;
  author?: string;
  kind: NoteKind;
  text: string;
  code?: CodeRef;
}

export interface Incident {
  id: string;
  title: string;
  severity: Severity;
  status: Status;
  startedAt?: string;
  resolvedAt?: string;
  services: string[];
  url?: string;
  source?: { provider: string; id: string };
  summary?: string;
  responders: string[];
  links: Link[];
  notes: Note[];
  /** The post-incident review, when the file has one (src/core/review.ts). */
  review?: Review;
}

/** A problem in a file, 1-based line and column, as the Problems panel shows it. */
export interface Problem {
  message: string;
  severity: 'error' | 'warning';
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function isLive(incident: Pick<Incident, 'status'>): boolean {
  return incident.status !== 'resolved' && incident.status !== 'closed';
}

export const FOLLOW_UP_STATUSES = ['open', 'done', 'dropped'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** What the incident taught about one practice (debuggability, blast-radius, alerting, or one config.yaml adds). */
export interface Lesson {
  practice: string;
  text: string;
  /** Indexes into the incident's `links`, as written in the file. */
  links?: number[];
}

/** Work the review asked for. */
export interface FollowUp {
  title: string;
  /** A person or a team. */
  owner?: string;
  status: FollowUpStatus;
  /** http(s) only. */
  url?: string;
  /** When it was opened (ISO 8601); stale follow-ups are counted from here. */
  openedAt?: string;
  /** Where the entry stands in the file (1-based), for Problems; set by the parser. */
  position?: Pick<Problem, 'line' | 'column' | 'endLine' | 'endColumn'>;
}

/** The review block of an incident file: `review: { lessons, follow_ups }`. */
export interface Review {
  lessons: Lesson[];
  followUps: FollowUp[];
}
