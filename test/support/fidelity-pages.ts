/** Pages of the microformats-fidelity suites: targets on our site, HTML pages, and an mf2 JSON alternate pair. */

/** Our site, as the fixture apps are configured. */
export const SITE = 'https://blog.example';
/** A post of our site. */
export const target = (slug: string): string => `${SITE}/posts/${slug}`;
/** An HTML page around `body`. */
export const page = (body: string, head = ''): string =>
  `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
/** The response header of an mf2 JSON document. */
export const MF2_JSON = { 'Content-Type': 'application/mf2+json' };

/** An HTML reply that advertises an mf2 JSON alternate at `alternate`. */
export function alternatePage(to: string, alternate: string): string {
  return page(
    `<article class="h-entry"><span class="p-author h-card"><a class="p-name u-url" href="/">Alt</a></span>
      <a class="u-in-reply-to" href="${to}">re</a><p class="e-content">Read from the HTML</p></article>`,
    `<link rel="alternate" type="application/mf2+json" href="${alternate}">`,
  );
}

/** The mf2 JSON alternate: a like, so which of the two was read shows in the type too. */
export function alternateJson(to: string): string {
  return JSON.stringify({
    items: [
      {
        type: ['h-entry'],
        properties: {
          'like-of': [to],
          content: [{ value: 'Read from the JSON', html: 'Read from the JSON' }],
          author: [{ type: ['h-card'], properties: { name: ['Alt'], url: ['/'] } }],
        },
      },
    ],
  });
}
