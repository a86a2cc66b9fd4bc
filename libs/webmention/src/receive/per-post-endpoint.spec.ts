import { endpointUrlOf, isPostKey, postKeyOf } from './per-post-endpoint';
import { checkReceiveRequest } from './receive-request';

const POST = 'https://blog.example/posts/hello';

describe('postKeyOf', () => {
  it('is 16 hex characters, the same for every spelling the matching policy treats as one URL', () => {
    const key = postKeyOf(POST);
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    for (const spelling of [
      'https://BLOG.example/posts/hello',
      'https://www.blog.example/posts/hello',
      'https://blog.example/posts/hello/',
      'https://blog.example/posts/hello#comments',
    ]) {
      expect(postKeyOf(spelling)).toBe(key);
    }
  });

  it('differs between posts, schemes and query strings', () => {
    const keys = new Set(
      [
        POST,
        'https://blog.example/posts/other',
        'http://blog.example/posts/hello',
        'https://blog.example/posts/hello?page=2',
        'https://blog.example:8443/posts/hello',
      ].map(postKeyOf),
    );
    expect(keys.size).toBe(5);
  });

  it('keys a URL outside the policy (not http) by its text rather than failing', () => {
    expect(postKeyOf('urn:post:1')).toMatch(/^[0-9a-f]{16}$/);
    expect(postKeyOf('urn:post:1')).not.toBe(postKeyOf('urn:post:2'));
  });
});

describe('isPostKey', () => {
  it('accepts a key and refuses anything else', () => {
    expect(isPostKey(postKeyOf(POST))).toBe(true);
    for (const bad of [
      '',
      'abc',
      '0123456789ABCDEF',
      '0123456789abcdef0',
      'g123456789abcdef',
      ['0123456789abcdef'],
      7,
    ]) {
      expect(isPostKey(bad)).toBe(false);
    }
  });
});

describe('endpointUrlOf', () => {
  it('joins base and path, and adds the post key as a query parameter', () => {
    expect(endpointUrlOf('https://blog.example', '/webmention')).toBe('https://blog.example/webmention');
    expect(endpointUrlOf('https://blog.example/', '/webmention', null)).toBe('https://blog.example/webmention');
    expect(endpointUrlOf('https://blog.example/site', '/wm', '0123456789abcdef')).toBe(
      'https://blog.example/site/wm?post=0123456789abcdef',
    );
  });
});

describe('checkReceiveRequest with a post key', () => {
  const limits = { maxUrlLength: 2048, maxRequestBytes: 8192, targetHosts: ['blog.example'] };
  const check = (post: unknown) =>
    checkReceiveRequest(
      {
        contentType: 'application/x-www-form-urlencoded',
        contentLength: undefined,
        body: { source: 'https://other.example/reply', target: POST },
        post,
      },
      limits,
    );

  it('passes a well-formed key on to the service', () => {
    const key = postKeyOf(POST);
    expect(check(key)).toEqual({
      ok: true,
      value: { source: new URL('https://other.example/reply'), target: new URL(POST), post: key },
    });
  });

  it('is unchanged without one', () => {
    const result = check(undefined);
    expect(result.ok && 'post' in result.value).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['too short', 'abc'],
    ['upper case', '0123456789ABCDEF'],
    ['given twice', ['0123456789abcdef', '0123456789abcdef']],
    ['an object', { a: '1' }],
  ])('refuses a post key that is %s with 400 invalid_post', (_name, post) => {
    expect(check(post)).toEqual({
      ok: false,
      error: {
        status: 400,
        code: 'invalid_post',
        message: 'the post parameter of this endpoint URL must be a post key of 16 hex digits',
      },
    });
  });
});
