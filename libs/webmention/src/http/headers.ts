// Header handling: the request headers the client sends and the normalised response headers it returns.
import type { Dispatcher } from 'undici';
import { DEFAULT_ACCEPT } from './safe-fetch.options';

/** Headers the caller may not set: framing and connection management belong to the client. */
const FORBIDDEN_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'accept-encoding',
]);

/** Default Accept and `userAgent`, overridden by the caller's `extra` headers (lowercased, forbidden ones skipped). */
export function buildRequestHeaders(userAgent: string, extra?: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {
    accept: DEFAULT_ACCEPT,
    'user-agent': userAgent,
  };
  for (const [name, value] of Object.entries(extra ?? {})) {
    const key = name.toLowerCase();
    if (FORBIDDEN_HEADERS.has(key) || typeof value !== 'string') continue;
    headers[key] = value;
  }
  // NOTE: compressed bodies would defeat the byte cap (a small gzip can inflate enormously), so ask for none.
  headers['accept-encoding'] = 'identity';
  return headers;
}

/** Response headers with lowercased names, every value kept in order as a list. */
export function normalizeHeaders(raw: Dispatcher.ResponseData['headers']): Record<string, string[]> {
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
