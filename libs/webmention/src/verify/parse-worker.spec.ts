import * as parse5 from 'parse5';
import * as microformats from 'microformats-parser';
import { readSource, type ReadSourceTask } from './parse-worker';
import { DEFAULT_MICROFORMATS_LIMITS } from './source-links';

// NOTE: every parse5 document parse is counted, ours and microformats-parser's own (it requires the same module).
jest.mock('parse5', () => {
  const actual = jest.requireActual<typeof import('parse5')>('parse5');
  return { ...actual, parse: jest.fn(actual.parse) };
});
jest.mock('microformats-parser', () => {
  const actual = jest.requireActual<typeof import('microformats-parser')>('microformats-parser');
  return { ...actual, mf2: jest.fn(actual.mf2) };
});

const parse = parse5.parse as jest.MockedFunction<typeof parse5.parse>;
const mf2 = microformats.mf2 as jest.MockedFunction<typeof microformats.mf2>;

const TARGET = 'https://blog.example/post';
const SOURCE = 'https://source.example/reply';

function task(body: string): ReadSourceTask {
  return {
    body,
    contentType: 'text/html; charset=utf-8',
    baseUrl: SOURCE,
    sourceUrl: SOURCE,
    targetUrl: TARGET,
    limits: DEFAULT_MICROFORMATS_LIMITS,
    interpret: true,
  };
}

const reply = (head = '', cls = 'h-entry') =>
  `<!doctype html><html><head><title>Page</title>${head}</head><body><div class="${cls}">` +
  `<a class="u-in-reply-to" href="${TARGET}">re</a><p class="p-name e-content">Hello</p>` +
  `<a class="p-author h-card" href="https://source.example/">Ann</a></div></body></html>`;

describe('readSource parses a page once', () => {
  beforeEach(() => {
    parse.mockClear();
    mf2.mockClear();
  });

  it('reads a linked h-entry with one parse of ours and one run of the microformats parser', () => {
    const result = readSource(task(reply()));
    expect(result.found).toEqual({ kind: 'html', linked: true });
    expect(result.mention).toMatchObject({ mentionType: 'reply', content: 'Hello' });
    expect(mf2).toHaveBeenCalledTimes(1);
    // ours, then the microformats parser's own parse of the string
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it('does no microformats work on a page without the link', () => {
    const result = readSource(task(reply().replaceAll(TARGET, 'https://blog.example/other')));
    expect(result).toEqual({ found: { kind: 'html', linked: false }, mention: null });
    expect(mf2).not.toHaveBeenCalled();
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('does not parse a page refused by the cost estimate', () => {
    const nested = '<div class="h-entry"><div class="e-content">'.repeat(40);
    const result = readSource(task(`<html><body><a href="${TARGET}">x</a>${nested}</body></html>`));
    expect(result.found.tooComplex).toMatch(/nests microformats deeper/);
    expect(parse).not.toHaveBeenCalled();
    expect(mf2).not.toHaveBeenCalled();
  });

  it('repairs a page with a <base> from the same tree, not a new parse', () => {
    const result = readSource(task(reply('<base href="/dir/">')));
    expect(result.mention?.mentionType).toBe('reply');
    expect(result.mention?.author.url).toBe('https://source.example/');
    expect(mf2).toHaveBeenCalledTimes(1);
    expect(mf2.mock.calls[0][1]).toEqual({ baseUrl: 'https://source.example/dir/' });
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it('reads the dates of a classic hentry from the same tree', () => {
    const body = reply('', 'hentry').replace(
      '<p class="p-name',
      '<abbr class="published" title="2026-01-02T10:00:00Z">Jan 2</abbr><p class="p-name',
    );
    const result = readSource(task(body));
    expect(result.mention?.published?.toISOString()).toBe('2026-01-02T10:00:00.000Z');
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it('reads where the links sit from the same tree: a link only outside every entry is a plain mention', () => {
    const body =
      `<!doctype html><html><head><title>Blog</title></head><body><nav><a href="${TARGET}">friend</a></nav>` +
      `<article class="h-entry"><p class="p-name e-content">Unrelated note</p></article></body></html>`;
    const result = readSource(task(body));
    expect(result.mention).toMatchObject({ mentionType: 'mention', title: 'Blog', entry: null });
    expect(mf2).toHaveBeenCalledTimes(1);
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it('titles a page without microformats from the same tree', () => {
    const result = readSource(
      task(`<!doctype html><html><head><title>Plain page</title></head><body><a href="${TARGET}">x</a></body></html>`),
    );
    expect(result.mention).toMatchObject({ mentionType: 'mention', title: 'Plain page', hasMicroformats: false });
    expect(parse).toHaveBeenCalledTimes(2);
  });
});
