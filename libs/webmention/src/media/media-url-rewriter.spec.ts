import { createHash } from 'node:crypto';
import { WebmentionConfigError } from '../webmention-config.exception';
import { MediaUrlRewriter, proxiedMediaUrl } from './media-url-rewriter';

const PHOTO = 'https://photos.example/me.jpg';
const KEY = createHash('sha256').update(PHOTO).digest('hex');
const proxy = (enabled: boolean, path = '/webmention/media') => ({
  mediaProxy: { enabled, path, cacheDir: './x', ttlMs: 1000, maxBytes: 1024 },
});

describe('MediaUrlRewriter', () => {
  it('maps http(s) URLs to the media route on the base URL when enabled', () => {
    const rewriter = new MediaUrlRewriter(proxy(true), { baseUrl: 'https://blog.example' });
    expect(rewriter.rewrite(PHOTO)).toBe(`https://blog.example/webmention/media/${KEY}`);
    expect(rewriter.rewrite('HTTPS://PHOTOS.example:443/me.jpg')).toBe(`https://blog.example/webmention/media/${KEY}`);
    expect(rewriter.mediaUrl?.(PHOTO)).toBe(`https://blog.example/webmention/media/${KEY}`);
    expect(new MediaUrlRewriter(proxy(true, '/m'), { baseUrl: 'https://blog.example/sub' }).rewrite(PHOTO)).toBe(
      `https://blog.example/sub/m/${KEY}`,
    );
  });

  it('leaves URLs that are not absolute http(s) as they are', () => {
    const rewriter = new MediaUrlRewriter(proxy(true), { baseUrl: 'https://blog.example' });
    expect(rewriter.rewrite('javascript:alert(1)')).toBe('javascript:alert(1)');
    expect(rewriter.rewrite('/local.png')).toBe('/local.png');
  });

  it('returns the original URL, and no hook, when the proxy is off', () => {
    const rewriter = new MediaUrlRewriter(proxy(false), { baseUrl: null });
    expect(rewriter.enabled).toBe(false);
    expect(rewriter.rewrite(PHOTO)).toBe(PHOTO);
    expect(rewriter.mediaUrl).toBeUndefined();
  });

  it('refuses to start enabled without a base URL', () => {
    expect(() => new MediaUrlRewriter(proxy(true), { baseUrl: null })).toThrow(WebmentionConfigError);
    expect(() => new MediaUrlRewriter(proxy(true), { baseUrl: null })).toThrow(/baseUrl/);
  });

  it('proxiedMediaUrl appends the key to the prefix', () => {
    expect(proxiedMediaUrl('https://b.example/m/', PHOTO)).toBe(`https://b.example/m/${KEY}`);
  });
});
