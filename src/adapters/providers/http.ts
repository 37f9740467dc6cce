// The HTTP plumbing every platform client shares: one axios instance, a deadline for the whole
// request (axios's own timeout is an idle timeout: a server trickling one byte at a time would
// keep it alive forever) and a cap on the response's size, no redirects (a redirect must never
// carry a token to another host), path segments encoded and dot segments refused, JSON parsed
// here so a malformed body is an error we can name, failures worded for the user, GETs retried
// on 429/5xx/timeouts (and the waits: Retry-After, backoff with jitter), and tokens scrubbed from
// everything that leaves this file (redaction.ts says how). Bounded paging is paging.ts's.
import type { AxiosInstance, AxiosResponse, AxiosStatic } from 'axios';
import { randomInt } from 'node:crypto';
import { PlatformError, type PlatformErrorKind } from '../../core/platform';
import type { Logger } from '../../core/ports';
import type { PagingLimits } from './paging';
import { redactHeaders, rememberSecrets, scrub } from './redaction';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
export type QueryParams = Array<[string, string]>;

export const realSleep: Sleep = (ms, signal) => new Promise((resolve, reject) => {
  if (signal?.aborted) return reject(cancelled());
  const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
  const onAbort = () => { clearTimeout(timer); reject(cancelled()); };
  signal?.addEventListener('abort', onAbort, { once: true });
});

export interface HttpClientOptions {
  /** The platform's name as users know it, for messages: 'PagerDuty'. */
  platform: string;
  baseUrl: string;
  /** Sent with every request, credentials included. */
  headers: Record<string, string>;
  /** Values that must never appear in a message or a log line (the token). */
  secrets: readonly string[];
  /** The deadline of one request, from sending it to the last byte of the answer. Default 15 s. */
  timeoutMs?: number;
  /** The most a response body may hold, in bytes (decompressed). Default 8 MiB. */
  maxResponseBytes?: number;
  /** Header names whose values are credentials (besides the usual ones), redacted wherever headers are logged. */
  secretHeaders?: readonly string[];
  logger?: Pick<Logger, 'warn'>;
  sleep?: Sleep;
  /** Extra attempts for a GET that failed in a way worth retrying. Default 3. */
  getRetries?: number;
  /** Pulls the platform's own explanation out of an error body. */
  errorDetail?: (body: unknown) => string | undefined;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Relative to the base URL, or an absolute URL on the same origin (a next-page link). */
  path: string;
  query?: QueryParams;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** What a 404 means, in the user's words: 'incident'. */
  resource?: string;
}

export interface HttpResponse {
  status: number;
  data: unknown;
  headers: Record<string, string>;
}

/** The longest a GET waits inside request() before retrying. */
const MAX_INLINE_WAIT_MS = 60_000;

/** The default cap on a response body. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
/** The most a request body may hold (a note is far smaller). */
const MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * `value` as one path segment: percent-encoded, and never '', '.' or '..', which URL parsing (the
 * client's and the server's) would turn into another endpoint whether encoded or not.
 */
export function pathSegment(value: string, platform: string, what = 'id'): string {
  if (value === '' || value === '.' || value === '..') {
    throw new PlatformError(`${platform}: "${value}" is not a usable ${what} (it would change the request's path)`, 'config');
  }
  try {
    return encodeURIComponent(value);
  } catch {
    throw new PlatformError(`${platform}: the ${what} is not valid text (unpaired surrogate)`, 'config');
  }
}

/**
 * How long a platform asked us to wait: Retry-After (seconds or an HTTP date), PagerDuty's
 * ratelimit-reset (seconds), X-RateLimit-Reset (epoch seconds at incident.io and Rootly).
 */
export function retryAfterMs(headers: Record<string, string>, now: Date): number | undefined {
  const retryAfter = headers['retry-after']?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  for (const name of ['ratelimit-reset', 'x-ratelimit-reset']) {
    const value = Number(headers[name]?.trim() || Number.NaN);
    if (!Number.isFinite(value) || value < 0) continue;
    // Values this large are epoch seconds, not a delay: nobody asks for a 30-year wait.
    return value > 1e9 ? Math.max(0, value * 1000 - now.getTime()) : Math.ceil(value * 1000);
  }
  return undefined;
}

/**
 * Exponential backoff with equal jitter: half of min(max, base x 2^(attempt-1)) for sure, the
 * other half at random, so clients that failed together do not retry together.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: (maxExclusive: number) => number = randomInt): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30));
  const half = Math.floor(ceiling / 2);
  return half + random(half + 1);
}

/** "12 s", "2 min": how a wait reads in a message. */
export function formatWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

/** Only https, or plain http to this machine (tests, local proxies): a token is never sent in clear elsewhere. */
export function checkBaseUrl(baseUrl: string, platform: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new PlatformError(`${platform}: the base URL "${baseUrl}" is not a URL`, 'config');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new PlatformError(`${platform}: the base URL must use https (${url.origin})`, 'config');
  }
  return url;
}

/** What every platform client accepts besides its credentials: timeouts, logging and the clock, injectable for tests. */
export interface PlatformClientOptions {
  timeoutMs?: number;
  maxResponseBytes?: number;
  paging?: PagingLimits;
  logger?: Pick<Logger, 'warn'>;
  sleep?: Sleep;
  getRetries?: number;
  /** For timestamps of notes logged without one. */
  now?: () => Date;
}

/** The PlatformClientOptions every request of a client's HttpClient follows (the rest are the client's own). */
export function requestOptions(options: PlatformClientOptions): Pick<HttpClientOptions, 'timeoutMs' | 'maxResponseBytes' | 'logger' | 'sleep' | 'getRetries'> {
  const { timeoutMs, maxResponseBytes, logger, sleep, getRetries } = options;
  return { timeoutMs, maxResponseBytes, logger, sleep, getRetries };
}

/**
 * axios, loaded on the first request: it is a chunk of its own in the extension bundle
 * (esbuild.mjs), so a workspace that never talks to a platform never loads it.
 */
async function loadAxios(): Promise<AxiosStatic> {
  return (await import('axios')).default;
}

export class HttpClient {
  private client: Promise<{ axios: AxiosStatic; instance: AxiosInstance }> | undefined;
  private readonly base: URL;
  private readonly sleep: Sleep;

  constructor(private readonly options: HttpClientOptions) {
    this.base = checkBaseUrl(options.baseUrl, options.platform);
    this.sleep = options.sleep ?? realSleep;
    rememberSecrets(options.secrets);
  }

  /** The axios instance every request of this client goes through, created on the first one. */
  private connect(): Promise<{ axios: AxiosStatic; instance: AxiosInstance }> {
    this.client ??= loadAxios().then((axios) => ({
      axios,
      instance: axios.create({
        // Idle timeout as well; the deadline below bounds the whole request.
        timeout: this.timeoutMs,
        maxContentLength: this.options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
        maxBodyLength: MAX_REQUEST_BYTES,
        maxRedirects: 0,
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
      }),
    }));
    return this.client;
  }

  get platform(): string {
    return this.options.platform;
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 15_000;
  }

  /** `text` without any of this client's secrets, in any form. */
  redact(text: string): string {
    return scrub(text, this.options.secrets);
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const retries = req.method === 'GET' ? this.options.getRetries ?? 3 : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(req);
      } catch (error) {
        if (!(error instanceof PlatformError) || !error.retryable || attempt >= retries) throw error;
        const wait = error.retryAfterMs ?? backoffDelay(attempt + 1, 250, 5000);
        // A long rate-limit wait is the caller's to schedule (the outbox, the next sync), not ours to sit in.
        if (wait > MAX_INLINE_WAIT_MS) throw error;
        this.options.logger?.warn(`${error.message}; retrying in ${formatWait(wait)}`);
        await this.sleep(wait, req.signal);
      }
    }
  }

  private async once(req: HttpRequest): Promise<HttpResponse> {
    const url = this.urlOf(req);
    const headers = { ...this.options.headers, ...(req.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...req.headers };
    const { axios, instance } = await this.connect();
    let response: AxiosResponse<string>;
    // The deadline covers connecting, sending and every byte of the answer; abort ends the socket.
    const deadline = AbortSignal.timeout(this.timeoutMs);
    try {
      response = await instance.request<string>({
        method: req.method, url: url.toString(), headers,
        signal: req.signal ? AbortSignal.any([req.signal, deadline]) : deadline,
        data: req.body === undefined ? undefined : JSON.stringify(req.body),
      });
    } catch (error) {
      // The axios error holds the request config, headers and token included: only its code leaves.
      const failure = this.transportError(axios, error, req.method !== 'GET', deadline.aborted && !req.signal?.aborted);
      if (failure.kind === 'unexpected') {
        const redacted = redactHeaders(headers, this.options.secretHeaders);
        const detail = `${req.method} ${url.pathname}: ${String((error as Error)?.message)}; headers ${JSON.stringify(redacted)}`;
        this.options.logger?.warn(scrub(`${failure.message}: ${detail}`, this.options.secrets));
      }
      throw failure;
    }
    const answered = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    let data: unknown;
    try {
      data = response.data === '' || response.data === undefined ? undefined : JSON.parse(response.data);
    } catch {
      if (response.status < 400) {
        throw this.fail(`${this.platform} sent a response that is not valid JSON (${response.status})`, 'malformed', {
          status: response.status, uncertain: req.method !== 'GET',
        });
      }
      data = response.data;
    }
    if (response.status >= 200 && response.status < 300) return { status: response.status, data, headers: answered };
    throw this.statusError(response.status, data, answered, req);
  }

  private urlOf(req: HttpRequest): URL {
    const url = /^https?:\/\//i.test(req.path)
      ? new URL(req.path)
      : new URL(this.base.pathname.replace(/\/$/, '') + req.path, this.base.origin);
    if (url.origin !== this.base.origin) {
      throw this.fail(`${this.platform}: refusing to send the token to another host (${url.host})`, 'config');
    }
    for (const [key, value] of req.query ?? []) url.searchParams.append(key, value);
    return url;
  }

  private statusError(status: number, body: unknown, headers: Record<string, string>, req: HttpRequest): PlatformError {
    const p = this.platform;
    // Scrubbed before it is cut, so a cut never leaves half a token behind.
    const detail = this.options.errorDetail?.(body);
    const because = detail ? `: ${this.redact(detail).slice(0, 300)}` : '';
    if (status === 401) return this.fail(`${p} rejected the token (401)`, 'auth', { status });
    if (status === 403) return this.fail(`${p} denied access (403)${because}`, 'forbidden', { status });
    if (status === 404) return this.fail(`${p}: ${req.resource ?? 'resource'} not found (404)`, 'not-found', { status });
    if (status === 429) {
      const wait = retryAfterMs(headers, new Date());
      return this.fail(`${p} rate limited the request (429)`, 'rate-limited', { status, ...(wait === undefined ? {} : { retryAfterMs: wait }) });
    }
    if (status >= 500) return this.fail(`${p} had a server error (${status})`, 'server', { status, uncertain: req.method !== 'GET' });
    if (status >= 300 && status < 400) return this.fail(`${p} answered with a redirect (${status}); check the base URL`, 'config', { status });
    return this.fail(`${p} rejected the request (${status})${because}`, 'rejected', { status });
  }

  private transportError(axios: AxiosStatic, error: unknown, isWrite: boolean, pastDeadline: boolean): PlatformError {
    const code = axios.isAxiosError(error) ? error.code ?? '' : '';
    const p = this.platform;
    if (pastDeadline || code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
      return this.fail(`${p} did not answer within ${formatWait(this.timeoutMs)} (timeout)`, 'timeout', { uncertain: isWrite });
    }
    if (axios.isCancel(error) || code === 'ERR_CANCELED') return this.fail(`${p}: request cancelled`, 'cancelled');
    if (/maxContentLength/.test(String((error as Error)?.message))) {
      const cap = this.options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
      return this.fail(`${p} sent a response larger than ${Math.round(cap / 1024)} KiB (the limit)`, 'limit', { uncertain: isWrite });
    }
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_BAD_RESPONSE' || /socket hang up/i.test(String((error as Error)?.message))) {
      return this.fail(`the connection to ${p} was reset`, 'connection', { uncertain: isWrite });
    }
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
      return this.fail(`could not reach ${p} (${code})`, 'connection');
    }
    return this.fail(`${p}: the request failed (${code || 'unknown error'})`, 'unexpected', { uncertain: isWrite });
  }

  private fail(message: string, kind: PlatformErrorKind, details: { status?: number; retryAfterMs?: number; uncertain?: boolean } = {}): PlatformError {
    return new PlatformError(scrub(message, this.options.secrets), kind, details);
  }
}

function cancelled(): PlatformError {
  return new PlatformError('request cancelled', 'cancelled');
}
