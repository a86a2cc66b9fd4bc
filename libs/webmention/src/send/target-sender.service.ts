import { Inject, Injectable } from '@nestjs/common';
import type { OutgoingStatus, OutgoingWebmention } from '../entities/outgoing-webmention.entity';
import { WebmentionEventPublisher } from '../events/webmention-event.publisher';
import { WebmentionMetrics } from '../events/webmention-metrics';
import { WebmentionEvent } from '../events/webmention.events';
import type { SafeFetcher } from '../http/safe-fetcher';
import { OutgoingWebmentionStore } from '../storage/outgoing-webmention.store';
import { pairHashOf } from '../storage/webmention-keys';
import { HostLimiter } from '../http/host-limiter';
import { siteKey } from '../url/host';
import { WEBMENTION_FETCHER, WEBMENTION_HOST_LIMITER } from '../webmention.constants';
import { deliverWebmention } from './delivery';
import { discoverEndpoint, DiscoveryResult } from './endpoint-discovery';
import type { TargetReport } from './send-report';

/** One attempt at a target: the fields to record, and whether a later attempt may succeed. */
export interface TargetAttempt {
  fields: Partial<OutgoingWebmention>;
  transient: boolean;
  retryAfterMs?: number;
}

/** Longest error text kept on a history row. */
const MAX_ERROR_CHARS = 500;

/**
 * Notifies one target: discovers its endpoint and POSTs to it, at most `send.perHostConcurrency` at once per target
 * host in this process, then records the outcome in the history and emits `webmention.sent`/`send_failed`.
 */
@Injectable()
export class TargetSender {
  constructor(
    private readonly history: OutgoingWebmentionStore,
    private readonly events: WebmentionEventPublisher,
    private readonly metrics: WebmentionMetrics,
    @Inject(WEBMENTION_FETCHER) private readonly fetcher: SafeFetcher,
    @Inject(WEBMENTION_HOST_LIMITER) private readonly limiter: HostLimiter,
  ) {}

  /** Discovers the Webmention endpoint of a target (never cached: endpoints may be one-time URLs). */
  discover(targetUrl: string): Promise<DiscoveryResult> {
    return discoverEndpoint(this.fetcher, targetUrl);
  }

  /** The rows of a source's history, by pair hash. */
  async historyOf(source: string): Promise<Map<string, OutgoingWebmention>> {
    return new Map((await this.history.listForSource(source)).map((row) => [row.pairHash, row]));
  }

  /** Discovers the target's endpoint without sending or recording anything. */
  async dryRun(target: string, stillLinked: boolean): Promise<TargetReport> {
    const found = await this.limiter.run(hostKey(target), () => this.discover(target));
    if (found.ok) return { target, status: 'would_send', endpoint: found.endpoint, stillLinked };
    return {
      target,
      status: found.reason === 'no_endpoint' ? 'no_endpoint' : 'failed',
      endpoint: null,
      error: found.message,
      stillLinked,
    };
  }

  /** One discovery and POST, limited per target host; records nothing. */
  attempt(source: string, target: string): Promise<TargetAttempt> {
    return this.limiter.run(hostKey(target), async () => {
      const now = new Date();
      const found = await this.discover(target);
      if (!found.ok) {
        const status: OutgoingStatus = found.reason === 'no_endpoint' ? 'no_endpoint' : 'failed';
        // NOTE: httpStatus is the endpoint's answer; the target's own status is in lastError.
        const fields = {
          status,
          endpoint: null,
          httpStatus: null,
          location: null,
          lastError: found.message.slice(0, MAX_ERROR_CHARS),
          lastAttemptAt: now,
        };
        return { fields, transient: found.transient };
      }
      const sent = await deliverWebmention(this.fetcher, found.endpoint, source, target);
      return {
        fields: {
          status: sent.ok ? 'sent' : 'failed',
          endpoint: found.endpoint,
          httpStatus: sent.status ?? null,
          location: sent.ok ? sent.location : null,
          lastError: sent.ok ? null : sent.message.slice(0, MAX_ERROR_CHARS),
          lastAttemptAt: now,
          // NOTE: sentAt is when the endpoint accepted it; from lastAttemptAt it is the delivery's duration.
          ...(sent.ok ? { sentAt: new Date() } : {}),
        },
        transient: sent.transient,
        retryAfterMs: sent.ok ? undefined : sent.retryAfterMs,
      };
    });
  }

  /** Records an attempt as still pending (a retry follows) and returns the error recorded. */
  async recordRetry(
    source: string,
    target: string,
    stillLinked: boolean,
    attempt: TargetAttempt,
  ): Promise<string | null> {
    const row = await this.history.record(
      source,
      target,
      { ...attempt.fields, status: 'pending', stillLinked },
      { countAttempt: true },
    );
    this.metrics.retry('send', attempt.fields.endpoint ? 'delivery' : 'discovery');
    return row.lastError;
  }

  /**
   * Records a final outcome, emits its event and reports it. With `known`, the source's history as read before the
   * attempt (by pair hash), the outcome is one statement.
   */
  async finish(
    source: string,
    target: string,
    stillLinked: boolean,
    fields: Partial<OutgoingWebmention>,
    known?: ReadonlyMap<string, OutgoingWebmention>,
  ): Promise<TargetReport> {
    const recorded = { ...fields, stillLinked };
    const row = known
      ? await this.history.recordKnown(known.get(pairHashOf(source, target)), source, target, recorded, {
          countAttempt: true,
        })
      : await this.history.record(source, target, recorded, { countAttempt: true });
    if (row.status === 'sent') await this.events.emit(WebmentionEvent.Sent, { outgoing: row });
    else if (row.status === 'failed')
      await this.events.emit(WebmentionEvent.SendFailed, { outgoing: row, error: row.lastError ?? 'failed' });
    return {
      target,
      status: row.status,
      endpoint: row.endpoint,
      ...(row.httpStatus !== null ? { httpStatus: row.httpStatus } : {}),
      location: row.location,
      ...(row.lastError ? { error: row.lastError } : {}),
      stillLinked,
    };
  }
}

/** The key of a URL's host for the per-host limit: one site, whatever the spelling of its name. */
function hostKey(url: string): string {
  return siteKey(url) ?? url;
}
