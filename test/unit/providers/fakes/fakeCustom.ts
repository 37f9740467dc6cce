// Custom-provider platforms: Rootly (JSON:API: page[number]/page[size], meta.next_page, incident
// events) and FireHydrant (page/per_page up to 200, pagination.next, notes), both `Bearer TOKEN`,
// plus a generic JSON API that pages by cursor, offset or next link, for the other pagination kinds.
import fhExample from '../fixtures/firehydrant-list-incidents.json';
import rootlyExample from '../fixtures/rootly-list-incidents.json';
import { header, startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from './fakeServer';

type Json = Record<string, unknown>;

export interface FakeCustom extends FakeServer {
  incidents: Json[];
  notes: Array<{ id: string; incidentId: string; text: string }>;
}

export const CUSTOM_TOKEN = 'custom-secret-H4pQ9wLs';

const unauthorized: FakeReply = { status: 401, body: { errors: [{ title: 'Unauthorized', status: '401', detail: 'Invalid token' }] } };
const authorized = (req: FakeRequest) => header(req, 'authorization') === `Bearer ${CUSTOM_TOKEN}`;

export function rootlyIncidents(count: number): Json[] {
  const example = rootlyExample.data[0] as unknown as Json;
  return Array.from({ length: count }, (_, i) => ({
    ...structuredClone(example), id: `rly-${i + 1}`, attributes: { ...(example.attributes as Json), sequential_id: i + 1, title: `Incident ${i + 1}` },
  }));
}

export function fireHydrantIncidents(count: number): Json[] {
  const example = fhExample.data[0] as unknown as Json;
  return Array.from({ length: count }, (_, i) => ({ ...structuredClone(example), id: `fh-${i + 1}`, number: i + 1, name: `Incident ${i + 1}` }));
}

export async function startFakeRootly(incidents: Json[]): Promise<FakeCustom> {
  const notes: FakeCustom['notes'] = [];
  const server = await startFakeServer((req) => {
    if (!authorized(req)) return unauthorized;
    if (req.method === 'GET' && req.path === '/v1/incidents') {
      const number = Number(req.query.get('page[number]') ?? 1);
      const size = Number(req.query.get('page[size]') ?? 20);
      const pages = Math.max(1, Math.ceil(incidents.length / size));
      const data = incidents.slice((number - 1) * size, number * size);
      const meta = { current_page: number, next_page: number < pages ? number + 1 : null, prev_page: number > 1 ? number - 1 : null, total_count: incidents.length, total_pages: pages };
      return { status: 200, body: { data, links: { self: '', first: '', prev: null, next: null, last: '' }, meta } };
    }
    const events = /^\/v1\/incidents\/([^/]+)\/events$/.exec(req.path);
    if (!events || !incidents.some((i) => i.id === events[1])) return { status: 404, body: { errors: [{ title: 'Not found', status: '404' }] } };
    const incidentId = events[1] as string;
    if (req.method === 'GET') {
      const data = notes.filter((n) => n.incidentId === incidentId).map((n) => ({ id: n.id, type: 'incident_events', attributes: { event: n.text, visibility: 'internal' } }));
      return { status: 200, body: { data, links: {}, meta: {} } };
    }
    const event = (req.body as { data?: { type?: string; attributes?: { event?: unknown } } } | undefined)?.data;
    if (event?.type !== 'incident_events' || typeof event.attributes?.event !== 'string') {
      return { status: 422, body: { errors: [{ title: 'event is required', status: '422' }] } };
    }
    const note = { id: `evt-${notes.length + 1}`, incidentId, text: event.attributes.event };
    notes.push(note);
    return { status: 201, body: { data: { id: note.id, type: 'incident_events', attributes: { event: note.text, visibility: 'internal' } } } };
  });
  return Object.assign(server, { incidents, notes });
}

/**
 * FireHydrant's spec (info.description): bot tokens share a pool of at least 50 requests per 10 s;
 * past it, 429 with {"error": "rate limit exceeded"}, RateLimit-Limit and Retry-After (seconds).
 * `rateLimit` shrinks the pool so a test reaches it; `spent` starts it used up by other clients
 * (a 429 first, however slowly the machine sends requests).
 */
export async function startFakeFireHydrant(incidents: Json[], rateLimit?: { requests: number; perMs: number; spent?: boolean }): Promise<FakeCustom> {
  const notes: FakeCustom['notes'] = [];
  const recent: number[] = [];
  let spent = rateLimit?.spent ?? false;
  const server = await startFakeServer((req) => {
    if (!authorized(req)) return { status: 401, body: { detail: 'Unauthorized' } };
    if (rateLimit) {
      const t = Date.now();
      if (spent) recent.push(...Array<number>(rateLimit.requests).fill(t));
      spent = false;
      while (recent.length && (recent[0] as number) <= t - rateLimit.perMs) recent.shift();
      if (recent.length >= rateLimit.requests) {
        const wait = Math.max(1, Math.ceil(((recent[0] as number) + rateLimit.perMs - t) / 1000));
        return { status: 429, headers: { 'RateLimit-Limit': String(rateLimit.requests), 'Retry-After': String(wait) }, body: { error: 'rate limit exceeded' } };
      }
      recent.push(t);
    }
    if (req.method === 'GET' && req.path === '/v1/incidents') {
      const page = Number(req.query.get('page') ?? 1);
      const perPage = Number(req.query.get('per_page') ?? 20);
      if (perPage > 200) return { status: 400, body: { detail: 'per_page must be at most 200' } };
      const pages = Math.max(1, Math.ceil(incidents.length / perPage));
      const data = incidents.slice((page - 1) * perPage, page * perPage);
      return { status: 200, body: { data, pagination: { count: incidents.length, page, items: data.length, pages, last: pages, prev: page > 1 ? page - 1 : null, next: page < pages ? page + 1 : null } } };
    }
    const match = /^\/v1\/incidents\/([^/]+)\/notes$/.exec(req.path);
    if (req.method !== 'POST' || !match || !incidents.some((i) => i.id === match[1])) return { status: 404, body: { detail: 'Record not found' } };
    const body = req.body as { body?: unknown } | undefined;
    if (typeof body?.body !== 'string') return { status: 400, body: { detail: 'body is missing', messages: ['body is missing'] } };
    const note = { id: `note-${notes.length + 1}`, incidentId: match[1] as string, text: body.body };
    notes.push(note);
    return { status: 201, body: { id: note.id, body: note.text, created_at: '2026-04-11T10:00:00Z' } };
  });
  return Object.assign(server, { incidents, notes });
}

/** A plain JSON API: `{results, next_cursor}` by `cursor`, `{items, has_more}` by offset, `{entries, links.next}` by link. */
export async function startFakeGeneric(count: number): Promise<FakeServer> {
  const all = Array.from({ length: count }, (_, i) => ({ key: `g-${i + 1}`, headline: `Generic ${i + 1}`, state: 'open' }));
  return startFakeServer((req) => {
    if (!authorized(req)) return unauthorized;
    const limit = Number(req.query.get('limit') ?? 10);
    if (req.path === '/cursor') {
      const start = Number(req.query.get('cursor') ?? 0);
      const results = all.slice(start, start + limit);
      return { status: 200, body: { results, next_cursor: start + limit < all.length ? String(start + limit) : null } };
    }
    if (req.path === '/offset') {
      const offset = Number(req.query.get('offset') ?? 0);
      return { status: 200, body: { items: all.slice(offset, offset + limit), has_more: offset + limit < all.length } };
    }
    if (req.path === '/linked') {
      const start = Number(req.query.get('from') ?? 0);
      const next = start + 10 < all.length ? `/linked?from=${start + 10}` : null;
      return { status: 200, body: { entries: all.slice(start, start + 10), links: { next } } };
    }
    return { status: 404, body: { error: 'not found' } };
  });
}
