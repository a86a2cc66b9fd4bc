import { Inject, Injectable } from '@nestjs/common';
import type { OutgoingWebmention } from '../entities/outgoing-webmention.entity';
import { EnqueueResult, WebmentionQueue } from '../queue/webmention-queue';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import type { DiscoveryResult } from './endpoint-discovery';
import { PlanInput, plannedTargets, SendPlan, SendPlanner } from './send-planner';
import { SendReport, summarize, TargetReport } from './send-report';
import { sendSourceJob } from './send.jobs';
import { TargetSender } from './target-sender.service';

/** How to send for a source. */
export interface SendOptions extends PlanInput {
  /** Discover endpoints but POST nothing and record nothing. */
  dryRun?: boolean;
  /** Called after each target, for progress display. */
  onTarget?: (result: TargetReport, done: number, total: number) => void;
}

/**
 * Sends Webmentions (W3C Webmention §3.1): finds a source's links, discovers each target's endpoint and notifies
 * it — now (`send`, for CLIs) or through the queue with retries (`queueSend`, for apps). On updates it notifies the
 * union of current and earlier targets, on deletes every earlier target, and keeps a history per pair.
 */
@Injectable()
export class WebmentionSender {
  constructor(
    private readonly planner: SendPlanner,
    private readonly targets: TargetSender,
    private readonly queue: WebmentionQueue,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {}

  /** Discovers the Webmention endpoint of a target (never cached: endpoints may be one-time URLs). */
  discover(targetUrl: string): Promise<DiscoveryResult> {
    return this.targets.discover(targetUrl);
  }

  /** Works out which targets to notify for `sourceUrl`. */
  plan(sourceUrl: string, input: PlanInput = {}): Promise<SendPlan> {
    return this.planner.plan(sourceUrl, input);
  }

  /** Discovers and notifies every target now, recording the history (unless a dry run); one attempt per target. */
  async send(sourceUrl: string, options: SendOptions = {}): Promise<SendReport> {
    const plan = await this.planner.plan(sourceUrl, options);
    const dryRun = options.dryRun ?? false;
    const report: SendReport = {
      source: plan.source,
      deleted: plan.deleted,
      dryRun,
      targets: [],
      overflow: plan.overflow,
      ...(plan.error ? { error: plan.error } : {}),
      summary: summarize([], []),
    };
    if (plan.error) return report;
    const work = plannedTargets(plan);
    // NOTE: the history as it stands, read once: each outcome is then one UPDATE or INSERT, not a read and a write.
    const known = dryRun ? undefined : await this.targets.historyOf(plan.source);
    let done = 0;
    report.targets = await Promise.all(
      work.map(async ({ target, stillLinked }) => {
        const result = dryRun
          ? await this.targets.dryRun(target, stillLinked)
          : await this.sendNow(plan.source, target, stillLinked, known);
        options.onTarget?.(result, ++done, work.length);
        return result;
      }),
    );
    if (!dryRun) await this.planner.recordOverflow(plan);
    report.summary = summarize(report.targets, plan.overflow);
    return report;
  }

  /** Queues sending for a source: a worker plans it and queues one send job (with retries) per target. */
  queueSend(sourceUrl: string, input: PlanInput = {}): Promise<EnqueueResult> {
    const job = sendSourceJob({ source: sourceUrl, html: input.html, deleted: input.deleted }, this.options.send.retry);
    return this.queue.enqueue(job);
  }

  private async sendNow(
    source: string,
    target: string,
    stillLinked: boolean,
    known?: ReadonlyMap<string, OutgoingWebmention>,
  ): Promise<TargetReport> {
    const attempt = await this.targets.attempt(source, target);
    return this.targets.finish(source, target, stillLinked, attempt.fields, known);
  }
}
