// A loopback HTTP server for fake platforms: routes in, JSON out, and faults on demand
// (resets before or after the request takes effect, hangs, malformed bodies, 5xx, 429).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed JSON, or undefined (no body, or not JSON: see rawBody). */
  body: unknown;
  rawBody: string;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * What goes wrong with one request:
 * - reset: the connection dies before the platform acts;
 * - reset-after: the platform acts (stores the note), then the connection dies unanswered;
 * - hang: the platform never answers (the client's timeout fires);
 * - malformed: the platform acts, then answers 200 with a body that is not JSON;
 * - delay: the platform acts, and answers 150 ms later;
 * - trickle: the platform acts, sends its headers at once, then one byte of the body every 50 ms;
 * - duplicate: the request reaches the platform twice (a retrying proxy), the second answer is sent;
 * - a reply: answered instead of the route (a 500, a 429 with its headers).
 */
export type Fault = 'reset' | 'reset-after' | 'hang' | 'malformed' | 'delay' | 'trickle' | 'duplicate' | FakeReply;

export type Route = (req: FakeRequest) => FakeReply;

export interface FakeServer {
  url: string;
  /** Every request received, faulty ones included, in order. */
  requests: FakeRequest[];
  /** Decides, per request, whether it fails and how; undefined: it does not. */
  faults: (req: FakeRequest, index: number) => Fault | undefined;
  close(): Promise<void>;
}

export async function startFakeServer(route: Route): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  const fake: FakeServer = { url: '', requests: [], faults: () => undefined, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(fake, route, req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  });
  return fake;
}

function handle(fake: FakeServer, route: Route, req: IncomingMessage, res: ServerResponse, rawBody: string): void {
  const url = new URL(req.url ?? '/', 'http://fake');
  let body: unknown;
  try {
    body = rawBody ? JSON.parse(rawBody) : undefined;
  } catch {
    body = undefined;
  }
  const request: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, rawBody };
  const index = fake.requests.push(request) - 1;
  const fault = fake.faults(request, index);
  if (fault === 'reset') return void req.socket.destroy();
  if (fault === 'hang') return;
  if (typeof fault === 'object') return send(res, fault);
  if (fault === 'duplicate') route(request);
  const reply = route(request);
  if (fault === 'reset-after') return void req.socket.destroy();
  if (fault === 'delay') return void setTimeout(() => send(res, reply), 150);
  if (fault === 'trickle') return trickle(res, reply);
  if (fault === 'malformed') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return void res.end('{"note": {"id": "trunc');
  }
  send(res, reply);
}

/** Headers now, then the body one byte every 50 ms, until it is all out or the client hangs up. */
export function trickle(res: ServerResponse, reply: FakeReply, everyMs = 50): void {
  const text = Buffer.from(reply.body === undefined ? '' : JSON.stringify(reply.body));
  res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': String(text.length), ...reply.headers });
  let sent = 0;
  const timer = setInterval(() => {
    if (res.destroyed || sent >= text.length) { clearInterval(timer); return void res.end(); }
    res.write(text.subarray(sent, ++sent));
  }, everyMs);
  res.on('close', () => clearInterval(timer));
}

function send(res: ServerResponse, reply: FakeReply): void {
  const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
  res.end(text);
}

/** Deterministic flakiness: every `every`-th request fails, cycling through `faults`. */
export function everyNth(every: number, faults: readonly Fault[]): FakeServer['faults'] {
  let failures = 0;
  return (_req, index) => ((index + 1) % every === 0 ? faults[failures++ % faults.length] : undefined);
}

/** The value of one header as a string ('' when missing). */
export function header(req: FakeRequest, name: string): string {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value ?? '';
}
