import * as assert from 'node:assert/strict';
import { IncidentIoClient } from '../../../src/adapters/providers/incidentio/client';
import { incidentIoStatus, mapIncidentIoIncident } from '../../../src/adapters/providers/incidentio/mapping';
import type { IioIncident, IioIncidentStatus } from '../../../src/adapters/providers/incidentio/wire';
import { PlatformError } from '../../../src/core/platform';
import listExample from './fixtures/incidentio-list-incidents.json';
import { IIO_TOKEN, incidentIoIncidents, rateLimited, startFakeIncidentIo, type FakeIncidentIo } from './fakes/fakeIncidentIo';
import { collect, fakeTime, rejectionOf } from './fakes/support';

const example = listExample.incidents[0] as unknown as IioIncident;

describe('incident.io', () => {
  describe('mapping', () => {
    it('maps the spec example of GET /v2/incidents', () => {
      assert.deepEqual(mapIncidentIoIncident(example), {
        id: 'INC-123',
        title: 'Our database is sad',
        severity: 'SEV3',
        status: 'triage',
        startedAt: '2021-08-17T13:28:57.801578Z',
        services: [],
        url: 'https://app.incident.io/incidents/123',
        source: { provider: 'incident.io', id: '01FDAG4SAP5TYPT98WGR2N7W91' },
        summary: "Our database is really really sad, and we don't know why yet.",
        responders: ['Lisa Karlin Curtis'],
      });
    });

    it('reads status categories, and the organisation\'s names inside "live"', () => {
      const status = (category: IioIncidentStatus['category'], name: string = category) => incidentIoStatus({ id: 's', category, name });
      assert.deepEqual(
        [status('triage'), status('live', 'Investigating'), status('live', 'Fixing'), status('live', 'Monitoring'), status('paused'),
          status('learning'), status('closed'), status('declined'), status('merged'), status('canceled')],
        ['triage', 'investigating', 'identified', 'monitoring', 'investigating', 'resolved', 'closed', 'closed', 'closed', 'closed']);
    });

    it('reads severities by name, services from a service custom field, and resolution from a timestamp', () => {
      const incident: IioIncident = {
        ...example,
        severity: { id: 'sev', name: 'Critical', rank: 3 },
        incident_status: { id: 's', category: 'learning', name: 'Post-incident' },
        custom_field_entries: [{
          custom_field: { id: 'cf', name: 'Affected services' },
          values: [{ value_catalog_entry: { id: 'svc-1', name: 'payments-api' } }, { value_option: { id: 'o', value: 'checkout-web' } }],
        }],
        incident_timestamp_values: [
          { incident_timestamp: { id: 't1', name: 'Impact started' }, value: { value: '2026-03-02T14:05:00Z' } },
          { incident_timestamp: { id: 't2', name: 'Resolved at' }, value: { value: '2026-03-02T16:40:00Z' } },
        ],
      };
      const mapped = mapIncidentIoIncident(incident);
      assert.deepEqual([mapped.severity, mapped.status, mapped.services, mapped.startedAt, mapped.resolvedAt],
        ['SEV1', 'resolved', ['payments-api', 'checkout-web'], '2026-03-02T14:05:00Z', '2026-03-02T16:40:00Z']);
    });
  });

  describe('client against a fake incident.io', () => {
    let fake: FakeIncidentIo;
    afterEach(async () => fake?.close());

    const client = (options: Partial<ConstructorParameters<typeof IncidentIoClient>[0]> = {}) =>
      new IncidentIoClient({ apiKey: IIO_TOKEN, baseUrl: fake.url, timeoutMs: 2000, sleep: fakeTime().sleep, ...options });

    it('syncs 1,000 incidents in pages of 250 by cursor', async () => {
      fake = await startFakeIncidentIo(incidentIoIncidents(1000));
      const incidents = await collect(client({ pageSize: 1000 }).listIncidents({}));
      assert.equal(incidents.length, 1000);
      assert.equal(new Set(incidents.map((i) => i.id)).size, 1000);
      assert.deepEqual(fake.requests.map((r) => [r.query.get('page_size'), r.query.get('after')]), [
        ['250', null],
        ['250', fake.incidents[249]?.id], ['250', fake.incidents[499]?.id], ['250', fake.incidents[749]?.id],
      ]);
      assert.equal(fake.requests[0]?.headers.authorization, `Bearer ${IIO_TOKEN}`);
    });

    it('filters by status category and created_at, and by team ids in custom fields', async () => {
      fake = await startFakeIncidentIo(incidentIoIncidents(12));
      const since = new Date('2021-01-01T12:00:00Z');
      const live = await collect(client().listIncidents({ since, statuses: ['investigating'], teamIds: ['01FCNDV6P870EA6S7TK1DSYDG0'] }));
      assert.deepEqual(fake.requests[0]?.query.getAll('status_category[one_of]'), ['live', 'paused']);
      assert.equal(fake.requests[0]?.query.get('created_at[gte]'), '2021-01-01');
      assert.deepEqual(live.map((i) => i.id), ['INC-2', 'INC-6', 'INC-10']);
      assert.deepEqual(await collect(client().listIncidents({ serviceIds: ['no-such-service'] })), []);
    });

    it('fake: a token in another format (Token token=) gets 401, and the client says so', async () => {
      fake = await startFakeIncidentIo();
      const response = await fetch(`${fake.url}/v2/incidents`, { headers: { Authorization: `Token token=${IIO_TOKEN}` } });
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as { type: string }).type, 'authentication_error');
      const error = await rejectionOf(collect(client({ apiKey: 'not-the-key' }).listIncidents({})));
      assert.equal(error.message, 'incident.io rejected the token (401)');
    });

    it('posts a note as a timeline item with the spec\'s fields, once per idempotency key', async () => {
      fake = await startFakeIncidentIo();
      const iio = client();
      const incidentId = fake.incidents[0]?.id as string;
      const note = { text: 'p99 on /charge jumped to 30s\nsee dashboard', idempotencyKey: 'key-1', at: new Date('2026-03-02T14:07:11Z') };
      const first = await iio.postNote(incidentId, note);
      const again = await iio.postNote(incidentId, note);
      assert.deepEqual(fake.requests[0]?.body, {
        idempotency_key: 'key-1', incident_id: incidentId, timestamp: '2026-03-02T14:07:11.000Z',
        title: 'p99 on /charge jumped to 30s', description: 'p99 on /charge jumped to 30s\nsee dashboard',
      });
      assert.equal(fake.items.length, 1);
      assert.deepEqual(first, { remoteId: fake.items[0]?.id });
      assert.deepEqual(again, first);
    });

    it('reports 422 details, 404 and 429 with Retry-After without retrying a POST itself', async () => {
      fake = await startFakeIncidentIo();
      const iio = client();
      const missing = await rejectionOf(iio.postNote('01NOPE', { text: 'x', idempotencyKey: 'k' }));
      assert.equal(missing.message, 'incident.io: incident not found (404)');
      const invalid = await rejectionOf(iio.postNote(fake.incidents[0]?.id as string, { text: 'x', idempotencyKey: '' }));
      assert.equal(invalid.message, 'incident.io rejected the request (422): idempotency_key idempotency_key is required');
      fake.faults = () => rateLimited(3);
      const limited = await rejectionOf(iio.postNote(fake.incidents[0]?.id as string, { text: 'x', idempotencyKey: 'k' }));
      assert.ok(limited instanceof PlatformError);
      assert.deepEqual([limited.kind, limited.retryAfterMs, limited.message], ['rate-limited', 3000, 'incident.io rate limited the request (429)']);
      assert.equal(fake.requests.filter((r) => r.method === 'POST').length, 3);
    });

    it('marks a write that died on the wire as uncertain, and a refused one as not', async () => {
      fake = await startFakeIncidentIo();
      const iio = client({ timeoutMs: 250 });
      const id = fake.incidents[0]?.id as string;
      for (const fault of ['reset-after', 'hang', 'malformed', { status: 502 }] as const) {
        fake.faults = () => fault;
        const error = await rejectionOf(iio.postNote(id, { text: 'x', idempotencyKey: `k-${JSON.stringify(fault)}` }));
        assert.equal((error as PlatformError).uncertain, true, JSON.stringify(fault));
        assert.equal((error as PlatformError).retryable, true);
      }
      fake.faults = () => undefined;
      const refused = await rejectionOf(iio.postNote('01NOPE', { text: 'x', idempotencyKey: 'k-404' }));
      assert.equal((refused as PlatformError).uncertain, false);
    });
  });
});
