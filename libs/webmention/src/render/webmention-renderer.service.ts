import { Inject, Injectable } from '@nestjs/common';
import type { Webmention } from '../entities/webmention.entity';
import { UrlResolver } from '../interfaces/url-resolver.interface';
import { endpointUrlOf, postKeyOf } from '../receive/per-post-endpoint';
import type { ResolvedWebmentionExtras, ResolvedWebmentionOptions } from '../resolve-options';
import { WebmentionStore } from '../storage/webmention.store';
import { parseHttpUrl } from '../url/url-validate';
import { WebmentionConfigError } from '../webmention-config.exception';
import { WEBMENTION_EXTRAS, WEBMENTION_RESOLVED_OPTIONS } from '../webmention.constants';
import { parseTypeFilter } from './group-mentions';
import type { WebmentionsViewOptions } from './group-mentions';
import { registerWebmentionHelpers } from './register-helpers';
import type { HandlebarsLike } from './register-helpers';
import { createWebmentionRenderer, renderEndpointLink, renderSendForm, renderWebmentions } from './render-webmentions';
import type { WebmentionRenderer as RenderingCore } from './render-webmentions';
import { MediaUrlRewriter } from '../media/media-url-rewriter';
import { loadStylesheet } from './stylesheet';
import { defaultWebmentionTemplates, loadWebmentionTemplates } from './template-loader';
import type { WebmentionTemplates } from './template-loader';

/** Default of {@link MentionsForOptions.limit}. */
const DEFAULT_LIMIT = 200;
/** Largest {@link MentionsForOptions.limit}. */
const MAX_LIMIT = 1000;

/** Options of {@link WebmentionRenderer.mentionsFor}. */
export interface MentionsForOptions {
  /** Only these kinds: a list or a comma-separated string such as "like,repost". @default all kinds */
  type?: WebmentionsViewOptions['type'];
  /** Most mentions read, newest first (1 to 1000). @default 200 */
  limit?: number;
}

/** Options of {@link WebmentionRenderer.render}. */
export interface RenderTargetOptions extends MentionsForOptions {
  /** Where "+N more" and "N more responses" link. @default none */
  moreUrl?: string | null;
  /** Newest first instead of oldest first. @default false */
  newestFirst?: boolean;
}

/**
 * Display for a Nest app: the approved, verified mentions of a page, rendered with the bundled (or overridden)
 * templates, the endpoint `<link>`, the send form, the stylesheet and Handlebars helpers for the host's views. Built
 * at boot from the `render` options: a broken template in `templatesDir` fails the boot, naming the file.
 */
@Injectable()
export class WebmentionRenderer {
  private readonly templates: WebmentionTemplates;
  private readonly css: string;
  private core: RenderingCore | null = null;

  constructor(
    private readonly store: WebmentionStore,
    @Inject(UrlResolver) private readonly urlResolver: UrlResolver,
    @Inject(WEBMENTION_RESOLVED_OPTIONS) private readonly options: ResolvedWebmentionOptions,
    @Inject(WEBMENTION_EXTRAS) private readonly extras: ResolvedWebmentionExtras,
    private readonly media: MediaUrlRewriter,
  ) {
    const dir = options.render.templatesDir;
    this.templates = dir === null ? defaultWebmentionTemplates() : loadWebmentionTemplates({ templatesDir: dir });
    this.css = loadStylesheet().css;
  }

  /** The approved, verified mentions of a target (canonical URL matching), newest first. */
  async mentionsFor(targetUrl: string, options: MentionsForOptions = {}): Promise<Webmention[]> {
    const target = parseHttpUrl(targetUrl, { maxLength: this.options.maxUrlLength, label: 'targetUrl' });
    if (!target.ok) throw new TypeError(`WebmentionRenderer: ${target.message} (got ${JSON.stringify(targetUrl)})`);
    const limit = options.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new RangeError(`WebmentionRenderer: limit must be a whole number from 1 to ${MAX_LIMIT} (got ${limit})`);
    }
    const kinds = parseTypeFilter(options.type);
    const page = await this.store.list(
      {
        targets: [target.url.href],
        status: ['verified'],
        moderation: ['approved'],
        ...(kinds === null ? {} : { types: [...kinds] }),
      },
      { limit },
    );
    return page.items;
  }

  /** HTML of the responses block of a target: fetches its mentions, then renders them (for apps without Handlebars). */
  async render(targetUrl: string, options: RenderTargetOptions = {}): Promise<string> {
    const mentions = await this.mentionsFor(targetUrl, options);
    const { facepileLimit, maxComments, maxContentChars } = this.options.render;
    return renderWebmentions(mentions, {
      templates: this.templates,
      facepileLimit,
      maxComments,
      maxContentChars,
      mediaUrl: this.media.mediaUrl,
      type: options.type,
      moreUrl: options.moreUrl,
      newestFirst: options.newestFirst,
    });
  }

  /** The absolute endpoint URL; given a content object, a Promise of its own endpoint when `render.perPostEndpoints` is on. */
  endpointUrl(): string;
  endpointUrl(contentObject: unknown): Promise<string>;
  endpointUrl(...args: [] | [unknown]): string | Promise<string> {
    if (args.length === 0) return endpointUrlOf(this.base('the endpoint URL'), this.extras.endpointPath);
    return this.endpointUrlFor(args[0]);
  }

  /** `<link rel="webmention" href="…">` for the page head; given a content object, a Promise of its per-post link. */
  endpointLink(): string;
  endpointLink(contentObject: unknown): Promise<string>;
  endpointLink(...args: [] | [unknown]): string | Promise<string> {
    if (args.length === 0) return renderEndpointLink(this.endpointUrl());
    return this.endpointUrl(args[0]).then(renderEndpointLink);
  }

  /** The "send me a webmention" form for the page at `targetUrl`, posting to the endpoint. */
  sendForm(targetUrl: string): string {
    return renderSendForm(this.endpointUrl(), targetUrl, this.templates);
  }

  /** The stylesheet's text, for inlining in a `<style>` element. */
  stylesheet(): string {
    return this.css;
  }

  /** The absolute URL the library serves the stylesheet at, or null when `render.stylesheetPath` is false. */
  get stylesheetUrl(): string | null {
    const path = this.options.render.stylesheetPath;
    return path === false ? null : `${this.base('the stylesheet URL')}${path}`;
  }

  /**
   * Registers `webmentionEndpointLink`, `showWebmentions`, `webmentionCount` and `webmentionSendForm` on the host's
   * Handlebars (the `handlebars` package, a `Handlebars.create()` instance, or `hbs`), with this site's endpoint
   * and the `render` options. The helpers are synchronous: fetch with {@link mentionsFor} first.
   */
  registerHelpers(handlebars: HandlebarsLike): void {
    registerWebmentionHelpers(handlebars, this.renderingCore());
  }

  private async endpointUrlFor(contentObject: unknown): Promise<string> {
    const plain = this.endpointUrl();
    if (!this.options.render.perPostEndpoints || contentObject === null || contentObject === undefined) return plain;
    const url = await this.urlResolver.getAbsoluteUrl(contentObject);
    return endpointUrlOf(this.base('the endpoint URL'), this.extras.endpointPath, postKeyOf(url));
  }

  private renderingCore(): RenderingCore {
    const { facepileLimit, maxComments, maxContentChars } = this.options.render;
    this.core ??= createWebmentionRenderer({
      endpointUrl: this.endpointUrl(),
      templates: this.templates,
      facepileLimit,
      maxComments,
      maxContentChars,
      mediaUrl: this.media.mediaUrl,
    });
    return this.core;
  }

  private base(what: string): string {
    if (this.options.baseUrl === null) {
      throw new WebmentionConfigError(`set baseUrl (e.g. https://example.com) so the renderer can write ${what}.`);
    }
    return this.options.baseUrl;
  }
}
