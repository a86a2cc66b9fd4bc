import { Inject, Injectable } from '@nestjs/common';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ResolvedWebmentionExtras } from '../resolve-options';
import { requireOptionalPeer } from '../optional-peer';
import { WEBMENTION_EXTRAS } from '../webmention.constants';
import type { WebmentionEventPayloads } from './webmention.events';

/** Jobs in the queue by state, as the metrics report them. */
export interface BacklogSample {
  waiting: number;
  active: number;
  delayed: number;
}

/** Latency buckets in seconds: a fast local fetch to a source at the end of its time limit. */
const SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The instruments, made only when metrics are on (prom-client is loaded then and only then). */
interface Instruments {
  registry: Registry;
  received: Counter<'new'>;
  outcomes: Counter<'outcome' | 'reason'>;
  verification: Histogram<'outcome'>;
  delivered: Counter<'outcome'>;
  delivery: Histogram;
  retries: Counter<'job' | 'reason'>;
  backlog: Gauge<'state'>;
}

function instruments(): Instruments {
  // NOTE: loaded on demand, so an app without metrics needs no prom-client.
  const prom = requireOptionalPeer<typeof import('prom-client')>('prom-client', 'metricsPath');
  const registry = new prom.Registry();
  const registers = [registry];
  return {
    registry,
    received: new prom.Counter({
      name: 'webmention_received_total',
      help: 'Webmentions accepted at the endpoint (new: a pair not seen before).',
      labelNames: ['new'],
      registers,
    }),
    outcomes: new prom.Counter({
      name: 'webmention_verifications_total',
      help: 'Verification results: verified, failed (by reason) or spam.',
      labelNames: ['outcome', 'reason'],
      registers,
    }),
    verification: new prom.Histogram({
      name: 'webmention_verification_duration_seconds',
      help: 'Time from the start of the source fetch to the stored result.',
      labelNames: ['outcome'],
      buckets: SECONDS,
      registers,
    }),
    delivered: new prom.Counter({
      name: 'webmention_deliveries_total',
      help: 'Webmentions sent to targets: sent, or failed for good.',
      labelNames: ['outcome'],
      registers,
    }),
    delivery: new prom.Histogram({
      name: 'webmention_delivery_duration_seconds',
      help: "Time to discover a target's endpoint and have it accept the Webmention.",
      buckets: SECONDS,
      registers,
    }),
    retries: new prom.Counter({
      name: 'webmention_retries_total',
      help: 'Attempts that failed transiently and were scheduled again, by job and reason.',
      labelNames: ['job', 'reason'],
      registers,
    }),
    backlog: new prom.Gauge({
      name: 'webmention_queue_jobs',
      help: 'Jobs in the queue by state, when last scraped.',
      labelNames: ['state'],
      registers,
    }),
  };
}

/** Seconds from `startMs` (epoch ms) to `end`, or null when unknown or negative. */
function secondsSince(startMs: number | null | undefined, end: Date | number = Date.now()): number | null {
  if (startMs === null || startMs === undefined) return null;
  const seconds = (Number(end) - startMs) / 1000;
  return seconds >= 0 ? seconds : null;
}

/**
 * Prometheus metrics of the module (with the `metricsPath` extra): fed by the events the library emits and by the
 * retries it schedules; read with {@link WebmentionMetrics.scrape}. Does nothing when metrics are off.
 */
@Injectable()
export class WebmentionMetrics {
  private readonly instruments: Instruments | null;

  constructor(@Inject(WEBMENTION_EXTRAS) extras: Pick<ResolvedWebmentionExtras, 'metricsPath'>) {
    this.instruments = extras.metricsPath === false ? null : instruments();
  }

  /** The registry, for a host that serves or merges it itself; null when metrics are off. */
  get registry(): Registry | null {
    return this.instruments?.registry ?? null;
  }

  /** Counts an event of the library. */
  observe<K extends keyof WebmentionEventPayloads>(name: K, payload: WebmentionEventPayloads[K]): void {
    const m = this.instruments;
    if (!m) return;
    switch (name) {
      case 'webmention.received':
        return void m.received.inc({
          new: String((payload as WebmentionEventPayloads['webmention.received']).created),
        });
      case 'webmention.verified':
      case 'webmention.failed':
      case 'webmention.spam': {
        const outcome = name.slice('webmention.'.length);
        const reason =
          name === 'webmention.failed' ? (payload as WebmentionEventPayloads['webmention.failed']).reason : '';
        m.outcomes.inc({ outcome, reason });
        const { webmention } = payload as WebmentionEventPayloads['webmention.verified'];
        const seconds = secondsSince(webmention.fetchStartedAt);
        if (seconds !== null) m.verification.observe({ outcome }, seconds);
        return;
      }
      case 'webmention.sent': {
        const { outgoing } = payload as WebmentionEventPayloads['webmention.sent'];
        m.delivered.inc({ outcome: 'sent' });
        const seconds = outgoing.sentAt ? secondsSince(outgoing.lastAttemptAt?.getTime(), outgoing.sentAt) : null;
        if (seconds !== null) m.delivery.observe(seconds);
        return;
      }
      case 'webmention.send_failed':
        return void m.delivered.inc({ outcome: 'failed' });
    }
  }

  /** Counts an attempt that failed transiently and will be tried again. */
  retry(job: 'verify' | 'send', reason: string): void {
    this.instruments?.retries.inc({ job, reason });
  }

  /** The metrics in Prometheus' text format, with the backlog given; null when metrics are off. */
  async scrape(backlog: BacklogSample | null): Promise<{ contentType: string; body: string } | null> {
    const m = this.instruments;
    if (!m) return null;
    m.backlog.reset();
    if (backlog) for (const [state, count] of Object.entries(backlog)) m.backlog.set({ state }, count);
    return { contentType: m.registry.contentType, body: await m.registry.metrics() };
  }
}
