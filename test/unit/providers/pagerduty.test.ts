import * as assert from 'node:assert/strict';
import { PagerDutyClient } from '../../../src/adapters/providers/pagerduty/client';
import { mapPagerDutyIncident, pagerDutySeverity } from '../../../src/adapters/providers/pagerduty/mapping';
import type { PdIncident } from '../../../src/adapters/providers/pagerduty/wire';
import { hasNoteMarker, PlatformError } from '../../../src/core/platform';
import getExample from './fixtures/pagerduty-get-incident.json';
import listExample from './fixtures/pagerduty-list-incidents.json';
import { everyNth, startFakeServer } from './fakes/fakeServer';
import { PD_FROM, PD_TOKEN, pagerDutyIncidents, rateLimited, startFakePagerDuty, type FakePagerDuty } from './fakes/fakePagerDuty';
import { captureLog, collect, fakeTime, rejectionOf } from './fakes/support';

describe('PagerDuty', () => {
  describe('mapping', () => {
    it('maps the spec example of GET /incidents', () => {
      assert.deepEqual(mapPagerDutyIncident(listExample.incidents[0] as unknown as PdIncident), {
        id: 'PD-1234',
        title: 'The server is on fire.',
        severity: 'SEV2',
        status: 'resolved',
        startedAt: '2015-10-06T21:30:42Z',
        resolvedAt: '2015-10-06T21:38:23Z',
        services: ['My Mail Service'],
        url: 'https://subdomain.pagerduty.com/incidents/PT4KHLK',
        source: { provider: 'pagerduty', id: 'PT4KHLK' },
        responders: [],
      });
    });

    it('maps the spec example of GET /incidents/{id}: acknowledged, with assignees and responders', () => {
      assert.deepEqual(mapPagerDutyIncident(getExample.incident as unknown as PdIncident), {
        id: 'PD-1234',
        title: 'The server is on fire.',
        severity: 'SEV2',
        status: 'investigating',
        startedAt: '2015-10-06T21:30:42Z',
        services: ['My Mail Service'],
        url: 'https://subdomain.pagerduty.com/incidents/PT4KHLK',
        source: { provider: 'pagerduty', id: 'PT4KHLK' },
        responders: ['Earline Greenholt', 'Lee Turner'],
      });
    });

    it('reads priorities P1..P5 and falls back to urgency without one', () => {
      const base = listExample.incidents[0] as unknown as PdIncident;
      const severity = (priority: string | null, urgency: 'high' | 'low') =>
        pagerDutySeverity({ ...base, urgency, priority: priority === null ? null : { id: 'P', type: 'priority_reference', summary: priority } });
      assert.deepEqual([severity('P1', 'low'), severity('P3', 'high'), severity('P5', 'high'), severity(null, 'high'), severity(null, 'low')],
        ['SEV1', 'SEV3', 'SEV4', 'SEV2', 'SEV4']);
    });
  });

  describe('client against a fake PagerDuty', () => {
    let fake: FakePagerDuty;
    afterEach(async () => fake?.close());

    const client = (options: Partial<ConstructorParameters<typeof PagerDutyClient>[0]> = {}) =>
      new PagerDutyClient({ apiKey: PD_TOKEN, fromEmail: PD_FROM, baseUrl: fake.url, timeoutMs: 2000, sleep: fakeTime().sleep, ...options });

    it('syncs 1,000 incidents in pages of 100 by offset', async () => {
      fake = await startFakePagerDuty(pagerDutyIncidents(1000));
      const incidents = await collect(client().listIncidents({}));
      assert.equal(incidents.length, 1000);
      assert.deepEqual(incidents.map((i) => i.id).slice(0, 2), ['PD-1', 'PD-2']);
      assert.equal(new Set(incidents.map((i) => i.source.id)).size, 1000);
      assert.deepEqual(fake.requests.map((r) => [r.query.get('limit'), r.query.get('offset')]),
        Array.from({ length: 10 }, (_, i) => ['100', String(i * 100)]));
      assert.equal(fake.requests[0]?.headers.authorization, `Token token=${PD_TOKEN}`);
      assert.equal(fake.requests[0]?.headers.accept, 'application/vnd.pagerduty+json;version=2');
      assert.equal(fake.requests[0]?.query.get('date_range'), 'all');
    });

    it('never asks for more than 100 per page', async () => {
      fake = await startFakePagerDuty(pagerDutyIncidents(150));
      assert.equal((await collect(client({ pageSize: 500 }).listIncidents({}))).length, 150);
      assert.equal(fake.requests[0]?.query.get('limit'), '100');
    });

    it('sends the filters by their spec names and checks statuses again after mapping', async () => {
      fake = await startFakePagerDuty(pagerDutyIncidents(30, () => '2026-02-01T00:00:00Z'));
      const since = new Date('2026-01-01T00:00:00Z');
      const incidents = await collect(client({ now: () => new Date('2026-03-02T14:00:00Z') }).listIncidents({ since, statuses: ['triage'], serviceIds: ['PSVCEVEN'], teamIds: ['PQ9K7I8'] }));
      const query = fake.requests[0]?.query;
      assert.equal(query?.get('since'), '2026-01-01T00:00:00.000Z');
      assert.equal(query?.get('until'), '2026-03-02T14:01:00.000Z');
      assert.equal(query?.get('date_range'), null);
      assert.deepEqual(query?.getAll('statuses[]'), ['triggered']);
      assert.deepEqual(query?.getAll('service_ids[]'), ['PSVCEVEN']);
      assert.deepEqual(query?.getAll('team_ids[]'), ['PQ9K7I8']);
      assert.deepEqual(incidents.map((i) => i.id), ['PD-1', 'PD-7', 'PD-13', 'PD-19', 'PD-25']);
      assert.ok(incidents.every((i) => i.status === 'triage'));
    });

    it('fake: a token in another format (Bearer) gets 401', async () => {
      fake = await startFakePagerDuty();
      const response = await fetch(`${fake.url}/incidents`, { headers: { Authorization: `Bearer ${PD_TOKEN}` } });
      assert.equal(response.status, 401);
      assert.deepEqual(await response.json(), { error: { message: 'Unauthorized', code: 2006 } });
    });

    it('asks in since+until windows of at most 6 months, so nothing older than a month past since is lost', async () => {
      const now = Date.parse('2026-03-02T14:00:00Z');
      const daysAgo = (d: number) => new Date(now - d * 86_400_000).toISOString();
      fake = await startFakePagerDuty(pagerDutyIncidents(4, (i) => daysAgo([700, 400, 200, 3][i] as number)), { now: () => now });
      const pd = client({ now: () => new Date(now) });
      const incidents = await collect(pd.listIncidents({ since: new Date(now - 730 * 86_400_000) }));
      assert.deepEqual(incidents.map((i) => i.id), ['PD-1', 'PD-2', 'PD-3', 'PD-4']);
      const windows = fake.requests.map((r) => [r.query.get('since'), r.query.get('until')]);
      assert.equal(windows.length, 5);
      for (const [since, until] of windows) assert.ok(Date.parse(until as string) - Date.parse(since as string) <= 180 * 86_400_000);
      assert.equal(windows[0]?.[0], daysAgo(730));
      assert.equal(windows.at(-1)?.[1], new Date(now + 60_000).toISOString());
    });

    it('says the token was rejected on 401', async () => {
      fake = await startFakePagerDuty();
      const error = await rejectionOf(collect(client({ apiKey: 'wrong-key-123' }).listIncidents({})));
      assert.ok(error instanceof PlatformError);
      assert.equal(error.message, 'PagerDuty rejected the token (401)');
      assert.equal(error.kind, 'auth');
    });

    it('fake: a note without a From header gets 400', async () => {
      fake = await startFakePagerDuty();
      const response = await fetch(`${fake.url}/incidents/P000001/notes`, {
        method: 'POST', body: JSON.stringify({ note: { content: 'x' } }),
        headers: { Authorization: `Token token=${PD_TOKEN}`, Accept: 'application/vnd.pagerduty+json;version=2', 'Content-Type': 'application/json' },
      });
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: { message: 'Invalid Input Provided', code: 2001, errors: ['A valid From header is required'] } });
    });

    it('posts a note with From and the body the spec names, carrying the key marker, and finds it again', async () => {
      fake = await startFakePagerDuty();
      const pd = client();
      const posted = await pd.postNote('P000002', { text: 'p99 on /charge jumped to 30s', idempotencyKey: 'k-1' });
      const request = fake.requests[0];
      assert.equal(request?.headers.from, PD_FROM);
      const content = (request?.body as { note: { content: string } }).note.content;
      assert.ok(content.startsWith('p99 on /charge jumped to 30s\n\n[il:'));
      assert.ok(hasNoteMarker(content, 'k-1'));
      assert.deepEqual(posted, { remoteId: 'PN00001' });
      assert.deepEqual(await pd.findNote('P000002', 'k-1'), { remoteId: 'PN00001' });
      assert.equal(await pd.findNote('P000002', 'k-2'), undefined);
    });

    it('finds a note in the whole list (one answer, newest first: the spec pages no notes), and follows "more" by offset before a miss', async () => {
      fake = await startFakePagerDuty();
      const pd = client();
      for (let n = 0; n < 25; n++) await pd.postNote('P000001', { text: `note ${n}`, idempotencyKey: `k-${n}` });
      const response = await fetch(`${fake.url}/incidents/P000001/notes`, { headers: { Authorization: `Token token=${PD_TOKEN}` } });
      const listed = (await response.json()) as { notes: Array<{ id: string }>; more?: boolean };
      assert.deepEqual([listed.notes.length, listed.notes[0]?.id, listed.notes[24]?.id, listed.more], [25, 'PN00025', 'PN00001', undefined]);
      assert.deepEqual(await pd.findNote('P000001', 'k-0'), { remoteId: 'PN00001' });
      // A server that pages the list all the same: the oldest note is on its third page.
      const paged = await startFakeServer((req) => {
        const offset = Number(req.query.get('offset') ?? 0);
        return { status: 200, body: { notes: listed.notes.slice(offset, offset + 10), more: offset + 10 < listed.notes.length } };
      });
      try {
        const pagedClient = client({ baseUrl: paged.url });
        assert.deepEqual(await pagedClient.findNote('P000001', 'k-0'), { remoteId: 'PN00001' });
        assert.equal(await pagedClient.findNote('P000001', 'k-99'), undefined);
        assert.deepEqual(paged.requests.map((r) => r.query.get('offset')), [null, '10', '20', null, '10', '20']);
      } finally {
        await paged.close();
      }
    });

    it('refuses to post without a From email, and names a missing incident', async () => {
      fake = await startFakePagerDuty();
      const noFrom = await rejectionOf(client({ fromEmail: '' }).postNote('P000001', { text: 'x', idempotencyKey: 'k' }));
      assert.match(noFrom.message, /needs the email of a PagerDuty user/);
      const missing = await rejectionOf(client().postNote('PNOPE', { text: 'x', idempotencyKey: 'k' }));
      assert.equal(missing.message, 'PagerDuty: incident not found (404)');
      assert.equal((missing as PlatformError).retryable, false);
    });

    it('waits as long as ratelimit-reset says, then carries on paging', async () => {
      fake = await startFakePagerDuty(pagerDutyIncidents(250));
      fake.faults = (_req, index) => (index === 1 ? rateLimited(12) : undefined);
      const time = fakeTime();
      const log = captureLog();
      const incidents = await collect(client({ sleep: time.sleep, logger: log }).listIncidents({}));
      assert.equal(incidents.length, 250);
      assert.deepEqual(time.sleeps, [12_000]);
      assert.deepEqual(log.lines, ['warn PagerDuty rate limited the request (429); retrying in 12 s']);
    });

    it('retries a GET through 5xx, resets, hangs and malformed JSON', async () => {
      fake = await startFakePagerDuty(pagerDutyIncidents(300));
      fake.faults = everyNth(2, [{ status: 503, body: {} }, 'reset', 'hang', 'malformed']);
      const incidents = await collect(client({ timeoutMs: 250, pageSize: 50 }).listIncidents({}));
      assert.equal(incidents.length, 300);
      assert.equal(fake.requests.length, 11);
    });

    it('gives up after the retries, in the user\'s words', async () => {
      fake = await startFakePagerDuty();
      fake.faults = () => 'malformed';
      const error = await rejectionOf(collect(client({ getRetries: 1 }).listIncidents({})));
      assert.equal(error.message, 'PagerDuty sent a response that is not valid JSON (200)');
      fake.faults = () => 'hang';
      const timeout = await rejectionOf(collect(client({ getRetries: 0, timeoutMs: 100 }).listIncidents({})));
      assert.equal((timeout as PlatformError).kind, 'timeout');
      assert.match(timeout.message, /PagerDuty did not answer within 1 s \(timeout\)/);
    });
  });
});
