// PagerDuty REST API v2 as it travels, field names exactly as in PagerDuty/api-schema
// reference/REST/openapiv3.json. Only the fields this extension reads are typed.

/** `Reference`: what PagerDuty embeds for a related object; `summary` is its display name. */
export interface PdReference {
  id: string;
  type: string;
  summary?: string;
  self?: string | null;
  html_url?: string | null;
}

export interface PdIncident {
  id: string;
  type: 'incident';
  summary?: string;
  self?: string;
  html_url?: string;
  incident_number?: number;
  title?: string;
  created_at?: string;
  updated_at?: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  incident_key?: string | null;
  service?: PdReference;
  assignments?: Array<{ at: string; assignee: PdReference }>;
  acknowledgements?: Array<{ at: string; acknowledger: PdReference }>;
  last_status_change_at?: string;
  resolved_at?: string | null;
  teams?: PdReference[];
  priority?: (PdReference & { name?: string }) | null;
  urgency?: 'high' | 'low';
  /** Only with `include[]=body`. */
  body?: { type: string; details?: unknown };
  incidents_responders?: Array<{ state?: string; user?: PdReference }>;
}

/** `Pagination` (classic offset paging). `total` stays null unless `total=true` is asked for. */
export interface PdPagination {
  offset: number;
  limit: number;
  more: boolean;
  total?: number | null;
}

export interface PdIncidentList extends PdPagination {
  incidents: PdIncident[];
}

export interface PdIncidentNote {
  id: string;
  user?: PdReference;
  channel?: { summary?: string };
  content: string;
  created_at?: string;
}

/** POST /incidents/{id}/notes body. */
export interface PdCreateNoteRequest {
  note: { content: string };
}

export interface PdNoteResponse {
  note: PdIncidentNote;
}

export interface PdNoteList {
  notes: PdIncidentNote[];
}

/** The generic error body: `{"error": {"message", "code", "errors": [...]}}`. */
export interface PdError {
  error?: { code?: number; message?: string; errors?: string[] };
}

export const PD_STATUSES = ['triggered', 'acknowledged', 'resolved'] as const;
export type PdStatus = (typeof PD_STATUSES)[number];
