/** Adding the endpoint to a response's `Link` header: once, after whatever Link values are already there. */
import LinkHeader from 'http-link-header';
import { mediaType } from '../html/media-type';

/** A header value as Node's `getHeader` returns it, or as given in a `writeHead` headers object. */
export type HeaderValue = string | number | readonly string[] | null | undefined;

/** The values of a header, one string per header line. */
function lines(value: HeaderValue): string[] {
  if (value === null || value === undefined) return [];
  return (Array.isArray(value) ? value : [String(value)]).filter((v) => v.trim() !== '');
}

/** True when one of the header's Link values has the relation `webmention` (also as one of several, `rel="me webmention"`). */
export function hasWebmentionLink(value: HeaderValue): boolean {
  return lines(value).some((line) => {
    try {
      return LinkHeader.parse(line).has('rel', 'webmention');
    } catch {
      // NOTE: a value the parser cannot read is searched as text, so a malformed one is never doubled.
      return /\brel\s*=\s*"?[^",;]*\bwebmention\b/i.test(line);
    }
  });
}

/** `<endpointUrl>; rel="webmention"`. */
export function webmentionLinkValue(endpointUrl: string): string {
  return `<${endpointUrl}>; rel="webmention"`;
}

/**
 * The Link header with the endpoint appended, or null when it already names a webmention endpoint (leave it).
 * Other values are kept as written: a list of lines gets one more line, a single value gets `, <endpoint>…`.
 */
export function withWebmentionLink(existing: HeaderValue, endpointUrl: string): string | string[] | null {
  if (hasWebmentionLink(existing)) return null;
  const ours = webmentionLinkValue(endpointUrl);
  const current = lines(existing);
  if (current.length === 0) return ours;
  return Array.isArray(existing) ? [...current, ours] : `${current[0]}, ${ours}`;
}

/**
 * What the Link header of a response with this Content-Type should become: the endpoint appended on `text/html`,
 * or null to leave the header as it is (another type, or an endpoint already named).
 */
export function advertisedLink(
  contentType: HeaderValue,
  existing: HeaderValue,
  endpointUrl: string,
): string | string[] | null {
  if (mediaType(lines(contentType)[0]) !== 'text/html') return null;
  return withWebmentionLink(existing, endpointUrl);
}
