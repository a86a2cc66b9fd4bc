import Handlebars from 'handlebars';
import { createWebmentionRenderer } from './render-webmentions';
import type { WebmentionRenderer, WebmentionRendererOptions } from './render-webmentions';

/** A constructor of HTML that Handlebars outputs unescaped. */
export type SafeStringConstructor = new (html: string) => unknown;

/** Anything with `registerHelper`: the `handlebars` package, a `Handlebars.create()` instance, or the `hbs` package. */
export interface HandlebarsLike {
  registerHelper(name: string, fn: (...args: unknown[]) => unknown): unknown;
  SafeString?: SafeStringConstructor;
  handlebars?: { SafeString?: SafeStringConstructor };
}

/** Options of {@link registerWebmentionHelpers}. */
export type WebmentionHelpersOptions = WebmentionRendererOptions;

/** Names of the helpers registered. */
export const WEBMENTION_HELPER_NAMES = [
  'webmentionEndpointLink',
  'showWebmentions',
  'webmentionCount',
  'webmentionSendForm',
] as const;

interface HelperCall {
  params: unknown[];
  hash: Record<string, unknown>;
}

function split(args: unknown[]): HelperCall {
  // NOTE: Handlebars passes its options object last, whatever the number of parameters written.
  const last = args[args.length - 1] as { hash?: Record<string, unknown> } | undefined;
  const hash = last && typeof last === 'object' && last.hash && typeof last.hash === 'object' ? last.hash : {};
  return { params: args.slice(0, -1), hash };
}

function isRenderer(value: WebmentionHelpersOptions | WebmentionRenderer): value is WebmentionRenderer {
  return typeof (value as WebmentionRenderer).render === 'function';
}

function safeStringOf(handlebars: HandlebarsLike): SafeStringConstructor {
  // NOTE: Handlebars recognises safe strings by their `toHTML` method, so any copy's SafeString works.
  return handlebars.SafeString ?? handlebars.handlebars?.SafeString ?? Handlebars.SafeString;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Registers `webmentionEndpointLink`, `showWebmentions`, `webmentionCount` and `webmentionSendForm` on the given
 * Handlebars instance; loads and compiles the templates now (throws on a broken one). Returns the renderer used.
 */
export function registerWebmentionHelpers(
  handlebars: HandlebarsLike,
  options: WebmentionHelpersOptions | WebmentionRenderer,
): WebmentionRenderer {
  if (!handlebars || typeof handlebars.registerHelper !== 'function') {
    throw new TypeError('registerWebmentionHelpers needs a Handlebars instance (an object with registerHelper)');
  }
  const renderer = isRenderer(options) ? options : createWebmentionRenderer(options);
  const SafeString = safeStringOf(handlebars);

  handlebars.registerHelper('webmentionEndpointLink', () => new SafeString(renderer.endpointLink()));

  handlebars.registerHelper('showWebmentions', (...args: unknown[]) => {
    const { params, hash } = split(args);
    const html = renderer.render(params[0], { type: text(hash.type), moreUrl: text(hash.moreUrl) });
    return new SafeString(html);
  });

  handlebars.registerHelper('webmentionCount', (...args: unknown[]) => {
    const { params, hash } = split(args);
    return renderer.count(params[0], text(hash.type));
  });

  handlebars.registerHelper('webmentionSendForm', (...args: unknown[]) => {
    const { params } = split(args);
    return new SafeString(renderer.sendForm(params[0] as string));
  });

  return renderer;
}
