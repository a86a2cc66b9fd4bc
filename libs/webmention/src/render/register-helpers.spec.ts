import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import Handlebars from 'handlebars';
import { WEBMENTION_HELPER_NAMES, registerWebmentionHelpers } from './register-helpers';
import { createWebmentionRenderer } from './render-webmentions';
import { WebmentionTemplateError } from './template-loader';

const ENDPOINT = 'https://me.example/webmention';
const mentions = [
  { sourceUrl: 'https://a.example/r', mentionType: 'reply', authorName: '<i>Ann</i>', content: 'Hi' },
  { sourceUrl: 'https://b.example/l', mentionType: 'like', authorName: 'Ben' },
  { sourceUrl: 'https://c.example/p', mentionType: 'repost', authorName: 'Cy' },
];

describe('registerWebmentionHelpers', () => {
  it('registers on a Handlebars.create() instance without touching the global one', () => {
    const hb = Handlebars.create();
    registerWebmentionHelpers(hb, { endpointUrl: ENDPOINT });
    for (const name of WEBMENTION_HELPER_NAMES) {
      expect(typeof hb.helpers[name]).toBe('function');
      expect(Handlebars.helpers[name]).toBeUndefined();
    }
    const page = hb.compile('<head>{{webmentionEndpointLink}}</head>{{showWebmentions mentions}}');
    const html = page({ mentions });
    expect(html).toContain('<head><link rel="webmention" href="https://me.example/webmention"></head>');
    expect(html).toContain('class="wm-webmentions"');
    expect(html).toContain('&lt;i&gt;Ann&lt;/i&gt;');
    expect(html).not.toContain('&lt;section');
  });

  it('filters by type and counts, with and without a type', () => {
    const hb = Handlebars.create();
    registerWebmentionHelpers(hb, { endpointUrl: ENDPOINT });
    const replies = hb.compile('{{showWebmentions mentions type="reply"}}')({ mentions });
    expect(replies).toContain('wm-comment--reply');
    expect(replies).not.toContain('wm-face ');
    const piles = hb.compile('{{showWebmentions mentions type="like,repost"}}')({ mentions });
    expect(piles).toContain('wm-facepile--likes');
    expect(piles).toContain('wm-facepile--reposts');
    expect(piles).not.toContain('wm-comment--reply');
    const counts = hb.compile(
      '{{webmentionCount mentions}}/{{webmentionCount mentions type="like"}}/{{webmentionCount nothing}}',
    );
    expect(counts({ mentions })).toBe('3/1/0');
    expect(hb.compile('{{showWebmentions missing}}')({})).toContain('No responses yet.');
  });

  it('renders the send form for the target', () => {
    const hb = Handlebars.create();
    registerWebmentionHelpers(hb, { endpointUrl: ENDPOINT });
    const html = hb.compile('{{webmentionSendForm url}}')({ url: 'https://me.example/post/1' });
    expect(html).toContain('<form class="wm-send-form" method="post" action="https://me.example/webmention">');
    expect(html).toContain('<input type="hidden" name="target" value="https://me.example/post/1">');
  });

  it('registers on the global instance too', () => {
    try {
      registerWebmentionHelpers(Handlebars, { endpointUrl: ENDPOINT, facepileLimit: 1 });
      const html = Handlebars.compile('{{showWebmentions mentions type="like"}}')({
        mentions: [mentions[1], { ...mentions[1], sourceUrl: 'https://d.example/l' }],
      });
      expect(html).toContain('+1 more');
    } finally {
      for (const name of WEBMENTION_HELPER_NAMES) Handlebars.unregisterHelper(name);
    }
  });

  it('accepts an hbs-style object and uses its SafeString; reuses a given renderer', () => {
    const registered: Record<string, (...args: unknown[]) => unknown> = {};
    class MySafe {
      constructor(readonly html: string) {}
      toHTML() {
        return this.html;
      }
    }
    const hbsLike = {
      registerHelper: (n: string, fn: (...a: unknown[]) => unknown) => void (registered[n] = fn),
      handlebars: { SafeString: MySafe },
    };
    const renderer = createWebmentionRenderer({ endpointUrl: ENDPOINT });
    expect(registerWebmentionHelpers(hbsLike, renderer)).toBe(renderer);
    expect(registered.webmentionEndpointLink({ hash: {} })).toBeInstanceOf(MySafe);
  });

  it('throws at registration on a broken override or a bad endpoint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wm-helpers-'));
    try {
      writeFileSync(join(dir, 'rsvp.hbs'), '{{#if yes}}');
      expect(() =>
        registerWebmentionHelpers(Handlebars.create(), { endpointUrl: ENDPOINT, templatesDir: dir }),
      ).toThrow(WebmentionTemplateError);
      expect(() =>
        registerWebmentionHelpers(Handlebars.create(), { endpointUrl: ENDPOINT, templatesDir: dir }),
      ).toThrow(join(dir, 'rsvp.hbs'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => registerWebmentionHelpers(Handlebars.create(), { endpointUrl: '/webmention' })).toThrow(TypeError);
    expect(() => registerWebmentionHelpers({} as never, { endpointUrl: ENDPOINT })).toThrow(TypeError);
  });
});
