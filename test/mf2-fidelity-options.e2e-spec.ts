/**
 * Microformats fidelity with options and extras: the mf2 JSON alternate read on request (and the HTML when it
 * fails), the author page's own time cap, and entry photos served through the media proxy. Real sites on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { WebmentionRenderer } from 'nestjs-webmention';
import { mediaKeyOf } from 'nestjs-webmention/testing';
import { attr, byClass } from 'nestjs-webmention/render/__tests__/html-fixtures';
import { alternateJson, alternatePage, MF2_JSON, page, SITE, target } from './support/fidelity-pages';
import { gradientPng } from './support/png';
import { RemoteSite } from './support/remote-site';
import { describeWith } from './support/services';
import { STACKS } from './support/test-app';
import { stallingBody, useVerificationApp } from './support/verification-harness';

describe.each(STACKS)('microformats fidelity with options on $name', (stack) => {
  describeWith(stack.services, 'with mf2.preferJsonAlternate and a short author page timeout', () => {
    const h = useVerificationApp(stack, {
      options: { mf2: { preferJsonAlternate: true }, authorship: { timeoutMs: 500 } },
    });

    it('reads the mf2 JSON alternate an HTML page advertises', async () => {
      const to = target('alternate-on');
      const source = h.site.page('/with-alternate', alternatePage(to, '/alternate-on.json'));
      h.site.page('/alternate-on.json', alternateJson(to), 200, MF2_JSON);
      const row = await h.submitAndSettle(source, to);
      expect(row).toMatchObject({ status: 'verified', mentionType: 'like', content: 'Read from the JSON' });
      expect(h.hitsOf('/alternate-on.json')).toBe(1);
    });

    it('falls back to the HTML when the alternate cannot be read', async () => {
      const to = target('alternate-broken');
      const source = h.site.page('/with-broken-alternate', alternatePage(to, '/missing.json'));
      const row = await h.submitAndSettle(source, to);
      expect(row).toMatchObject({ status: 'verified', mentionType: 'reply', content: 'Read from the HTML' });
      expect(h.hitsOf('/missing.json')).toBe(1);
    });

    it('gives up on an author page that does not answer within authorship.timeoutMs', async () => {
      const slow = new RemoteSite();
      await slow.start();
      try {
        slow.routes.set('/stalls', stallingBody);
        const to = target('slow-author');
        const source = h.site.page(
          '/slow-author',
          page(`<article class="h-entry"><a class="p-author h-card" href="${slow.url('/stalls')}">Sloane</a>
            <a class="u-in-reply-to" href="${to}">re</a></article>`),
        );
        const started = Date.now();
        const row = await h.submitAndSettle(source, to);
        expect(Date.now() - started).toBeLessThan(2500);
        expect(row).toMatchObject({ status: 'verified', moderation: 'pending', authorVerified: false });
        expect(row.authorshipReason).toContain('could not be fetched (timeout');
      } finally {
        await slow.stop();
      }
    });
  });
});

describe.each(STACKS)('entry photos through the media proxy on $name', (stack) => {
  describeWith(stack.services, 'with the media proxy on', () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'wm-fidelity-media-'));
    const h = useVerificationApp(stack, { extras: { mediaProxy: { enabled: true, cacheDir } } });
    afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

    it('shows the thumbnail from this origin and serves the entry photo there', async () => {
      const png = gradientPng(8, [200, 40, 40], [40, 40, 200]);
      h.site.routes.set('/p.png', (_req, res) => void res.writeHead(200, { 'Content-Type': 'image/png' }).end(png));
      const to = target('proxied-photo');
      const source = h.site.page(
        '/proxied',
        page(`<article class="h-entry"><span class="p-author h-card"><a class="p-name u-url" href="/">Pia</a></span>
          <a class="u-in-reply-to" href="${to}">re</a><img class="u-photo" src="/p.png" alt="Red to blue">
          <p class="e-content">A gradient.</p></article>`),
      );
      const row = await h.submitAndSettle(source, to);
      expect(row.photos).toEqual([{ url: h.site.url('/p.png'), alt: 'Red to blue' }]);

      const html = await h.t.app.get(WebmentionRenderer).render(to);
      const [thumb] = byClass(html, 'wm-comment__thumb');
      const proxied = `${SITE}/webmention/media/${mediaKeyOf(h.site.url('/p.png'))}`;
      expect(attr(thumb, 'src')).toBe(proxied);
      expect(html).not.toContain(h.site.url('/p.png'));
      const served = await request(h.t.url).get(new URL(proxied).pathname).buffer(true).expect(200);
      expect(served.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(served.body as Buffer, png)).toBe(0);
    });
  });
});
