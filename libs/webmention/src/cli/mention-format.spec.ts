import type { ModerationReport } from '../moderate/moderation.service';
import {
  formatMentionLine,
  formatModerationSummary,
  formatReportIds,
  formatVerification,
  terminalSafe,
} from './mention-format';

const mention = {
  id: 12,
  status: 'verified' as const,
  moderation: 'pending' as const,
  mentionType: 'reply' as const,
  authorName: 'Alice',
  sourceUrl: 'https://alice.example/r',
  targetUrl: 'https://blog.example/p',
  failureReason: null,
};
const report = (overrides: Partial<ModerationReport> = {}): ModerationReport => ({
  action: 'approve',
  dryRun: false,
  matched: 3,
  changed: 2,
  ids: [1, 2, 3],
  ...overrides,
});

describe('formatMentionLine', () => {
  it('puts id, status, moderation, type and author in columns, then source → target', () => {
    expect(formatMentionLine(mention)).toBe(
      '#12     verified  pending   reply     Alice                    https://alice.example/r → https://blog.example/p',
    );
  });

  it('shows a dash for no author and cuts a long one', () => {
    expect(formatMentionLine({ ...mention, authorName: null })).toContain(
      ' reply     -                        https://',
    );
    const long = formatMentionLine({ ...mention, authorName: 'A very long author name indeed, really' });
    expect(long).toContain(' A very long author name… https://');
  });

  it('never passes terminal control sequences or direction overrides from a remote site through', () => {
    const line = formatMentionLine({ ...mention, authorName: 'Eve\u001b[2J\u001b]0;pwned\u0007\u202eevil' });
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(terminalSafe('a\r\nb\u0085c\u2066d')).toBe('a  b c d');
  });
});

describe('formatVerification', () => {
  it('marks a verified mention ✓ and a failed one ✗ with its reason', () => {
    expect(formatVerification(mention)).toBe('✓ #12 https://alice.example/r → https://blog.example/p: verified');
    expect(formatVerification({ ...mention, status: 'failed', failureReason: 'gone' })).toBe(
      '✗ #12 https://alice.example/r → https://blog.example/p: failed (gone)',
    );
  });
});

describe('formatModerationSummary', () => {
  it('says what was done and what was already so', () => {
    expect(formatModerationSummary(report())).toBe('3 matched: 2 approved, 1 unchanged');
    expect(formatModerationSummary(report({ action: 'not_spam', changed: 3 }))).toBe('3 matched: 3 marked not spam');
    expect(formatModerationSummary(report({ action: 'delete', matched: 0, changed: 0, ids: [] }))).toBe(
      '0 matched: 0 deleted',
    );
  });

  it('says what a dry run would do, and that nothing was changed', () => {
    expect(formatModerationSummary(report({ action: 'spam', dryRun: true }))).toBe(
      'Dry run: 3 matched: 2 would be marked spam, 1 unchanged; nothing was changed',
    );
  });
});

describe('formatReportIds', () => {
  it('lists the ids, and how many more matched than are listed', () => {
    expect(formatReportIds(report())).toBe('ids: 1, 2, 3');
    expect(formatReportIds({ ids: [1, 2, 3, 4], matched: 1500 }, 2)).toBe('ids: 1, 2 … and 1498 more');
  });
});
