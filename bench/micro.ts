import { findTargetLinks } from '../libs/webmention/src/verify/source-links';
import { interpretMention, sanitizeContentHtml } from '../libs/webmention/src/mf2';
import { endpointFromHtml } from '../libs/webmention/src/send/endpoint-discovery';
import { extractTargets } from '../libs/webmention/src/send/link-extraction';
import { matchKey } from '../libs/webmention/src/url/url-match';
import { feedPage } from './pages';
import { BenchRunOptions, BenchSection, median, opsPerSecond, table } from './support';

/** The pure functions of the worker and the sender, one core, on a realistic h-feed page. */
export async function run(options: BenchRunOptions): Promise<BenchSection> {
  const target = 'https://blog.example/posts/hello-world';
  const page = feedPage(target, 50 * 1024);
  const base = 'https://source.example/feed';
  const cases: [string, () => unknown][] = [
    [
      'findTargetLinks (verify the link)',
      () => findTargetLinks({ body: page, contentType: 'text/html', baseUrl: base }, target),
    ],
    [
      'interpretMention (mf2: entry, type, content, author)',
      () => interpretMention({ html: page, baseUrl: base, sourceUrl: base, targetUrl: target }),
    ],
    ['extractTargets (links to send to)', () => extractTargets(page, base)],
    ['endpointFromHtml (discovery in HTML)', () => endpointFromHtml(page, base)],
    ['sanitizeContentHtml (one 5 KB entry)', () => sanitizeContentHtml(page.slice(0, 5000), base)],
    ['matchKey (one URL)', () => matchKey('https://WWW.Example.com/a/b/?z=1&a=2#frag')],
  ];
  const rows = cases.map(([name, fn]) => {
    const ops = median(Array.from({ length: options.runs }, () => opsPerSecond(fn)));
    return [name, ops.toFixed(0), (1000 / ops).toFixed(3)];
  });
  return {
    title: 'Pure functions',
    body: table([`function (${(page.length / 1024).toFixed(0)} KB page, one core)`, 'ops/s', 'ms/op'], rows),
  };
}
