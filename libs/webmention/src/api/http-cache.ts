/** HTTP caching of read responses: `Cache-Control` and the next page's `Link`. */

/** `Cache-Control` of a public read response kept `maxAgeSeconds`; 0 asks caches to revalidate every time. */
export function cacheControl(maxAgeSeconds: number): string {
  return maxAgeSeconds > 0 ? `public, max-age=${maxAgeSeconds}` : 'public, no-cache';
}

/** A `Link` header value pointing at the next page. */
export function nextLink(url: string): string {
  return `<${url}>; rel="next"`;
}
