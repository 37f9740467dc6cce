// PagerDuty REST v2 as its spec describes it: `Token token=KEY`, offset paging (limit <= 100,
// `more`), statuses[]/service_ids[]/team_ids[] filters, notes that need a `From` header, the
// generic error body, and 429 with ratelimit-* headers.
import listExample from '../fixtures/pagerduty-list-incidents.json';
import { header, startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from './fakeServer';

type Json = Record<string, unknown>;

export interface FakePagerDuty extends FakeServer {
  incidents: Json[];
  /** Notes by incident id, in the order they arrived. */
  notes: Map<string, Array<{ id: string; content: string }>>;
}

export const PD_TOKEN = 'pd-secret-u+eb6Zk9';
export const PD_FROM = 'alice@example.com';

/** `count` incidents shaped like the spec's example, numbered from 1, cycling statuses. */
export function pagerDutyIncidents(count: number): Json[] {
  const example = listExample.incidents[0] as unknown as Json;
  const statuses = ['triggered', 'acknowledged', 'resolved'];
  return Array.from({ length: count }, (_, i) => ({
    ...structuredClone(example),
    id: `P${String(i + 1).padStart(6, '0')}`,
    incident_number: i + 1,
    title: `Incident ${i + 1}`,
    status: statuses[i % 3],
    resolved_at: i % 3 === 2 ? example.resolved_at : null,
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

export async function startFakePagerDuty(incidents: Json[] = pagerDutyIncidents(3)): Promise<FakePagerDuty> {
  const notes = new Map<string, Array<{ id: string; content: string }>>();
  let noteIds = 0;
  const route = (req: FakeRequest): FakeReply => {
    if (header(req, 'authorization') !== `Token token=${PD_TOKEN}`) return error(401, 'Unauthorized', 2006);
    if (req.method === 'GET' && req.path === '/incidents') return listIncidents(req, incidents);
    const match = /^\/incidents\/([^/]+)\/notes$/.exec(req.path);
    const incident = match && incidents.find((i) => i.id === decodeURIComponent(match[1] as string));
    if (!match) return error(404, 'Not Found', 2100);
    if (!incident) return error(404, 'Not Found', 2100);
    const list = notes.get(incident.id as string) ?? [];
    if (req.method === 'GET') return { status: 200, body: { notes: list.map((n) => noteJson(n)) } };
    if (!header(req, 'from').includes('@')) return error(400, 'Invalid Input Provided', 2001, ['A valid From header is required']);
    const content = (req.body as { note?: { content?: unknown } } | undefined)?.note?.content;
    if (typeof content !== 'string') return error(400, 'Invalid Input Provided', 2001, ['Note content is required']);
    const note = { id: `PN${String(++noteIds).padStart(5, '0')}`, content };
    notes.set(incident.id as string, [...list, note]);
    return { status: 200, body: { note: noteJson(note) } };
  };
  const server = await startFakeServer(route);
  return Object.assign(server, { incidents, notes });
}

function listIncidents(req: FakeRequest, incidents: Json[]): FakeReply {
  const limit = Number(req.query.get('limit') ?? 25);
  const offset = Number(req.query.get('offset') ?? 0);
  if (!(limit >= 1 && limit <= 100)) return error(400, 'Invalid Input Provided', 2001, ['Limit must be between 1 and 100']);
  const statuses = req.query.getAll('statuses[]');
  const services = req.query.getAll('service_ids[]');
  const teams = req.query.getAll('team_ids[]');
  const matching = incidents.filter((i) =>
    (!statuses.length || statuses.includes(i.status as string)) &&
    (!services.length || services.includes((i.service as Json).id as string)) &&
    (!teams.length || (i.teams as Json[]).some((t) => teams.includes(t.id as string))));
  const page = matching.slice(offset, offset + limit);
  return { status: 200, body: { incidents: page, limit, offset, more: offset + page.length < matching.length, total: null } };
}

function noteJson(note: { id: string; content: string }): Json {
  return {
    id: note.id, content: note.content, created_at: '2026-03-02T14:07:11Z',
    user: { id: 'PXPGF42', type: 'user_reference', summary: 'Earline Greenholt' }, channel: { summary: 'The PagerDuty website or APIs' },
  };
}
