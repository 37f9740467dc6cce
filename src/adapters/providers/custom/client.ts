// A platform described by configuration (config.ts) instead of code: list, page, map and post
// notes as the configuration says. Notes carry the idempotency marker when the configuration
// can look them up again, the same way as PagerDuty's.
import {
  hasNoteMarker, matchesStatuses, noteTitle, PlatformError, withNoteMarker,
  type IncidentPlatform, type IncidentQuery, type NoteToPost, type PlatformIncident, type PostedNote,
} from '../../../core/platform';
import { HttpClient, requestOptions, type PlatformClientOptions, type QueryParams } from '../http';
import { Paging } from '../paging';
import { parseCustomProviderConfig, type CustomFilterParam, type CustomProviderConfig } from './config';
import { mapCustomIncident, readPath, readText, remoteStatusesFor, renderPath, renderTemplate } from './mapping';

export interface CustomClientOptions extends PlatformClientOptions {
  token: string;
}

export class CustomPlatformClient implements IncidentPlatform {
  readonly kind: string;
  readonly displayName: string;
  readonly idempotentNotes: boolean;
  /** Only when notes.lookup is configured: without it there is nothing to look in. */
  readonly findNote?: (incidentRemoteId: string, idempotencyKey: string, signal?: AbortSignal) => Promise<PostedNote | undefined>;
  private readonly config: CustomProviderConfig;
  private readonly http: HttpClient;

  /** `config` is checked here: a PlatformError lists its problems. */
  constructor(config: unknown, private readonly options: CustomClientOptions) {
    this.config = parseCustomProviderConfig(config);
    this.kind = this.config.name;
    this.displayName = this.config.displayName ?? this.config.name;
    this.idempotentNotes = this.config.notes?.idempotent === true;
    if (this.config.notes?.lookup) this.findNote = (id, key, signal) => this.lookupNote(id, key, signal);
    this.http = new HttpClient({
      platform: this.displayName,
      baseUrl: this.config.baseUrl,
      headers: { Accept: 'application/json', ...this.config.headers, [this.config.auth.header]: this.config.auth.template.split('{token}').join(options.token) },
      secrets: [options.token],
      // The credential header may have any name (X-Api-Token): redacted by name wherever headers are logged.
      secretHeaders: [this.config.auth.header],
      errorDetail,
      ...requestOptions(options),
    });
  }

  async *listIncidents(query: IncidentQuery, signal?: AbortSignal): AsyncIterable<PlatformIncident> {
    for await (const items of this.pages(query, signal)) {
      for (const item of items) {
        const incident = mapCustomIncident(item, this.config);
        if (incident && matchesStatuses(incident, query.statuses)) yield incident;
      }
    }
  }

  async postNote(incidentRemoteId: string, note: NoteToPost, signal?: AbortSignal): Promise<PostedNote> {
    const notes = this.config.notes;
    if (!notes) throw new PlatformError(`${this.displayName}: no notes endpoint is configured`, 'config');
    const text = notes.lookup ? withNoteMarker(note.text, note.idempotencyKey) : note.text;
    const vars = {
      incidentId: incidentRemoteId, text, title: noteTitle(note.text), idempotencyKey: note.idempotencyKey,
      at: (note.at ?? this.options.now?.() ?? new Date()).toISOString(),
    };
    const { data } = await this.http.request({
      method: 'POST', path: renderPath(notes.path, vars, this.displayName), body: renderTemplate(notes.body, vars), resource: 'incident', signal,
      ...(notes.contentType ? { headers: { 'Content-Type': notes.contentType } } : {}),
    });
    const id = readText(data, notes.idPath);
    return id === undefined ? {} : { remoteId: id };
  }

  private async lookupNote(incidentRemoteId: string, idempotencyKey: string, signal?: AbortSignal): Promise<PostedNote | undefined> {
    const lookup = this.config.notes?.lookup;
    if (!lookup) return undefined;
    const { data } = await this.http.request({
      method: 'GET', path: renderPath(lookup.path, { incidentId: incidentRemoteId }, this.displayName), query: Object.entries(lookup.query ?? {}),
      resource: 'incident', signal,
    });
    const items = readPath(data, lookup.itemsPath)[0];
    if (!Array.isArray(items)) throw new PlatformError(`${this.displayName} sent a note list without "${lookup.itemsPath}"`, 'malformed');
    const found = items.find((item) => hasNoteMarker(readText(item, lookup.textPath), idempotencyKey));
    if (found === undefined) return undefined;
    const id = readText(found, lookup.idPath);
    return id === undefined ? {} : { remoteId: id };
  }

  private async *pages(query: IncidentQuery, signal?: AbortSignal): AsyncIterable<unknown[]> {
    const { list } = this.config;
    const p = list.pagination;
    const base: QueryParams = [...Object.entries(list.query ?? {}), ...this.filters(query)];
    const size = p.kind === 'offset' ? p.limit : p.size;
    if (p.kind !== 'offset' && p.sizeParam && size) base.push([p.sizeParam, String(size)]);
    let cursor: string | undefined;
    let offset = 0;
    let page = p.kind === 'page' ? p.firstPage ?? 1 : 0;
    let path = list.path;
    let last = 'the first page';
    const paging = new Paging(this.displayName, this.options.paging, () => `the pages after ${last}`);
    for (;;) {
      const position = p.kind === 'cursor' ? cursor ?? '' : p.kind === 'offset' ? String(offset) : p.kind === 'page' ? String(page) : path;
      paging.next(position);
      const params: QueryParams = p.kind === 'next-link' && path !== list.path ? [] : [...base];
      if (p.kind === 'cursor' && cursor) params.push([p.cursorParam, cursor]);
      if (p.kind === 'offset') params.push([p.offsetParam, String(offset)], [p.limitParam, String(p.limit)]);
      if (p.kind === 'page') params.push([p.pageParam, String(page)]);
      const { data } = await this.http.request({ method: 'GET', path, query: params, resource: 'incident list', signal });
      const items = readPath(data, list.itemsPath)[0];
      if (!Array.isArray(items)) throw new PlatformError(`${this.displayName} sent an incident list without "${list.itemsPath}"`, 'malformed');
      yield items;
      paging.counted(items.length);
      last = `${p.kind === 'page' ? 'page' : p.kind} ${position.slice(0, 80) || '(first)'}`;
      if (items.length === 0) return;
      if (p.kind === 'cursor') {
        cursor = readText(data, p.cursorPath);
        if (!cursor) return;
      } else if (p.kind === 'offset') {
        offset += items.length;
        if (items.length < p.limit || (p.morePath && readPath(data, p.morePath)[0] !== true)) return;
      } else if (p.kind === 'page') {
        if (p.size && items.length < p.size) return;
        if (p.nextPagePath) {
          const text = readText(data, p.nextPagePath);
          if (text === undefined || text === '') return;
          const next = Number(text);
          if (!Number.isInteger(next)) throw paging.stop(`sent a next page that is not a page number (${text.slice(0, 40)})`, 'malformed');
          // A next page at or before this one is a page already fetched: Paging.next refuses it.
          page = next;
        } else {
          const total = Number(readText(data, p.totalPagesPath));
          if (p.totalPagesPath && (!Number.isFinite(total) || page >= total)) return;
          page++;
        }
      } else {
        const next = readText(data, p.nextPath);
        if (!next) return;
        // Relative links resolve against the base URL; HttpClient refuses any other origin.
        path = new URL(next, this.config.baseUrl).toString();
      }
    }
  }

  private filters(query: IncidentQuery): QueryParams {
    const f = this.config.list.filters ?? {};
    const params: QueryParams = [];
    if (query.since && f.since) {
      params.push([f.since.param, f.since.format === 'date' ? query.since.toISOString().slice(0, 10) : query.since.toISOString()]);
    }
    const add = (filter: CustomFilterParam | undefined, values: string[]) => {
      if (!filter || values.length === 0) return;
      if (filter.style === 'repeat') values.forEach((v) => params.push([filter.param, v]));
      else params.push([filter.param, values.join(',')]);
    };
    if (query.statuses?.length) add(f.statuses, remoteStatusesFor(query.statuses, this.config.statusMap));
    add(f.serviceIds, query.serviceIds ?? []);
    add(f.teamIds, query.teamIds ?? []);
    return params;
  }
}

/** JSON:API `errors[].detail|title`, FireHydrant's ErrorEntity `detail`/`messages`, `{error: "..."}`. */
function errorDetail(body: unknown): string | undefined {
  const texts = [
    ...readPath(body, 'errors[].detail'), ...readPath(body, 'errors[].title'),
    ...readPath(body, 'detail'), ...readPath(body, 'messages[]'), ...readPath(body, 'error'), ...readPath(body, 'error.message'),
  ].filter((t): t is string => typeof t === 'string' && t !== '');
  return texts.length ? [...new Set(texts)].join('; ') : undefined;
}
