import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { checkBaseUrl, HttpClient, retryAfterMs } from '../../../src/adapters/providers/http';
import { redactHeaders, scrub } from '../../../src/adapters/providers/redaction';
import { CustomPlatformClient } from '../../../src/adapters/providers/custom/client';
import { presetWith } from '../../../src/adapters/providers/custom/presets';
import { IncidentIoClient } from '../../../src/adapters/providers/incidentio/client';
import { PagerDutyClient } from '../../../src/adapters/providers/pagerduty/client';
import { PlatformError, type IncidentPlatform } from '../../../src/core/platform';
import { CUSTOM_TOKEN, rootlyIncidents, startFakeRootly } from './fakes/fakeCustom';
import { IIO_TOKEN, rateLimited as iioRateLimited, startFakeIncidentIo } from './fakes/fakeIncidentIo';
import { PD_FROM, PD_TOKEN, rateLimited as pdRateLimited, startFakePagerDuty } from './fakes/fakePagerDuty';
import { header, startFakeServer, type Fault, type FakeServer } from './fakes/fakeServer';
import { captureLog, collect, fakeTime, rejectionOf } from './fakes/support';

const NOW = new Date('2026-03-02T14:00:00Z');

describe('provider HTTP plumbing', () => {
  it('reads Retry-After (seconds or date), ratelimit-reset (seconds) and X-RateLimit-Reset (epoch seconds)', () => {
    assert.equal(retryAfterMs({ 'retry-after': '12' }, NOW), 12_000);
    assert.equal(retryAfterMs({ 'retry-after': 'Mon, 02 Mar 2026 14:00:30 GMT' }, NOW), 30_000);
    assert.equal(retryAfterMs({ 'ratelimit-reset': '7' }, NOW), 7_000);
    assert.equal(retryAfterMs({ 'x-ratelimit-reset': String(NOW.getTime() / 1000 + 45) }, NOW), 45_000);
    assert.equal(retryAfterMs({ 'retry-after': 'soon' }, NOW), undefined);
    assert.equal(retryAfterMs({}, NOW), undefined);
  });

  it('redacts credential headers and scrubs secrets from text', () => {
    assert.deepEqual(redactHeaders({ Authorization: 'Token token=abc', Accept: 'x', 'X-Api-Key': 'k', Cookie: 'c' }),
      { Authorization: '[redacted]', Accept: 'x', 'X-Api-Key': '[redacted]', Cookie: '[redacted]' });
    assert.equal(scrub('bad key s3cr/et+ or s3cr%2Fet%2B', ['s3cr/et+']), 'bad key [redacted] or [redacted]');
  });

  it('accepts https and loopback http base URLs only', () => {
    assert.equal(checkBaseUrl('https://api.pagerduty.com', 'PagerDuty').host, 'api.pagerduty.com');
    assert.equal(checkBaseUrl('http://127.0.0.1:8080', 'PagerDuty').port, '8080');
    assert.throws(() => checkBaseUrl('http://api.pagerduty.com', 'PagerDuty'), /PagerDuty: the base URL must use https/);
    assert.throws(() => checkBaseUrl('not a url', 'PagerDuty'), /is not a URL/);
  });

  describe('against loopback servers', () => {
    const servers: FakeServer[] = [];
    afterEach(async () => { await Promise.all(servers.splice(0).map((s) => s.close())); });

    it('does not follow a redirect, so the token never travels to another host', async () => {
      const elsewhere = await startFakeServer(() => ({ status: 200, body: {} }));
      const origin = await startFakeServer(() => ({ status: 302, headers: { Location: `${elsewhere.url}/steal` } }));
      servers.push(elsewhere, origin);
      const http = new HttpClient({ platform: 'Acme', baseUrl: origin.url, headers: { Authorization: 'Bearer tok-123' }, secrets: ['tok-123'] });
      const error = await rejectionOf(http.request({ method: 'GET', path: '/x' }));
      assert.equal(error.message, 'Acme answered with a redirect (302); check the base URL');
      assert.equal(elsewhere.requests.length, 0);
    });

    it('names a refused connection as certain and retryable', async () => {
      const gone = await startFakeServer(() => ({ status: 200 }));
      await gone.close();
      const http = new HttpClient({ platform: 'Acme', baseUrl: gone.url, headers: {}, secrets: [], getRetries: 0 });
      const error = await rejectionOf(http.request({ method: 'POST', path: '/x', body: {} }));
      assert.ok(error instanceof PlatformError);
      assert.deepEqual([error.message, error.kind, error.retryable, error.uncertain], ['could not reach Acme (ECONNREFUSED)', 'connection', true, false]);
    });

    it('logs an unexpected failure with its headers redacted', async () => {
      const server = await startFakeServer(() => ({ status: 200, body: {} }));
      servers.push(server);
      const log = captureLog();
      const http = new HttpClient({ platform: 'Acme', baseUrl: server.url, headers: { Authorization: 'Bearer tok-456' }, secrets: ['tok-456'], logger: log });
      const error = await rejectionOf(http.request({ method: 'POST', path: '/x', body: { count: 1n } }));
      assert.equal((error as PlatformError).kind, 'unexpected');
      assert.equal(log.lines.length, 1);
      assert.match(log.lines[0] as string, /^warn Acme: the request failed \(.+\): POST \/x: .*"Authorization":"\[redacted\]"/);
      assert.ok(!log.lines[0]?.includes('tok-456'));
      assert.equal(server.requests.length, 0);
    });
  });

  describe('a token never appears in an error or a log line', () => {
    let fake: FakeServer;
    afterEach(async () => fake?.close());

    /** Every way a request can fail, including error bodies that echo the credential back. */
    const echoing = (status: number, body: (auth: string) => unknown): FakeServer['faults'] => (req) => ({ status, body: body(header(req, 'authorization')) });
    const faults = (rateLimited: Fault, echo: (auth: string) => unknown): Array<FakeServer['faults']> => [
      echoing(400, echo), echoing(403, echo), echoing(422, echo), () => ({ status: 401, body: {} }), () => rateLimited,
      () => ({ status: 500, body: {} }), () => 'reset', () => 'reset-after', () => 'hang', () => 'malformed',
    ];

    async function failures(platform: IncidentPlatform, remoteId: string, modes: Array<FakeServer['faults']>): Promise<unknown[]> {
      const errors: unknown[] = [];
      for (const mode of modes) {
        fake.faults = mode;
        errors.push(await rejectionOf(collect(platform.listIncidents({}))));
        errors.push(await rejectionOf(platform.postNote(remoteId, { text: 'x', idempotencyKey: 'k' })));
        if (platform.findNote) errors.push(await rejectionOf(platform.findNote(remoteId, 'k')));
      }
      return errors;
    }

    function assertClean(token: string, errors: unknown[], lines: string[]): void {
      assert.ok(errors.length >= 20);
      for (const error of errors) {
        assert.ok(error instanceof PlatformError, String(error));
        for (const text of [error.message, String(error.stack), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error)]) {
          assert.ok(!text.includes(token), `token leaked in: ${text}`);
        }
      }
      assert.ok(lines.length > 0);
      for (const line of lines) assert.ok(!line.includes(token), `token leaked in log: ${line}`);
    }

    const common = () => ({ timeoutMs: 250, getRetries: 1, sleep: fakeTime().sleep });

    it('PagerDuty', async () => {
      fake = await startFakePagerDuty();
      const log = captureLog();
      const pd = new PagerDutyClient({ apiKey: PD_TOKEN, fromEmail: PD_FROM, baseUrl: fake.url, logger: log, ...common() });
      const errors = await failures(pd, 'P000001', faults(pdRateLimited(2), (auth) => ({ error: { message: `bad ${auth}`, code: 2001, errors: [auth] } })));
      assert.ok(errors.some((e) => (e as Error).message === 'PagerDuty rejected the request (400): bad Token token=[redacted]; Token token=[redacted]'));
      assertClean(PD_TOKEN, errors, log.lines);
    });

    it('incident.io', async () => {
      fake = await startFakeIncidentIo();
      const log = captureLog();
      const iio = new IncidentIoClient({ apiKey: IIO_TOKEN, baseUrl: fake.url, logger: log, ...common() });
      const errors = await failures(iio, '01HINC', faults(iioRateLimited(2), (auth) => ({ type: 'validation_error', errors: [{ message: auth }] })));
      assertClean(IIO_TOKEN, errors, log.lines);
    });

    it('a custom provider (Rootly preset)', async () => {
      fake = await startFakeRootly(rootlyIncidents(1));
      const log = captureLog();
      const rootly = new CustomPlatformClient(presetWith('rootly', { baseUrl: fake.url }), { token: CUSTOM_TOKEN, logger: log, ...common() });
      const errors = await failures(rootly, 'rly-1', faults({ status: 429, headers: { 'Retry-After': '1' }, body: {} }, (auth) => ({ errors: [{ title: 'bad', detail: auth }] })));
      assertClean(CUSTOM_TOKEN, errors, log.lines);
    });
  });
});
