// The SafeFetcher HTTP client: guarded connections, hand-followed bounded redirects, a total deadline and a body cap.
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import { discard, untilAborted } from './abort';
import { mediaType } from '../html/media-type';
import { decodeBody } from './decode-body';
import { isTransientFailure } from './transient';
import { classifyFetchError, describeError, FetchFailureError } from './fetch-errors';
import type { FetchFailure, FetchFailureCode, FetchOutcome, SafeResponse } from './fetch-result';
import { createGuardedConnector } from './guarded-connector';
import { withNegativeLookupCache } from './negative-lookup-cache';
import { buildRequestHeaders, normalizeHeaders } from './headers';
import {
  hopKey,
  initialHop,
  isHttp,
  parseHttpUrl,
  REDIRECT_STATUSES,
  redirectHop,
  redirectLocation,
} from './redirects';
import type { Hop } from './redirects';
import { resolveRequestLimits, resolveSafeFetchOptions } from './safe-fetch.options';
import type { SafeFetchOptions, SafeRequestInit } from './safe-fetch.options';
import { parseRetryAfter } from './transient';

export { decodeBody } from './decode-body';
export { DEFAULT_ACCEPT, DEFAULT_USER_AGENT, SAFE_FETCH_DEFAULTS } from './safe-fetch.options';
export type { SafeFetchOptions, SafeRequestInit } from './safe-fetch.options';

/** Redirect bodies are read only this far before the connection is given up. */
const REDIRECT_DRAIN_LIMIT = 16 * 1024;

/** Fetches remote URLs with an address guard, hand-followed bounded redirects, a total deadline and a body cap. */
export class SafeFetcher {
  /** Effective options, defaults applied. */
  readonly options: Required<SafeFetchOptions>;

  private readonly agent: Agent;

  constructor(options: SafeFetchOptions = {}) {
    this.options = resolveSafeFetchOptions(options);
    this.agent = new Agent({
      connect: createGuardedConnector({
        allowPrivateAddresses: this.options.allowPrivateAddresses,
        allowedHosts: this.options.allowedHosts,
        lookup: withNegativeLookupCache(this.options.lookup, this.options.dnsFailureTtlMs),
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
      if (err instanceof FetchFailureError) return this.failure(err.reason, err.message, state.url, redirects);
      return this.failure('fetch_error', describeError(err), state.url, redirects);
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

  private failure(reason: FetchFailureCode, message: string, url: string, redirects: string[]): FetchFailure {
    return { ok: false, reason, message, transient: isTransientFailure(reason), url, redirects: [...redirects] };
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

    const { timeoutMs, maxBodyBytes, maxRedirects } = resolveRequestLimits(init, this.options);
    const signal = AbortSignal.timeout(timeoutMs);

    let hop = initialHop(start, init, buildRequestHeaders(this.options.userAgent, init.headers));
    const seen = new Set<string>([hopKey(hop)]);

    for (;;) {
      state.url = hop.url.href;
      const res = await this.send(hop, signal, timeoutMs);
      const location = REDIRECT_STATUSES.has(res.statusCode)
        ? redirectLocation(res.headers['location'], hop.url)
        : undefined;
      if (!location) return await this.finish(res, hop, redirects, signal, timeoutMs, maxBodyBytes, init.binary);

      await res.body.dump({ limit: REDIRECT_DRAIN_LIMIT, signal }).catch(() => undefined);
      if (!isHttp(location)) {
        throw new FetchFailureError(
          'unsupported_redirect',
          `redirect to unsupported scheme ${location.protocol} from ${hop.url.href}`,
        );
      }
      if (redirects.length >= maxRedirects) {
        throw new FetchFailureError('too_many_redirects', `more than ${maxRedirects} redirects`);
      }
      const next = redirectHop(hop, res.statusCode, location, init.keepMethodOnRedirect === true);
      const key = hopKey(next);
      if (seen.has(key)) throw new FetchFailureError('too_many_redirects', `redirect loop back to ${next.url.href}`);
      seen.add(key);
      redirects.push(hop.url.href);
      hop = next;
    }
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
          // NOTE: undici closes the connection after a HEAD by default, for servers that wrongly send a body; keep it
          // open so that discovery's HEAD, GET and the POST to one site share it. Stray bytes on an idle connection
          // make undici drop that connection, not fail a request.
          reset: hop.method === 'HEAD' ? false : undefined,
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

  private classify(err: unknown, signal: AbortSignal, timeoutMs: number): FetchFailureError {
    return classifyFetchError(err, {
      aborted: signal.aborted,
      timeoutMs,
      connectTimeoutMs: this.options.connectTimeoutMs,
    });
  }

  private async finish(
    res: Dispatcher.ResponseData,
    hop: Hop,
    redirects: string[],
    signal: AbortSignal,
    timeoutMs: number,
    maxBodyBytes: number,
    binary = false,
  ): Promise<SafeResponse> {
    const headers = normalizeHeaders(res.headers);
    const first = (name: string): string | undefined => headers[name.toLowerCase()]?.[0];
    const contentTypeHeader = first('content-type');

    let bytes = 0;
    let body = '';
    let raw: Buffer | undefined;
    if (hop.method === 'HEAD') {
      await res.body.dump({ limit: REDIRECT_DRAIN_LIMIT, signal }).catch(() => undefined);
    } else {
      const declared = Number(first('content-length'));
      if (Number.isFinite(declared) && declared > maxBodyBytes) {
        discard(res.body);
        throw new FetchFailureError('too_large', `declared Content-Length ${declared} exceeds ${maxBodyBytes} bytes`);
      }
      const buffer = await this.readCapped(res, signal, timeoutMs, maxBodyBytes);
      bytes = buffer.length;
      if (binary) raw = buffer;
      else body = decodeBody(buffer, contentTypeHeader);
    }
    // NOTE: undici gives the connection back to its pool only after this turn of the event loop; the request that
    // often follows at once (discovery's GET after the HEAD, the POST after discovery) would open a second one.
    await new Promise<void>((resolve) => setImmediate(resolve));

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
    if (raw) response.raw = raw;
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
          throw new FetchFailureError(
            'too_large',
            `body exceeds ${maxBodyBytes} bytes (aborted after reading ${total} bytes)`,
          );
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
