import { Inject, Injectable } from '@nestjs/common';
import { isJsonMediaType, mediaType } from '../html';
import type { SafeResponse } from '../http/fetch-result';
import type { SafeFetcher } from '../http/safe-fetcher';
import {
  authorPageToConfirm,
  authorshipCheck,
  htmlPageView,
  interpretDocument,
  interpretMention,
  mf2JsonAlternate,
  MF2_JSON_MEDIA_TYPE,
  parseMf2Json,
  withAuthorPageCard,
  type AuthorshipVerdict,
  type InterpretContext,
  type MentionContent,
} from '../mf2';
import { MAX_AUTHORSHIP_REASON } from '../mf2/authorship';
import { capText } from '../mf2/mf2-values';
import type { ResolvedWebmentionOptions } from '../resolve-options';
import { WEBMENTION_FETCHER, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { AuthorPageService } from './author-page.service';
import type { SourceKind } from './source-links';

/** What verification reads of a source beyond its link: the mention, and whether its author is believed. */
export interface MentionReading {
  mention: MentionContent;
  /** The authorship verdict on the claimed author; null when it was not checked (`authorship.fetchAuthorPage` off). */
  authorship: AuthorshipVerdict | null;
}

/** The pair a source is read for. */
export interface MentionPair {
  sourceUrl: string;
  targetUrl: string;
}

/** The Accept header of an mf2 JSON alternate. */
const MF2_JSON_ACCEPT = `${MF2_JSON_MEDIA_TYPE}, application/json;q=0.9`;

/**
 * Reads a verified source: its microformats (HTML, mf2 JSON, or the mf2 JSON alternate an HTML page advertises when
 * `mf2.preferJsonAlternate` asks for it), then the IndieWeb authorship algorithm, with at most one fetch of the
 * author's page (`authorship.*`).
 */
@Injectable()
export class MentionReader {
  constructor(
    @Inject(WEBMENTION_FETCHER) private readonly fetcher: SafeFetcher,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
    private readonly authorPages: AuthorPageService,
  ) {}

  /** The reading of a fetched source of this kind, or null when it has nothing to read (text, JSON that is not mf2). */
  async read(
    response: SafeResponse,
    kind: SourceKind,
    pair: MentionPair,
    interpreted?: MentionContent | null,
  ): Promise<MentionReading | null> {
    const mention = await this.interpret(response, kind, pair, interpreted ?? undefined);
    return mention === null ? null : this.withAuthorship(mention, pair.sourceUrl);
  }

  /** `interpreted`: the HTML's mention as a worker thread read it already (`SourceParser`). */
  private async interpret(
    response: SafeResponse,
    kind: SourceKind,
    pair: MentionPair,
    interpreted?: MentionContent,
  ): Promise<MentionContent | null> {
    const ctx: InterpretContext = { baseUrl: response.url, sourceUrl: pair.sourceUrl, targetUrl: pair.targetUrl };
    if (kind === 'json') {
      const doc = parseMf2Json(response.body, ctx.baseUrl);
      // NOTE: JSON that is neither served as mf2 nor shaped like it (ActivityStreams, …) says nothing we read.
      if (doc === null && mediaType(response.contentType) !== MF2_JSON_MEDIA_TYPE) return null;
      return interpretDocument(doc, ctx, null);
    }
    if (kind !== 'html') return null;
    if (this.options.mf2.preferJsonAlternate) {
      const fromAlternate = await this.fromJsonAlternate(response.body, ctx);
      if (fromAlternate !== null) return fromAlternate;
    }
    return interpreted ?? interpretMention({ html: response.body, ...ctx });
  }

  /** The mention read from the page's mf2 JSON alternate, or null when there is none or it cannot be read. */
  private async fromJsonAlternate(html: string, ctx: InterpretContext): Promise<MentionContent | null> {
    const url = mf2JsonAlternate(html, ctx.baseUrl);
    if (url === null) return null;
    const res = await this.fetcher.request(url, { headers: { Accept: MF2_JSON_ACCEPT } });
    if (!res.ok || res.status !== 200 || !isJsonMediaType(res.contentType)) return null;
    const doc = parseMf2Json(res.body, res.url);
    if (doc === null) return null;
    // NOTE: the alternate is the same page: its title and where its links to the target sit still come from the HTML.
    return interpretDocument(doc, { ...ctx, baseUrl: res.url }, htmlPageView(html, ctx));
  }

  /**
   * The mention with its author completed and checked: the page to fetch is the author URL the chain ended with, else
   * the claimed author's page on another site (one fetch at most); a confirmed author takes the page's h-card.
   */
  private async withAuthorship(mention: MentionContent, sourceUrl: string): Promise<MentionReading> {
    if (!this.options.authorship.fetchAuthorPage) return { mention, authorship: null };
    const claimed = mention.author;
    const page = mention.authorPageToFetch ?? authorPageToConfirm(claimed, sourceUrl);
    if (page === null) return { mention, authorship: authorshipCheck(claimed, sourceUrl, null) };
    const { card, problem } = await this.authorPages.lookup(page);
    let verdict = authorshipCheck(claimed, sourceUrl, card);
    if (!verdict.verified && card === null && problem !== null) {
      verdict = { verified: false, reason: capText(`the author page ${page} ${problem}`, MAX_AUTHORSHIP_REASON) };
    }
    return {
      mention: verdict.verified ? { ...mention, author: withAuthorPageCard(claimed, card) } : mention,
      authorship: verdict,
    };
  }
}
