import type { SendReport, TargetReport } from '../send/send-report';
import { formatSummary, formatTarget } from './send.command';

const T = 'https://other.example/post';
const E = 'https://other.example/webmention';

function report(overrides: Partial<SendReport> = {}): SendReport {
  return {
    source: 'https://me.example/p',
    deleted: false,
    dryRun: false,
    targets: [],
    overflow: [],
    summary: { sent: 0, failed: 0, noEndpoint: 0, skipped: 0, wouldSend: 0 },
    ...overrides,
  };
}

describe('formatTarget', () => {
  const cases: Array<[string, TargetReport, string]> = [
    [
      'sent',
      { target: T, status: 'sent', endpoint: E, httpStatus: 202, location: null, stillLinked: true },
      `✓ ${T} → ${E} (HTTP 202)`,
    ],
    [
      'sent after the link was removed',
      { target: T, status: 'sent', endpoint: E, httpStatus: 200, stillLinked: false },
      `✓ ${T} → ${E} (HTTP 200) [link removed]`,
    ],
    [
      'dry run',
      { target: T, status: 'would_send', endpoint: E, stillLinked: true },
      `· ${T} → ${E} (dry run: not sent)`,
    ],
    [
      'no endpoint',
      {
        target: T,
        status: 'no_endpoint',
        endpoint: null,
        error: 'no Webmention endpoint advertised',
        stillLinked: true,
      },
      `✗ ${T}: no endpoint`,
    ],
    [
      'endpoint refused',
      { target: T, status: 'failed', endpoint: E, httpStatus: 400, error: 'HTTP 400: bad target', stillLinked: true },
      `✗ ${T} → ${E}: HTTP 400: bad target (HTTP 400)`,
    ],
    [
      'discovery failed',
      { target: T, status: 'failed', endpoint: null, error: 'target answered HTTP 404', stillLinked: false },
      `✗ ${T}: target answered HTTP 404 [link removed]`,
    ],
    ['failed without a message', { target: T, status: 'failed', endpoint: null, stillLinked: true }, `✗ ${T}: failed`],
  ];
  it.each(cases)('%s', (_name, target, line) => {
    expect(formatTarget(target)).toBe(line);
  });
});

describe('formatSummary', () => {
  it('counts sent, failed, without endpoint and skipped targets', () => {
    const targets = Array.from({ length: 4 }, () => ({
      target: T,
      status: 'sent' as const,
      endpoint: E,
      stillLinked: true,
    }));
    expect(
      formatSummary(report({ targets, summary: { sent: 2, failed: 1, noEndpoint: 1, skipped: 3, wouldSend: 0 } })),
    ).toBe('4 target(s): 2 sent, 1 failed, 1 without endpoint, 3 skipped over the cap');
  });

  it('says what would be sent in a dry run', () => {
    const targets = [{ target: T, status: 'would_send' as const, endpoint: E, stillLinked: true }];
    expect(
      formatSummary(
        report({ dryRun: true, targets, summary: { sent: 0, failed: 0, noEndpoint: 0, skipped: 0, wouldSend: 1 } }),
      ),
    ).toBe('1 target(s): 1 would be sent, 0 without endpoint, 0 skipped over the cap');
  });

  it('names a deleted source, and an empty report', () => {
    expect(formatSummary(report({ deleted: true }))).toBe(
      '0 target(s) of a deleted source: 0 sent, 0 failed, 0 without endpoint, 0 skipped over the cap',
    );
    expect(formatSummary(report())).toBe('0 target(s): 0 sent, 0 failed, 0 without endpoint, 0 skipped over the cap');
  });
});
