import { checkReceiveRequest, ReceiveErrorCode, ReceiveRequestInput, ReceiveRequestLimits } from './receive-request';

const FORM = 'application/x-www-form-urlencoded';
const TARGET = 'https://blog.example/posts/hello';
const SOURCE = 'https://other.example/reply';
const LIMITS: ReceiveRequestLimits = { maxUrlLength: 100, maxRequestBytes: 512, targetHosts: ['blog.example'] };

function check(
  body: unknown,
  overrides: Partial<ReceiveRequestInput> = {},
  limits: Partial<ReceiveRequestLimits> = {},
) {
  return checkReceiveRequest(
    { contentType: FORM, contentLength: undefined, body, ...overrides },
    { ...LIMITS, ...limits },
  );
}

function refused(result: ReturnType<typeof check>): { status: number; code: ReceiveErrorCode; message: string } {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('checkReceiveRequest', () => {
  it('accepts a form with source and target, returning both parsed', () => {
    const result = check({ source: `  ${SOURCE}  `, target: TARGET });
    expect(result).toEqual({ ok: true, value: { source: new URL(SOURCE), target: new URL(TARGET) } });
  });

  it.each([
    ['with a charset', `${FORM}; charset=utf-8`],
    ['in upper case', 'Application/X-WWW-Form-Urlencoded'],
    ['with spaces', `  ${FORM} ;charset=UTF-8`],
  ])('accepts the form content type %s', (_name, contentType) => {
    expect(check({ source: SOURCE, target: TARGET }, { contentType }).ok).toBe(true);
  });

  it.each([
    ['no content type', undefined],
    ['JSON', 'application/json'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['text', 'text/plain'],
    ['a lookalike', 'application/x-www-form-urlencoded-evil'],
  ])('refuses %s with 400 invalid_content_type', (_name, contentType) => {
    expect(refused(check({ source: SOURCE, target: TARGET }, { contentType }))).toEqual({
      status: 400,
      code: 'invalid_content_type',
      message: expect.stringContaining('application/x-www-form-urlencoded'),
    });
  });

  it.each<[string, unknown, ReceiveErrorCode, string]>([
    ['no body', undefined, 'missing_source', 'the source parameter is required'],
    ['a string body', 'source=x', 'missing_source', 'the source parameter is required'],
    ['no source', { target: TARGET }, 'missing_source', 'the source parameter is required'],
    ['a null source', { source: null, target: TARGET }, 'missing_source', 'the source parameter is required'],
    ['an empty source', { source: '', target: TARGET }, 'missing_source', 'the source parameter is required'],
    ['a blank source', { source: '   ', target: TARGET }, 'missing_source', 'the source parameter is required'],
    [
      'a source given twice',
      { source: [SOURCE, SOURCE], target: TARGET },
      'invalid_source',
      'source must be given once, as a single URL',
    ],
    [
      'a source given as an object',
      { source: { a: '1' }, target: TARGET },
      'invalid_source',
      'source must be given once, as a single URL',
    ],
    ['no target', { source: SOURCE }, 'missing_target', 'the target parameter is required'],
    ['a blank target', { source: SOURCE, target: ' ' }, 'missing_target', 'the target parameter is required'],
    [
      'a target given twice',
      { source: SOURCE, target: [TARGET, TARGET] },
      'invalid_target',
      'target must be given once, as a single URL',
    ],
    [
      'an unparseable source',
      { source: 'not a url', target: TARGET },
      'invalid_source',
      'source must be an absolute http(s) URL',
    ],
    [
      'a relative source',
      { source: '/reply', target: TARGET },
      'invalid_source',
      'source must be an absolute http(s) URL',
    ],
    [
      'an ftp source',
      { source: 'ftp://other.example/x', target: TARGET },
      'invalid_source',
      'source must use the http or https scheme',
    ],
    [
      'a source with userinfo',
      { source: 'https://u:p@other.example/', target: TARGET },
      'invalid_source',
      'source must not contain a user name or password',
    ],
    [
      'a source with empty userinfo',
      { source: 'https://@other.example/', target: TARGET },
      'invalid_source',
      'source must not contain a user name or password',
    ],
    [
      'a source over maxUrlLength',
      { source: `https://other.example/${'a'.repeat(80)}`, target: TARGET },
      'invalid_source',
      'source must be at most 100 characters',
    ],
    [
      'an unparseable target',
      { source: SOURCE, target: 'https://' },
      'invalid_target',
      'target must be an absolute http(s) URL',
    ],
    [
      'a mailto target',
      { source: SOURCE, target: 'mailto:me@blog.example' },
      'invalid_target',
      'target must use the http or https scheme',
    ],
    [
      'a target with userinfo',
      { source: SOURCE, target: 'https://me@blog.example/x' },
      'invalid_target',
      'target must not contain a user name or password',
    ],
    [
      'a target over maxUrlLength',
      { source: SOURCE, target: `https://blog.example/${'a'.repeat(80)}` },
      'invalid_target',
      'target must be at most 100 characters',
    ],
    [
      'source equal to target',
      { source: TARGET, target: TARGET },
      'same_source_target',
      'source and target must be different URLs',
    ],
    [
      'source equal to target but for case and fragment',
      { source: 'HTTPS://Blog.Example/posts/hello#c', target: TARGET },
      'same_source_target',
      'source and target must be different URLs',
    ],
    [
      'source equal to target but for the default port',
      { source: 'https://blog.example:443/posts/hello', target: TARGET },
      'same_source_target',
      'source and target must be different URLs',
    ],
    [
      'a target on another host',
      { source: SOURCE, target: 'https://elsewhere.example/x' },
      'target_not_accepted',
      'target must be a URL on blog.example',
    ],
    [
      'a target on a subdomain',
      { source: SOURCE, target: 'https://www.blog.example/x' },
      'target_not_accepted',
      'target must be a URL on blog.example',
    ],
    [
      'a target on a lookalike host',
      { source: SOURCE, target: 'https://blog.example.evil/x' },
      'target_not_accepted',
      'target must be a URL on blog.example',
    ],
  ])('refuses %s with 400', (_name, body, code, message) => {
    expect(refused(check(body))).toEqual({ status: 400, code, message });
  });

  it('checks source before target and form before hosts', () => {
    expect(refused(check({ source: 'nope', target: 'nope' })).code).toBe('invalid_source');
    expect(refused(check({ target: 'https://elsewhere.example/' })).code).toBe('missing_source');
    expect(refused(check({ source: 'https://elsewhere.example/', target: 'https://elsewhere.example/' })).code).toBe(
      'same_source_target',
    );
  });

  it('tells which hosts are accepted when several are configured', () => {
    const error = refused(
      check({ source: SOURCE, target: 'https://x.example/' }, {}, { targetHosts: ['blog.example', 'notes.example'] }),
    );
    expect(error.message).toBe('target must be a URL on blog.example, notes.example');
  });

  describe('413 request_too_large', () => {
    const tooLarge = { status: 413, code: 'request_too_large', message: 'the request body must be at most 512 bytes' };

    it('refuses a Content-Length over maxRequestBytes before looking at anything else', () => {
      expect(refused(check({ source: SOURCE, target: TARGET }, { contentLength: 513 }))).toEqual(tooLarge);
      expect(refused(check(undefined, { contentLength: 10_000, contentType: 'text/plain' }))).toEqual(tooLarge);
    });

    it('accepts a Content-Length of exactly maxRequestBytes', () => {
      expect(check({ source: SOURCE, target: TARGET }, { contentLength: 512 }).ok).toBe(true);
    });

    it('refuses a parsed body over the cap when no Content-Length was sent (chunked)', () => {
      expect(refused(check({ source: SOURCE, target: TARGET, padding: 'x'.repeat(600) }))).toEqual(tooLarge);
    });

    it('counts repeated and nested fields too', () => {
      const many = Array.from({ length: 60 }, () => 'https://other.example/');
      expect(refused(check({ source: many, target: TARGET }))).toEqual(tooLarge);
      expect(refused(check({ source: SOURCE, target: TARGET, nested: { deep: 'y'.repeat(600) } }))).toEqual(tooLarge);
    });

    it('ignores a Content-Length that is not a number, and judges the parsed body', () => {
      expect(check({ source: SOURCE, target: TARGET }, { contentLength: Number('abc') }).ok).toBe(true);
    });
  });

  describe('target hosts', () => {
    const accepts = (targetHosts: string[], target: string) =>
      check({ source: SOURCE, target }, {}, { targetHosts }).ok;

    it('accepts any port for an entry without one', () => {
      expect(accepts(['blog.example'], 'https://blog.example/x')).toBe(true);
      expect(accepts(['blog.example'], 'http://blog.example:8080/x')).toBe(true);
    });

    it('accepts only the given port for an entry with one', () => {
      expect(accepts(['127.0.0.1:3000'], 'http://127.0.0.1:3000/posts/x')).toBe(true);
      expect(accepts(['127.0.0.1:3000'], 'http://127.0.0.1:3001/posts/x')).toBe(false);
      expect(accepts(['127.0.0.1:3000'], 'http://127.0.0.1/posts/x')).toBe(false);
    });

    it("counts the scheme's default port", () => {
      expect(accepts(['blog.example:443'], 'https://blog.example/x')).toBe(true);
      expect(accepts(['blog.example:443'], 'http://blog.example/x')).toBe(false);
      expect(accepts(['blog.example:8443'], 'https://blog.example/x')).toBe(false);
      expect(accepts(['blog.example:8443'], 'https://blog.example:8443/x')).toBe(true);
    });

    it('compares host names without regard to case, IDNA spelling included', () => {
      expect(accepts(['blog.example'], 'https://BLOG.Example/x')).toBe(true);
      expect(accepts(['xn--bcher-kva.example'], 'https://bücher.example/x')).toBe(true);
    });

    it('handles IPv6 literals with and without a port', () => {
      expect(accepts(['[::1]'], 'http://[::1]/x')).toBe(true);
      expect(accepts(['[::1]'], 'http://[::1]:8080/x')).toBe(true);
      expect(accepts(['[::1]:8080'], 'http://[::1]:8080/x')).toBe(true);
      expect(accepts(['[::1]:8080'], 'http://[::1]:9090/x')).toBe(false);
      expect(accepts(['[::1]:8080'], 'http://[::2]:8080/x')).toBe(false);
    });
  });
});
