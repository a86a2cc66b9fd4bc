import { TextDecoder } from 'node:util';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import type { FetchFailure, FetchFailureCode, FetchOutcome, SafeResponse } from './fetch-result';
import { BlockedAddressError, createGuardedConnector, systemLookup } from './guarded-connector';
import type { HostLookup } from './guarded-connector';
import { parseRetryAfter } from './transient';

/** Settings shared by every request of one fetcher. */
export interface SafeFetchOptions {
  /** Allow loopback, private and other non-public destinations. @default false */
  allowPrivateAddresses?: boolean;
  /** Hosts (and their subdomains) exempt from the address guard. @default [] */
  allowedHosts?: string[];
  /** Redirects followed before failing with `too_many_redirects`. @default 5 */
  maxRedirects?: number;
  /** Total time for one request including redirects and body, in ms. @default 5000 */
  timeoutMs?: number;
  /** Time for DNS plus TCP/TLS connection setup, in ms. @default 3000 */
  connectTimeoutMs?: number;
  /** Streamed body cap in bytes; the transfer is aborted past it. @default 1048576 */
  maxBodyBytes?: number;
  /** User-Agent header; must contain "Webmention". @default 'nestjs-webmention (Webmention)' */
  userAgent?: string;
  /** Name resolution, for tests or custom DNS; every address it returns is checked by the guard. @default system `dns.lookup` with `all: true` */
  lookup?: HostLookup;
}

/** Per-request settings. */
export interface SafeRequestInit {
  /** HTTP method. @default 'GET' */
  method?: 'GET' | 'HEAD' | 'POST';
  /** POST body, sent as application/x-www-form-urlencoded. @default undefined */
  form?: Record<string, string>;
  /** Extra request headers; they override the defaults except Accept-Encoding. @default {} */
  headers?: Record<string, string>;
  /** Follow 301/302/303/307/308 keeping POST and its body; otherwise 301/302/303 turn POST into GET, as fetch does. @default false */
  keepMethodOnRedirect?: boolean;
  /** Overrides `SafeFetchOptions.timeoutMs`. @default options.timeoutMs */
  timeoutMs?: number;
  /** Overrides `SafeFetchOptions.maxBodyBytes`. @default options.maxBodyBytes */
  maxBodyBytes?: number;
  /** Overrides `SafeFetchOptions.maxRedirects`. @default options.maxRedirects */
  maxRedirects?: number;
}

/** Default User-Agent sent with every request. */
export const DEFAULT_USER_AGENT = 'nestjs-webmention (Webmention)';

/** Default Accept header: HTML first, then JSON and text. */
export const DEFAULT_ACCEPT =
  'text/html,application/xhtml+xml;q=0.9,application/json;q=0.8,text/plain;q=0.7,*/*;q=0.1';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers the caller may not set: framing and connection management belong to the client. */
const FORBIDDEN_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect', 'accept-encoding']);
/** Credentials that must not follow a redirect to another origin. */
const CROSS_ORIGIN_DROPPED = ['authorization', 'proxy-authorization', 'cookie'];
/** Redirect bodies are read only this far before the connection is given up. */
const REDIRECT_DRAIN_LIMIT = 16 * 1024;

/** Defaults of every {@link SafeFetchOptions} property but `lookup`. */
export const SAFE_FETCH_DEFAULTS: Readonly<Required<Omit<SafeFetchOptions, 'lookup'>>> = {
  allowPrivateAddresses: false,
  allowedHosts: [],
  maxRedirects: 5,
  timeoutMs: 5000,
  connectTimeoutMs: 3000,
  maxBodyBytes: 1048576,
  userAgent: DEFAULT_USER_AGENT,
};

const DEFAULTS: Required<SafeFetchOptions> = { ...SAFE_FETCH_DEFAULTS, lookup: systemLookup };

type Method = 'GET' | 'HEAD' | 'POST';

interface Hop {
  url: URL;
  method: Method;
  body: string | undefined;
  headers: Record<string, string>;
}

class Failure extends Error {
  constructor(
    readonly code: FetchFailureCode,
    message: string,
  ) {
    super(message);
  }
}

function nonNegativeInt(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function parseHttpUrl(input: string, base?: URL): URL | undefined {
  try {
    return new URL(input, base);
  } catch {
    return undefined;
  }
}

function isHttp(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

function errorChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err;
  while (current && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(err: unknown): string {
  // NOTE: Node reports a failed multi-address connect as an AggregateError with an empty message.
  const inner = (err as { errors?: unknown } | null)?.errors;
  if (Array.isArray(inner) && inner.length > 0) return inner.map(describe).join('; ');
  // NOTE: duck-typed rather than `instanceof Error`, which fails for errors from another realm.
  if (err && typeof err === 'object') {
    const { message, name } = err as { message?: unknown; name?: unknown };
    const text = typeof message === 'string' && message ? message : typeof name === 'string' ? name : 'unknown error';
    const code = errorCode(err);
    return code && !text.includes(code) ? `${code}: ${text}` : text;
  }
  return String(err);
}

function normalizeHeaders(raw: Dispatcher.ResponseData['headers']): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const list = out[key] ?? (out[key] = []);
    if (Array.isArray(value)) list.push(...value);
    else list.push(String(value));
  }
  return out;
}

function mediaType(contentType: string | undefined): string {
  if (!contentType) return '';
  return contentType.split(';')[0].trim().toLowerCase();
}

function charsetParam(contentType: string | undefined): string | undefined {
  const match = contentType ? /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType) : null;
  const label = match ? (match[1] ?? match[2]) : undefined;
  return label ? label.trim() : undefined;
}

function bomEncoding(bytes: Buffer): string | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function metaCharset(bytes: Buffer): string | undefined {
  // NOTE: HTML pages often declare their encoding only in a <meta> near the top.
  const head = bytes.subarray(0, 1024).toString('latin1');
  const direct = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return direct ? direct[1] : undefined;
}

function decoderFor(label: string | undefined): TextDecoder {
  if (label) {
    try {
      return new TextDecoder(label);
    } catch {
      // Unknown label: fall through to UTF-8.
    }
  }
  return new TextDecoder('utf-8');
}

/** Windows-1252 characters for bytes 0x80-0x9F; the five undefined bytes map to the C1 control of the same value. */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

/** Decodes a body: BOM, then Content-Type charset, then an HTML <meta> charset, else UTF-8. */
export function decodeBody(bytes: Buffer, contentTypeHeader: string | undefined): string {
  if (bytes.length === 0) return '';
  let label = bomEncoding(bytes) ?? charsetParam(contentTypeHeader);
  if (!label) {
    const type = mediaType(contentTypeHeader);
    if (type === 'text/html' || type === 'application/xhtml+xml' || type === '') label = metaCharset(bytes);
  }
  const decoder = decoderFor(label);
  // NOTE: Node 20's TextDecoder decodes windows-1252 (also used for the latin1/iso-8859-1/ascii labels) as
  // ISO-8859-1, turning smart quotes and the euro sign into control characters.
  if (decoder.encoding === 'windows-1252') return decodeWindows1252(bytes);
  return decoder.decode(bytes);
}

/** Destroys a response body without letting the resulting abort error go unhandled. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Resolves or rejects with `promise`, but rejects as soon as `signal` aborts; a late result is discarded. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onLate?: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const onAbort = (): void => {
      if (done) return;
      done = true;
      reject(signal.reason);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (done) return onLate?.(value);
        done = true;
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (done) return;
        done = true;
        reject(err);
      },
    );
  });
}

/** Fetches remote URLs with an address guard, hand-followed bounded redirects, a total deadline and a body cap. */
export class SafeFetcher {
  /** Effective options, defaults applied. */
  readonly options: Required<SafeFetchOptions>;

  private readonly agent: Agent;

  constructor(options: SafeFetchOptions = {}) {
    const userAgent = options.userAgent ?? DEFAULTS.userAgent;
    if (!/webmention/i.test(userAgent)) {
      throw new TypeError(`SafeFetcher userAgent must contain "Webmention": ${JSON.stringify(userAgent)}`);
    }
    this.options = {
      allowPrivateAddresses: options.allowPrivateAddresses ?? DEFAULTS.allowPrivateAddresses,
      allowedHosts: [...(options.allowedHosts ?? DEFAULTS.allowedHosts)],
      maxRedirects: nonNegativeInt(options.maxRedirects, DEFAULTS.maxRedirects),
      timeoutMs: positive(options.timeoutMs, DEFAULTS.timeoutMs),
      connectTimeoutMs: positive(options.connectTimeoutMs, DEFAULTS.connectTimeoutMs),
      maxBodyBytes: nonNegativeInt(options.maxBodyBytes, DEFAULTS.maxBodyBytes),
      userAgent,
      lookup: options.lookup ?? DEFAULTS.lookup,
    };
    this.agent = new Agent({
      connect: createGuardedConnector({
        allowPrivateAddresses: this.options.allowPrivateAddresses,
        allowedHosts: this.options.allowedHosts,
        lookup: this.options.lookup,
        connectTimeoutMs: this.options.connectTimeoutMs,
      }),
      keepAliveTimeout: 4000,
      keepAliveMaxTimeout: 10000,
      pipelining: 1,
    });
  }

  /** Performs one request, following redirects; never rejects. */
  async request(url: string, init: SafeRequestInit = {}): Promise<FetchOutcome> {
    const redirects: string[] = [];
    const state = { url };
    try {
      return await this.run(url, init, redirects, state);
    } catch (err) {
      if (err instanceof Failure) return this.failure(err.code, err.message, state.url, redirects);
      return this.failure('fetch_error', describe(err), state.url, redirects);
    }
  }

  /** Closes pooled connections; in-flight requests get a short grace period before being cut. */
  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), 1000);
    });
    const result = await Promise.race([this.agent.close().then(() => 'closed' as const), grace]).catch(
      () => 'late' as const,
    );
    clearTimeout(timer);
    if (result === 'late') await this.agent.destroy().catch(() => undefined);
  }

  private failure(code: FetchFailureCode, message: string, url: string, redirects: string[]): FetchFailure {
    return { ok: false, code, message, url, redirects: [...redirects] };
  }

  private async run(
    input: string,
    init: SafeRequestInit,
    redirects: string[],
    state: { url: string },
  ): Promise<FetchOutcome> {
    const start = parseHttpUrl(typeof input === 'string' ? input.trim() : '');
    if (!start || !isHttp(start)) {
      return this.failure('invalid_url', `not an http(s) URL: ${String(input)}`, String(input), redirects);
    }
    state.url = start.href;

    const timeoutMs = positive(init.timeoutMs, this.options.timeoutMs);
    const maxBodyBytes = nonNegativeInt(init.maxBodyBytes, this.options.maxBodyBytes);
    const maxRedirects = nonNegativeInt(init.maxRedirects, this.options.maxRedirects);
    const signal = AbortSignal.timeout(timeoutMs);

    let hop: Hop = {
      url: start,
      method: init.method ?? 'GET',
      body: undefined,
      headers: this.buildHeaders(init),
    };
    if (hop.method === 'POST') {
      hop.body = new URLSearchParams(init.form ?? {}).toString();
      hop.headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const seen = new Set<string>([this.hopKey(hop)]);

    for (;;) {
      state.url = hop.url.href;
      const res = await this.send(hop, signal, timeoutMs);
      const location = REDIRECT_STATUSES.has(res.statusCode) ? this.location(res, hop.url) : undefined;
      if (!location) return await this.finish(res, hop, redirects, signal, timeoutMs, maxBodyBytes);

      await res.body.dump({ limit: REDIRECT_DRAIN_LIMIT, signal }).catch(() => undefined);
      if (!isHttp(location)) {
        throw new Failure('unsupported_redirect', `redirect to unsupported scheme ${location.protocol} from ${hop.url.href}`);
      }
      if (redirects.length >= maxRedirects) {
        throw new Failure('too_many_redirects', `more than ${maxRedirects} redirects`);
      }
      const next = this.redirectHop(hop, res.statusCode, location, init.keepMethodOnRedirect === true);
      const key = this.hopKey(next);
      if (seen.has(key)) throw new Failure('too_many_redirects', `redirect loop back to ${next.url.href}`);
      seen.add(key);
      redirects.push(hop.url.href);
      hop = next;
    }
  }

  private buildHeaders(init: SafeRequestInit): Record<string, string> {
    const headers: Record<string, string> = {
      accept: DEFAULT_ACCEPT,
      'user-agent': this.options.userAgent,
    };
    for (const [name, value] of Object.entries(init.headers ?? {})) {
      const key = name.toLowerCase();
      if (FORBIDDEN_HEADERS.has(key) || typeof value !== 'string') continue;
      headers[key] = value;
    }
    // NOTE: compressed bodies would defeat the byte cap (a small gzip can inflate enormously), so ask for none.
    headers['accept-encoding'] = 'identity';
    return headers;
  }

  private hopKey(hop: Hop): string {
    const url = new URL(hop.url.href);
    url.hash = '';
    return `${hop.method} ${url.href} ${hop.body ?? ''}`;
  }

  private location(res: Dispatcher.ResponseData, base: URL): URL | undefined {
    const raw = res.headers['location'];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value !== 'string' || value.trim() === '') return undefined;
    const target = parseHttpUrl(value.trim(), base);
    // NOTE: as in fetch, a Location without a fragment keeps the fragment of the URL that redirected.
    if (target && !target.hash && base.hash && isHttp(target)) target.hash = base.hash;
    return target;
  }

  private redirectHop(hop: Hop, status: number, location: URL, keepMethod: boolean): Hop {
    const headers = { ...hop.headers };
    let method = hop.method;
    let body = hop.body;
    const toGet =
      !keepMethod &&
      ((status === 303 && method !== 'GET' && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST'));
    if (toGet) {
      method = 'GET';
      body = undefined;
      delete headers['content-type'];
    }
    if (location.origin !== hop.url.origin) {
      for (const name of CROSS_ORIGIN_DROPPED) delete headers[name];
    }
    return { url: location, method, body, headers };
  }

  private async send(hop: Hop, signal: AbortSignal, timeoutMs: number): Promise<Dispatcher.ResponseData> {
    const path = `${hop.url.pathname || '/'}${hop.url.search}`;
    try {
      return await untilAborted(
        this.agent.request({
          origin: hop.url.origin,
          path,
          method: hop.method,
          headers: hop.headers,
          body: hop.body,
          signal,
          // NOTE: the AbortSignal is the real deadline; these only stop undici's 300 s defaults from mattering.
          headersTimeout: timeoutMs + 1000,
          bodyTimeout: timeoutMs + 1000,
        }),
        signal,
        (late) => discard(late.body),
      );
    } catch (err) {
      throw this.classify(err, signal, timeoutMs);
    }
  }

  private classify(err: unknown, signal: AbortSignal, timeoutMs: number): Failure {
    if (err instanceof Failure) return err;
    for (const e of errorChain(err)) {
      if (e instanceof BlockedAddressError) return new Failure('blocked_address', e.message);
    }
    if (signal.aborted) return new Failure('timeout', `no complete response within ${timeoutMs} ms`);
    const code = errorCode(err);
    if (code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new Failure('timeout', `connect timeout after ${this.options.connectTimeoutMs} ms`);
    }
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return new Failure('timeout', describe(err));
    }
    return new Failure('fetch_error', describe(err));
  }

  private async finish(
    res: Dispatcher.ResponseData,
    hop: Hop,
    redirects: string[],
    signal: AbortSignal,
    timeoutMs: number,
    maxBodyBytes: number,
  ): Promise<SafeResponse> {
    const headers = normalizeHeaders(res.headers);
    const first = (name: string): string | undefined => headers[name.toLowerCase()]?.[0];
    const contentTypeHeader = first('content-type');

    let bytes = 0;
    let body = '';
    if (hop.method === 'HEAD') {
      await res.body.dump({ limit: REDIRECT_DRAIN_LIMIT, signal }).catch(() => undefined);
    } else {
      const declared = Number(first('content-length'));
      if (Number.isFinite(declared) && declared > maxBodyBytes) {
        discard(res.body);
        throw new Failure('too_large', `declared Content-Length ${declared} exceeds ${maxBodyBytes} bytes`);
      }
      const buffer = await this.readCapped(res, signal, timeoutMs, maxBodyBytes);
      bytes = buffer.length;
      body = decodeBody(buffer, contentTypeHeader);
    }

    const response: SafeResponse = {
      ok: true,
      url: hop.url.href,
      status: res.statusCode,
      headers,
      header: first,
      contentType: mediaType(contentTypeHeader),
      body,
      bytes,
      redirects: [...redirects],
    };
    const retryAfterMs = parseRetryAfter(first('retry-after'));
    if (retryAfterMs !== undefined) response.retryAfterMs = retryAfterMs;
    return response;
  }

  private async readCapped(
    res: Dispatcher.ResponseData,
    signal: AbortSignal,
    timeoutMs: number,
    maxBodyBytes: number,
  ): Promise<Buffer> {
    const stream = res.body;
    const chunks: Buffer[] = [];
    let total = 0;
    const read = async (): Promise<void> => {
      for await (const chunk of stream) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        total += buf.length;
        if (total > maxBodyBytes) {
          // NOTE: stop the transfer now; nothing past the cap is kept or waited for.
          discard(stream);
          throw new Failure('too_large', `body exceeds ${maxBodyBytes} bytes (aborted after reading ${total} bytes)`);
        }
        chunks.push(buf);
      }
    };
    try {
      await untilAborted(read(), signal);
    } catch (err) {
      discard(stream);
      throw this.classify(err, signal, timeoutMs);
    }
    return Buffer.concat(chunks, total);
  }
}
