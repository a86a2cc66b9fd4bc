/**
 * Prometheus metrics (`metricsPath`), on both stacks: the counters and histograms move with real verifications,
 * retries and deliveries to local sites, the queue's backlog is a gauge, and the route does not exist when off.
 */
import request from 'supertest';
import { WebmentionSender } from 'nestjs-webmention';
import { RemoteSite } from './support/remote-site';
import { ReceiverSite } from './support/send-sites';
import { describeWith } from './support/services';
import { eventually, STACKS, startTestApp, TestApp } from './support/test-app';

const TARGET = 'https://blog.example/posts/metrics';
const linkTo = (target: string) => `<p>See <a href="${target}">this</a>.</p>`;

/** The value of one sample line (`name{labels} value`), 0 when absent. */
function sample(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe.each(STACKS)('metrics on $name', (stack) => {
  describeWith(stack.services, 'with metricsPath', () => {
    let t: TestApp;
    let site: RemoteSite;
    let receiver: ReceiverSite;
    const scrape = async () => {
      const res = await request(t.url).get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
      return res.text;
    };
    const submit = (path: string) =>
      request(t.url)
        .post('/webmention')
        .type('form')
        .send({ source: site.url(path), target: TARGET })
        .expect(201);

    beforeAll(async () => {
      site = await new RemoteSite().start();
      receiver = await new ReceiverSite().start();
      t = await startTestApp({ stack, extras: { metricsPath: '/metrics' } });
    }, 30_000);
    afterAll(async () => {
      await t?.close();
      await site?.stop();
      await receiver?.stop();
    }, 30_000);

    it('counts received, verified and failed mentions, with latency histograms', async () => {
      site.page('/ok', linkTo(TARGET));
      site.page('/gone', 'gone', 410);
      await submit('/ok');
      await submit('/gone');
      const text = await eventually(async () => {
        const body = await scrape();
        return sample(body, 'webmention_verifications_total', 'outcome="verified",reason=""') === 1 &&
          sample(body, 'webmention_verifications_total', 'outcome="failed",reason="gone"') === 1
          ? body
          : null;
      }, 15_000);
      expect(sample(text, 'webmention_received_total', 'new="true"')).toBe(2);
      expect(sample(text, 'webmention_verification_duration_seconds_count', 'outcome="verified"')).toBe(1);
      expect(sample(text, 'webmention_verification_duration_seconds_count', 'outcome="failed"')).toBe(1);
      expect(text).toMatch(/^webmention_queue_jobs\{state="waiting"\} \d+$/m);
    }, 30_000);

    it('counts retries by job and reason', async () => {
      let calls = 0;
      site.routes.set('/flaky', (_req, res) => {
        calls += 1;
        if (calls === 1) return void res.writeHead(503).end('busy');
        res.writeHead(200, { 'Content-Type': 'text/html' }).end(linkTo(TARGET));
      });
      await submit('/flaky');
      const text = await eventually(async () => {
        const body = await scrape();
        return sample(body, 'webmention_verifications_total', 'outcome="verified",reason=""') === 2 ? body : null;
      }, 15_000);
      expect(sample(text, 'webmention_retries_total', 'job="verify",reason="http_status"')).toBe(1);
    }, 30_000);

    it('counts deliveries and their duration', async () => {
      receiver.endpoint('/post/wm');
      const target = receiver.target('/post', '/post/wm');
      await t.app.get(WebmentionSender).send('https://blog.example/posts/out', { html: `<a href="${target}">x</a>` });
      const text = await eventually(async () => {
        const body = await scrape();
        return sample(body, 'webmention_deliveries_total', 'outcome="sent"') === 1 ? body : null;
      }, 15_000);
      expect(sample(text, 'webmention_delivery_duration_seconds_count')).toBe(1);
    }, 30_000);
  });
});

describe('metrics off (the default)', () => {
  it('has no metrics route', async () => {
    const t = await startTestApp({ stack: STACKS[0] });
    try {
      await request(t.url).get('/metrics').expect(404);
    } finally {
      await t.close();
    }
  });
});
