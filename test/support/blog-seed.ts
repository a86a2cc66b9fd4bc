/**
 * Responses of every kind to one post of the example blog, as real source pages on a {@link RemoteSite}, sent as
 * real Webmentions and awaited until verified. One of them carries XSS payloads in every field a source controls.
 */
import { gradientPng } from './png';
import type { RemoteSite } from './remote-site';
import { eventually } from './test-app';

/** Something the XSS payloads would do if they ever ran: set `window.__pwned`, change the title, open a dialog. */
export const PWNED_TITLE = 'pwned';

/** One author of a response. */
interface Author {
  name: string;
  slug: string;
  colours?: [[number, number, number], [number, number, number]];
}

const AUTHORS: Record<string, Author> = {
  alice: {
    name: 'Alice Liddell',
    slug: 'alice',
    colours: [
      [255, 94, 98],
      [255, 195, 113],
    ],
  },
  bob: {
    name: 'Bob Marley',
    slug: 'bob',
    colours: [
      [67, 206, 162],
      [24, 90, 157],
    ],
  },
  carol: { name: 'Carol Danvers', slug: 'carol' },
  dave: {
    name: 'Dave Grohl',
    slug: 'dave',
    colours: [
      [142, 45, 226],
      [74, 0, 224],
    ],
  },
  erin: {
    name: 'Erin Brockovich',
    slug: 'erin',
    colours: [
      [252, 70, 107],
      [63, 94, 251],
    ],
  },
  frank: {
    name: 'Frank Ocean',
    slug: 'frank',
    colours: [
      [17, 153, 142],
      [56, 239, 125],
    ],
  },
  grace: {
    name: 'Grace Hopper',
    slug: 'grace',
    colours: [
      [238, 156, 167],
      [255, 221, 225],
    ],
  },
  heidi: { name: 'Heidi Klum', slug: 'heidi' },
  ivan: {
    name: 'Ivan Drago',
    slug: 'ivan',
    colours: [
      [255, 216, 0],
      [247, 151, 30],
    ],
  },
  judy: {
    name: 'Judy Hopps',
    slug: 'judy',
    colours: [
      [0, 180, 219],
      [0, 131, 176],
    ],
  },
};

function card(site: RemoteSite, author: Author): string {
  const photo = author.colours ? `<img class="u-photo" src="${site.url(`/avatars/${author.slug}.png`)}" alt="">` : '';
  const home = site.url(`/${author.slug}/`);
  return `<span class="p-author h-card">${photo}<a class="p-name u-url" href="${home}">${author.name}</a></span>`;
}

function entry(site: RemoteSite, author: Author, inner: string, published: string): string {
  return `<!doctype html><html><head><title>${author.name}</title></head><body>
  <article class="h-entry">${card(site, author)}
    ${inner}
    <time class="dt-published" datetime="${published}">${published}</time>
  </article></body></html>`;
}

/** What a seeded response is, for the assertions. */
export interface SeededMention {
  path: string;
  kind: string;
  author: string;
}

/** Serves every response (and the avatars) on `site`; returns their paths and kinds. */
export function serveResponses(site: RemoteSite, target: string): SeededMention[] {
  for (const author of Object.values(AUTHORS)) {
    if (!author.colours) continue;
    const png = gradientPng(96, ...author.colours);
    site.routes.set(`/avatars/${author.slug}.png`, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length }).end(png);
    });
  }
  const a = AUTHORS;
  const pages: [string, string, Author, string][] = [
    [
      '/reply',
      'reply',
      a.alice,
      `<div class="e-content"><p>Lovely write-up! I tried the <strong>facepile</strong> on my own site and it just worked.</p></div>
       <a class="u-in-reply-to" href="${target}">in reply to</a>`,
    ],
    ['/like-bob', 'like', a.bob, `<a class="u-like-of" href="${target}">liked</a>`],
    ['/like-carol', 'like', a.carol, `<a class="u-like-of" href="${target}">liked</a>`],
    ['/repost', 'repost', a.dave, `<a class="u-repost-of" href="${target}">reposted</a>`],
    ['/bookmark', 'bookmark', a.erin, `<a class="u-bookmark-of" href="${target}">bookmarked</a>`],
    [
      '/rsvp-yes',
      'rsvp yes',
      a.frank,
      `<data class="p-rsvp" value="yes">Going</data> <a class="u-in-reply-to" href="${target}">to</a>`,
    ],
    [
      '/rsvp-no',
      'rsvp no',
      a.grace,
      `<data class="p-rsvp" value="no">Not going</data> <a class="u-in-reply-to" href="${target}">to</a>`,
    ],
    [
      '/rsvp-maybe',
      'rsvp maybe',
      a.heidi,
      `<data class="p-rsvp" value="maybe">Maybe</data> <a class="u-in-reply-to" href="${target}">to</a>`,
    ],
    [
      '/rsvp-interested',
      'rsvp interested',
      a.ivan,
      `<data class="p-rsvp" value="interested">Interested</data> <a class="u-in-reply-to" href="${target}">to</a>`,
    ],
    [
      '/mention',
      'mention',
      a.judy,
      `<div class="e-content"><p>Wrote about Webmention display today, see <a href="${target}">this post</a> for the basics.</p></div>`,
    ],
  ];
  const seeded = pages.map(([path, kind, author, inner], i) => {
    site.page(path, entry(site, author, inner, `2026-02-${String(i + 1).padStart(2, '0')}T10:00:00Z`));
    return { path, kind, author: author.name };
  });
  site.page('/xss', hostilePage(target));
  seeded.push({ path: '/xss', kind: 'reply', author: 'Mallory' });
  return seeded;
}

const RUN = `window.__pwned=1;document.title='${PWNED_TITLE}';alert(1)`;

/** Content HTML that runs {@link RUN} in several ways when a browser renders it as it is. */
export const HOSTILE_CONTENT = `<p>Mallory says hi.</p>
      <img src="x" onerror="${RUN}"><script>${RUN}</script>
      <svg><script>${RUN}</script><animate onbegin="${RUN}" attributeName="x" dur="1s"/></svg>
      <iframe srcdoc="<script>parent.${RUN}</script>"></iframe>
      <a href="javascript:${RUN}">click me</a>
      <style>body { display: none }</style>
      <title>${PWNED_TITLE}</title>`;

/** A reply whose author name, author URL, photo and content try to run script. */
function hostilePage(target: string): string {
  return `<!doctype html><html><head><title>x</title></head><body>
  <article class="h-entry">
    <div class="p-author h-card">
      <data class="p-name" value="&lt;img src=x onerror=&quot;${RUN}&quot;&gt;Mallory&lt;script&gt;${RUN}&lt;/script&gt;"></data>
      <a class="u-url" href="javascript:${RUN}">home</a>
      <data class="u-photo" value="javascript:${RUN}"></data>
    </div>
    <div class="e-content">${HOSTILE_CONTENT}</div>
    <a class="u-in-reply-to" href="${target}">re</a>
    <time class="dt-published" datetime="2026-02-20T10:00:00Z">20 Feb</time>
  </article></body></html>`;
}

/** A reply from another host (held by moderation when only the first host is auto-approved). */
export function heldReplyPage(target: string): string {
  return `<!doctype html><html><body><article class="h-entry">
    <a class="p-author h-card" href="/"><span class="p-name">Oscar Held</span></a>
    <div class="e-content"><p>Waiting for a moderator, patiently.</p></div>
    <a class="u-in-reply-to" href="${target}">re</a>
    <time class="dt-published" datetime="2026-02-25T10:00:00Z">25 Feb</time>
  </article></body></html>`;
}

/** POSTs a Webmention to the blog and waits until its status URL says `verified`. */
export async function sendAndVerify(blog: string, source: string, target: string, timeoutMs = 15_000): Promise<void> {
  const res = await fetch(`${blog}/webmention`, {
    method: 'POST',
    headers: { Accept: 'application/json' },
    body: new URLSearchParams({ source, target }),
  });
  if (res.status !== 201) throw new Error(`${source}: the endpoint answered ${res.status} ${await res.text()}`);
  const status = res.headers.get('location')!;
  await eventually(async () => {
    const body = (await (await fetch(status)).json()) as { status: string; failureReason?: string };
    if (body.status === 'failed') throw new Error(`${source} failed verification: ${body.failureReason}`);
    return body.status === 'verified';
  }, timeoutMs);
}
