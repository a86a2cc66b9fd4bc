import { corsHeaders, normalizeOrigin } from './cors';

const ALLOWED = ['https://reader.example', 'http://localhost:8080'];

describe('corsHeaders', () => {
  it('sets nothing when CORS is off', () => {
    expect(corsHeaders([], { origin: 'https://reader.example' })).toEqual({});
    expect(corsHeaders([], { origin: 'https://reader.example', preflight: true })).toEqual({});
  });

  it('echoes an allowed origin with Vary: Origin', () => {
    expect(corsHeaders(ALLOWED, { origin: 'https://reader.example' })).toEqual({
      Vary: 'Origin',
      'Access-Control-Allow-Origin': 'https://reader.example',
      'Access-Control-Expose-Headers': 'ETag, Link',
    });
    expect(corsHeaders(ALLOWED, { origin: 'HTTP://LOCALHOST:8080' })['Access-Control-Allow-Origin']).toBe(
      'http://localhost:8080',
    );
  });

  it.each([
    'https://evil.example',
    'https://reader.example.evil.example',
    'http://reader.example',
    'https://reader.example:8443',
    'null',
    'javascript:alert(1)',
    '',
    undefined,
  ])('refuses origin %j: only Vary, no Allow-Origin', (origin) => {
    expect(corsHeaders(ALLOWED, { origin })).toEqual({ Vary: 'Origin' });
    expect(corsHeaders(ALLOWED, { origin, preflight: true })).toEqual({ Vary: 'Origin' });
  });

  it("allows any origin with '*', without Vary", () => {
    expect(corsHeaders('*', { origin: 'https://anyone.example' })).toEqual({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': 'ETag, Link',
    });
    expect(corsHeaders('*', {})['Access-Control-Allow-Origin']).toBe('*');
  });

  it('answers a preflight with methods, headers and how long to keep the answer', () => {
    const headers = corsHeaders(ALLOWED, {
      origin: 'https://reader.example',
      preflight: true,
      requestHeaders: 'if-none-match, x-requested-with',
    });
    expect(headers).toMatchObject({
      'Access-Control-Allow-Origin': 'https://reader.example',
      'Access-Control-Allow-Methods': 'GET, OPTIONS',
      'Access-Control-Allow-Headers': 'if-none-match, x-requested-with',
      'Access-Control-Max-Age': '600',
    });
  });

  it('does not reflect requested headers that are not plain header names', () => {
    for (const requestHeaders of ['x\r\nSet-Cookie: a=b', 'a b', '<script>', 'x,'.repeat(600)]) {
      expect(corsHeaders('*', { preflight: true, requestHeaders })['Access-Control-Allow-Headers']).toBe(
        'Accept, If-None-Match',
      );
    }
  });
});

describe('normalizeOrigin', () => {
  it('serialises http(s) origins and refuses the rest', () => {
    expect(normalizeOrigin('https://Reader.Example:443')).toBe('https://reader.example');
    expect(normalizeOrigin('ftp://reader.example')).toBeNull();
    expect(normalizeOrigin('not an origin')).toBeNull();
  });
});
