import { createWebmentionRenderer, registerWebmentionHelpers } from 'nestjs-webmention/render';
import { responseCounts } from './response-counts';
import { createBlogTemplates } from './templates';

describe('blog templates', () => {
  // NOTE: the pure rendering core registers the same helpers as WebmentionRenderer.registerHelpers, without Nest.
  const renderer = createWebmentionRenderer({ endpointUrl: 'https://blog.example/webmention' });
  const templates = createBlogTemplates((hbs) => registerWebmentionHelpers(hbs, renderer));
  const post = { title: 'Fish & <Chips>', html: '<p>Body</p>', publishedAt: new Date('2026-01-01T09:00:00Z') };
  const url = 'https://blog.example/posts/fish';
  const like = { sourceUrl: 'https://a.example/like', mentionType: 'like', authorName: 'Ann', status: 'verified' };
  const reply = { sourceUrl: 'https://b.example/re', mentionType: 'reply', authorName: 'Ben', content: 'Yes!' };

  it('draws a post with the library: endpoint link, counts, facepile, comments, send form, stylesheet', () => {
    const html = templates.post({ title: post.title, post, url, mentions: [like, reply], stylesheet: '.x{}' });
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).toContain('<title>Fish &amp; &lt;Chips&gt;</title>');
    expect(head).toContain('<link rel="webmention" href="https://blog.example/webmention">');
    expect(head).toContain('<style>.x{}</style>');
    expect(html).toContain('<h1 class="p-name">Fish &amp; &lt;Chips&gt;</h1>');
    expect(html).toContain('<time class="dt-published" datetime="2026-01-01T09:00:00.000Z">2026-01-01</time>');
    expect(html).toContain('<div class="e-content"><p>Body</p></div>');
    expect(html).toContain('Responses (2)');
    expect(html).toContain('<div class="wm-section wm-section--likes">');
    expect(html).toContain('<li class="wm-comment wm-comment--reply h-cite">');
    expect(html).toContain(`<input type="hidden" name="target" value="${url}">`);
  });

  it('says there is nothing yet, and draws the home page with counts and the tombstone', () => {
    expect(templates.post({ title: 'T', post, url, mentions: [] })).toContain('Responses (0)');
    const home = templates.home({
      title: 'Example blog',
      posts: [{ title: 'A', url, publishedAt: post.publishedAt, responses: responseCounts({ like: 2, reply: 1 }) }],
    });
    expect(home).toContain(`<li><a href="${url}">A</a> <small class="meta">2026-01-01</small>`);
    expect(home).toContain('<span class="counts">2 likes · 1 reply</span>');
    const gone = templates.tombstone({ title: 'Gone' });
    expect(gone).toContain('This post was deleted.');
    expect(gone).not.toContain('wm-webmentions');
  });

  it('counts responses by kind in the home page order, singular or plural, leaving out kinds without any', () => {
    expect(responseCounts({ reply: 2, like: 1, rsvp: 3, mention: 0 })).toEqual([
      { count: 1, label: 'like' },
      { count: 2, label: 'replies' },
      { count: 3, label: 'RSVPs' },
    ]);
    expect(responseCounts({})).toEqual([]);
  });
});
