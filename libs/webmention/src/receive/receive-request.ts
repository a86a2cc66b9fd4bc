import { mediaType } from '../html/media-type';
import { parseHttpUrl, sameResource } from '../url/url-validate';
import { isPostKey, POST_KEY_PARAM } from './per-post-endpoint';

/** Codes of requests refused at the endpoint. */
export type ReceiveErrorCode =
  | 'invalid_content_type'
  | 'missing_source'
  | 'missing_target'
  | 'invalid_source'
  | 'invalid_target'
  | 'same_source_target'
  | 'target_not_accepted'
  | 'invalid_post'
  | 'target_mismatch'
  | 'request_too_large'
  | 'temporarily_unavailable';

/** A refused request: its HTTP status, code and a sentence for humans. */
export interface ReceiveError {
  status: 400 | 413 | 503;
  code: ReceiveErrorCode;
  message: string;
  /** With 503: when the sender may try again, in seconds (sent as `Retry-After`). */
  retryAfterSeconds?: number;
}

/** What the endpoint got. */
export interface ReceiveRequestInput {
  contentType: string | undefined;
  contentLength: number | undefined;
  body: unknown;
  /** The `post` query parameter of a per-post endpoint (`ENDPOINT?post=<key>`), when the request URL has one. */
  post?: unknown;
}

/** Limits of {@link checkReceiveRequest}. */
export interface ReceiveRequestLimits {
  maxUrlLength: number;
  maxRequestBytes: number;
  targetHosts: readonly string[];
}

/** A request that passed the synchronous checks. */
export interface ValidReceiveRequest {
  source: URL;
  target: URL;
  /** The post key of a per-post endpoint; the target must resolve to that post. */
  post?: string;
}

function fail(code: ReceiveErrorCode, message: string, status: 400 | 413 = 400): { ok: false; error: ReceiveError } {
  return { ok: false, error: { status, code, message } };
}

function field(body: Record<string, unknown>, name: 'source' | 'target'): string | { error: string } | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return { error: `${name} must be given once, as a single URL` };
  return value.trim() === '' ? undefined : value;
}

/**
 * The target's host as compared with `targetHosts`: an entry with a port accepts that port only (the scheme's default
 * port counts, so `example.com:443` accepts `https://example.com/`), an entry without one accepts any port.
 */
function targetHostAccepted(target: URL, targetHosts: readonly string[]): boolean {
  const hostname = target.hostname.toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return targetHosts.some((entry) => {
    const withPort = /^(.+):(\d+)$/.exec(entry);
    return withPort ? withPort[1] === hostname && withPort[2] === port : entry === hostname;
  });
}

/**
 * The synchronous checks of a Webmention request (W3C Webmention §3.2.1): content type, size, presence and form of
 * `source` and `target`, source ≠ target, target on one of our hosts. Pure; the endpoint answers 400/413 on failure.
 */
export function checkReceiveRequest(
  input: ReceiveRequestInput,
  limits: ReceiveRequestLimits,
): { ok: true; value: ValidReceiveRequest } | { ok: false; error: ReceiveError } {
  if (input.contentLength !== undefined && input.contentLength > limits.maxRequestBytes) {
    return fail('request_too_large', `the request body must be at most ${limits.maxRequestBytes} bytes`, 413);
  }
  if (mediaType(input.contentType) !== 'application/x-www-form-urlencoded') {
    return fail('invalid_content_type', 'send the request as application/x-www-form-urlencoded with source and target');
  }
  if (input.post !== undefined && !isPostKey(input.post)) {
    return fail(
      'invalid_post',
      `the ${POST_KEY_PARAM} parameter of this endpoint URL must be a post key of 16 hex digits`,
    );
  }
  const body = (typeof input.body === 'object' && input.body !== null ? input.body : {}) as Record<string, unknown>;
  const approximateSize = Object.entries(body).reduce(
    (n, [k, v]) => n + k.length + (typeof v === 'string' ? v.length : JSON.stringify(v ?? '').length) + 2,
    0,
  );
  if (approximateSize > limits.maxRequestBytes) {
    return fail('request_too_large', `the request body must be at most ${limits.maxRequestBytes} bytes`, 413);
  }
  const rawSource = field(body, 'source');
  if (rawSource === undefined) return fail('missing_source', 'the source parameter is required');
  if (typeof rawSource === 'object') return fail('invalid_source', rawSource.error);
  const rawTarget = field(body, 'target');
  if (rawTarget === undefined) return fail('missing_target', 'the target parameter is required');
  if (typeof rawTarget === 'object') return fail('invalid_target', rawTarget.error);

  const source = parseHttpUrl(rawSource, { maxLength: limits.maxUrlLength, label: 'source' });
  if (!source.ok) return fail('invalid_source', source.message);
  const target = parseHttpUrl(rawTarget, { maxLength: limits.maxUrlLength, label: 'target' });
  if (!target.ok) return fail('invalid_target', target.message);
  if (sameResource(source.url.href, target.url.href)) {
    return fail('same_source_target', 'source and target must be different URLs');
  }
  if (!targetHostAccepted(target.url, limits.targetHosts)) {
    return fail('target_not_accepted', `target must be a URL on ${limits.targetHosts.join(', ')}`);
  }
  const post = isPostKey(input.post) ? { post: input.post } : {};
  return { ok: true, value: { source: source.url, target: target.url, ...post } };
}
