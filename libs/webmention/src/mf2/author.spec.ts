import { representativeHCard, resolveAuthor, sameProfileUrl } from './author';
import { chooseEntry } from './mention-content';
import { parseMicroformats } from './parse-microformats';

const SOURCE = 'https://src.example/posts/1';
const TARGET = 'https://target.example/p';

function authorOf(body: string, head = '') {
  const html = `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
  const doc = parseMicroformats(html, SOURCE);
  if (doc === null) throw new Error('fixture did not parse');
  const entry = chooseEntry(doc, { baseUrl: SOURCE, sourceUrl: SOURCE, targetUrl: TARGET });
  if (entry === null) throw new Error('no entry');
  return resolveAuthor(doc, entry, SOURCE, SOURCE);
}

const entry = (inner: string) => `<div class="h-entry"><a class="u-in-reply-to" href="${TARGET}">r</a>${inner}</div>`;
const card = (name: string, url: string, extra = '') =>
  `<div class="h-card"${extra}><a class="p-name u-url" href="${url}">${name}</a></div>`;

describe('resolveAuthor chain', () => {
  it('1. uses an h-card author, with an {value, alt} photo', () => {
    const r = authorOf(
      entry(
        '<div class="p-author h-card"><img class="u-photo" src="/a.png" alt="A"><a class="p-name u-url" href="https://a.example">A</a></div>',
      ) + card('Page Owner', 'https://owner.example/'),
    );
    expect(r).toEqual({
      author: { name: 'A', url: 'https://a.example/', photo: 'https://src.example/a.png' },
      authorPageToFetch: null,
    });
  });

  it('2. matches a URL author to a same-page h-card by url, nested in an h-feed', () => {
    const r = authorOf(
      `<div class="h-feed">${card('Zed', 'https://zed.example/')}${card('Bea', 'https://www.bea.example')}` +
        entry('<a class="u-author" href="https://bea.example/">Bea\'s site</a>') +
        '</div>',
    );
    expect(r.author).toEqual({ name: 'Bea', url: 'https://www.bea.example/', photo: null });
    expect(r.authorPageToFetch).toBeNull();
  });

  it('2. matches a URL author to a same-page h-card by #id', () => {
    const r = authorOf(
      entry('<a class="u-author" href="#writer">me</a>') +
        card('First', 'https://first.example/') +
        card('Writer', 'https://writer.example/', ' id="writer"'),
    );
    expect(r.author.name).toBe('Writer');
  });

  it('2. ignores an #id match when the author URL is another page', () => {
    const r = authorOf(
      entry('<a class="u-author" href="https://elsewhere.example/about#writer">me</a>') +
        card('Writer', 'https://writer.example/', ' id="writer"'),
    );
    // NOTE: falls to step 4 (single page-level h-card), which is not the id match.
    expect(r.author.name).toBe('Writer');
    const two = authorOf(
      entry('<a class="u-author" href="https://elsewhere.example/about#writer">me</a>') +
        card('Writer', 'https://writer.example/', ' id="writer"') +
        card('Other', 'https://other.example/'),
    );
    expect(two.author).toEqual({
      name: 'https://elsewhere.example/about#writer',
      url: 'https://elsewhere.example/about#writer',
      photo: null,
    });
    expect(two.authorPageToFetch).toBe('https://elsewhere.example/about#writer');
  });

  it('3. follows rel=author only when there is no explicit author', () => {
    const page = card('One', 'https://one.example/') + card('Two', 'https://two.example/');
    expect(authorOf(entry('') + page, '<link rel="author" href="https://two.example">').author.name).toBe('Two');
    expect(
      authorOf(
        entry('<span class="p-author">Named Person</span>') + page,
        '<link rel="author" href="https://two.example">',
      ).author,
    ).toEqual({ name: 'Named Person', url: null, photo: null });
  });

  it('4. takes a single page-level h-card but never guesses between several', () => {
    expect(authorOf(entry('') + card('Solo', 'https://solo.example/')).author.name).toBe('Solo');
    expect(
      authorOf(entry('') + card('One', 'https://one.example/') + card('Two', 'https://two.example/')).author,
    ).toEqual({
      name: null,
      url: null,
      photo: null,
    });
  });

  it('4. does not count h-cards nested inside the entry as page level', () => {
    const r = authorOf(
      entry(
        `<div class="u-in-reply-to h-cite"><a class="u-url" href="${TARGET}">t</a>${'<span class="p-author h-card"><a class="p-name u-url" href="https://t.example/">Quoted</a></span>'}</div>`,
      ),
    );
    expect(r.author.name).toBeNull();
  });

  it('5. falls back to the author URL and asks for the author page', () => {
    const r = authorOf(entry('<data class="p-author" value="https://kim.example/"></data>'));
    expect(r).toEqual({
      author: { name: 'https://kim.example/', url: 'https://kim.example/', photo: null },
      authorPageToFetch: 'https://kim.example/',
    });
  });

  it('5. an unmatched rel=author URL is also fetchable', () => {
    const r = authorOf(entry(''), '<link rel="author" href="/about">');
    expect(r.authorPageToFetch).toBe('https://src.example/about');
  });

  it('2. an h-card author with only a URL is resolved like a URL author', () => {
    const r = authorOf(
      entry('<a class="p-author h-card" href="https://bea.example/"></a>') +
        card('Bea', 'https://bea.example/') +
        card('Other', 'https://other.example/'),
    );
    expect(r.author).toEqual({ name: 'Bea', url: 'https://bea.example/', photo: null });
  });

  it('6. uses a plain-string author name, trimmed and capped', () => {
    expect(authorOf(entry('<span class="p-author">  Jo   Bloggs </span>')).author).toEqual({
      name: 'Jo Bloggs',
      url: null,
      photo: null,
    });
    expect(authorOf(entry(`<span class="p-author">${'n'.repeat(500)}</span>`)).author.name).toHaveLength(200);
  });

  it('keeps only absolute http(s) author URLs and photos', () => {
    const r = authorOf(
      entry(
        '<div class="p-author h-card"><a class="p-name u-url" href="javascript:alert(1)">Evil</a><img class="u-photo" src="data:image/png;base64,AA" alt=""></div>',
      ),
    );
    expect(r.author).toEqual({ name: 'Evil', url: null, photo: null });
  });
});

describe('representativeHCard', () => {
  const PAGE = 'https://alice.example/';
  const page = (body: string, head = '') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

  it('prefers the h-card whose url and uid are the page URL', () => {
    const html = page(
      card('Not her', 'https://alice.example/') +
        '<div class="h-card"><a class="p-name u-url u-uid" href="/">Alice</a><img class="u-photo" src="/me.jpg" alt=""></div>',
    );
    expect(representativeHCard({ html, pageUrl: PAGE })).toEqual({
      name: 'Alice',
      url: 'https://alice.example/',
      photo: 'https://alice.example/me.jpg',
    });
  });

  it('then an h-card whose url is a rel=me link', () => {
    const html = page(
      card('Friend', 'https://friend.example/') + card('Alice Elsewhere', 'https://social.example/@alice'),
      '<link rel="me" href="https://social.example/@alice">',
    );
    expect(representativeHCard({ html, pageUrl: PAGE })?.name).toBe('Alice Elsewhere');
  });

  it('then the only h-card whose url is the page URL', () => {
    expect(
      representativeHCard({
        html: page(card('Friend', 'https://friend.example/') + card('Alice', 'https://www.alice.example')),
        pageUrl: PAGE,
      })?.name,
    ).toBe('Alice');
  });

  it('matches a non-http rel=me exactly, so an xmpp: or mailto: profile finds the card', () => {
    const xmpp =
      '<div class="h-card"><span class="p-name">Alice</span><img class="u-photo" src="/a.jpg" alt="">' +
      '<a class="u-url" href="xmpp:alice@chat.example">chat</a></div>';
    expect(
      representativeHCard({ html: page(xmpp, '<link rel="me" href="xmpp:alice@chat.example">'), pageUrl: PAGE }),
    ).toEqual({
      name: 'Alice',
      url: null,
      photo: 'https://alice.example/a.jpg',
    });
    expect(
      representativeHCard({ html: page(xmpp, '<link rel="me" href="xmpp:bob@chat.example">'), pageUrl: PAGE }),
    ).toBeNull();
    const mail = card('Alice Mail', 'mailto:alice@mail.example');
    expect(
      representativeHCard({ html: page(mail, '<a rel="me" href="mailto:alice@mail.example">mail</a>'), pageUrl: PAGE })
        ?.name,
    ).toBe('Alice Mail');
  });

  it('returns null when ambiguous or absent', () => {
    expect(representativeHCard({ html: page(card('A1', PAGE) + card('A2', PAGE)), pageUrl: PAGE })).toBeNull();
    expect(representativeHCard({ html: page(card('Friend', 'https://friend.example/')), pageUrl: PAGE })).toBeNull();
    expect(representativeHCard({ html: '', pageUrl: PAGE })).toBeNull();
    expect(representativeHCard({ html: 'just text', pageUrl: PAGE })).toBeNull();
  });
});

describe('sameProfileUrl', () => {
  it('uses the URL matching policy for http(s) and exact comparison for other schemes', () => {
    expect(sameProfileUrl('https://www.a.example/', 'https://a.example')).toBe(true);
    expect(sameProfileUrl('xmpp:a@chat.example', ' xmpp:a@chat.example ')).toBe(true);
    expect(sameProfileUrl('xmpp:a@chat.example', 'xmpp:A@chat.example')).toBe(false);
    expect(sameProfileUrl('xmpp:a@chat.example', 'https://chat.example/a')).toBe(false);
    expect(sameProfileUrl('', '')).toBe(false);
    expect(sameProfileUrl(undefined as unknown as string, 'x:y')).toBe(false);
  });
});
