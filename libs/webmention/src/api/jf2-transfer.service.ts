import { Inject, Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import type { SafeFetcher } from '../http/safe-fetcher';
import { mentionMediaUrls } from '../mf2/mention-media';
import { WebmentionQueue } from '../queue/webmention-queue';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { WebmentionImportStore } from '../storage/webmention-import.store';
import { WebmentionMediaStore } from '../storage/webmention-media.store';
import { WebmentionStore } from '../storage/webmention.store';
import { parseHttpUrl } from '../url/url-validate';
import { verifyJob } from '../verify/verify.job';
import { WEBMENTION_FETCHER, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { Jf2Feed, toJf2Feed } from './jf2';
import { Jf2FeedError, readJf2Feed, SkippedChild } from './jf2-import';

/** How to import. */
export interface Jf2ImportOptions {
  /** Status given to imported mentions: `verified` (shown, as they were) or `pending` (verified here first). @default 'verified' */
  status?: 'verified' | 'pending';
  /** Queue a fresh verification of every imported mention. @default false */
  reverify?: boolean;
  /** Import entries marked `wm-private: true` (held for moderation, so they are not shown). @default false */
  includePrivate?: boolean;
  /** Read and check the feed, report what would be imported, store nothing. @default false */
  dryRun?: boolean;
}

/** What an import did. */
export interface Jf2ImportReport {
  dryRun: boolean;
  /** Children in the feed. */
  read: number;
  /** New mentions stored (or, in a dry run, that would be). */
  imported: number;
  /** Pairs stored already, left as they were. */
  existing: number;
  /** Verifications queued (`reverify`). */
  reverified: number;
  skipped: SkippedChild[];
}

/** Largest feed read from a URL, and the longest wait for it. */
const MAX_FEED_BYTES = 64 * 1024 * 1024;
const FEED_TIMEOUT_MS = 60_000;

/**
 * Moving in and out: imports a jf2 feed exported by webmention.io (or by this library) and exports the stored
 * mentions in the same shape, so an export imports back to the same rows.
 */
@Injectable()
export class Jf2TransferService {
  constructor(
    private readonly imports: WebmentionImportStore,
    private readonly store: WebmentionStore,
    private readonly media: WebmentionMediaStore,
    private readonly queue: WebmentionQueue,
    @Inject(WEBMENTION_FETCHER) private readonly fetcher: SafeFetcher,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
  ) {}

  /** Reads a feed from a file or an http(s) URL and parses it; throws {@link Jf2FeedError} saying what is wrong. */
  async load(location: string): Promise<unknown> {
    let text: string;
    if (/^https?:\/\//i.test(location)) {
      const checked = parseHttpUrl(location, { label: 'the feed URL' });
      if (!checked.ok) throw new Jf2FeedError(checked.message);
      const answer = await this.fetcher.request(checked.url.href, {
        headers: { Accept: 'application/jf2feed+json, application/json' },
        maxBodyBytes: MAX_FEED_BYTES,
        timeoutMs: FEED_TIMEOUT_MS,
      });
      if (!answer.ok) throw new Jf2FeedError(`could not fetch ${location}: ${answer.message}`);
      if (answer.status !== 200) throw new Jf2FeedError(`${location} answered HTTP ${answer.status}`);
      text = answer.body;
    } else {
      text = await readFile(location, 'utf8').catch((error: Error) => {
        throw new Jf2FeedError(`cannot read ${location}: ${error.message}`);
      });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new Jf2FeedError(`${location} is not JSON: ${(error as Error).message}`);
    }
  }

  /** Imports a parsed feed: new pairs stored, existing ones left alone, every skipped child reported. */
  async import(document: unknown, options: Jf2ImportOptions = {}): Promise<Jf2ImportReport> {
    const plan = readJf2Feed(document, {
      includePrivate: options.includePrivate,
      maxChars: this.options.content.maxChars,
      maxUrlLength: this.options.maxUrlLength,
    });
    const dryRun = options.dryRun ?? false;
    const report: Jf2ImportReport = {
      dryRun,
      read: plan.mentions.length + plan.skipped.length,
      imported: 0,
      existing: 0,
      reverified: 0,
      skipped: plan.skipped,
    };
    const status = options.status ?? 'verified';
    for (const mention of plan.mentions) {
      if (dryRun) {
        if (await this.imports.exists(mention.sourceUrl, mention.targetUrl)) report.existing++;
        else report.imported++;
        continue;
      }
      const { receivedAt, wmId, private: isPrivate, ...fields } = mention;
      const { webmention, created } = await this.imports.insert(
        { ...fields, entry: wmId === null ? null : { 'wm-id': wmId } },
        // NOTE: a private mention is kept from the public pages: held for moderation.
        { status, moderation: isPrivate ? 'pending' : this.options.initialModeration, receivedAt },
      );
      if (!created) {
        report.existing++;
        continue;
      }
      report.imported++;
      await this.media.replaceFor(webmention.id, mentionMediaUrls(webmention));
      if (options.reverify || status === 'pending') {
        const queued = await this.queue.enqueue(verifyJob(webmention.id, this.options.verifyRetry));
        if (queued === 'queued') report.reverified++;
      }
    }
    return report;
  }

  /** The verified, approved mentions (of `target` when given), oldest first, as a jf2 feed. */
  async export(target?: string): Promise<Jf2Feed> {
    const mentions = [];
    for await (const w of this.store.each({
      status: ['verified'],
      moderation: ['approved'],
      ...(target ? { targets: [target] } : {}),
    })) {
      mentions.push(w);
    }
    return toJf2Feed(mentions);
  }
}
