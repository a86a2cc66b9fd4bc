/*
 * nestjs-webmention's embeddable widget: the responses of a page, drawn in the browser from the read API's jf2 feed
 * (webmention.io's `mentions.jf2` shape, so its URL works too) with the markup and classes of the server-side
 * templates, kept up to date over Server-Sent Events when the server offers them. No framework, no build step:
 *
 *   <script src="https://blog.example/webmention/widget.js" async data-target="https://blog.example/posts/hi"></script>
 *
 * Text is only ever set as text and URLs only as http(s) attributes, so nothing a mention says can run here.
 */
(function () {
  'use strict';
  // NOTE: the server replaces this object with its paths and limits when it serves the file.
  var DEFAULTS = /*WEBMENTION_DEFAULTS*/ {
    api: '/webmentions',
    stylesheet: false,
    live: false,
    facepileLimit: 12,
    maxComments: 50,
  };
  var script = document.currentScript;
  if (!script || !window.fetch || !window.URL) return;
  var data = script.dataset;
  var origin = new URL(script.src, location.href).origin;
  var own = !data.api;
  var api = own ? origin + DEFAULTS.api : new URL(data.api, location.href).href;
  var targets = (data.target || location.href.split('#')[0])
    .split(/\s*,\s*/)
    .filter(Boolean)
    .slice(0, 20);
  var mentions = new Map();
  var container;

  var PILES = [
    ['like-of', 'likes', 'like', 'likes'],
    ['repost-of', 'reposts', 'repost', 'reposts'],
    ['bookmark-of', 'bookmarks', 'bookmark', 'bookmarks'],
  ];
  var RSVPS = [
    ['yes', 'Going'],
    ['maybe', 'Maybe'],
    ['interested', 'Interested'],
    ['no', 'Not going'],
  ];
  var REL = 'nofollow ugc noopener';

  /** An http(s) URL as text, or null for anything else (javascript:, data:, garbage). */
  function safeUrl(value) {
    if (typeof value !== 'string' || value === '') return null;
    try {
      var url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (_error) {
      return null;
    }
  }

  function text(value) {
    return typeof value === 'string' ? value : '';
  }

  /** An element with attributes (skipped when null) and children (strings become text nodes). */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (attrs[name] !== null && attrs[name] !== undefined) node.setAttribute(name, String(attrs[name]));
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined)
        node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function link(href, className, children) {
    return el('a', { class: className, href: href, rel: REL, referrerpolicy: 'no-referrer' }, children);
  }

  function authorName(entry) {
    var author = entry.author || {};
    var name = text(author.name).trim();
    if (name) return name;
    var url = safeUrl(author.url) || safeUrl(entry['wm-source']);
    return url ? new URL(url).hostname : 'Someone';
  }

  function when(entry) {
    var date = new Date(entry.published || entry['wm-received'] || '');
    if (isNaN(date.getTime())) return null;
    return el('time', { class: 'wm-comment__date dt-published', datetime: date.toISOString() }, [
      date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }),
    ]);
  }

  function face(entry) {
    var name = authorName(entry);
    var photo = safeUrl((entry.author || {}).photo);
    var href = safeUrl((entry.author || {}).url) || safeUrl(entry.url) || safeUrl(entry['wm-source']);
    var picture = photo
      ? el('img', {
          class: 'wm-face__photo u-photo p-name',
          src: photo,
          alt: name,
          width: 40,
          height: 40,
          loading: 'lazy',
          decoding: 'async',
        })
      : el('abbr', { class: 'wm-face__initial p-name', title: name }, [Array.from(name)[0].toUpperCase()]);
    var inner = el('span', { class: 'wm-face__author p-author h-card' }, [picture]);
    var holder = href
      ? el(
          'a',
          {
            class: 'wm-face__link',
            href: href,
            title: name,
            'aria-label': name,
            rel: REL,
            referrerpolicy: 'no-referrer',
          },
          [inner],
        )
      : el('span', { class: 'wm-face__link', title: name, role: 'img', 'aria-label': name }, [inner]);
    return el('li', { class: 'wm-face h-cite' }, [holder]);
  }

  function facepile(entries, className) {
    var shown = entries.slice(0, DEFAULTS.facepileLimit).map(face);
    var more = entries.length - shown.length;
    if (more > 0) shown.push(el('li', { class: 'wm-facepile__more' }, ['+' + more + ' more']));
    return el('ul', { class: 'wm-facepile ' + className }, shown);
  }

  function section(kind, heading, children) {
    return el(
      'div',
      { class: 'wm-section wm-section--' + kind },
      [el('h3', { class: 'wm-section__heading' }, [heading])].concat(children),
    );
  }

  function comment(entry) {
    var isReply = entry['wm-property'] === 'in-reply-to';
    var author = entry.author || {};
    var name = authorName(entry);
    var photo = safeUrl(author.photo);
    var authorUrl = safeUrl(author.url);
    var entryUrl = safeUrl(entry.url) || safeUrl(entry['wm-source']);
    var date = when(entry);
    var meta = el('div', { class: 'wm-comment__meta' }, [
      el('span', { class: 'wm-comment__author p-author h-card' }, [
        photo
          ? el('img', {
              class: 'wm-comment__photo u-photo',
              src: photo,
              alt: '',
              width: 48,
              height: 48,
              loading: 'lazy',
              decoding: 'async',
            })
          : null,
        authorUrl
          ? link(authorUrl, 'wm-comment__name p-name u-url', [name])
          : el('span', { class: 'wm-comment__name p-name' }, [name]),
      ]),
      isReply ? null : el('span', { class: 'wm-comment__action' }, ['mentioned this']),
      entryUrl ? link(entryUrl, 'wm-comment__permalink u-url', [date || 'Permalink']) : date,
    ]);
    var body = text((entry.content || {}).text).trim();
    var paragraphs = body
      ? body.split(/\n\s*\n/).map(function (p) {
          return el('p', { class: 'wm-comment__text' }, [p.trim()]);
        })
      : [];
    var title =
      !isReply && text(entry.name).trim()
        ? el('p', { class: 'wm-comment__title p-name' }, [text(entry.name).trim()])
        : null;
    return el('li', { class: 'wm-comment wm-comment--' + (isReply ? 'reply' : 'mention') + ' h-cite' }, [
      meta,
      title,
      paragraphs.length ? el('div', { class: 'wm-comment__content e-content' }, paragraphs) : null,
    ]);
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }

  function render() {
    var entries = Array.from(mentions.values()).sort(function (a, b) {
      return text(a['wm-received']).localeCompare(text(b['wm-received'])) || a['wm-id'] - b['wm-id'];
    });
    var by = function (property) {
      return entries.filter(function (e) {
        return e['wm-property'] === property;
      });
    };
    var parts = [];
    PILES.forEach(function (pile) {
      var list = by(pile[0]);
      if (list.length)
        parts.push(
          section(pile[1], plural(list.length, pile[2], pile[3]), [facepile(list, 'wm-facepile--' + pile[1])]),
        );
    });
    var rsvps = by('rsvp');
    if (rsvps.length) {
      var groups = RSVPS.map(function (answer) {
        var list = rsvps.filter(function (e) {
          return e.rsvp === answer[0];
        });
        if (!list.length) return null;
        return el('div', { class: 'wm-rsvp wm-rsvp--' + answer[0] }, [
          el('h4', { class: 'wm-rsvp__heading' }, [
            answer[1] + ' ',
            el('span', { class: 'wm-rsvp__count' }, ['(' + list.length + ')']),
          ]),
          facepile(list, 'wm-facepile--rsvp-' + answer[0]),
        ]);
      });
      parts.push(section('rsvps', plural(rsvps.length, 'RSVP', 'RSVPs'), groups));
    }
    var comments = entries.filter(function (e) {
      return e['wm-property'] === 'in-reply-to' || e['wm-property'] === 'mention-of';
    });
    if (comments.length) {
      var shown = comments.slice(-DEFAULTS.maxComments);
      var more = comments.length - shown.length;
      parts.push(
        section('comments', plural(comments.length, 'response', 'responses'), [
          el('ol', { class: 'wm-comments' }, shown.map(comment)),
          more > 0 ? el('p', { class: 'wm-more' }, [plural(more, 'more response', 'more responses')]) : null,
        ]),
      );
    }
    if (!parts.length) parts.push(el('p', { class: 'wm-empty' }, ['No responses yet.']));
    container.replaceChildren(el('section', { class: 'wm-webmentions', 'aria-label': 'Responses' }, parts));
    container.dispatchEvent(new CustomEvent('webmentions:render', { detail: { count: entries.length } }));
  }

  function keep(entry) {
    if (entry && typeof entry === 'object' && entry['wm-private'] !== true && typeof entry['wm-id'] === 'number') {
      mentions.set(entry['wm-id'], entry);
    }
  }

  function query(extra) {
    var params = new URLSearchParams(extra);
    targets.forEach(function (t) {
      params.append('target', t);
    });
    return params.toString();
  }

  function subscribe() {
    if (!own || !DEFAULTS.live || data.live === 'false' || typeof EventSource !== 'function') return;
    var source = new EventSource(api + '/live?' + query({}));
    source.addEventListener('mention', function (event) {
      try {
        keep(JSON.parse(event.data));
        render();
      } catch (_error) {
        /* a malformed event changes nothing */
      }
    });
    source.addEventListener('remove', function (event) {
      try {
        if (mentions.delete(JSON.parse(event.data)['wm-id'])) render();
      } catch (_error) {
        /* a malformed event changes nothing */
      }
    });
  }

  function start() {
    var sheet =
      data.stylesheet === 'false'
        ? null
        : data.stylesheet || (own && DEFAULTS.stylesheet ? origin + DEFAULTS.stylesheet : null);
    container = data.container ? document.querySelector(data.container) : null;
    if (!container) {
      container = el('div', { class: 'wm-widget' });
      script.after(container);
    }
    var limit = String(Math.min(Number(data.limit) || 100, 100));
    var url = api + '?' + query(own ? { format: 'jf2', limit: limit } : { 'per-page': limit });
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'omit' })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (feed) {
        (Array.isArray(feed && feed.children) ? feed.children : []).forEach(keep);
        var href = safeUrl(sheet && new URL(sheet, location.href).href);
        if (href && !document.querySelector('link[href="' + CSS.escape(href) + '"]')) {
          document.head.append(el('link', { rel: 'stylesheet', href: href }));
        }
        render();
        subscribe();
      })
      .catch(function () {
        // NOTE: the API is unreachable or answers nonsense: the page shows nothing rather than an error.
        container.replaceChildren();
      });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
