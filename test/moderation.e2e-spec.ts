/**
 * Moderation on both stacks: ModerationService over rows made by real verification of sources on a local site, with
 * the events it emits, the comment adapter kept in step, and spam checkers that learn from it.
 */
import { DomainListSpamChecker, ModerationService, Webmention } from 'nestjs-webmention';
import { ModerationSelectionError } from 'nestjs-webmention/testing';
import { describeWith } from './support/services';
import { STACKS } from './support/test-app';
import {
  KnownPostResolver,
  RecordedEvent,
  RecordingCommentAdapter,
  ShoutingSpamChecker,
  sleep,
  useVerificationApp,
  VerificationHarness,
} from './support/verification-harness';

jest.setTimeout(20_000);

const KNOWN = 'https://blog.example/posts/known';
const POST = { slug: 'known' };
/** Long enough for a verification that was (wrongly) queued to have run. */
const QUIET_MS = 400;

const reply = (content: string) => `<!doctype html>
<article class="h-entry">
  <a class="p-author h-card" href="https://alice.example/">Alice</a>
  <a class="u-in-reply-to" href="${KNOWN}">in reply to</a>
  <p class="e-content">${content}</p>
</article>`;

/** The moderation events recorded from index `since` on, as [name, id, previous]. */
function moderationEvents(h: VerificationHarness, since: number): Array<[string, number, unknown]> {
  return h.events
    .slice(since)
    .filter((e) => ['approved', 'rejected', 'spam', 'deleted'].some((n) => e.name === `webmention.${n}`))
    .map((e: RecordedEvent) => [
      e.name,
      e.id,
      (e.payload as { previous?: unknown; reason?: unknown }).previous ?? e.payload.reason,
    ]);
}

describe.each(STACKS)('moderation on $name', (stack) => {
  describeWith(stack.services, 'of held mentions, with a comment adapter', () => {
    const comments = new RecordingCommentAdapter();
    const h = useVerificationApp(stack, {
      options: { initialModeration: 'pending', commentAdapter: comments, urlResolver: new KnownPostResolver() },
    });
    const moderation = () => h.t.app.get(ModerationService);
    /** A verified mention held for moderation, from a source whose path contains `name`. */
    const held = async (name: string, content = 'Nice post'): Promise<Webmention> => {
      const row = await h.submitAndSettle(h.site.page(`/m/${name}`, reply(content)), KNOWN);
      expect(row).toMatchObject({ status: 'verified', moderation: 'pending' });
      return row;
    };
    const row = (id: number) => h.rows().findOneBy({ id });

    it('approves by id: the comment appears and webmention.approved is emitted once', async () => {
      const w = await held('approve-by-id');
      expect(comments.callsOf(w.id)).toEqual([]);
      const since = h.events.length;

      const report = await moderation().apply('approve', { ids: [w.id] });

      expect(report).toEqual({ action: 'approve', dryRun: false, matched: 1, changed: 1, ids: [w.id] });
      expect(await row(w.id)).toMatchObject({ status: 'verified', moderation: 'approved' });
      expect(comments.callsOf(w.id)).toEqual([
        { op: 'upsert', id: w.id, status: 'verified', moderation: 'approved', contentObject: POST },
      ]);
      expect(moderationEvents(h, since)).toEqual([['webmention.approved', w.id, 'pending']]);
      const payload = h.events.slice(since).find((e) => e.name === 'webmention.approved')!.payload;
      expect(payload.webmention).toMatchObject({ id: w.id, moderation: 'approved' });

      const again = await moderation().apply('approve', { ids: [w.id] });
      expect(again).toMatchObject({ matched: 1, changed: 0 });
      expect(moderationEvents(h, since)).toHaveLength(1);
      expect(comments.callsOf(w.id)).toHaveLength(1);
    });

    it('a dry run selects and counts but changes, emits and syncs nothing', async () => {
      const a = await held('dry-one');
      const b = await held('dry-two');
      const since = h.events.length;
      const calls = comments.calls.length;

      const report = await moderation().apply('approve', { filter: { search: 'dry-' } }, { dryRun: true });

      expect(report).toEqual({ action: 'approve', dryRun: true, matched: 2, changed: 2, ids: [a.id, b.id] });
      expect([(await row(a.id))!.moderation, (await row(b.id))!.moderation]).toEqual(['pending', 'pending']);
      expect(await moderation().apply('delete', { ids: [a.id] }, { dryRun: true })).toMatchObject({ changed: 1 });
      expect(await row(a.id)).not.toBeNull();
      await sleep(QUIET_MS);
      expect(h.events.length).toBe(since);
      expect(comments.calls.length).toBe(calls);
    });

    it('rejects by filter: shown mentions lose their comment, each emits webmention.rejected', async () => {
      const a = await held('reject-me-a');
      const b = await held('reject-me-b');
      const other = await held('keep-me');
      await moderation().apply('approve', { ids: [a.id, other.id] });
      const since = h.events.length;

      const report = await moderation().apply('reject', { filter: { search: 'reject-me', status: ['verified'] } });

      expect(report).toMatchObject({ matched: 2, changed: 2, ids: [a.id, b.id] });
      expect((await row(a.id))!.moderation).toBe('rejected');
      expect((await row(b.id))!.moderation).toBe('rejected');
      expect((await row(other.id))!.moderation).toBe('approved');
      expect(comments.callsOf(a.id).map((c) => c.op)).toEqual(['upsert', 'remove']);
      expect(comments.callsOf(b.id)).toEqual([]);
      expect(moderationEvents(h, since)).toEqual([
        ['webmention.rejected', a.id, 'approved'],
        ['webmention.rejected', b.id, 'pending'],
      ]);
    });

    it('deletes by id and by filter, removing the comment first, with reason moderator', async () => {
      const shown = await held('delete-shown');
      const hidden = await held('delete-by-filter');
      await moderation().apply('approve', { ids: [shown.id] });
      const since = h.events.length;

      expect(await moderation().apply('delete', { ids: [shown.id] })).toMatchObject({ matched: 1, changed: 1 });
      expect(await moderation().apply('delete', { filter: { search: 'delete-by-filter' } })).toMatchObject({
        matched: 1,
        changed: 1,
        ids: [hidden.id],
      });

      expect(await row(shown.id)).toBeNull();
      expect(await row(hidden.id)).toBeNull();
      expect(comments.callsOf(shown.id).map((c) => c.op)).toEqual(['upsert', 'remove']);
      expect(comments.callsOf(hidden.id)).toEqual([]);
      expect(moderationEvents(h, since)).toEqual([
        ['webmention.deleted', shown.id, 'moderator'],
        ['webmention.deleted', hidden.id, 'moderator'],
      ]);
      expect(await moderation().apply('delete', { ids: [shown.id] })).toMatchObject({ matched: 0, changed: 0 });
      expect(moderationEvents(h, since)).toHaveLength(2);
    });

    it('marks spam by filter: the comment goes, and the decision survives verification again', async () => {
      const w = await held('spam-by-filter', 'Cheap pills');
      await moderation().apply('approve', { ids: [w.id] });
      const since = h.events.length;

      expect(await moderation().apply('spam', { filter: { search: 'spam-by-filter' } })).toMatchObject({
        matched: 1,
        changed: 1,
      });

      const spam = (await row(w.id))!;
      expect(spam).toMatchObject({ status: 'spam', verifiedAt: null, content: 'Cheap pills', authorName: 'Alice' });
      expect(spam.spamCheckResult).toMatchObject({ manual: 'spam', at: expect.any(String) });
      expect(comments.callsOf(w.id).map((c) => [c.op, c.status])).toEqual([
        ['upsert', 'verified'],
        ['remove', 'spam'],
      ]);
      expect(moderationEvents(h, since)).toEqual([['webmention.spam', w.id, undefined]]);
      expect(await moderation().apply('spam', { ids: [w.id] })).toMatchObject({ changed: 0 });

      const verifying = h.events.length;
      expect(await moderation().apply('reverify', { ids: [w.id] })).toMatchObject({ matched: 1, changed: 1 });
      expect(await h.settle(w.id, verifying)).toMatchObject({
        status: 'spam',
        spamCheckResult: { isSpam: false, manual: 'spam' },
      });
      expect(comments.callsOf(w.id)).toHaveLength(2);
    });

    it('verifies again by filter, reporting how many were queued', async () => {
      const path = '/m/reverify-gone';
      const w = await held('reverify-gone');
      h.site.page(path, 'Gone', 410);
      const since = h.events.length;

      const report = await moderation().apply('reverify', {
        filter: { search: 'reverify-gone', status: ['verified'] },
      });

      expect(report).toMatchObject({ action: 'reverify', matched: 1, changed: 1, ids: [w.id] });
      expect(await h.settle(w.id, since)).toMatchObject({ status: 'failed', failureReason: 'gone' });
    });

    it('refuses a selection of everything, changing nothing', async () => {
      const w = await held('refused');
      await expect(moderation().apply('approve', {})).rejects.toThrow(ModerationSelectionError);
      await expect(moderation().apply('approve', { filter: { status: [] } })).rejects.toThrow(/filter.status/);
      await expect(moderation().apply('delete', { ids: [0] })).rejects.toThrow(/positive whole numbers/);
      await expect(moderation().apply('publish' as never, { ids: [w.id] })).rejects.toThrow(/action must be one of/);
      expect((await row(w.id))!.moderation).toBe('pending');
      expect(await moderation().apply('approve', { ids: [999_999] })).toMatchObject({ matched: 0, changed: 0 });
    });
  });

  describeWith(stack.services, 'with a content spam checker', () => {
    const comments = new RecordingCommentAdapter();
    const h = useVerificationApp(stack, {
      options: {
        spamChecker: new ShoutingSpamChecker(),
        commentAdapter: comments,
        urlResolver: new KnownPostResolver(),
      },
    });
    const moderation = () => h.t.app.get(ModerationService);

    it('not spam approves, verifies again and keeps the decision although the checker still says spam', async () => {
      const w = await h.submitAndSettle(h.site.page('/s/shouting', reply('BUY NOW, friends')), KNOWN);
      expect(w).toMatchObject({ status: 'spam', spamCheckResult: { isSpam: true } });
      const since = h.events.length;

      expect(await moderation().apply('not_spam', { ids: [w.id] })).toMatchObject({ matched: 1, changed: 1 });

      expect(moderationEvents(h, since)).toEqual([['webmention.approved', w.id, 'approved']]);
      const verified = await h.settle(w.id, since);
      expect(verified).toMatchObject({
        status: 'verified',
        moderation: 'approved',
        content: 'BUY NOW, friends',
        spamCheckResult: { isSpam: true, confidence: 0.99, manual: 'not_spam', at: expect.any(String) },
      });
      expect(comments.callsOf(w.id).map((c) => [c.op, c.status])).toEqual([['upsert', 'verified']]);

      const again = h.events.length;
      await h.reverifier.reverify({ id: w.id });
      expect(await h.settle(w.id, again)).toMatchObject({
        status: 'verified',
        spamCheckResult: { manual: 'not_spam' },
      });
      expect(h.eventsOf(w.id, again).map((e) => e.name)).toEqual(['webmention.verified']);
      expect(await moderation().apply('not_spam', { ids: [w.id] })).toMatchObject({ changed: 0 });
    });
  });

  describeWith(stack.services, 'with a spam checker that learns', () => {
    const checker = new DomainListSpamChecker();
    const h = useVerificationApp(stack, { options: { spamChecker: checker } });
    const moderation = () => h.t.app.get(ModerationService);
    const TARGET = 'https://blog.example/posts/learning';
    const linkTo = `<!doctype html><p>About <a href="${TARGET}">this post</a>.</p>`;

    it('blocks the host of a mention marked spam, so later mentions from it are spam, until one is marked not spam', async () => {
      const first = await h.submitAndSettle(h.site.page('/l/first', linkTo), TARGET);
      expect(first.status).toBe('verified');

      expect(
        await moderation().apply('spam', { filter: { sourceHost: '127.0.0.1', status: ['verified'] } }),
      ).toMatchObject({
        matched: 1,
        changed: 1,
      });
      expect(checker.blockedHosts).toEqual(['127.0.0.1']);

      const later = await h.submitAndSettle(h.site.page('/l/later', linkTo), TARGET);
      expect(later).toMatchObject({ status: 'spam', spamCheckResult: { details: { rule: 'blocked_host' } } });

      const since = h.events.length;
      await moderation().apply('not_spam', { ids: [later.id] });
      expect([checker.blockedHosts, checker.allowedHosts]).toEqual([[], ['127.0.0.1']]);
      expect(await h.settle(later.id, since)).toMatchObject({ status: 'verified', moderation: 'approved' });

      const third = await h.submitAndSettle(h.site.page('/l/third', linkTo), TARGET);
      expect(third).toMatchObject({ status: 'verified', spamCheckResult: { details: { rule: 'allowed_host' } } });
    });
  });
});
