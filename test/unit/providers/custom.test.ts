import * as assert from 'node:assert/strict';
import { CustomPlatformClient } from '../../../src/adapters/providers/custom/client';
import { validateCustomProviderConfig, type CustomProviderConfig } from '../../../src/adapters/providers/custom/config';
import { customStatus, mapCustomIncident, readPath, renderPath, renderTemplate } from '../../../src/adapters/providers/custom/mapping';
import { FIREHYDRANT_PRESET, presetWith, ROOTLY_PRESET } from '../../../src/adapters/providers/custom/presets';
import { hasNoteMarker } from '../../../src/core/platform';
import fhExample from './fixtures/firehydrant-list-incidents.json';
import rootlyExample from './fixtures/rootly-list-incidents.json';
import {
  CUSTOM_TOKEN, fireHydrantIncidents, rootlyIncidents, startFakeFireHydrant, startFakeGeneric, startFakeRootly,
} from './fakes/fakeCustom';
import type { FakeServer } from './fakes/fakeServer';
import { collect, fakeTime, rejectionOf } from './fakes/support';

// Neither Rootly's nor FireHydrant's spec has an example incident: these fixtures are written from their schemas.
describe('custom provider', () => {
  describe('configuration and mapping', () => {
    it('reads paths with [], [key=value] and [index]', () => {
      const value = { a: { list: [{ t: 'x', v: 1 }, { t: 'y', v: 2 }, { t: 'x', v: 3 }] } };
      assert.deepEqual(readPath(value, 'a.list[].v'), [1, 2, 3]);
      assert.deepEqual(readPath(value, 'a.list[t=x].v'), [1, 3]);
      assert.deepEqual(readPath(value, 'a.list[1].t'), ['y']);
      assert.deepEqual(readPath(value, 'a.missing.v'), []);
      assert.deepEqual(readPath([1, 2], ''), [[1, 2]]);
    });

    it('fills body templates and URL-encodes path values', () => {
      assert.deepEqual(renderTemplate({ data: { event: '{text}', n: 1, list: ['at {at}'] } }, { text: 'a "quoted" note', at: 'now' }),
        { data: { event: 'a "quoted" note', n: 1, list: ['at now'] } });
      assert.equal(renderPath('/v1/incidents/{incidentId}/notes', { incidentId: '../admin?x=1' }), '/v1/incidents/..%2Fadmin%3Fx%3D1/notes');
    });

    it('lists every problem of a broken configuration, and accepts both presets', () => {
      assert.deepEqual(validateCustomProviderConfig({
        name: 'acme', baseUrl: 'https://acme.example', auth: { header: 'Authorization', template: 'Bearer' },
        list: { path: '/incidents', itemsPath: 'data', pagination: { kind: 'pages' } }, fields: { id: 'id' }, statusMap: { open: 'live' },
      }), [
        'auth.template must contain {token}',
        'list.pagination.kind must be one of cursor, offset, page, next-link',
        'fields.title must be a non-empty string',
        'statusMap.open must be one of triage, investigating, identified, monitoring, resolved, closed',
      ]);
      assert.deepEqual(validateCustomProviderConfig(ROOTLY_PRESET), []);
      assert.deepEqual(validateCustomProviderConfig(FIREHYDRANT_PRESET), []);
      assert.throws(() => new CustomPlatformClient({ name: 'x' }, { token: 't' }), /x: invalid configuration: baseUrl must be/);
    });

    it('maps the Rootly fixture with the Rootly preset', () => {
      assert.deepEqual(mapCustomIncident(rootlyExample.data[0], ROOTLY_PRESET), {
        id: 'RLY-42',
        title: 'Checkout requests time out under retry storm',
        severity: 'SEV1',
        status: 'monitoring',
        startedAt: '2026-03-02T14:05:00.000Z',
        services: ['payments-api', 'checkout-web'],
        url: 'https://rootly.com/account/incidents/42-checkout-requests-time-out-under-retry-storm',
        source: { provider: 'rootly', id: '0b2e9c4e-8f5a-4d7c-9a51-6d2f0c3b7a10' },
        summary: 'Retries without jitter amplified a slow database into a full outage.',
        responders: [],
      });
    });

    it('maps the FireHydrant fixture with the FireHydrant preset', () => {
      assert.deepEqual(mapCustomIncident(fhExample.data[0], FIREHYDRANT_PRESET), {
        id: 'FH-318',
        title: 'Search results are stale',
        severity: 'SEV2',
        status: 'resolved',
        startedAt: '2026-04-11T09:00:00.000Z',
        resolvedAt: '2026-04-11T10:32:00.000Z',
        services: ['search-indexer'],
        url: 'https://app.firehydrant.io/incidents/6e0b9f2a-7c4d-4e1f-8a3b-5d9c0e2f4a6b',
        source: { provider: 'firehydrant', id: '6e0b9f2a-7c4d-4e1f-8a3b-5d9c0e2f4a6b' },
        summary: 'The indexer stopped consuming after a schema change.',
        responders: ['Alice Moreno'],
      });
    });

    it('guesses statuses the map does not name', () => {
      assert.deepEqual(['Mitigated', 'postmortem_completed', 'RESOLVED', 'weird', undefined].map((s) => customStatus(s, {})),
        ['monitoring', 'closed', 'resolved', 'investigating', 'triage']);
    });
  });

  describe('clients against fake platforms', () => {
    let fake: FakeServer;
    afterEach(async () => fake?.close());
    const options = { token: CUSTOM_TOKEN, timeoutMs: 2000, sleep: fakeTime().sleep };

    it('Rootly: syncs 1,000 incidents by page[number]/page[size] and meta.next_page', async () => {
      fake = await startFakeRootly(rootlyIncidents(1000));
      const rootly = new CustomPlatformClient(presetWith('rootly', { baseUrl: fake.url }), options);
      const incidents = await collect(rootly.listIncidents({}));
      assert.equal(incidents.length, 1000);
      assert.equal(incidents[999]?.id, 'RLY-1000');
      assert.deepEqual(fake.requests.map((r) => [r.query.get('page[number]'), r.query.get('page[size]')]),
        Array.from({ length: 10 }, (_, i) => [String(i + 1), '100']));
      assert.equal(fake.requests[0]?.headers.authorization, `Bearer ${CUSTOM_TOKEN}`);
      assert.equal(fake.requests[0]?.headers.accept, 'application/vnd.api+json');
    });

    it('Rootly: sends the filters, posts a note as an incident event, and finds it by marker', async () => {
      const fakeRootly = await startFakeRootly(rootlyIncidents(3));
      fake = fakeRootly;
      const rootly = new CustomPlatformClient(presetWith('rootly', { baseUrl: fake.url }), options);
      await collect(rootly.listIncidents({ since: new Date('2026-01-01T00:00:00Z'), statuses: ['monitoring'], serviceIds: ['s1', 's2'] }));
      const query = fake.requests[0]?.query;
      assert.deepEqual([query?.get('filter[created_at][gte]'), query?.get('filter[status]'), query?.get('filter[service_ids]')],
        ['2026-01-01T00:00:00.000Z', 'mitigated', 's1,s2']);
      const posted = await rootly.postNote('rly-2', { text: 'rolled back', idempotencyKey: 'k1' });
      const post = fake.requests.find((r) => r.method === 'POST');
      assert.equal(post?.headers['content-type'], 'application/vnd.api+json');
      assert.ok(hasNoteMarker(fakeRootly.notes[0]?.text, 'k1'));
      assert.deepEqual(posted, { remoteId: 'evt-1' });
      assert.deepEqual(await rootly.findNote?.('rly-2', 'k1'), { remoteId: 'evt-1' });
      assert.equal(await rootly.findNote?.('rly-2', 'k2'), undefined);
    });

    it('FireHydrant: syncs 1,000 incidents by page/per_page (200) and pagination.next, and posts a note', async () => {
      const fakeFh = await startFakeFireHydrant(fireHydrantIncidents(1000));
      fake = fakeFh;
      const fh = new CustomPlatformClient(presetWith('firehydrant', { baseUrl: fake.url }), { ...options, now: () => new Date('2026-04-11T10:00:00Z') });
      const incidents = await collect(fh.listIncidents({}));
      assert.equal(incidents.length, 1000);
      assert.deepEqual(fake.requests.map((r) => [r.query.get('page'), r.query.get('per_page')]),
        Array.from({ length: 5 }, (_, i) => [String(i + 1), '200']));
      assert.equal(fh.findNote, undefined);
      assert.deepEqual(await fh.postNote('fh-1', { text: 'cache flushed', idempotencyKey: 'k' }), { remoteId: 'note-1' });
      assert.deepEqual(fake.requests.at(-1)?.body, { body: 'cache flushed', occurred_at: '2026-04-11T10:00:00.000Z', visibility: 'private_to_org' });
      const missing = await rejectionOf(fh.postNote('fh-none', { text: 'x', idempotencyKey: 'k' }));
      assert.equal(missing.message, 'FireHydrant: incident not found (404)');
    });

    const generic = (path: string, itemsPath: string, pagination: CustomProviderConfig['list']['pagination']): CustomProviderConfig => ({
      name: 'acme', displayName: 'Acme', baseUrl: fake.url, auth: { header: 'Authorization', template: 'Bearer {token}' },
      list: { path, itemsPath, pagination }, fields: { id: 'key', title: 'headline', status: 'state' },
    });

    for (const [kind, path, itemsPath, pagination] of [
      ['cursor', '/cursor', 'results', { kind: 'cursor', cursorParam: 'cursor', cursorPath: 'next_cursor', sizeParam: 'limit', size: 10 }],
      ['offset', '/offset', 'items', { kind: 'offset', offsetParam: 'offset', limitParam: 'limit', limit: 10, morePath: 'has_more' }],
      ['next-link', '/linked', 'entries', { kind: 'next-link', nextPath: 'links.next' }],
    ] as const) {
      it(`pages by ${kind}`, async () => {
        fake = await startFakeGeneric(35);
        const acme = new CustomPlatformClient(generic(path, itemsPath, pagination), options);
        const incidents = await collect(acme.listIncidents({}));
        assert.deepEqual(incidents.map((i) => i.id), Array.from({ length: 35 }, (_, i) => `g-${i + 1}`));
        assert.equal(incidents[0]?.status, 'triage');
        assert.equal(fake.requests.length, 4);
      });
    }

    it('refuses a next link to another host, so the token stays home', async () => {
      fake = await startFakeGeneric(35);
      const config = generic('/linked', 'entries', { kind: 'next-link', nextPath: 'links.next' });
      const evil = new CustomPlatformClient({ ...config, list: { ...config.list, path: '/linked' } }, options);
      (fake as { faults: FakeServer['faults'] }).faults = (_r, i) => (i === 0 ? { status: 200, body: { entries: [{ key: 'a', headline: 'A' }], links: { next: 'https://evil.example/steal' } } } : undefined);
      const error = await rejectionOf(collect(evil.listIncidents({})));
      assert.equal(error.message, 'Acme: refusing to send the token to another host (evil.example)');
      assert.equal(fake.requests.length, 1);
    });

    it('says which platform rejected the token', async () => {
      fake = await startFakeRootly(rootlyIncidents(1));
      const rootly = new CustomPlatformClient(presetWith('rootly', { baseUrl: fake.url }), { ...options, token: 'nope-nope' });
      assert.equal((await rejectionOf(collect(rootly.listIncidents({})))).message, 'Rootly rejected the token (401)');
    });
  });
});
