import type { UrlResolver } from '../interfaces/url-resolver.interface';

/** Content object of {@link HostUrlResolver}: just the URL. */
export interface UrlContentObject {
  url: string;
}

/**
 * The default {@link UrlResolver}: accepts every URL (the endpoint has already checked that the target is on one of
 * `targetHosts`) and stands for it with `{ url }`. Replace it to accept only URLs of existing content.
 */
export class HostUrlResolver implements UrlResolver<UrlContentObject> {
  /** Returns `{ url: targetUrl }`. */
  resolve(targetUrl: string): UrlContentObject {
    return { url: targetUrl };
  }

  /** Returns the object's URL. */
  getAbsoluteUrl(contentObject: UrlContentObject): string {
    return contentObject.url;
  }
}
