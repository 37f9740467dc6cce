// incident.io API v2 as it travels, field names exactly as in incident-io/sdk-go openapi3.json
// (IncidentsListResultV2, IncidentV2, PaginationMetaResultWithTotalV2) and, for timeline items,
// the incident-io/sdk-python models (see ../shared/apis/incident-io/TIMELINE_ITEMS.md).
// Only the fields this extension reads are typed.

export interface IioUser {
  id: string;
  name: string;
  email?: string;
  role?: string;
  slack_user_id?: string;
}

export interface IioIncidentStatus {
  id: string;
  name: string;
  /** Only live (shown as Active) and learning (Post-incident) hold configurable statuses. */
  category: 'triage' | 'declined' | 'merged' | 'canceled' | 'live' | 'learning' | 'closed' | 'paused';
  rank?: number;
}

export interface IioSeverity {
  id: string;
  name: string;
  /** Higher is more severe. */
  rank: number;
  description?: string;
}

export interface IioCustomFieldValue {
  value_catalog_entry?: { id: string; name: string; external_id?: string; aliases?: string[] };
  value_option?: { id: string; value: string; custom_field_id?: string };
  value_text?: string;
  value_link?: string;
  value_numeric?: string;
}

export interface IioCustomFieldEntry {
  custom_field: { id: string; name: string; field_type?: string; description?: string };
  values: IioCustomFieldValue[];
}

export interface IioTimestampValue {
  incident_timestamp: { id: string; name: string; rank?: number };
  value?: { value?: string };
}

export interface IioIncident {
  id: string;
  reference: string;
  name: string;
  summary?: string;
  permalink?: string;
  created_at: string;
  updated_at: string;
  mode: 'standard' | 'retrospective' | 'test' | 'tutorial' | string;
  visibility: 'public' | 'private';
  incident_status: IioIncidentStatus;
  severity?: IioSeverity;
  incident_role_assignments: Array<{ assignee?: IioUser; role: { id?: string; name: string; role_type?: string } }>;
  custom_field_entries: IioCustomFieldEntry[];
  incident_timestamp_values?: IioTimestampValue[];
}

export interface IioPaginationMeta {
  /** Present while there is a next page: pass it back as `after`. */
  after?: string;
  page_size: number;
  total_record_count?: number;
}

export interface IioIncidentList {
  incidents: IioIncident[];
  pagination_meta?: IioPaginationMeta;
}

/** POST /v2/incident_timeline_items body: all but description required. */
export interface IioTimelineItemCreatePayload {
  idempotency_key: string;
  incident_id: string;
  /** RFC 3339. */
  timestamp: string;
  title: string;
  /** Markdown. */
  description?: string;
}

export interface IioTimelineItem {
  id: string;
  incident_id: string;
  title: string;
  description?: string;
  timestamp: string;
  created_at?: string;
  updated_at?: string;
  creator?: unknown;
  activity_log_id?: string;
}

export interface IioTimelineItemCreateResult {
  incident_timeline_item: IioTimelineItem;
}

/** ErrorResponse, on every 4xx and 5xx. */
export interface IioError {
  type?: string;
  status?: number;
  request_id?: string;
  errors?: Array<{ code?: string; message?: string; source?: { field?: string; pointer?: string } }>;
  rate_limit?: { name?: string; limit?: number; remaining?: number; retry_after?: number };
}
