// PagerDuty REST v2 as its spec describes it: `Token token=KEY`, offset paging (limit <= 100,
// `more`, and offset + limit <= 10,000 as its pagination docs say), since/until (a window of one
// month when either is missing, six months at most; date_range=all ignores both), sort_by,
// statuses[]/service_ids[]/team_ids[] filters, notes that need a `From` header (2,000 at most per
// incident) listed all in one answer, newest first as in the spec's example (the note listing has
// no paging parameters), the generic error body, and 429 with ratelimit-* headers once the rate
// limit is spent.
import listExample from '../fixtures/pagerduty-list-incidents.json';
import { header, startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from './fakeServer';

type Json = Record<string, unknown>;

export interface FakePagerDutyOptions {
  /** At most this many requests per `perMs` (sliding window); then 429 with ratelimit-reset. */
  rateLimit?: { requests: number; perMs: number };
  /** "Now" for the default since/until window, and for listingLagMs. */
  now?: () => number;
  /**
   * A note shows in GET /incidents/{id}/notes only this long after PagerDuty took it (default 0).
   * The spec promises nothing about when a created note is listed; this plays a listing that lags.
   */
  listingLagMs?: number;
}

export interface FakePagerDuty extends FakeServer {
  incidents: Json[];
  /** Notes by incident id, in the order they arrived; `at` is when (the fake's now). */
  notes: Map<string, Array<{ id: string; content: string; at: number }>>;
}

export const PD_TOKEN = 'pd-secret-u+eb6Zk9';
export const PD_FROM = 'alice@example.com';

/** `count` incidents shaped like the spec's example, numbered from 1, cycling statuses; created when `createdAt` says (default the example's). */
export function pagerDutyIncidents(count: number, createdAt?: (index: number) => string): Json[] {
  const example = listExample.incidents[0] as unknown as Json;
  const statuses = ['triggered', 'acknowledged', 'resolved'];
  return Array.from({ length: count }, (_, i) => ({
    ...structuredClone(example),
    id: `P${String(i + 1).padStart(6, '0')}`,
    incident_number: i + 1,
    title: `Incident ${i + 1}`,
    status: statuses[i % 3],
    resolved_at: i % 3 === 2 ? example.resolved_at : null,
    ...(createdAt ? { created_at: createdAt(i) } : {}),
    service: { ...(example.service as Json), id: i % 2 ? 'PSVCODD' : 'PSVCEVEN' },
  }));
}

export function rateLimited(resetSeconds: number): FakeReply {
  return {
    status: 429,
    headers: { 'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': String(resetSeconds) },
    body: { error: { message: 'Rate Limit Exceeded', code: 2020 } },
  };
}

const error = (status: number, message: string, code: number, errors?: string[]): FakeReply =>
  ({ status, body: { error: { message, code, ...(errors ? { errors } : {}) } } });

export async function startFakePagerDuty(incidents: Json[] = pagerDutyIncidents(3), options: FakePagerDutyOptions = {}): Promise<FakePagerDuty> {
  const notes = new Map<string, Array<{ id: string; content: string; at: number }>>();
  let noteIds = 0;
  const now = options.now ?? Date.now;
  const recent: number[] = [];
  const route = (req: FakeRequest): FakeReply => {
    if (header(req, 'authorization') !== `Token token=${PD_TOKEN}`) return error(401, 'Unauthorized', 2006);
    if (options.rateLimit) {
      const { requests, perMs } = options.rateLimit;
      const t = Date.now();
      while (recent.length && (recent[0] as number) <= t - perMs) recent.shift();
      if (recent.length >= requests) return rateLimited(Math.max(1, Math.ceil(((recent[0] as number) + perMs - t) / 1000)));
      recent.push(t);
    }
    if (req.method === 'GET' && req.path === '/incidents') return listIncidents(req, incidents, now());
    const match = /^\/incidents\/([^/]+)\/notes$/.exec(req.path);
    const incident = match && incidents.find((i) => i.id === decodeURIComponent(match[1] as string));
    if (!match) return error(404, 'Not Found', 2100);
    if (!incident) return error(404, 'Not Found', 2100);
    const list = notes.get(incident.id as string) ?? [];
    if (req.method === 'GET') {
      const listed = list.filter((n) => n.at + (options.listingLagMs ?? 0) <= now());
      return { status: 200, body: { notes: listed.reverse().map((n) => noteJson(n)) } };
    }
    if (!header(req, 'from').includes('@')) return error(400, 'Invalid Input Provided', 2001, ['A valid From header is required']);
    if (list.length >= 2000) return error(400, 'Invalid Input Provided', 2001, ['A maximum of 2000 notes can be added to an incident']);
    const content = (req.body as { note?: { content?: unknown } } | undefined)?.note?.content;
    if (typeof content !== 'string') return error(400, 'Invalid Input Provided', 2001, ['Note content is required']);
    const note = { id: `PN${String(++noteIds).padStart(5, '0')}`, content, at: now() };
    notes.set(incident.id as string, [...list, note]);
    return { status: 200, body: { note: noteJson(note) } };
  };
  const server = await startFakeServer(route);
  return Object.assign(server, { incidents, notes });
}

const MONTH = (ms: number, months: number) => { const d = new Date(ms); d.setUTCMonth(d.getUTCMonth() + months); return d.getTime(); };

function listIncidents(req: FakeRequest, incidents: Json[], now: number): FakeReply {
  const limit = Number(req.query.get('limit') ?? 25);
  const offset = Number(req.query.get('offset') ?? 0);
  if (!(limit >= 1 && limit <= 100)) return error(400, 'Invalid Input Provided', 2001, ['Limit must be between 1 and 100']);
  if (!(offset >= 0) || offset + limit > 10_000) return error(400, 'Invalid Input Provided', 2001, ['Offset + limit must not exceed 10000']);
  let range: [number, number] | undefined;
  if (req.query.get('date_range') !== 'all') {
    const sinceText = req.query.get('since');
    const untilText = req.query.get('until');
    const since = sinceText ? Date.parse(sinceText) : undefined;
    const until = untilText ? Date.parse(untilText) : undefined;
    if (Number.isNaN(since) || Number.isNaN(until)) return error(400, 'Invalid Input Provided', 2001, ['Invalid since or until']);
    // The spec: "Maximum range is 6 months and default is 1 month."
    const from = since ?? (until !== undefined ? MONTH(until, -1) : MONTH(now, -1));
    const to = until ?? (since !== undefined ? MONTH(since, 1) : now);
    if (to < from || MONTH(from, 6) < to) return error(400, 'Invalid Input Provided', 2001, ['The maximum range of since and until is 6 months']);
    range = [from, to];
  }
  const statuses = req.query.getAll('statuses[]');
  const services = req.query.getAll('service_ids[]');
  const teams = req.query.getAll('team_ids[]');
  const matching = incidents.filter((i) =>
    (!range || (Date.parse(i.created_at as string) >= range[0] && Date.parse(i.created_at as string) < range[1])) &&
    (!statuses.length || statuses.includes(i.status as string)) &&
    (!services.length || services.includes((i.service as Json).id as string)) &&
    (!teams.length || (i.teams as Json[]).some((t) => teams.includes(t.id as string))));
  const sort = req.query.get('sort_by');
  if (sort === 'created_at:asc' || sort === 'created_at') matching.sort((a, b) => Date.parse(a.created_at as string) - Date.parse(b.created_at as string));
  if (sort === 'created_at:desc') matching.sort((a, b) => Date.parse(b.created_at as string) - Date.parse(a.created_at as string));
  const page = matching.slice(offset, offset + limit);
  return { status: 200, body: { incidents: page, limit, offset, more: offset + page.length < matching.length, total: null } };
}

function noteJson(note: { id: string; content: string; at: number }): Json {
  const at = new Date(note.at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    id: note.id, content: note.content, created_at: at, updated_at: at,
    user: { id: 'PXPGF42', type: 'user_reference', summary: 'Earline Greenholt' }, channel: { summary: 'The PagerDuty website or APIs' },
  };
}
