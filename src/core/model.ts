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
