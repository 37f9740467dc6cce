// The examples of issue 14 against fakes that follow ../shared/apis/: each one the way it broke,
// and the value it must have now.
import * as assert from 'node:assert/strict';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { createServer, type Server } from 'node:http';
import { CustomPlatformClient } from '../../../src/adapters/providers/custom/client';
import { presetWith } from '../../../src/adapters/providers/custom/presets';
import { HttpClient } from '../../../src/adapters/providers/http';
import { redactHeaders, scrub, secretForms } from '../../../src/adapters/providers/redaction';
import { IncidentIoClient } from '../../../src/adapters/providers/incidentio/client';
import { PagerDutyClient } from '../../../src/adapters/providers/pagerduty/client';
import { PlatformError } from '../../../src/core/platform';
import { CUSTOM_TOKEN, fireHydrantIncidents, rootlyIncidents, startFakeFireHydrant, startFakeRootly } from './fakes/fakeCustom';
import { IIO_TOKEN } from './fakes/fakeIncidentIo';
import { PD_FROM, PD_TOKEN, pagerDutyIncidents, startFakePagerDuty, type FakePagerDuty } from './fakes/fakePagerDuty';
import { header, startFakeServer, type FakeServer } from './fakes/fakeServer';
import { captureLog, collect, fakeTime, rejectionOf } from './fakes/support';

const DAY = 86_400_000;

/** Everything an iterable yields before it fails, and the failure. */
async function collectUntilError<T>(items: AsyncIterable<T>): Promise<{ items: T[]; error: PlatformError }> {
  const got: T[] = [];
  try {
    for await (const item of items) got.push(item);
  } catch (error) {
    return { items: got, error: error as PlatformError };
  }
  throw new Error(`expected an error after ${got.length} items`);
}

/** Small PagerDuty incidents, one per second from `start`. */
function slimIncidents(count: number, start: number, stepMs = 1000): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    id: `Q${String(i + 1).padStart(6, '0')}`, type: 'incident', incident_number: i + 1, title: `i${i + 1}`, status: 'triggered', urgency: 'high',
    created_at: new Date(start + i * stepMs).toISOString(), service: { id: 'PSVC', summary: 'svc' }, teams: [],
  }));
}

describe('platform limits (issue 14)', function () {
  this.timeout(60_000);
  const servers: Array<{ close(): unknown }> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const pdClient = (fake: FakeServer, options: Partial<ConstructorParameters<typeof PagerDutyClient>[0]> = {}) =>
    new PagerDutyClient({ apiKey: PD_TOKEN, fromEmail: PD_FROM, baseUrl: fake.url, timeoutMs: 5000, sleep: fakeTime().sleep, ...options });

  describe('7. sync misses incidents', () => {
    it('"Last 90 days" of PagerDuty returns the incidents of 80, 45 and 2 days ago, the open one too', async () => {
      const now = Date.now();
      const fake = await startFakePagerDuty(pagerDutyIncidents(3, (i) => new Date(now - [80, 45, 2][i]! * DAY).toISOString()));
      servers.push(fake);
      const since = new Date(now - 90 * DAY);
      // What the fake (as PagerDuty) does with since alone: a one-month window, the first incident only.
      const alone = await fetch(`${fake.url}/incidents?since=${since.toISOString()}`, { headers: { Authorization: `Token token=${PD_TOKEN}` } });
      assert.deepEqual(((await alone.json()) as { incidents: Array<{ id: string }> }).incidents.map((i) => i.id), ['P000001']);
      const incidents = await collect(pdClient(fake).listIncidents({ since }));
      assert.deepEqual(incidents.map((i) => [i.id, i.status]), [['PD-1', 'triage'], ['PD-2', 'investigating'], ['PD-3', 'resolved']]);
      assert.ok(fake.requests.slice(1).every((r) => r.query.get('since') && r.query.get('until')));
    });

    it('PagerDuty past its 10,000 offset cap: 10,250 incidents in one window all come back, no request beyond the cap', async () => {
      const start = Date.now() - 20 * DAY;
      const fake = await startFakePagerDuty(slimIncidents(10_250, start));
      servers.push(fake);
      const incidents = await collect(pdClient(fake).listIncidents({ since: new Date(start - DAY) }));
      assert.equal(incidents.length, 10_250);
      assert.equal(new Set(incidents.map((i) => i.source.id)).size, 10_250);
      assert.ok(fake.requests.every((r) => Number(r.query.get('offset')) + Number(r.query.get('limit')) <= 10_000));
    });

    it('more than 10,000 PagerDuty incidents in one second: keeps the 10,000 and says what is missing', async () => {
      const start = Date.now() - 5 * DAY;
      const fake = await startFakePagerDuty(slimIncidents(10_001, start, 0));
      servers.push(fake);
      const { items, error } = await collectUntilError(pdClient(fake).listIncidents({ since: new Date(start - DAY) }));
      assert.equal(items.length, 10_000);
      assert.equal(error.kind, 'limit');
      assert.match(error.message, new RegExp(`^PagerDuty returns at most 10000 incidents per query, and more than that were created at ${new Date(start).toISOString()}: kept 10000 fetched; missing the incidents created after ${new Date(start).toISOString()} up to `));
    });

    it('PagerDuty 429: waits as ratelimit-reset says and still returns every incident', async () => {
      const now = Date.now();
      const fake = await startFakePagerDuty(slimIncidents(350, now - DAY), { rateLimit: { requests: 2, perMs: 1000 } });
      servers.push(fake);
      const log = captureLog();
      const pd = new PagerDutyClient({ apiKey: PD_TOKEN, baseUrl: fake.url, pageSize: 100, logger: log });
      const incidents = await collect(pd.listIncidents({ since: new Date(now - 2 * DAY) }));
      assert.equal(incidents.length, 350);
      assert.ok(log.lines.length > 0 && log.lines.every((l) => l === 'warn PagerDuty rate limited the request (429); retrying in 1 s'), log.lines.join('\n'));
    });
  });

  describe('the Rootly and FireHydrant presets', () => {
    it('FireHydrant: 1,000 incidents in pages of 200 through its rate limit (429, Retry-After), none lost', async () => {
      const fake = await startFakeFireHydrant(fireHydrantIncidents(1000), { requests: 3, perMs: 1000, spent: true });
      servers.push(fake);
      const log = captureLog();
      const fh = new CustomPlatformClient(presetWith('firehydrant', { baseUrl: fake.url }), { token: CUSTOM_TOKEN, logger: log });
      const incidents = await collect(fh.listIncidents({}));
      assert.equal(new Set(incidents.map((i) => i.source.id)).size, 1000);
      assert.ok(fake.requests.every((r) => r.query.get('per_page') === '200'));
      assert.ok(log.lines.length > 0 && log.lines.every((l) => l === 'warn FireHydrant rate limited the request (429); retrying in 1 s'), log.lines.join('\n'));
    });
  });

  describe('3. pagination that never ends', () => {
    /** A PagerDuty that always has more: fresh incidents, one second apart, forever. */
    async function endless(): Promise<FakeServer> {
      let n = 0;
      const start = Date.now() - 30 * DAY;
      const fake = await startFakeServer((req) => {
        const limit = Number(req.query.get('limit'));
        const page = slimIncidents(limit, start + n * 1000).map((i, k) => ({ ...i, id: `E${n + k}` }));
        n += limit;
        return { status: 200, body: { incidents: page, limit, offset: Number(req.query.get('offset')), more: true } };
      });
      servers.push(fake);
      return fake;
    }

    it('PagerDuty answering more: true forever stops at the page bound, keeps what it got, and says so', async () => {
      const fake = await endless();
      const { items, error } = await collectUntilError(pdClient(fake, { paging: { maxPages: 30 } }).listIncidents({}));
      assert.equal(items.length, 3000);
      assert.equal(error.kind, 'limit');
      assert.match(error.message, /^PagerDuty stopped after 30 pages \(the limit\): kept 3000 fetched; missing the incidents created after \S+ up to \S+$/);
      assert.equal(fake.requests.length, 30);
    });

    it('and at the item bound, and the time bound', async () => {
      const items = await collectUntilError(pdClient(await endless(), { paging: { maxItems: 450 } }).listIncidents({}));
      assert.match(items.error.message, /^PagerDuty stopped after 450 items \(the limit\): kept 500 fetched/);
      const timed = await collectUntilError(pdClient(await endless(), { paging: { maxMs: 0 } }).listIncidents({}));
      assert.match(timed.error.message, /^PagerDuty stopped after 0 s \(the time limit\)/);
    });

    it('incident.io sending a cursor it sent before is an error, not a loop', async () => {
      const fake = await startFakeServer((req) => ({
        status: 200, body: { incidents: [{ id: `I${req.query.get('after') ?? 0}`, name: 'x', reference: 'INC-1' }], pagination_meta: { after: req.query.get('after') === 'b' ? 'a' : req.query.get('after') ? 'b' : 'a', page_size: 1 } },
      }));
      servers.push(fake);
      const { items, error } = await collectUntilError(new IncidentIoClient({ apiKey: IIO_TOKEN, baseUrl: fake.url, sleep: fakeTime().sleep }).listIncidents({}));
      assert.equal(items.length, 3);
      assert.equal(error.kind, 'malformed');
      assert.match(error.message, /^incident\.io sent a page position it had sent before \(a\), which would repeat forever: kept 3 fetched/);
      assert.deepEqual(fake.requests.map((r) => r.query.get('after')), [null, 'a', 'b']);
    });

    it('a custom provider whose next page goes back is an error, not a loop', async () => {
      const fake = await startFakeRootly(rootlyIncidents(250));
      servers.push(fake);
      fake.faults = (req) => (req.query.get('page[number]') === '2' ? { status: 200, body: { data: rootlyIncidents(100), meta: { next_page: 1 } } } : undefined);
      const rootly = new CustomPlatformClient(presetWith('rootly', { baseUrl: fake.url }), { token: CUSTOM_TOKEN, sleep: fakeTime().sleep });
      const { items, error } = await collectUntilError(rootly.listIncidents({}));
      assert.equal(items.length, 200);
      assert.match(error.message, /^Rootly sent a page position it had sent before \(1\)/);
    });
  });

  describe('2. the timeout does not bound a request', () => {
    it('headers at once, then one byte every 200 ms: an 800 ms deadline ends it, as a timeout', async () => {
      const body = JSON.stringify({ incidents: [], more: false, pad: 'x'.repeat(20) }); // 58 bytes: 11.6 s at this pace
      let closedEarly = false;
      const server: Server = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
        let sent = 0;
        const timer = setInterval(() => { if (sent < body.length) res.write(body[sent++]); else { clearInterval(timer); res.end(); } }, 200);
        res.on('close', () => { clearInterval(timer); closedEarly = sent < body.length; });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push({ close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }) });
      const http = new HttpClient({ platform: 'Acme', baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, headers: {}, secrets: [], timeoutMs: 800 });
      const error = await rejectionOf(http.request({ method: 'GET', path: '/incidents' }));
      assert.deepEqual([(error as PlatformError).kind, error.message], ['timeout', 'Acme did not answer within 1 s (timeout)']);
      while (!closedEarly) await new Promise((resolve) => setTimeout(resolve, 20));
    });

    it('a response past the size cap is refused, whatever its Content-Length says', async () => {
      const fake = await startFakeServer(() => ({ status: 200, body: { data: 'y'.repeat(5000) } }));
      servers.push(fake);
      const http = new HttpClient({ platform: 'Acme', baseUrl: fake.url, headers: {}, secrets: [], maxResponseBytes: 1024 });
      const error = await rejectionOf(http.request({ method: 'GET', path: '/x' }));
      assert.deepEqual([(error as PlatformError).kind, error.message], ['limit', 'Acme sent a response larger than 1 KiB (the limit)']);
    });
  });

  describe('4. a remote id becomes another endpoint', () => {
    it('PagerDuty: "." and ".." are refused before any request; other ids stay one segment on the server', async () => {
      const fake: FakePagerDuty = await startFakePagerDuty();
      servers.push(fake);
      const pd = pdClient(fake);
      for (const id of ['..', '.']) {
        const post = await rejectionOf(pd.postNote(id, { text: 'x', idempotencyKey: 'k' }));
        assert.deepEqual([(post as PlatformError).kind, post.message], ['config', `PagerDuty: "${id}" is not a usable incident id (it would change the request's path)`]);
        assert.equal((await rejectionOf(pd.findNote(id, 'k')) as PlatformError).kind, 'config');
      }
      assert.equal(fake.requests.length, 0);
      for (const id of ['a/b', '%2E%2E', '../incidents', '?x=1#y']) await rejectionOf(pd.postNote(id, { text: 'x', idempotencyKey: 'k' }));
      assert.deepEqual(fake.requests.map((r) => r.path),
        ['/incidents/a%2Fb/notes', '/incidents/%252E%252E/notes', '/incidents/..%2Fincidents/notes', '/incidents/%3Fx%3D1%23y/notes']);
    });

    it('a custom provider: ".." in a note path template is refused too', async () => {
      const fake = await startFakeRootly(rootlyIncidents(1));
      servers.push(fake);
      const rootly = new CustomPlatformClient(presetWith('rootly', { baseUrl: fake.url }), { token: CUSTOM_TOKEN });
      assert.equal((await rejectionOf(rootly.postNote('..', { text: 'x', idempotencyKey: 'k' })) as PlatformError).kind, 'config');
      assert.equal(fake.requests.length, 0);
    });
  });

  describe('5. the token reaches the log', () => {
    const token = 'tok"en\\9+/Zq=Ab~c d';
    const forms = [token, JSON.stringify(token).slice(1, -1), encodeURIComponent(token), Buffer.from(token).toString('base64').slice(0, 20)];

    it('secretForms covers raw, JSON-escaped, URL-encoded and base64 at every alignment', () => {
      for (const prefix of ['', 'u:', 'us:', 'use:']) {
        const basic = Buffer.from(`${prefix}${token}`).toString('base64');
        assert.ok(!scrub(`Basic ${basic}`, [token]).includes(basic.slice(8, 20)), `alignment ${prefix.length}`);
      }
      const text = forms.map((f) => `<${f}>`).join(' ') + ` ${JSON.stringify(JSON.stringify({ t: token }))}`;
      const clean = scrub(text, [token]);
      for (const form of secretForms(token)) assert.ok(!clean.includes(form), form);
      assert.deepEqual(redactHeaders({ 'X-Api-Token': token, Accept: 'a' }, ['x-api-token']), { 'X-Api-Token': '[redacted]', Accept: 'a' });
    });

    it('a custom provider with an X-Api-Token header: an unexpected failure logs no form of the token', async () => {
      // A server that answers with something that is not HTTP: the client's "unexpected" path, which logs its request.
      const sockets = new Set<import('node:net').Socket>();
      const tcp: TcpServer = createTcpServer((socket) => { sockets.add(socket); socket.end('NOT HTTP AT ALL\r\n\r\n'); });
      await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
      servers.push({ close: () => new Promise((resolve) => { sockets.forEach((s) => s.destroy()); tcp.close(resolve); }) });
      const log = captureLog();
      const config = {
        name: 'acme', baseUrl: `http://127.0.0.1:${(tcp.address() as AddressInfo).port}`, auth: { header: 'X-Api-Token', template: '{token}' },
        list: { path: '/incidents', itemsPath: 'items', pagination: { kind: 'cursor', cursorParam: 'after', cursorPath: 'next' } },
        fields: { id: 'id', title: 'title' }, notes: { path: '/incidents/{incidentId}/notes', body: { text: '{text}' } },
      };
      const acme = new CustomPlatformClient(config, { token, logger: log, getRetries: 0 });
      const errors = [await rejectionOf(collect(acme.listIncidents({}))), await rejectionOf(acme.postNote('1', { text: 'x', idempotencyKey: 'k' }))];
      assert.ok(log.lines.length >= 2 && log.lines.every((l) => l.includes('"X-Api-Token":"[redacted]"')), log.lines.join('\n'));
      for (const text of [...log.lines, ...errors.map((e) => `${e.message} ${e.stack}`)]) {
        for (const form of forms) assert.ok(!text.includes(form), `token form ${form} leaked in ${text}`);
      }
    });

    it('an error body that echoes the token JSON-escaped or base64-encoded is scrubbed before it is shown', async () => {
      const fake = await startFakeServer((req) => ({ status: 400, body: { errors: [{ detail: `bad ${header(req, 'x-api-token')} ${Buffer.from(header(req, 'x-api-token')).toString('base64')}` }] } }));
      servers.push(fake);
      const config = {
        name: 'acme', baseUrl: fake.url, auth: { header: 'X-Api-Token', template: '{token}' },
        list: { path: '/incidents', itemsPath: 'items', pagination: { kind: 'cursor', cursorParam: 'after', cursorPath: 'next' } },
        fields: { id: 'id', title: 'title' },
      };
      const error = await rejectionOf(collect(new CustomPlatformClient(config, { token }).listIncidents({})));
      // Base64 may keep a padding character that depends on what follows the token, never the token's own.
      assert.match(error.message, /^acme rejected the request \(400\): bad \[redacted\] \[redacted\][A-Za-z0-9+/]?=*$/);
    });
  });
});

