/**
 * Agreement: verifying, sending (targets and endpoint discovery) and microformats parsing resolve the same relative
 * link to the same URL under every `<base>`, including the cases where their old rules disagreed.
 */
import { parseMicroformats } from '../mf2/parse-microformats';
import { endpointFromHtml } from '../send/endpoint-discovery';
import { extractTargets } from '../send/link-extraction';
import { findTargetLinks } from '../verify/source-links';

const DOC = 'https://site.example/dir/page?q=1#frag';
const REF = 'wm/endpoint';

/** A page whose webmention endpoint, plain link and u-in-reply-to are all the same relative reference. */
function page(head: string, body = ''): string {
  return (
    `<!doctype html><html><head>${head}<link rel="webmention" href="${REF}"></head><body>${body}` +
    `<div class="h-entry"><a class="u-in-reply-to" href="${REF}">reply</a></div></body></html>`
  );
}

/** The URL each capability resolves REF to in `html`. */
function resolvedBy(html: string, expected: string) {
  const mf2 = parseMicroformats(html, DOC);
  const entry = mf2?.items.find((item) => item.type?.includes('h-entry'));
  return {
    verify: findTargetLinks({ body: html, contentType: 'text/html; charset=utf-8', baseUrl: DOC }, expected).linked
      ? expected
      : 'not linked',
    sendTargets: extractTargets(html, DOC, { sendToOwnHost: true }).targets,
    sendEndpoint: endpointFromHtml(html, DOC),
    mf2: entry?.properties['in-reply-to']?.[0],
  };
}

describe('one <base> rule everywhere', () => {
  const cases: Array<[string, string, string]> = [
    ['no base', page(''), 'https://site.example/dir/wm/endpoint'],
    ['absolute base', page('<base href="https://other.example/b/">'), 'https://other.example/b/wm/endpoint'],
    ['relative base', page('<base href="/other/">'), 'https://site.example/other/wm/endpoint'],
    [
      'base without href, then one with',
      page('<base target="_top"><base href="/second/">'),
      'https://site.example/second/wm/endpoint',
    ],
    [
      'two bases: the first counts',
      page('<base href="/one/"><base href="https://two.example/">'),
      'https://site.example/one/wm/endpoint',
    ],
    // NOTE: the old mf2 repair walked children before descendants and picked the base in <body>.
    [
      'bases in head and body',
      page('<base href="/head/">', '<base href="/body/">'),
      'https://site.example/head/wm/endpoint',
    ],
    // NOTE: the old send rule kept a javascript: base, so relative links vanished; verify and mf2 used the document.
    ['javascript: base', page('<base href="javascript:void(0)/">'), 'https://site.example/dir/wm/endpoint'],
    // NOTE: the parser took a parseable non-http base verbatim; the old send rule did too.
    ['non-http base', page('<base href="foo://bar/">'), 'https://site.example/dir/wm/endpoint'],
    [
      'unparseable base, a usable one after it',
      page('<base href="http://[x"><base href="/second/">'),
      'https://site.example/dir/wm/endpoint',
    ],
    ['empty base href', page('<base href="">'), 'https://site.example/dir/wm/endpoint'],
    // NOTE: the parser looked for <base> in every namespace; browsers only honour HTML's.
    ['base in svg', page('', '<svg><base href="https://svg.example/"></svg>'), 'https://site.example/dir/wm/endpoint'],
    [
      'base in a template',
      page('<template><base href="https://tpl.example/"></template>'),
      'https://site.example/dir/wm/endpoint',
    ],
  ];

  it.each(cases)('%s', (_name, html, expected) => {
    expect(resolvedBy(html, expected)).toEqual({
      verify: expected,
      sendTargets: [expected],
      sendEndpoint: expected,
      mf2: expected,
    });
  });
});
