import type { FetchFailure, FetchFailureCode, SafeResponse } from '../http/fetch-result';
import { classifySourceFetch } from './verification-outcome';

const TARGET = 'https://blog.example/posts/1';
const SOURCE = 'https://source.example/notes/1';
const LINKED_HTML = `<p>Reply to <a href="${TARGET}">this</a></p>`;

function response(
  status: number,
  body = '',
  contentType = 'text/html',
  extra: Partial<SafeResponse> = {},
): SafeResponse {
  const headers: Record<string, string[]> = { 'content-type': [contentType] };
  return {
    ok: true,
    url: SOURCE,
    status,
    headers,
    header: (name) => headers[name.toLowerCase()]?.[0],
    contentType,
    body,
    bytes: Buffer.byteLength(body),
    redirects: [],
    ...extra,
  };
}

function failure(code: FetchFailureCode): FetchFailure {
  return {
    ok: false,
    reason: code,
    message: `failed with ${code}`,
    transient: code === 'timeout' || code === 'fetch_error',
    url: SOURCE,
    redirects: [],
  };
}

describe('classifySourceFetch', () => {
  it('verifies a 200 HTML document linking to the target, keeping the response and its kind', () => {
    const res = response(200, LINKED_HTML);
    expect(classifySourceFetch(res, TARGET)).toEqual({ ok: true, response: res, kind: 'html' });
  });

  it.each([
    ['application/json', JSON.stringify({ inReplyTo: TARGET }), 'json'],
    ['application/activity+json', JSON.stringify({ object: { tag: [{ href: TARGET }] } }), 'json'],
    ['text/plain', `See ${TARGET} for more`, 'text'],
  ])('verifies %s mentioning the target as %s', (contentType, body, kind) => {
    expect(classifySourceFetch(response(200, body, contentType), TARGET)).toMatchObject({ ok: true, kind });
  });

  it('resolves relative links against the final URL of the response', () => {
    const body = '<a href="../posts/1">x</a>';
    const atFinal = response(200, body, 'text/html', { url: 'https://blog.example/notes/1' });
    const elsewhere = response(200, body, 'text/html', { url: 'https://source.example/notes/1' });
    expect(classifySourceFetch(atFinal, TARGET).ok).toBe(true);
    expect(classifySourceFetch(elsewhere, TARGET)).toMatchObject({ ok: false, reason: 'link_removed' });
  });

  it('answers gone for 410, whatever the body says, and does not retry', () => {
    expect(classifySourceFetch(response(410, LINKED_HTML), TARGET)).toEqual({
      ok: false,
      reason: 'gone',
      message: expect.stringContaining('410'),
      transient: false,
    });
  });

  it('answers link_removed for a 200 document without the link', () => {
    expect(classifySourceFetch(response(200, '<p>nothing here</p>'), TARGET)).toEqual({
      ok: false,
      reason: 'link_removed',
      message: expect.any(String),
      transient: false,
    });
  });

  it.each([
    ['a comment', `<!-- <a href="${TARGET}">x</a> -->`],
    ['a script', `<script>var u = '<a href="${TARGET}">x</a>'</script>`],
    ['escaped markup', `<p>&lt;a href="${TARGET}"&gt;x&lt;/a&gt;</p>`],
    ['plain text of an HTML page', `<p>${TARGET}</p>`],
  ])('answers link_removed when the target appears only in %s', (_name, body) => {
    expect(classifySourceFetch(response(200, body), TARGET)).toMatchObject({
      ok: false,
      reason: 'link_removed',
      transient: false,
    });
  });

  it.each([['image/png'], ['application/xml'], ['']])(
    'answers unsupported_content for a 200 of type %j, without retrying',
    (contentType) => {
      const outcome = classifySourceFetch(response(200, TARGET, contentType), TARGET);
      expect(outcome).toMatchObject({ ok: false, reason: 'unsupported_content', transient: false });
    },
  );

  it('answers too_complex, for good, for HTML too complex to parse', () => {
    const outcome = classifySourceFetch(response(200, `<a href="${TARGET}">x</a>${'<div>'.repeat(40_000)}`), TARGET);
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'too_complex',
      transient: false,
      message: expect.stringMatching(/complex/),
    });
  });

  it.each([
    [201, false],
    [204, false],
    [206, false],
    [300, false],
    [304, false],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [405, false],
    [451, false],
    [408, true],
    [425, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [599, true],
  ])('answers http_status for %d with transient %s, even when the body links', (status, transient) => {
    const outcome = classifySourceFetch(response(status, LINKED_HTML), TARGET);
    expect(outcome).toEqual({
      ok: false,
      reason: 'http_status',
      message: expect.stringContaining(String(status)),
      transient,
      retryAfterMs: undefined,
    });
  });

  it('passes Retry-After on to the caller', () => {
    expect(classifySourceFetch(response(429, '', 'text/plain', { retryAfterMs: 1000 }), TARGET)).toMatchObject({
      reason: 'http_status',
      transient: true,
      retryAfterMs: 1000,
    });
    expect(classifySourceFetch(response(503, '', 'text/plain', { retryAfterMs: 0 }), TARGET)).toMatchObject({
      transient: true,
      retryAfterMs: 0,
    });
  });

  it.each<[FetchFailureCode, boolean]>([
    ['timeout', true],
    ['fetch_error', true],
    ['too_large', false],
    ['too_many_redirects', false],
    ['unsupported_redirect', false],
    ['blocked_address', false],
    ['invalid_url', false],
  ])('answers the fetch failure %s with transient %s', (code, transient) => {
    expect(classifySourceFetch(failure(code), TARGET)).toEqual({
      ok: false,
      reason: code,
      message: `failed with ${code}`,
      transient,
    });
  });

  it('never verifies against an invalid target', () => {
    expect(classifySourceFetch(response(200, '<a href="/">x</a>'), 'not a url')).toMatchObject({
      ok: false,
      reason: 'link_removed',
    });
  });
});
