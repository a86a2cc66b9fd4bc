/**
 * Maps a target URL of this site to the content object it shows (a post, a page), or `null` when the URL is not
 * something that accepts Webmentions. Implement it to restrict targets to existing content.
 */
export interface UrlResolver<T = unknown> {
  /** The content object behind `targetUrl`, or `null` to refuse the target. */
  resolve(targetUrl: string): T | null | undefined | Promise<T | null | undefined>;
  /** The absolute URL of a content object returned by {@link UrlResolver.resolve}. */
  getAbsoluteUrl(contentObject: T): string | Promise<string>;
}

/** Injection token of the active {@link UrlResolver}. */
export const UrlResolver = Symbol('WEBMENTION:UrlResolver');
