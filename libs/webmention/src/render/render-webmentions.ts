import Handlebars from 'handlebars';
import { buildWebmentionsView, countWebmentions } from './group-mentions';
import type { WebmentionsViewOptions } from './group-mentions';
import { defaultWebmentionTemplates, loadWebmentionTemplates, templateRuntimeOptions } from './template-loader';
import type { WebmentionTemplates } from './template-loader';

/** Options of {@link renderWebmentions}. */
export interface RenderWebmentionsOptions extends WebmentionsViewOptions {
  /** Compiled templates from `loadWebmentionTemplates`. @default the bundled templates */
  templates?: WebmentionTemplates;
}

/** Options of {@link createWebmentionRenderer} and `registerWebmentionHelpers`. */
export interface WebmentionRendererOptions extends Omit<RenderWebmentionsOptions, 'type'> {
  /** Absolute http(s) URL of the Webmention endpoint, for the `<link>` and the send form. */
  endpointUrl: string;
  /** A directory of `NAME.hbs` overrides, loaded once (ignored when `templates` is given). @default none */
  templatesDir?: string | null;
}

/** Per-call options of {@link WebmentionRenderer.render}. */
export interface RenderCallOptions {
  /** Only these kinds: a list or a comma-separated string such as "like,repost". @default all kinds */
  type?: WebmentionsViewOptions['type'];
  /** Where "more" links point for this page (overrides the renderer's). @default the renderer's `moreUrl` */
  moreUrl?: string | null;
}

/** Rendering with templates and options fixed once (at boot); what a Nest service or Handlebars helpers wrap. */
export interface WebmentionRenderer {
  /** The compiled templates in use. */
  readonly templates: WebmentionTemplates;
  /** The endpoint URL, normalised. */
  readonly endpointUrl: string;
  /** HTML of the responses block. */
  render(mentions: unknown, call?: RenderCallOptions): string;
  /** Number of displayable mentions, of the given kinds when `type` is set. */
  count(mentions: unknown, type?: WebmentionsViewOptions['type']): number;
  /** `<link rel="webmention" href="…">` for the page head. */
  endpointLink(): string;
  /** The "send me a webmention" form for `target`. */
  sendForm(target: string): string;
}

/** Renders mentions (entities, PublicWebmentions or their JSON) to the responses block's HTML. */
export function renderWebmentions(mentions: unknown, options: RenderWebmentionsOptions = {}): string {
  const templates = options.templates ?? defaultWebmentionTemplates();
  const view = buildWebmentionsView(mentions, options);
  return templates.webmentions(view, templateRuntimeOptions(templates));
}

/** The endpoint URL as an absolute http(s) URL; throws a TypeError otherwise. */
export function checkEndpointUrl(endpointUrl: unknown): string {
  let url: URL | null = null;
  try {
    url = typeof endpointUrl === 'string' ? new URL(endpointUrl) : null;
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError(`Webmention endpointUrl must be an absolute http(s) URL, got ${JSON.stringify(endpointUrl)}`);
  }
  return url.href;
}

/** `<link rel="webmention" href="…">` with the endpoint URL escaped. */
export function renderEndpointLink(endpointUrl: string): string {
  return `<link rel="webmention" href="${Handlebars.Utils.escapeExpression(checkEndpointUrl(endpointUrl))}">`;
}

/** The "send me a webmention" form posting `source` and the hidden `target` to the endpoint. */
export function renderSendForm(endpointUrl: string, target: string, templates?: WebmentionTemplates): string {
  if (typeof target !== 'string' || target.trim() === '') {
    throw new TypeError('The webmention send form needs the target URL (the URL of this page)');
  }
  const all = templates ?? defaultWebmentionTemplates();
  return all['send-form'](
    { endpointUrl: checkEndpointUrl(endpointUrl), target: target.trim() },
    templateRuntimeOptions(all),
  );
}

/** Loads templates and checks options once, then renders with them; throws at boot on a bad template or endpoint. */
export function createWebmentionRenderer(options: WebmentionRendererOptions): WebmentionRenderer {
  const endpointUrl = checkEndpointUrl(options.endpointUrl);
  const dir = options.templatesDir;
  const templates =
    options.templates ?? (dir ? loadWebmentionTemplates({ templatesDir: dir }) : defaultWebmentionTemplates());
  const base: RenderWebmentionsOptions = { ...options, templates };
  return {
    templates,
    endpointUrl,
    render: (mentions, call = {}) =>
      renderWebmentions(mentions, {
        ...base,
        type: call.type,
        moreUrl: call.moreUrl !== undefined ? call.moreUrl : base.moreUrl,
      }),
    count: (mentions, type) => countWebmentions(mentions, type),
    endpointLink: () => renderEndpointLink(endpointUrl),
    sendForm: (target) => renderSendForm(endpointUrl, target, templates),
  };
}
