// incident.io API v2 as its spec describes it: `Bearer KEY`, cursor paging (`after`,
// page_size <= 250, envelope incidents + pagination_meta), timeline items deduplicated by
// idempotency_key, ErrorResponse bodies, and 429 with Retry-After and X-RateLimit-*.
import listExample from '../fixtures/incidentio-list-incidents.json';
import { header, startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from './fakeServer';

type Json = Record<string, unknown>;

export interface TimelineItem {
  id: string;
  incident_id: string;
  title: string;
  description?: string;
  timestamp: string;
  idempotency_key: string;
}

export interface FakeIncidentIo extends FakeServer {
  incidents: Json[];
  /** Timeline items in the order they were created (a repeated key creates nothing). */
  items: TimelineItem[];
}

export const IIO_TOKEN = 'iio-secret-Qm7Zt2xP';

/** `count` incidents shaped like the spec's example, cycling status categories. */
export function incidentIoIncidents(count: number): Json[] {
  const example = listExample.incidents[0] as unknown as Json;
  const categories = ['triage', 'live', 'learning', 'closed'];
  return Array.from({ length: count }, (_, i) => ({
    ...structuredClone(example),
    id: `01HINC${String(i + 1).padStart(20, '0')}`,
    reference: `INC-${i + 1}`,
    name: `Incident ${i + 1}`,
    incident_status: { ...(example.incident_status as Json), category: categories[i % 4], name: categories[i % 4] },
  }));
}

export function rateLimited(seconds: number): FakeReply {
  return {
    status: 429,
    headers: { 'Retry-After': String(seconds), 'X-RateLimit-Limit': '1200', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Used': '1200' },
    body: errorBody(429, 'rate_limit_reached', [{ code: 'rate_limit_reached', message: 'Rate limit reached' }], { rate_limit: { name: 'api_key', limit: 1200, remaining: 0, retry_after: seconds } }),
  };
}

function errorBody(status: number, type: string, errors: Json[], extra: Json = {}): Json {
  return { type, status, request_id: 'req-fake', errors, ...extra };
}

const fail = (status: number, type: string, code: string, message: string, field?: string): FakeReply =>
  ({ status, body: errorBody(status, type, [{ code, message, ...(field ? { source: { field } } : {}) }]) });

export async function startFakeIncidentIo(incidents: Json[] = incidentIoIncidents(3)): Promise<FakeIncidentIo> {
  const items: TimelineItem[] = [];
  const byKey = new Map<string, TimelineItem>();
  const route = (req: FakeRequest): FakeReply => {
    if (header(req, 'authorization') !== `Bearer ${IIO_TOKEN}`) return fail(401, 'authentication_error', 'authentication_error', 'Invalid API key');
    if (req.method === 'GET' && req.path === '/v2/incidents') return listIncidents(req, incidents);
    if (req.method === 'POST' && req.path === '/v2/incident_timeline_items') {
      const body = (req.body ?? {}) as Record<string, unknown>;
      for (const field of ['idempotency_key', 'incident_id', 'timestamp', 'title']) {
        if (typeof body[field] !== 'string' || body[field] === '') return fail(422, 'validation_error', 'is_required', `${field} is required`, field);
      }
      const key = body.idempotency_key as string;
      const existing = byKey.get(key);
      if (existing) return { status: 201, body: { incident_timeline_item: itemJson(existing) } };
      if (!incidents.some((i) => i.id === body.incident_id)) return fail(404, 'not_found', 'not_found', 'Incident not found');
      const item: TimelineItem = {
        id: `01HTLI${String(items.length + 1).padStart(20, '0')}`, incident_id: body.incident_id as string, title: body.title as string,
        timestamp: body.timestamp as string, idempotency_key: key, ...(typeof body.description === 'string' ? { description: body.description } : {}),
      };
      items.push(item);
      byKey.set(key, item);
      return { status: 201, body: { incident_timeline_item: itemJson(item) } };
    }
    return fail(404, 'not_found', 'not_found', 'Not found');
  };
  const server = await startFakeServer(route);
  return Object.assign(server, { incidents, items });
}

function listIncidents(req: FakeRequest, incidents: Json[]): FakeReply {
  const size = Number(req.query.get('page_size') ?? 25);
  if (!(size >= 1 && size <= 250)) return fail(422, 'validation_error', 'invalid_value', 'page_size must be between 1 and 250', 'page_size');
  const categories = req.query.getAll('status_category[one_of]');
  const matching = incidents.filter((i) => !categories.length || categories.includes((i.incident_status as Json).category as string));
  const after = req.query.get('after');
  const start = after ? matching.findIndex((i) => i.id === after) + 1 : 0;
  const page = matching.slice(start, start + size);
  const more = start + page.length < matching.length;
  const meta = { page_size: size, total_record_count: matching.length, ...(more ? { after: page[page.length - 1]?.id } : {}) };
  return { status: 200, body: { incidents: page, pagination_meta: meta } };
}

function itemJson(item: TimelineItem): Json {
  // The key is write-only: the API does not echo it back.
  const rest: Json = { ...item };
  delete rest.idempotency_key;
  return { ...rest, created_at: item.timestamp, updated_at: item.timestamp };
}
