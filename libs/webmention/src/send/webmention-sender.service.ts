import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OutgoingStatus, OutgoingWebmention } from '../entities/outgoing-webmention.entity';
import { WebmentionEventPublisher } from '../events/webmention-event.publisher';
import { WebmentionEvent } from '../events/webmention.events';
import type { SafeFetcher } from '../http/safe-fetcher';
import { isLastAttempt, JobContext, RetryLaterError, backoffDelay, EnqueueResult, WebmentionQueue } from '../queue/webmention-queue';
import { deliveryJob, sourceJob } from '../queue/send-jobs';
import { OutgoingWebmentionStore } from '../storage/outgoing-webmention.store';
import { matchKey } from '../url/url-match';
import { parseHttpUrl } from '../url/url-validate';
import { WEBMENTION_FETCHER, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import type { ResolvedWebmentionOptions } from '../webmention-options';
import { deliverWebmention } from './delivery';
import { discoverEndpoint, DiscoveryResult } from './endpoint-discovery';
import { HostLimiter } from './host-limiter';
import { extractTargets } from './link-extraction';

/** How to send for a source. */
export interface SendOptions {
  /** The source's HTML; fetched from the source URL when omitted. */
  html?: string;
  /** The source was deleted: notify every target sent to before (as when the source answers 410). */
  deleted?: boolean;
  /** Discover endpoints but POST nothing and record nothing. */
  dryRun?: boolean;
  /** Called after each target, for progress display. */
  onTarget?: (result: TargetReport, done: number, total: number) => void;
}

/** The outcome for one target. `would_send` only in dry runs. */
export interface TargetReport {
  target: string;
  status: OutgoingStatus | 'would_send';
  endpoint: string | null;
  httpStatus?: number;
  location?: string | null;
  error?: string;
  /** Whether the source still links to the target (false: notified because the link was removed or the source deleted). */
  stillLinked: boolean;
}

/** Report of {@link WebmentionSender.send}. */
export interface SendReport {
  source: string;
  /** The source answered 410 or was declared deleted. */
  deleted: boolean;
  dryRun: boolean;
  targets: TargetReport[];
  /** Links beyond the fan-out cap: reported, not sent. */
  overflow: string[];
  /** Set when the source could not be read; nothing was sent. */
  error?: string;
  summary: { sent: number; failed: number; noEndpoint: number; skipped: number; wouldSend: number };
}

/** Which targets to notify for a source, and why. */
export interface SendPlan {
  source: string;
  deleted: boolean;
  /** Targets the source links to now, in document order. */
  linked: string[];
  /** Targets sent to before that the source no longer links to. */
  removed: string[];
  overflow: string[];
  error?: string;
}

/**
 * Sends Webmentions (W3C Webmention §3.1): finds a source's links, discovers each target's endpoint and notifies
 * it — now (`send`, for CLIs) or through the queue with retries (`queueSend`, for apps). On updates it notifies the
 * union of current and earlier targets, on deletes every earlier target, and keeps a history per pair.
 */
@Injectable()
export class WebmentionSender {
  private readonly logger = new Logger('WebmentionSender');
  private readonly limiter: HostLimiter;

  constructor(
    private readonly history: OutgoingWebmentionStore,
    private readonly queue: WebmentionQueue,
    private readonly events: WebmentionEventPublisher,
    @Inject(WEBMENTION_FETCHER) private readonly fetcher: SafeFetcher,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {
    this.limiter = new HostLimiter(options.send.perHostConcurrency);
  }

  /** Discovers the Webmention endpoint of a target (never cached: endpoints may be one-time URLs). */
  discover(targetUrl: string): Promise<DiscoveryResult> {
    return discoverEndpoint(this.fetcher, targetUrl);
  }

  /** Works out which targets to notify for `sourceUrl`. */
  async plan(sourceUrl: string, options: Pick<SendOptions, 'html' | 'deleted'> = {}): Promise<SendPlan> {
    const checked = parseHttpUrl(sourceUrl, { label: 'source' });
    const unreadable = (source: string, error: string): SendPlan => ({ source, deleted: false, linked: [], removed: [], overflow: [], error });
    if (!checked.ok) return unreadable(sourceUrl, checked.message);
    const source = checked.url.href;
    let html = options.html;
    let base = source;
    let deleted = options.deleted ?? false;
    if (html === undefined && !deleted) {
      const page = await this.fetcher.request(source);
      if (!page.ok) return unreadable(source, `could not fetch the source: ${page.message}`);
      if (page.status === 410) deleted = true;
      else if (page.status !== 200) return unreadable(source, `the source answered HTTP ${page.status}`);
      else if (!/html/.test(page.contentType)) return unreadable(source, `the source is ${page.contentType || 'untyped'}, not HTML`);
      else {
        html = page.body;
        base = page.url;
      }
    }
    const extracted = deleted ? { targets: [], overflow: [] } : extractTargets(html ?? '', base, { sendToOwnHost: this.options.send.sendToOwnHost, maxTargets: this.options.send.maxTargets });
    const current = new Set(extracted.targets.map((t) => matchKey(t)));
    const overflowKeys = new Set(extracted.overflow.map((t) => matchKey(t)));
    // NOTE: a target only ever skipped over the cap never heard from us, so it is not told about a change either.
    const removed = (await this.history.listForSource(source))
      .filter((row) => row.status !== 'skipped' || row.attempts > 0)
      .map((row) => row.targetUrl)
      .filter((t) => !current.has(matchKey(t)) && !overflowKeys.has(matchKey(t)));
    return { source, deleted, linked: extracted.targets, removed, overflow: extracted.overflow };
  }

  /** Discovers and notifies every target now, recording the history (unless a dry run); one attempt per target. */
  async send(sourceUrl: string, options: SendOptions = {}): Promise<SendReport> {
    const plan = await this.plan(sourceUrl, options);
    const report: SendReport = {
      source: plan.source,
      deleted: plan.deleted,
      dryRun: options.dryRun ?? false,
      targets: [],
      overflow: plan.overflow,
      ...(plan.error ? { error: plan.error } : {}),
      summary: { sent: 0, failed: 0, noEndpoint: 0, skipped: 0, wouldSend: 0 },
    };
    if (plan.error) return report;
    const work = targetsOf(plan);
    let done = 0;
    report.targets = await Promise.all(
      work.map(async ({ target, stillLinked }) => {
        const result = options.dryRun ? await this.dryRun(target, stillLinked) : await this.deliverAndRecord(plan.source, target, stillLinked);
        options.onTarget?.(result, ++done, work.length);
        return result;
      }),
    );
    if (!options.dryRun) await this.recordOverflow(plan);
    for (const t of report.targets) {
      if (t.status === 'sent') report.summary.sent++;
      else if (t.status === 'failed') report.summary.failed++;
      else if (t.status === 'no_endpoint') report.summary.noEndpoint++;
      else if (t.status === 'would_send') report.summary.wouldSend++;
    }
    report.summary.skipped = plan.overflow.length;
    return report;
  }

  /** Queues sending for a source: a worker plans it and queues one delivery job (with retries) per target. */
  queueSend(sourceUrl: string, options: Pick<SendOptions, 'html' | 'deleted'> = {}): Promise<EnqueueResult> {
    return this.queue.enqueue(sourceJob({ source: sourceUrl, html: options.html, deleted: options.deleted }));
  }

  /** Job handler: plans a source and queues its deliveries. */
  async processSourceJob(data: { source: string; html?: string; deleted?: boolean }): Promise<void> {
    const plan = await this.plan(data.source, data);
    if (plan.error) {
      this.logger.warn(`Not sending for ${data.source}: ${plan.error}`);
      return;
    }
    const work = targetsOf(plan);
    let unavailable = 0;
    for (const { target, stillLinked } of work) {
      await this.history.record(plan.source, target, { status: 'pending', stillLinked });
      const result = await this.queue.enqueue(deliveryJob({ source: plan.source, target, stillLinked }, this.options), { evenIfActive: true });
      if (result === 'unavailable') unavailable++;
    }
    await this.recordOverflow(plan);
    // NOTE: nothing re-queues pending deliveries, so the planning job is retried (re-planning is idempotent).
    if (unavailable > 0) throw new Error(`could not queue ${unavailable} of ${work.length} deliveries for ${plan.source}`);
  }

  /** Job handler: one delivery; transient failures throw `RetryLaterError` until the last attempt. */
  async processDeliveryJob(data: { source: string; target: string; stillLinked: boolean }, ctx: JobContext): Promise<void> {
    const attempt = await this.attempt(data.source, data.target);
    // NOTE: a later plan may have changed stillLinked while this job waited (a duplicate enqueue keeps the old data),
    // and the plan records it on the row before queueing, so the row is the current word.
    const stillLinked = (await this.history.ensure(data.source, data.target)).stillLinked ?? data.stillLinked;
    if (attempt.transient && !isLastAttempt(ctx)) {
      const row = await this.history.record(data.source, data.target, { ...attempt.fields, status: 'pending', stillLinked }, { countAttempt: true });
      const { backoffMs, maxBackoffMs } = this.options.send.retry;
      throw new RetryLaterError(`${data.target}: ${row.lastError}`, Math.min(maxBackoffMs, attempt.retryAfterMs ?? backoffDelay(ctx.attempt, backoffMs, maxBackoffMs)));
    }
    await this.finish(data.source, data.target, stillLinked, attempt.fields);
  }

  /** Records the links beyond the fan-out cap as skipped, so the history shows what was not sent. */
  private async recordOverflow(plan: SendPlan): Promise<void> {
    for (const target of plan.overflow) {
      await this.history.record(plan.source, target, { status: 'skipped', lastError: `over the fan-out cap of ${this.options.send.maxTargets} targets`, stillLinked: true });
    }
  }

  private async dryRun(target: string, stillLinked: boolean): Promise<TargetReport> {
    const found = await this.limiter.run(hostOf(target), () => this.discover(target));
    if (found.endpoint) return { target, status: 'would_send', endpoint: found.endpoint, stillLinked };
    return { target, status: found.reason === 'no_endpoint' ? 'no_endpoint' : 'failed', endpoint: null, error: found.message ?? found.reason, stillLinked };
  }

  private async deliverAndRecord(source: string, target: string, stillLinked: boolean): Promise<TargetReport> {
    const attempt = await this.attempt(source, target);
    return this.finish(source, target, stillLinked, attempt.fields);
  }

  /** One discovery and delivery, limited per target host. */
  private attempt(source: string, target: string): Promise<{ fields: Partial<OutgoingWebmention>; transient: boolean; retryAfterMs?: number }> {
    return this.limiter.run(hostOf(target), async () => {
      const now = new Date();
      const found = await this.discover(target);
      if (!found.endpoint) {
        const status: OutgoingStatus = found.reason === 'no_endpoint' ? 'no_endpoint' : 'failed';
        const error = found.message ?? found.reason ?? 'no endpoint';
        // NOTE: httpStatus is the endpoint's answer; the target's own status is in lastError.
        return { fields: { status, endpoint: null, httpStatus: null, location: null, lastError: error.slice(0, 500), lastAttemptAt: now }, transient: found.transient };
      }
      const sent = await deliverWebmention(this.fetcher, found.endpoint, source, target);
      return {
        fields: {
          status: sent.ok ? 'sent' : 'failed',
          endpoint: found.endpoint,
          httpStatus: sent.status ?? null,
          location: sent.location ?? null,
          lastError: sent.ok ? null : (sent.message ?? sent.code ?? 'delivery failed').slice(0, 500),
          lastAttemptAt: now,
          ...(sent.ok ? { sentAt: now } : {}),
        },
        transient: !sent.ok && sent.transient,
        retryAfterMs: sent.retryAfterMs,
      };
    });
  }

  private async finish(source: string, target: string, stillLinked: boolean, fields: Partial<OutgoingWebmention>): Promise<TargetReport> {
    const row = await this.history.record(source, target, { ...fields, stillLinked }, { countAttempt: true });
    if (row.status === 'sent') await this.events.emit(WebmentionEvent.Sent, { outgoing: row });
    else if (row.status === 'failed') await this.events.emit(WebmentionEvent.SendFailed, { outgoing: row, error: row.lastError ?? 'failed' });
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

/** Every target of a plan, with whether the source still links to it. */
function targetsOf(plan: SendPlan): { target: string; stillLinked: boolean }[] {
  return [...plan.linked.map((target) => ({ target, stillLinked: true })), ...plan.removed.map((target) => ({ target, stillLinked: false }))];
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}
