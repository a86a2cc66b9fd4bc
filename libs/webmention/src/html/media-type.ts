/** Reading Content-Type values. */

/** Media type of a Content-Type value: lowercased `type/subtype` without parameters, '' when there is none. */
export function mediaType(contentType: string | null | undefined): string {
  if (typeof contentType !== 'string') return '';
  return contentType.split(';')[0].trim().toLowerCase();
}

/** True for `text/html` and `application/xhtml+xml` (parameters and case ignored). */
export function isHtmlMediaType(contentType: string | null | undefined): boolean {
  const type = mediaType(contentType);
  return type === 'text/html' || type === 'application/xhtml+xml';
}

const JSON_SUFFIX = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+\+json$/;

/** True for `application/json` and any `+json` type such as `application/activity+json`. */
export function isJsonMediaType(contentType: string | null | undefined): boolean {
  const type = mediaType(contentType);
  return type === 'application/json' || JSON_SUFFIX.test(type);
}

/** True for plain text, `text/plain` (other `text/*` types such as `text/xml` are not plain text). */
export function isTextMediaType(contentType: string | null | undefined): boolean {
  return mediaType(contentType) === 'text/plain';
}
