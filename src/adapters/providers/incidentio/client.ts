// incident.io API v2: incidents by cursor paging, notes as custom timeline items. Timeline
// items take an idempotency key, so a note whose acknowledgement was lost is simply sent again.
import {
  matchesStatuses, noteTitle, PlatformError,
  type IncidentPlatform, type IncidentQuery, type NoteToPost, type PlatformIncident, type PostedNote,
} from '../../../core/platform';
import { HttpClient, requestOptions, type PlatformClientOptions, type QueryParams } from '../http';
import { Paging } from '../paging';
import { INCIDENT_IO, incidentIoCategoriesFor, incidentIoErrorDetail, mapIncidentIoIncident, matchesServicesAndTeams } from './mapping';
import type { IioIncident, IioIncidentList, IioTimelineItemCreatePayload, IioTimelineItemCreateResult } from './wire';

export const INCIDENT_IO_API = 'https://api.incident.io';
/** PaginationMetaResultWithTotalV2.page_size maximum. */
export const INCIDENT_IO_MAX_PAGE_SIZE = 250;

export interface IncidentIoOptions extends PlatformClientOptions {
  /** An API key (sent as `Bearer KEY`). */
  apiKey: string;
  baseUrl?: string;
  /** Incidents per page, at most 250. */
  pageSize?: number;
}

export class IncidentIoClient implements IncidentPlatform {
  readonly kind = INCIDENT_IO;
  readonly displayName = 'incident.io';
  readonly idempotentNotes = true;
  private readonly http: HttpClient;

  constructor(private readonly options: IncidentIoOptions) {
    this.http = new HttpClient({
      platform: this.displayName,
      baseUrl: options.baseUrl ?? INCIDENT_IO_API,
      headers: { Authorization: `Bearer ${options.apiKey}`, Accept: 'application/json' },
      secrets: [options.apiKey],
      errorDetail: incidentIoErrorDetail,
      ...requestOptions(options),
    });
  }

  async *listIncidents(query: IncidentQuery, signal?: AbortSignal): AsyncIterable<PlatformIncident> {
    const size = Math.max(1, Math.min(INCIDENT_IO_MAX_PAGE_SIZE, this.options.pageSize ?? INCIDENT_IO_MAX_PAGE_SIZE));
    let newest: string | undefined;
    const paging = new Paging(this.displayName, this.options.paging, () => `the incidents listed after ${newest ?? 'the first page'}`);
    for (let after: string | undefined; ;) {
      paging.next(after ?? '');
      const params: QueryParams = [['page_size', String(size)], ...filters(query)];
      if (after) params.push(['after', after]);
      const { data } = await this.http.request({ method: 'GET', path: '/v2/incidents', query: params, resource: 'incident list', signal });
      const page = data as Partial<IioIncidentList> | undefined;
      if (!page || !Array.isArray(page.incidents)) throw new PlatformError('incident.io sent an incident list without "incidents"', 'malformed');
      for (const wire of page.incidents as IioIncident[]) {
        if (typeof wire?.id !== 'string') continue;
        if (!matchesServicesAndTeams(wire, query.serviceIds, query.teamIds)) continue;
        const incident = mapIncidentIoIncident(wire);
        if (matchesStatuses(incident, query.statuses)) yield incident;
      }
      paging.counted(page.incidents.length);
      const next = page.pagination_meta?.after;
      if (!next || page.incidents.length === 0) return;
      // A cursor seen before would loop forever: Paging.next refuses it.
      newest = `${incidentRef(page.incidents.at(-1))} (cursor ${next})`;
      after = next;
    }
  }

  async postNote(incidentRemoteId: string, note: NoteToPost, signal?: AbortSignal): Promise<PostedNote> {
    const body: IioTimelineItemCreatePayload = {
      idempotency_key: note.idempotencyKey,
      incident_id: incidentRemoteId,
      timestamp: (note.at ?? this.options.now?.() ?? new Date()).toISOString(),
      // Timeline titles are one line; the whole note goes in the description.
      title: noteTitle(note.text),
      description: note.text,
    };
    const { data } = await this.http.request({ method: 'POST', path: '/v2/incident_timeline_items', body, resource: 'incident', signal });
    const id = (data as Partial<IioTimelineItemCreateResult> | undefined)?.incident_timeline_item?.id;
    return typeof id === 'string' ? { remoteId: id } : {};
  }
}

/**
 * The spec's deep-object filters: created_at[gte] takes a date (as in its example, so the
 * day of `since` is included whole), status_category[one_of] the categories our statuses live in.
 */
function filters(query: IncidentQuery): QueryParams {
  const params: QueryParams = [];
  if (query.since) params.push(['created_at[gte]', query.since.toISOString().slice(0, 10)]);
  for (const category of query.statuses?.length ? incidentIoCategoriesFor(query.statuses) : []) params.push(['status_category[one_of]', category]);
  return params;
}

function incidentRef(wire: IioIncident | undefined): string {
  return typeof wire?.reference === 'string' ? wire.reference : String(wire?.id ?? '?');
}
