import type { Webmention } from 'nestjs-webmention';
import { adminMentionsPage } from './admin-templates';
import { actionsFor, adminActionOf, EXCERPT_CHARS, httpHref, toAdminRow } from './admin-mention-row';

const mention = (fields: Partial<Webmention>): Webmention =>
  ({
    id: 7,
    sourceUrl: 'https://alice.example/reply',
    targetUrl: 'https://blog.example/posts/hello-world',
    status: 'verified',
    moderation: 'pending',
    mentionType: 'reply',
    rsvp: null,
    authorName: 'Alice',
    authorUrl: 'https://alice.example/',
    title: null,
    content: 'Nice post',
    createdAt: new Date('2026-03-01T10:00:00.123Z'),
    ...fields,
  }) as Webmention;

describe('admin mention rows', () => {
  it('names the actions of the page and nothing else', () => {
    expect(adminActionOf('approve')).toBe('approve');
    expect(adminActionOf('not-spam')).toBe('not-spam');
    expect(adminActionOf('publish')).toBeNull();
    expect(adminActionOf(undefined)).toBeNull();
  });

  it('offers the buttons that change something', () => {
    expect(actionsFor({ status: 'verified', moderation: 'pending' })).toEqual(['approve', 'reject', 'spam', 'delete']);
    expect(actionsFor({ status: 'verified', moderation: 'approved' })).toEqual(['reject', 'spam', 'delete']);
    expect(actionsFor({ status: 'verified', moderation: 'rejected' })).toEqual(['approve', 'spam', 'delete']);
    expect(actionsFor({ status: 'spam', moderation: 'pending' })).toEqual(['not-spam', 'delete']);
  });

  it('links only http(s) URLs', () => {
    expect(httpHref('https://alice.example/')).toBe('https://alice.example/');
    expect(httpHref('javascript:alert(1)')).toBeNull();
    expect(httpHref('data:text/html,x')).toBeNull();
    expect(httpHref('/relative')).toBeNull();
    expect(httpHref(null)).toBeNull();
  });

  it('builds a row: RSVP answer in the type, a host for a nameless author, a cut excerpt', () => {
    const row = toAdminRow(
      mention({
        mentionType: 'rsvp',
        rsvp: 'maybe',
        authorName: ' ',
        authorUrl: 'javascript:x',
        content: 'x'.repeat(400),
      }),
    );
    expect(row).toMatchObject({ id: 7, type: 'rsvp maybe', authorName: 'alice.example', authorUrl: null });
    expect(row.received).toBe('2026-03-01T10:00:00Z');
    expect(row.receivedText).toBe('2026-03-01 10:00');
    expect(row.targetPath).toBe('/posts/hello-world');
    expect(row.excerpt).toHaveLength(EXCERPT_CHARS);
    expect(row.excerpt.endsWith('…')).toBe(true);
    expect(row.actions.map((a) => a.label)).toEqual(['Approve', 'Reject', 'Spam', 'Delete']);
  });

  it('renders hostile text escaped and never links a javascript: author URL', () => {
    const row = toAdminRow(
      mention({
        authorName: '<img src=x onerror=alert(1)>',
        authorUrl: 'javascript:alert(2)',
        content: '<script>x</script>',
      }),
    );
    const html = adminMentionsPage({ title: 'Webmentions', csrf: 'c"s', notice: null, held: [row], recent: [] });
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).not.toMatch(/<script|<img|javascript:/);
    expect(html).toContain('formaction="/admin/mentions/7/approve"');
    expect(html).toContain('name="csrf" value="c&quot;s"');
    expect(html).toContain('No Webmentions yet.');
  });
});
