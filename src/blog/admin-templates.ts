import Handlebars from 'handlebars';

/** One mention as a row of the admin page; every value is plain text, escaped by Handlebars. */
export interface AdminMentionRow {
  id: number;
  type: string;
  status: string;
  moderation: string;
  authorName: string;
  /** Only when http(s): the page never links anything else. */
  authorUrl: string | null;
  sourceUrl: string;
  targetUrl: string;
  /** The target's path (the blog's own page). */
  targetPath: string;
  /** ISO 8601, UTC. */
  received: string;
  /** `2026-03-01 10:00` (UTC). */
  receivedText: string;
  excerpt: string;
  actions: { action: string; label: string }[];
}

/** Context of the mentions page. */
export interface AdminMentionsView {
  csrf: string;
  notice: string | null;
  held: AdminMentionRow[];
  recent: AdminMentionRow[];
}

const hbs = Handlebars.create();

const CSS = `
    :root { color-scheme: light dark; --bg: #fff; --text: #1f2328; --muted: #59636e; --rule: #d1d9e0; --link: #0969da;
      --surface: #f6f8fa; --ok: #1a7f37; --bad: #cf222e; }
    @media (prefers-color-scheme: dark) {
      :root { --bg: #0d1117; --text: #e6edf3; --muted: #9198a1; --rule: #3d444d; --link: #4493f8; --surface: #151b23;
        --ok: #3fb950; --bad: #f85149; }
    }
    body { font: 15px/1.5 system-ui, sans-serif; max-width: 64rem; margin: 2rem auto; padding: 0 1rem;
      color: var(--text); background: var(--bg); }
    a { color: var(--link); }
    h2 { margin-top: 2rem; font-size: 1.15rem; }
    .notice { padding: .5rem .75rem; border: 1px solid var(--ok); border-radius: .5rem; color: var(--ok); }
    .error { padding: .5rem .75rem; border: 1px solid var(--bad); border-radius: .5rem; color: var(--bad); }
    .none { color: var(--muted); }
    nav { display: flex; gap: 1rem; align-items: center; }
    nav form { margin: 0; }
    table { width: 100%; border-collapse: collapse; table-layout: fixed; }
    col.received { width: 7.5rem; } col.who { width: 24%; } col.what { width: 9rem; } col.state { width: 6.5rem; }
    col.actions { width: 8.5rem; }
    th, td { text-align: left; vertical-align: top; padding: .5rem; border-bottom: 1px solid var(--rule);
      overflow-wrap: anywhere; }
    th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
    .url, time { font-size: .85rem; color: var(--muted); }
    .badge { display: inline-block; padding: 0 .4rem; border: 1px solid var(--rule); border-radius: .4rem;
      font-size: .8rem; background: var(--surface); }
    .badge--pending, .badge--spam, .badge--rejected { border-color: var(--bad); color: var(--bad); }
    .badge--approved, .badge--verified { border-color: var(--ok); color: var(--ok); }
    .badge + .badge { margin-top: .25rem; }
    td.actions form { display: flex; flex-wrap: wrap; gap: .25rem; margin: 0; }
    button { font: inherit; padding: .2rem .6rem; border: 1px solid var(--rule); border-radius: .4rem;
      background: var(--surface); color: var(--text); cursor: pointer; }
    .login { display: flex; gap: .5rem; align-items: end; }
    .login input { font: inherit; padding: .3rem .5rem; }`;

const layout = (body: string) =>
  hbs.compile(`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>{{title}}</title>
  <style>${CSS}
  </style>
</head>
<body>
${body}
</body>
</html>
`);

hbs.registerPartial(
  'rows',
  `{{#if rows.length}}<table>
  <colgroup><col class="received"><col class="who"><col class="what"><col class="content"><col class="state"><col class="actions"></colgroup>
  <thead><tr><th>Received</th><th>Who</th><th>What</th><th>Content</th><th>State</th><th>Actions</th></tr></thead>
  <tbody>
  {{#each rows}}
    <tr id="mention-{{id}}" data-id="{{id}}">
      <td><time datetime="{{received}}">{{receivedText}}</time></td>
      <td>{{#if authorUrl}}<a href="{{authorUrl}}" rel="nofollow noopener noreferrer">{{authorName}}</a>{{else}}{{authorName}}{{/if}}
        <div class="url"><a href="{{sourceUrl}}" rel="nofollow noopener noreferrer">{{sourceUrl}}</a></div></td>
      <td>{{type}}<div class="url">on <a href="{{targetUrl}}">{{targetPath}}</a></div></td>
      <td class="excerpt">{{excerpt}}</td>
      <td><span class="badge badge--{{status}}">{{status}}</span><br><span class="badge badge--{{moderation}}">{{moderation}}</span></td>
      <td class="actions"><form method="post" action="/admin/mentions/{{id}}/approve">
        <input type="hidden" name="csrf" value="{{../csrf}}">
        {{#each actions}}<button type="submit" formaction="/admin/mentions/{{../id}}/{{action}}" data-action="{{action}}">{{label}}</button>{{/each}}
      </form></td>
    </tr>
  {{/each}}
  </tbody>
</table>{{else}}<p class="none">{{empty}}</p>{{/if}}`,
);

/** `/admin/mentions`: mentions held for moderation, then the most recent ones, each with its moderation buttons. */
export const adminMentionsPage = layout(`<h1>Webmentions</h1>
<nav><a href="/">Blog</a><form method="post" action="/admin/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Sign out</button></form></nav>
{{#if notice}}<p class="notice" role="status">{{notice}}</p>{{/if}}
<section id="held">
  <h2>Held for moderation ({{held.length}})</h2>
  {{> rows rows=held csrf=csrf empty="Nothing is waiting."}}
</section>
<section id="recent">
  <h2>Recent</h2>
  {{> rows rows=recent csrf=csrf empty="No Webmentions yet."}}
</section>`) as (view: AdminMentionsView & { title: string }) => string;

/** The sign-in form of the admin pages (`error` when a token was refused, `off` when ADMIN_TOKEN is not set). */
export const adminLoginPage = layout(`<h1>Sign in</h1>
{{#if off}}<p class="error" role="alert">The admin pages are off: set ADMIN_TOKEN to turn them on.</p>
{{else}}{{#if error}}<p class="error" role="alert">{{error}}</p>{{/if}}
<form class="login" method="post" action="/admin/login">
  <label>Admin token<br><input type="password" name="token" autocomplete="current-password" required autofocus></label>
  <button type="submit">Sign in</button>
</form>{{/if}}`) as (view: { title: string; error?: string; off?: boolean }) => string;

/** A short error page of the admin pages. */
export const adminErrorPage = layout(`<h1>{{title}}</h1>
<p class="error" role="alert">{{message}}</p>
<p><a href="/admin/mentions">Back to the mentions</a></p>`) as (view: { title: string; message: string }) => string;
