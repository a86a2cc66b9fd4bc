/**
 * The example blog in a real browser (playwright-core driving Debian's Chromium): responses of every kind, sent as
 * real Webmentions from a local site and verified, shown grouped on the post; XSS payloads that stay inert; the dark
 * scheme; and moderation by clicking on /admin/mentions. WEBMENTION_SCREENSHOTS=1 saves docs/screenshots/*.png.
 */
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config';
import { heldReplyPage, HOSTILE_CONTENT, PWNED_TITLE, sendAndVerify, serveResponses } from './support/blog-seed';
import { launchChromium, SCREENSHOTS } from './support/browser';
import { freePort } from './support/redis-server';
import { RemoteSite } from './support/remote-site';
import { CHROMIUM, describeWith } from './support/services';

const TOKEN = 'browser-admin-token-0123456789abcdef';

/** The one DOM call the spec makes inside the page (the test project has no DOM typings). */
interface ComputedStyleSource {
  getComputedStyle(el: unknown): { color: string; backgroundColor: string };
}
const SCREENSHOT_DIR = join(__dirname, '..', 'docs', 'screenshots');

describeWith([CHROMIUM], 'example blog in Chromium', () => {
  let dir: string;
  let site: RemoteSite;
  let app: INestApplication;
  let browser: Browser;
  let base: string;
  let post: string;
  let title: string;

  beforeAll(async () => {
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'webmention-browser-'));
    site = await new RemoteSite().start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    post = `${base}/posts/hello-world`;
    const config = loadConfig({
      PORT: String(port),
      BASE_URL: base,
      SQLITE_PATH: join(dir, 'blog.sqlite'),
      WEBMENTION_ALLOW_PRIVATE_ADDRESSES: 'true',
      ADMIN_TOKEN: TOKEN,
      // NOTE: mentions from 127.0.0.1 are trusted; the same site reached as `localhost` is held for moderation.
      WEBMENTION_MODERATION: 'pending',
      WEBMENTION_AUTO_APPROVE_HOSTS: '127.0.0.1',
    });
    app = await NestFactory.create(AppModule.forRoot({ role: 'web', config, processInWeb: true }), { logger: false });
    await app.listen(port, '127.0.0.1');
    for (const seeded of serveResponses(site, post)) await sendAndVerify(base, site.url(seeded.path), post);
    site.page('/held', heldReplyPage(post));
    await sendAndVerify(base, site.url('/held').replace('127.0.0.1', 'localhost'), post);
    title = await (await fetch(post)).text().then((html) => /<title>([^<]*)<\/title>/.exec(html)![1]);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await site?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  /** A fresh page that records dialogs (an injected `alert` would open one) and failed image loads. */
  async function open(url: string, colorScheme: 'light' | 'dark' = 'light', width = 900) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    return { page, dialogs, close: () => context.close() };
  }

  const texts = (page: Page, selector: string) => page.locator(selector).allInnerTexts();
  const shot = async (page: Page, name: string) => {
    if (!SCREENSHOTS) return;
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage: true });
  };

  it('shows every kind of response, grouped: facepiles with counts, comments, RSVP groups, the send form', async () => {
    const { page, close } = await open(post);
    try {
      await shot(page, 'post-light.png');
      expect(await page.locator('h2', { hasText: 'Responses' }).innerText()).toBe('Responses (11)');
      expect(await texts(page, '.wm-section__heading')).toEqual([
        '2 likes',
        '1 repost',
        '1 bookmark',
        '4 RSVPs',
        '3 responses',
      ]);
      expect(await page.locator('.wm-section--likes .wm-face').count()).toBe(2);
      expect(await page.locator('.wm-section--likes [aria-label="Bob Marley"]').isVisible()).toBe(true);
      // NOTE: Carol has no photo: her face is her initial.
      expect(await page.locator('.wm-section--likes .wm-face__initial').innerText()).toBe('C');
      expect(await texts(page, '.wm-rsvp__heading')).toEqual([
        'Going (1)',
        'Maybe (1)',
        'Interested (1)',
        'Not going (1)',
      ]);
      expect(await page.locator('.wm-rsvp--no [aria-label="Grace Hopper"]').count()).toBe(1);
      const comments = await texts(page, '.wm-comments > li .wm-comment__name');
      expect(comments.slice(0, 2)).toEqual(['Alice Liddell', 'Judy Hopps']);
      expect(await page.locator('.wm-comment--reply', { hasText: 'Lovely write-up!' }).isVisible()).toBe(true);
      expect(await page.locator('a.wm-comment__name', { hasText: 'Alice Liddell' }).getAttribute('href')).toBe(
        site.url('/alice/'),
      );
      expect(await page.locator('.wm-section--likes [aria-label="Bob Marley"]').getAttribute('href')).toBe(
        site.url('/bob/'),
      );
      expect(await page.locator('.wm-comment--mention .wm-comment__action').innerText()).toBe('mentioned this');
      expect(await page.locator('form.wm-send-form input[name="target"]').inputValue()).toBe(post);
      expect(await page.locator('text=Oscar Held').count()).toBe(0); // held, not shown

      // Every photo loaded, through the media proxy on the blog's own origin.
      const photos = await page
        .locator('.wm-face__photo, .wm-comment__photo')
        .evaluateAll((imgs: { currentSrc: string; naturalWidth: number }[]) =>
          imgs.map((img) => ({ src: img.currentSrc, width: img.naturalWidth })),
        );
      expect(photos).toHaveLength(8); // 6 faces and 2 comments have photos; Mallory's javascript: photo is dropped
      for (const photo of photos) {
        expect(photo.src.startsWith(`${base}/`)).toBe(true);
        expect(photo.width).toBeGreaterThan(0);
      }
    } finally {
      await close();
    }
  }, 30_000);

  it('runs none of the injected script: title unchanged, no window.__pwned, no dialog, no javascript: link', async () => {
    const { page, dialogs, close } = await open(post);
    try {
      const mallory = page.locator('.wm-comment', { hasText: 'Mallory says hi.' });
      expect(await mallory.isVisible()).toBe(true);
      // The hostile name is shown as text, not run as markup.
      expect(await mallory.locator('.wm-comment__name').innerText()).toContain('<img src=x onerror=');
      await page.waitForTimeout(1200); // NOTE: long enough for onerror handlers and SVG animations to have fired.
      expect(await page.title()).toBe(title);
      expect(await page.title()).not.toBe(PWNED_TITLE);
      expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
      expect(dialogs).toEqual([]);
      expect(await page.locator('.wm-webmentions script, .wm-webmentions iframe, .wm-webmentions svg').count()).toBe(0);
      expect(await page.locator('.wm-webmentions [onerror], .wm-webmentions [onbegin]').count()).toBe(0);
      expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
      expect(await page.locator('body').isVisible()).toBe(true); // the injected <style> did not hide the page
    } finally {
      await close();
    }
  }, 30_000);

  it('(control) the same payloads do run when the content is rendered unsanitised', async () => {
    const { page, dialogs, close } = await open('about:blank');
    try {
      await page.setContent(`<title>${title}</title><div>${HOSTILE_CONTENT}</div>`);
      await page.waitForTimeout(1200);
      expect(await page.evaluate('window.__pwned')).toBe(1);
      expect(await page.title()).toBe(PWNED_TITLE);
      expect(dialogs.length).toBeGreaterThan(0);
    } finally {
      await close();
    }
  }, 30_000);

  it("blocks injected handlers by the blog's CSP even if markup got past the sanitiser; its own page breaks no rule", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.addInitScript(`
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
      `);
      const res = await page.goto(post, { waitUntil: 'networkidle' });
      expect(res!.headers()['content-security-policy']).toContain("script-src 'none'");
      expect(res!.headers()['x-powered-by']).toBeUndefined();
      // The page as served breaks no rule: its styles and the proxied photos load under the policy.
      expect(await page.locator('.wm-section--likes .wm-face').first().isVisible()).toBe(true);
      expect(await page.evaluate('window.__violations')).toEqual([]);

      const injected = JSON.stringify(`<div>${HOSTILE_CONTENT}</div>`);
      await page.evaluate(`document.body.insertAdjacentHTML('beforeend', ${injected})`);
      await page.waitForTimeout(1200);
      expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
      expect(await page.title()).toBe(title);
      expect(dialogs).toEqual([]);
      expect(await page.evaluate('window.__violations.length')).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  }, 30_000);

  it('applies the dark scheme when the reader prefers it', async () => {
    const colours = async (scheme: 'light' | 'dark') => {
      const { page, close } = await open(post, scheme);
      try {
        const style = (selector: string) =>
          page
            .locator(selector)
            .first()
            .evaluate((el) => {
              const s = (el.ownerDocument.defaultView as unknown as ComputedStyleSource).getComputedStyle(el);
              return `${s.color} on ${s.backgroundColor}`;
            });
        if (scheme === 'dark') await shot(page, 'post-dark.png');
        return {
          block: await style('.wm-webmentions'),
          comment: await style('.wm-comment'),
          page: await style('body'),
        };
      } finally {
        await close();
      }
    };
    const light = await colours('light');
    const dark = await colours('dark');
    expect(dark.block).not.toBe(light.block);
    expect(dark.comment).not.toBe(light.comment);
    expect(dark.page).not.toBe(light.page);
    expect(light.block).toBe('rgb(31, 35, 40) on rgb(255, 255, 255)');
    expect(dark.block).toBe('rgb(230, 237, 243) on rgb(13, 17, 23)');
  }, 30_000);

  it('approves a held mention by clicking on /admin/mentions, and the post then shows it', async () => {
    const { page, close } = await open(`${base}/admin/mentions`, 'light', 1200);
    try {
      expect(await page.locator('h1').innerText()).toBe('Sign in');
      await page.fill('input[name="token"]', 'not the token');
      await Promise.all([page.waitForURL(`${base}/admin/login`), page.click('button[type="submit"]')]);
      expect(await page.locator('.error').innerText()).toContain('not the admin token');
      await page.fill('input[name="token"]', TOKEN);
      await Promise.all([page.waitForURL(`${base}/admin/mentions`), page.click('button[type="submit"]')]);

      const held = page.locator('#held tbody tr');
      expect(await held.count()).toBe(1);
      expect(await held.innerText()).toContain('Oscar Held');
      expect(await page.locator('#recent tbody tr').count()).toBe(12);
      expect(await page.content()).not.toContain(TOKEN);
      await shot(page, 'admin.png');

      await Promise.all([
        page.waitForURL(/\/admin\/mentions\?done=approve:\d+$/),
        held.locator('button[data-action="approve"]').click(),
      ]);
      expect(await page.locator('.notice').innerText()).toMatch(/^Approved: mention \d+\.$/);
      expect(await page.locator('#held tbody tr').count()).toBe(0);

      await page.goto(post);
      expect(await page.locator('.wm-comment--reply', { hasText: 'Waiting for a moderator' }).isVisible()).toBe(true);
      expect(await page.locator('h2', { hasText: 'Responses' }).innerText()).toBe('Responses (12)');
    } finally {
      await close();
    }
  }, 30_000);
});
