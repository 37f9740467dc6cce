// PagerDuty REST API v2: incidents by offset paging, notes on an incident's timeline.
// Notes have no idempotency key at PagerDuty, so each note ends with a marker derived from
// its key (core/platform.ts noteMarker) and findNote looks for it among the incident's notes.
import {
  matchesStatuses, PlatformError, withNoteMarker, hasNoteMarker,
  type IncidentPlatform, type IncidentQuery, type NoteToPost, type PlatformIncident, type PostedNote,
} from '../../../core/platform';
import { HttpClient, pathSegment, requestOptions, type PlatformClientOptions, type QueryParams } from '../http';
import { Paging } from '../paging';
import { mapPagerDutyIncident, PAGERDUTY, pagerDutyErrorDetail, pagerDutyStatusesFor } from './mapping';
import type { PdCreateNoteRequest, PdIncident, PdIncidentList, PdNoteList, PdNoteResponse } from './wire';

export const PAGERDUTY_API = 'https://api.pagerduty.com';
export const PAGERDUTY_ACCEPT = 'application/vnd.pagerduty+json;version=2';
/** The API's maximum page size for GET /incidents. */
export const PAGERDUTY_MAX_LIMIT = 100;
/** Classic (offset) pagination stops at offset + limit = 10,000 (PagerDuty's pagination docs). */
export const PAGERDUTY_MAX_OFFSET = 10_000;
/**
 * since..until may span at most 6 months (the spec's `since`/`until`), and without `until` the
 * window is one month from `since`: windows of 180 days stay inside 6 months whatever the calendar.
 */
export const PAGERDUTY_WINDOW_MS = 180 * 86_400_000;

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
      ...requestOptions(options),
    });
  }

  /**
   * Every incident created since `query.since` (all of history without it), oldest first. With
   * `since`, the range up to now is asked for in explicit since+until windows of at most 180 days
   * (PagerDuty's default window is one month, its maximum six). Within a window, offset paging
   * stops at PagerDuty's 10,000 cap: the listing then starts again from the newest creation time
   * it has (since is inclusive; incidents seen already are skipped). Without `since`,
   * date_range=all is paged the same way, and continues in windows once the cap is reached.
   * Throws a 'limit' PlatformError, after yielding what it got, when no window can make progress
   * (10,000 incidents created in one second) or a paging bound is reached; it names what is missing.
   */
  async *listIncidents(query: IncidentQuery, signal?: AbortSignal): AsyncIterable<PlatformIncident> {
    const limit = Math.max(1, Math.min(PAGERDUTY_MAX_LIMIT, this.options.pageSize ?? PAGERDUTY_MAX_LIMIT));
    const end = (this.options.now?.() ?? new Date()).getTime() + 60_000;
    let from = query.since?.getTime();
    let newest: number | undefined;
    const missing = () => `the incidents created after ${iso(newest ?? from)} up to ${iso(end)}`;
    const paging = new Paging(this.displayName, this.options.paging, missing);
    const seen = new Set<string>();
    for (;;) {
      const to = from === undefined ? undefined : Math.min(from + PAGERDUTY_WINDOW_MS, end);
      let capped = false;
      let oldest: number | undefined; // in this window
      for (let offset = 0; ;) {
        if (offset + limit > PAGERDUTY_MAX_OFFSET) { capped = true; break; }
        paging.next(`${from ?? 'all'}..${to ?? ''}@${offset}`);
        const params: QueryParams = [
          ['limit', String(limit)], ['offset', String(offset)], ['sort_by', 'created_at:asc'], ...range(from, to), ...filters(query),
        ];
        const { data } = await this.http.request({ method: 'GET', path: '/incidents', query: params, resource: 'incident list', signal });
        const page = data as Partial<PdIncidentList> | undefined;
        if (!page || !Array.isArray(page.incidents)) throw new PlatformError('PagerDuty sent an incident list without "incidents"', 'malformed');
        let fresh = 0;
        for (const wire of page.incidents as PdIncident[]) {
          if (typeof wire?.id !== 'string') continue;
          const created = Date.parse(wire.created_at ?? '');
          if (Number.isFinite(created)) {
            newest = Math.max(newest ?? created, created);
            oldest = Math.min(oldest ?? created, created);
          }
          if (seen.has(wire.id)) continue;
          seen.add(wire.id);
          fresh++;
          const incident = mapPagerDutyIncident(wire);
          if (matchesStatuses(incident, query.statuses)) yield incident;
        }
        paging.counted(fresh);
        if (page.more !== true) break;
        if (page.incidents.length === 0) throw paging.stop('answered "more" with an empty page', 'malformed');
        offset += page.incidents.length;
      }
      if (capped) {
        // Start again from the newest creation time seen: it must have moved, or nothing can.
        // (A capped window created all in one moment would come back the same from that moment.)
        if (newest === undefined || oldest === newest || (from !== undefined && newest <= from)) {
          throw paging.stop(`returns at most ${PAGERDUTY_MAX_OFFSET} incidents per query, and more than that were created at ${iso(newest ?? from)}`);
        }
        from = newest;
        continue;
      }
      if (to === undefined || to >= end) return;
      from = to;
    }
  }

  async postNote(incidentRemoteId: string, note: NoteToPost, signal?: AbortSignal): Promise<PostedNote> {
    const from = this.options.fromEmail?.trim();
    if (!from) throw new PlatformError('PagerDuty needs the email of a PagerDuty user to post notes as (the From header)', 'config');
    const body: PdCreateNoteRequest = { note: { content: withNoteMarker(note.text, note.idempotencyKey) } };
    const { data } = await this.http.request({
      method: 'POST', path: `/incidents/${pathSegment(incidentRemoteId, this.displayName, 'incident id')}/notes`, body,
      headers: { From: from }, resource: 'incident', signal,
    });
    const id = (data as Partial<PdNoteResponse> | undefined)?.note?.id;
    return typeof id === 'string' ? { remoteId: id } : {};
  }

  /**
   * The note carrying this key's marker among the incident's notes, or undefined when the listing
   * holds none. GET /incidents/{id}/notes is not paged in the spec (no limit or offset, only
   * `notes`; an incident holds at most 2,000): one answer is the whole list. Should an answer say
   * `more: true` all the same, the next pages are fetched by offset (bounded, repeats refused)
   * before a miss is reported, so a note on a later page is never taken for a missing one.
   */
  async findNote(incidentRemoteId: string, idempotencyKey: string, signal?: AbortSignal): Promise<PostedNote | undefined> {
    const path = `/incidents/${pathSegment(incidentRemoteId, this.displayName, 'incident id')}/notes`;
    const paging = new Paging(this.displayName, this.options.paging, () => 'the rest of the incident\'s notes');
    for (let offset = 0; ;) {
      paging.next(String(offset));
      const query: QueryParams | undefined = offset === 0 ? undefined : [['offset', String(offset)]];
      const { data } = await this.http.request({ method: 'GET', path, query, resource: 'incident', signal });
      const list = data as Partial<PdNoteList> & { more?: unknown } | undefined;
      if (!Array.isArray(list?.notes)) throw new PlatformError('PagerDuty sent a note list without "notes"', 'malformed');
      paging.counted(list.notes.length);
      const found = list.notes.find((n) => hasNoteMarker(n?.content, idempotencyKey));
      if (found) return { remoteId: found.id };
      if (list.more !== true) return undefined;
      if (list.notes.length === 0) throw paging.stop('answered "more" with an empty page of notes', 'malformed');
      offset += list.notes.length;
    }
  }
}

/** since and until, always both (without until the window is one month), or date_range=all. */
function range(from: number | undefined, to: number | undefined): QueryParams {
  return from === undefined || to === undefined ? [['date_range', 'all']] : [['since', iso(from)], ['until', iso(to)]];
}

function iso(ms: number | undefined): string {
  return ms === undefined ? 'the beginning' : new Date(ms).toISOString();
}

/** The spec's names: statuses[], service_ids[], team_ids[]. */
function filters(query: IncidentQuery): QueryParams {
  const params: QueryParams = [];
  for (const status of query.statuses?.length ? pagerDutyStatusesFor(query.statuses) : []) params.push(['statuses[]', status]);
  for (const id of query.serviceIds ?? []) params.push(['service_ids[]', id]);
  for (const id of query.teamIds ?? []) params.push(['team_ids[]', id]);
  return params;
}
