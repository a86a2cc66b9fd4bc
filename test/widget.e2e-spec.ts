/**
 * The embeddable widget in a real browser (playwright-core driving Debian's Chromium): a static page on another
 * origin (another port) loads `widget.js` from the app, shows the seeded mentions, adds a mention verified while it
 * is open without a reload (live updates), keeps XSS payloads inert, and shows nothing when the API is unreachable.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { RemoteSite } from './support/remote-site';
import { CHROMIUM, describeWith } from './support/services';
import { eventually, STACKS, startTestApp, TestApp } from './support/test-app';

const TARGET = 'https://blog.example/posts/hello';
const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">Mallory';
const HOSTILE_TEXT = '"><script>window.__pwned=2</script><img src=x onerror="window.__pwned=3"> hi';

/** What the spec reads inside the page (the test project has no DOM typings). */
interface PageWindow {
  __pwned?: number;
}

describeWith([CHROMIUM], 'embeddable widget in Chromium', () => {
  let browser: Browser;
  let sources: RemoteSite;
  let staticSite: RemoteSite;
  let app: TestApp;
  const errors: string[] = [];

  // NOTE: authors live on the sources' own site, so no author page is fetched to confirm them.
  /** Sends a mention from a page on the sources site and waits until it is verified. */
  const mention = async (path: string, html: string) => {
    const source = sources.page(path, `<!doctype html><body>${html}</body>`);
    const res = await fetch(`${app.url}/webmention`, {
      method: 'POST',
      body: new URLSearchParams({ source, target: TARGET }),
    });
    expect(res.status).toBe(201);
    const status = app.url + new URL(res.headers.get('location')!).pathname;
    await eventually(async () => ((await (await fetch(status)).json()) as { status: string }).status === 'verified');
  };
  const reply = (name: string, text: string) =>
    `<article class="h-entry"><a class="p-author h-card" href="/people/${encodeURIComponent(name)}">${name}</a>` +
    `<div class="e-content">${text} <a class="u-in-reply-to" href="${TARGET}">re</a></div></article>`;
  const open = async (attrs: string): Promise<Page> => {
    const path = `/page-${Math.random().toString(36).slice(2)}`;
    staticSite.page(
      path,
      `<!doctype html><html><head><title>Static</title></head><body><h1>A static post</h1>` +
        `<script src="${app.url}/webmention/widget.js" async ${attrs}></script></body></html>`,
    );
    const page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(staticSite.url(path));
    return page;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    sources = await new RemoteSite().start();
    staticSite = await new RemoteSite().start();
    app = await startTestApp({
      stack: STACKS[0],
      options: { api: { corsOrigins: [staticSite.origin] } },
      extras: { live: { enabled: true } },
    });
    await mention('/reply-ada', reply('Ada', 'Lovely post, thanks!'));
    await mention(
      '/like-bo',
      `<article class="h-entry"><a class="p-author h-card" href="/people/bo">Bo</a><a class="u-like-of" href="${TARGET}">like</a></article>`,
    );
    await mention(
      '/reply-mallory',
      reply(HOSTILE_NAME.replace(/"/g, '&quot;').replace(/</g, '&lt;'), HOSTILE_TEXT.replace(/</g, '&lt;')),
    );
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sources?.stop();
    await staticSite?.stop();
  });

  it('the app serves the script with its paths written in, small and cacheable', async () => {
    const res = await fetch(`${app.url}/webmention/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    const js = await res.text();
    expect(js).toContain(
      '/*WEBMENTION_DEFAULTS*/ {"api":"/webmentions","stylesheet":"/webmention/webmention.css","live":true',
    );
    expect(js.length).toBeLessThan(16 * 1024);
    const again = await fetch(`${app.url}/webmention/widget.js`, {
      headers: { 'If-None-Match': res.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('shows the seeded mentions on a page of another origin, with the stylesheet and the templates’ classes', async () => {
    const page = await open(`data-target="${TARGET}"`);
    await page.waitForSelector('.wm-webmentions .wm-comment');
    expect(await page.locator('.wm-section--likes .wm-section__heading').textContent()).toBe('1 like');
    expect(await page.locator('.wm-section--comments .wm-section__heading').textContent()).toBe('2 responses');
    expect(await page.locator('.wm-comment--reply .wm-comment__text').first().textContent()).toContain(
      'Lovely post, thanks!',
    );
    expect(await page.locator('.wm-face__link').getAttribute('href')).toBe(sources.url('/people/bo'));
    expect(await page.locator(`link[rel="stylesheet"][href="${app.url}/webmention/webmention.css"]`).count()).toBe(1);
    // NOTE: the stylesheet's custom properties reach the block: its rules apply.
    const link = await page
      .locator('.wm-webmentions')
      .evaluate((el) =>
        (globalThis as unknown as { getComputedStyle(e: unknown): { getPropertyValue(n: string): string } })
          .getComputedStyle(el)
          .getPropertyValue('--wm-link')
          .trim(),
      );
    expect(link).toBe('#0969da');
    await page.close();
  });

  it('keeps XSS payloads in a mention inert: shown as text, never run', async () => {
    const page = await open(`data-target="${TARGET}"`);
    await page.waitForSelector('.wm-comment');
    const names = await page.locator('.wm-comment__name').allTextContents();
    expect(names).toContain(HOSTILE_NAME);
    const texts = (await page.locator('.wm-comment__text').allTextContents()).join('\n');
    // NOTE: the payload was text on the source page, so it is shown as text: visible, and inert.
    expect(texts).toContain('<script>window.__pwned=2</script>');
    expect(await page.locator('.wm-webmentions script, .wm-webmentions img[src="x"]').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (globalThis as unknown as PageWindow).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('adds a mention verified while the page is open, without a reload', async () => {
    const page = await open(`data-target="${TARGET}"`);
    await page.waitForSelector('.wm-comment');
    // NOTE: the stream is open once the server counts it; the mention must not arrive before.
    await page.waitForTimeout(500);
    await mention('/reply-cy', reply('Cy', 'Arrived live'));
    await page.waitForSelector('text=Arrived live', { timeout: 10_000 });
    expect(await page.locator('.wm-section--comments .wm-section__heading').textContent()).toBe('3 responses');
    await page.close();
  });

  it('shows nothing when the API is unreachable', async () => {
    const page = await open(`data-target="${TARGET}" data-api="http://127.0.0.1:9/webmentions"`);
    await page.waitForTimeout(1000);
    expect(await page.locator('.wm-widget').innerHTML()).toBe('');
    expect(await page.locator('h1').textContent()).toBe('A static post');
    await page.close();
  });
});
