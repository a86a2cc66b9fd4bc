import Handlebars from 'handlebars';

const hbs = Handlebars.create();

hbs.registerHelper('date', (value: Date | string | null) => (value ? new Date(value).toISOString().slice(0, 10) : ''));
hbs.registerHelper('iso', (value: Date | string | null) => (value ? new Date(value).toISOString() : ''));
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);

const layout = (body: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{title}}</title>
  {{#if endpoint}}<link rel="webmention" href="{{endpoint}}">{{/if}}
  <style>
    body { font: 17px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
    .responses li { margin: .75rem 0; list-style: none; }
    .responses img.avatar { width: 32px; height: 32px; border-radius: 50%; vertical-align: middle; margin-right: .4rem; }
    .kind { font-size: .8rem; color: #666; text-transform: uppercase; letter-spacing: .05em; }
  </style>
</head>
<body>
${body}
</body>
</html>
`;

/** The home page: the list of posts. */
export const homePage = hbs.compile(
  layout(`<h1>{{title}}</h1>
<ul>
{{#each posts}}  <li><a href="{{url}}">{{title}}</a> <small>{{date publishedAt}}</small></li>
{{/each}}</ul>
<p>Webmention endpoint: <code>{{endpoint}}</code></p>`),
);

/** A post with its responses (comments mirrored from Webmentions). */
export const postPage = hbs.compile(
  layout(`<article class="h-entry">
  <h1 class="p-name">{{post.title}}</h1>
  <p><a class="u-url" href="{{url}}"><time class="dt-published" datetime="{{iso post.publishedAt}}">{{date post.publishedAt}}</time></a></p>
  <div class="e-content">{{{post.html}}}</div>
</article>
<section class="responses">
  <h2>Responses ({{comments.length}})</h2>
  <ul>
  {{#each comments}}
    <li class="h-cite">
      <span class="kind">{{kind}}</span>
      {{#if authorPhoto}}<img class="avatar" src="{{authorPhoto}}" alt="">{{/if}}
      <a class="p-author h-card" href="{{authorUrl}}" rel="nofollow ugc noopener">{{authorName}}</a>
      {{#if html}}<div class="p-content">{{{html}}}</div>{{/if}}
      <a class="u-url" href="{{url}}" rel="nofollow ugc noopener">{{date publishedAt}}</a>
    </li>
  {{/each}}
  </ul>
</section>
<p><a href="/">All posts</a></p>`),
);

/** What a deleted post shows: no content, no links to its former targets. */
export const tombstonePage = hbs.compile(
  layout(`<h1>Gone</h1><p>This post was deleted.</p><p><a href="/">All posts</a></p>`),
);
