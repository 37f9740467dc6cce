// PagerDuty REST API v2: incidents by offset paging, notes on an incident's timeline.
// Notes have no idempotency key at PagerDuty, so each note ends with a marker derived from
// its key (core/platform.ts noteMarker) and findNote looks for it among the incident's notes.
import {
  matchesStatuses, PlatformError, withNoteMarker, hasNoteMarker,
  type IncidentPlatform, type IncidentQuery, type NoteToPost, type PlatformIncident, type PostedNote,
} from '../../../core/platform';
import { HttpClient, type PlatformClientOptions, type QueryParams } from '../http';
import { mapPagerDutyIncident, PAGERDUTY, pagerDutyErrorDetail, pagerDutyStatusesFor } from './mapping';
import type { PdCreateNoteRequest, PdIncident, PdIncidentList, PdNoteList, PdNoteResponse } from './wire';

export const PAGERDUTY_API = 'https://api.pagerduty.com';
export const PAGERDUTY_ACCEPT = 'application/vnd.pagerduty+json;version=2';
/** The API's maximum page size for GET /incidents. */
export const PAGERDUTY_MAX_LIMIT = 100;
/** since..until may span at most 6 months; an older `since` asks for everything and filters here. */
const MAX_RANGE_MS = 179 * 86_400_000;

export interface PagerDutyOptions extends PlatformClientOptions {
  /** A REST API key (sent as `Token token=KEY`). */
  apiKey: string;
  /** A PagerDuty user's email: notes are posted as this user (the required `From` header). */
  fromEmail?: string;
  baseUrl?: string;
  /** Incidents per page, at most 100. */
  pageSize?: number;
}

export class PagerDutyClient implements IncidentPlatform {
  readonly kind = PAGERDUTY;
  readonly displayName = 'PagerDuty';
  readonly idempotentNotes = false;
  private readonly http: HttpClient;

  constructor(private readonly options: PagerDutyOptions) {
    this.http = new HttpClient({
      platform: this.displayName,
      baseUrl: options.baseUrl ?? PAGERDUTY_API,
      headers: { Authorization: `Token token=${options.apiKey}`, Accept: PAGERDUTY_ACCEPT },
      secrets: [options.apiKey],
      errorDetail: pagerDutyErrorDetail,
      timeoutMs: options.timeoutMs, logger: options.logger, sleep: options.sleep, getRetries: options.getRetries,
    });
  }

  async *listIncidents(query: IncidentQuery, signal?: AbortSignal): AsyncIterable<PlatformIncident> {
    const limit = Math.max(1, Math.min(PAGERDUTY_MAX_LIMIT, this.options.pageSize ?? PAGERDUTY_MAX_LIMIT));
    const since = query.since?.getTime();
    const sinceInRange = since !== undefined && (this.options.now?.() ?? new Date()).getTime() - since <= MAX_RANGE_MS;
    for (let offset = 0; ;) {
      const params: QueryParams = [['limit', String(limit)], ['offset', String(offset)], ...filters(query, sinceInRange)];
      const { data } = await this.http.request({ method: 'GET', path: '/incidents', query: params, resource: 'incident list', signal });
      const page = data as Partial<PdIncidentList> | undefined;
      if (!page || !Array.isArray(page.incidents)) throw new PlatformError('PagerDuty sent an incident list without "incidents"', 'malformed');
      for (const wire of page.incidents as PdIncident[]) {
        if (typeof wire?.id !== 'string') continue;
        const incident = mapPagerDutyIncident(wire);
        const tooOld = since !== undefined && !sinceInRange && (Date.parse(wire.created_at ?? '') || 0) < since;
        if (!tooOld && matchesStatuses(incident, query.statuses)) yield incident;
      }
      if (page.more !== true || page.incidents.length === 0) return;
      offset += page.incidents.length;
    }
  }

  async postNote(incidentRemoteId: string, note: NoteToPost, signal?: AbortSignal): Promise<PostedNote> {
    const from = this.options.fromEmail?.trim();
    if (!from) throw new PlatformError('PagerDuty needs the email of a PagerDuty user to post notes as (the From header)', 'config');
    const body: PdCreateNoteRequest = { note: { content: withNoteMarker(note.text, note.idempotencyKey) } };
    const { data } = await this.http.request({
      method: 'POST', path: `/incidents/${encodeURIComponent(incidentRemoteId)}/notes`, body,
      headers: { From: from }, resource: 'incident', signal,
    });
    const id = (data as Partial<PdNoteResponse> | undefined)?.note?.id;
    return typeof id === 'string' ? { remoteId: id } : {};
  }

  /** GET /incidents/{id}/notes is not paged (an incident holds at most 2,000 notes). */
  async findNote(incidentRemoteId: string, idempotencyKey: string, signal?: AbortSignal): Promise<PostedNote | undefined> {
    const { data } = await this.http.request({
      method: 'GET', path: `/incidents/${encodeURIComponent(incidentRemoteId)}/notes`, resource: 'incident', signal,
    });
    const notes = (data as Partial<PdNoteList> | undefined)?.notes;
    if (!Array.isArray(notes)) throw new PlatformError('PagerDuty sent a note list without "notes"', 'malformed');
    const found = notes.find((n) => hasNoteMarker(n?.content, idempotencyKey));
    return found ? { remoteId: found.id } : undefined;
  }
}

/** The spec's names: since, statuses[], service_ids[], team_ids[]; without a usable since, all of history. */
function filters(query: IncidentQuery, sinceInRange: boolean): QueryParams {
  const params: QueryParams = query.since && sinceInRange ? [['since', query.since.toISOString()]] : [['date_range', 'all']];
  for (const status of query.statuses?.length ? pagerDutyStatusesFor(query.statuses) : []) params.push(['statuses[]', status]);
  for (const id of query.serviceIds ?? []) params.push(['service_ids[]', id]);
  for (const id of query.teamIds ?? []) params.push(['team_ids[]', id]);
  return params;
}
