import Handlebars from 'handlebars';

/** A Handlebars environment of its own (`Handlebars.create()`), as the library's `registerHelpers` takes it. */
export type HandlebarsEnv = ReturnType<typeof Handlebars.create>;

/** A compiled page: its context in, HTML out. */
export type Page = (context: object) => string;

/** The blog's compiled pages. */
export interface BlogTemplates {
  /** The home page: `{ title, posts: [{ title, url, publishedAt, responses: [{ count, label }] }], stylesheet }`. */
  home: Page;
  /** A post: `{ title, post, url, mentions, stylesheet }`; the responses come from the library's helpers. */
  post: Page;
  /** What a deleted post shows (`{ title }`): no content, no links to its former targets. */
  tombstone: Page;
}

/** The page's own styles, light and dark; the responses block brings the library's stylesheet. */
const PAGE_CSS = `
    :root { color-scheme: light dark; --page-bg: #fff; --page-text: #1f2328; --page-muted: #59636e;
      --page-link: #0969da; --page-rule: #d1d9e0; }
    @media (prefers-color-scheme: dark) {
      :root { --page-bg: #0d1117; --page-text: #e6edf3; --page-muted: #9198a1; --page-link: #4493f8; --page-rule: #3d444d; }
    }
    body { font: 17px/1.6 system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem;
      color: var(--page-text); background: var(--page-bg); }
    a { color: var(--page-link); }
    .site { display: flex; justify-content: space-between; align-items: baseline; margin-bottom: 2rem;
      border-bottom: 1px solid var(--page-rule); padding-bottom: .5rem; }
    .site a { color: inherit; text-decoration: none; font-weight: 600; }
    .meta, .counts, .site small { color: var(--page-muted); font-size: .9rem; }
    .posts { padding: 0; list-style: none; }
    .posts li { margin: .75rem 0; }
    .counts { margin-left: .5rem; }
    .responses { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--page-rule); }
    .responses > h2 { font-size: 1.25rem; }
    .send { margin-top: 2rem; }`;

const LAYOUT = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{title}}</title>
  {{webmentionEndpointLink}}
  <style>${PAGE_CSS}
  </style>
  {{#if stylesheet}}<style>{{{stylesheet}}}</style>{{/if}}
</head>
<body>
<header class="site"><a href="/">Example blog</a><small>a nestjs-webmention demo</small></header>
{{> body}}
</body>
</html>
`;

const HOME = `<h1>{{title}}</h1>
<ul class="posts">
{{#each posts}}  <li><a href="{{url}}">{{title}}</a> <small class="meta">{{date publishedAt}}</small>
    {{~#if responses}} <span class="counts">{{#each responses}}{{#unless @first}} · {{/unless}}{{count}} {{label}}{{/each}}</span>{{/if}}</li>
{{/each}}</ul>`;

const POST = `<article class="h-entry">
  <h1 class="p-name">{{post.title}}</h1>
  <p class="meta"><a class="u-url" href="{{url}}"><time class="dt-published" datetime="{{iso post.publishedAt}}">{{date post.publishedAt}}</time></a></p>
  <div class="e-content">{{{post.html}}}</div>
</article>
<section class="responses" id="responses">
  <h2>Responses ({{webmentionCount mentions}})</h2>
  {{showWebmentions mentions}}
  <div class="send">{{webmentionSendForm url}}</div>
</section>
<p><a href="/">All posts</a></p>`;

const TOMBSTONE = `<h1>Gone</h1><p>This post was deleted.</p><p><a href="/">All posts</a></p>`;

/**
 * Compiles the blog's pages on a Handlebars environment of their own. `registerHelpers` adds the library's helpers
 * (`webmentionEndpointLink`, `showWebmentions`, `webmentionCount`, `webmentionSendForm`) to it.
 */
export function createBlogTemplates(registerHelpers: (hbs: HandlebarsEnv) => void): BlogTemplates {
  const hbs = Handlebars.create();
  hbs.registerHelper('date', (value: Date | string | null) =>
    value ? new Date(value).toISOString().slice(0, 10) : '',
  );
  hbs.registerHelper('iso', (value: Date | string | null) => (value ? new Date(value).toISOString() : ''));
  registerHelpers(hbs);
  const page = (body: string): Page => {
    // NOTE: each page gets its own `body` partial, passed at render time, so the layout is written once.
    const layout = hbs.compile(LAYOUT, { strict: false });
    const partial = hbs.compile(body);
    return (context) => layout(context, { partials: { body: partial } });
  };
  return { home: page(HOME), post: page(POST), tombstone: page(TOMBSTONE) };
}
