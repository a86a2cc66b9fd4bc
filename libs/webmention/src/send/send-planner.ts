import { Inject, Injectable } from '@nestjs/common';
import type { SafeFetcher } from '../http/safe-fetcher';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { OutgoingWebmentionStore } from '../storage/outgoing-webmention.store';
import { matchKey } from '../url/url-match';
import { parseHttpUrl } from '../url/url-validate';
import { WEBMENTION_FETCHER, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { extractTargets } from './link-extraction';

/** Which targets to notify for a source, and why. */
export interface SendPlan {
  source: string;
  /** The fan-out cap the plan was made with. */
  maxTargets: number;
  deleted: boolean;
  /** Targets the source links to now, in document order. */
  linked: string[];
  /** Targets sent to before that the source no longer links to. */
  removed: string[];
  overflow: string[];
  error?: string;
}

/** A target of a plan and whether the source still links to it. */
export interface PlannedTarget {
  target: string;
  stillLinked: boolean;
}

/** What is known of a source before planning. */
export interface PlanInput {
  /** The source's HTML; fetched from the source URL when omitted. */
  html?: string;
  /** The source was deleted: notify every target sent to before (as when the source answers 410). */
  deleted?: boolean;
  /** Most targets notified for this source; those beyond are recorded as skipped. @default the module's `send.maxTargets` */
  maxTargets?: number;
}

/**
 * Works out which targets a source notifies (W3C Webmention §3.1): the links it has now plus, on updates, every
 * earlier target it no longer links to, and on deletes every earlier target.
 */
@Injectable()
export class SendPlanner {
  constructor(
    private readonly history: OutgoingWebmentionStore,
    @Inject(WEBMENTION_FETCHER) private readonly fetcher: SafeFetcher,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {}

  /** The plan for `sourceUrl`; `error` says why nothing can be sent (the source could not be read). */
  async plan(sourceUrl: string, input: PlanInput = {}): Promise<SendPlan> {
    const checked = parseHttpUrl(sourceUrl, { label: 'source' });
    const maxTargets = input.maxTargets ?? this.options.send.maxTargets;
    const unreadable = (source: string, error: string): SendPlan => ({
      source,
      maxTargets,
      deleted: false,
      linked: [],
      removed: [],
      overflow: [],
      error,
    });
    if (!checked.ok) return unreadable(sourceUrl, checked.message);
    const source = checked.url.href;
    let html = input.html;
    let base = source;
    let deleted = input.deleted ?? false;
    if (html === undefined && !deleted) {
      const page = await this.fetcher.request(source);
      if (!page.ok) return unreadable(source, `could not fetch the source: ${page.message}`);
      if (page.status === 410) deleted = true;
      else if (page.status !== 200) return unreadable(source, `the source answered HTTP ${page.status}`);
      else if (!/html/.test(page.contentType))
        return unreadable(source, `the source is ${page.contentType || 'untyped'}, not HTML`);
      else {
        html = page.body;
        base = page.url;
      }
    }
    const { sendToOwnHost } = this.options.send;
    const extracted = deleted
      ? { targets: [], overflow: [] }
      : extractTargets(html ?? '', base, { sendToOwnHost, maxTargets });
    const current = new Set(extracted.targets.map((t) => matchKey(t)));
    const overflowKeys = new Set(extracted.overflow.map((t) => matchKey(t)));
    // NOTE: a target only ever skipped over the cap never heard from us, so it is not told about a change either.
    const removed = (await this.history.listForSource(source))
      .filter((row) => row.status !== 'skipped' || row.attempts > 0)
      .map((row) => row.targetUrl)
      .filter((t) => !current.has(matchKey(t)) && !overflowKeys.has(matchKey(t)));
    return { source, maxTargets, deleted, linked: extracted.targets, removed, overflow: extracted.overflow };
  }

  /** Records the links beyond the fan-out cap as skipped, so the history shows what was not sent. */
  async recordOverflow(plan: SendPlan): Promise<void> {
    const lastError = `over the fan-out cap of ${plan.maxTargets} targets`;
    for (const target of plan.overflow) {
      await this.history.record(plan.source, target, { status: 'skipped', lastError, stillLinked: true });
    }
  }
}

/** Every target of a plan, with whether the source still links to it. */
export function plannedTargets(plan: SendPlan): PlannedTarget[] {
  return [
    ...plan.linked.map((target) => ({ target, stillLinked: true })),
    ...plan.removed.map((target) => ({ target, stillLinked: false })),
  ];
}
