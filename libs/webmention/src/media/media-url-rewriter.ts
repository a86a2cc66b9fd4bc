import { Inject, Injectable } from '@nestjs/common';
import { mediaKeyOf } from '../url/media-key';
import type { ResolvedWebmentionExtras, ResolvedWebmentionOptions } from '../resolve-options';
import { WebmentionConfigError } from '../webmention-config.exception';
import { WEBMENTION_EXTRAS, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';

/** `prefix` + the media key of `url` when it is an absolute http(s) URL, else `url` unchanged. */
export function proxiedMediaUrl(prefix: string, url: string): string {
  const key = mediaKeyOf(url);
  return key === null ? url : `${prefix}${key}`;
}

/**
 * Maps a mention's author photo or content image URL to where pages should load it from: the media proxy on this
 * site's origin (`{baseUrl}{mediaProxy.path}/{sha256(url)}`) when it is enabled, else the original URL.
 *
 * Pass {@link MediaUrlRewriter.mediaUrl} as the render core's `mediaUrl` option; it is undefined when the proxy is
 * off, so nothing is rewritten.
 */
@Injectable()
export class MediaUrlRewriter {
  /** Whether the media proxy is on. */
  readonly enabled: boolean;
  private readonly prefix: string;

  constructor(
    @Inject(WEBMENTION_EXTRAS) extras: Pick<ResolvedWebmentionExtras, 'mediaProxy'>,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) options: Pick<ResolvedWebmentionOptions, 'baseUrl'>,
  ) {
    this.enabled = extras.mediaProxy.enabled;
    if (this.enabled && !options.baseUrl) {
      throw new WebmentionConfigError(
        'mediaProxy.enabled needs the baseUrl option (e.g. https://example.com): proxied image URLs are absolute.',
      );
    }
    this.prefix = `${options.baseUrl ?? ''}${extras.mediaProxy.path}/`;
  }

  /** The URL to load `url` from: proxied when the proxy is on and `url` is absolute http(s), else `url` itself. */
  rewrite(url: string): string {
    return this.enabled ? proxiedMediaUrl(this.prefix, url) : url;
  }

  /** The render core's `mediaUrl` hook: {@link rewrite} when the proxy is on, undefined when it is off. */
  get mediaUrl(): ((url: string) => string) | undefined {
    return this.enabled ? (url) => this.rewrite(url) : undefined;
  }
}
