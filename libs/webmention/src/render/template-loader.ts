import { existsSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import Handlebars from 'handlebars';

/** Names of the templates (file `NAME.hbs`); every one may be overridden on its own. */
export const WEBMENTION_TEMPLATE_NAMES = [
  'webmentions',
  'reply',
  'mention',
  'like',
  'repost',
  'bookmark',
  'rsvp',
  'face',
  'send-form',
] as const;

/** A template name. */
export type WebmentionTemplateName = (typeof WEBMENTION_TEMPLATE_NAMES)[number];

/** A compiled template. */
export type WebmentionTemplate = Handlebars.TemplateDelegate;

/** The compiled templates, one per name. */
export type WebmentionTemplates = Readonly<Record<WebmentionTemplateName, WebmentionTemplate>>;

/** Options of {@link loadWebmentionTemplates}. */
export interface LoadWebmentionTemplatesOptions {
  /** A directory of `NAME.hbs` overrides; a name without a file there uses the default. @default none */
  templatesDir?: string | null;
}

/** Directory of the default templates, next to the compiled code (copied there as nest-cli assets). */
export const DEFAULT_TEMPLATES_DIR = join(__dirname, 'templates');

/** Handlebars compile options. */
export type WebmentionCompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;

/** Compile options: escaping on, lenient lookups. */
export const TEMPLATE_COMPILE_OPTIONS: WebmentionCompileOptions = { strict: false, noEscape: false };

/** Thrown at load time when a template cannot be read or compiled; names the file. */
export class WebmentionTemplateError extends Error {
  /** The file that failed. */
  readonly filePath: string;

  constructor(filePath: string, detail: string) {
    super(`Webmention template ${filePath}: ${detail}`);
    this.name = 'WebmentionTemplateError';
    this.filePath = filePath;
  }
}

// NOTE: a private instance: host apps' helpers and partials cannot change or break the library's templates.
const runtime = Handlebars.create();

/** Runtime options every render uses: the templates as partials, and no prototype access at all. */
export function templateRuntimeOptions(templates: WebmentionTemplates): Handlebars.RuntimeOptions {
  return {
    partials: { ...templates },
    allowProtoPropertiesByDefault: false,
    allowProtoMethodsByDefault: false,
    allowedProtoProperties: {},
    allowedProtoMethods: {},
  };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Reads and compiles one template file; throws {@link WebmentionTemplateError}. `check` (the default) runs the whole
 * compiler now, so a broken template fails at boot; without it the template is compiled on its first render.
 */
export function compileTemplateFile(filePath: string, { check = true }: { check?: boolean } = {}): WebmentionTemplate {
  let source: string;
  try {
    source = readFileSync(filePath, 'utf8');
  } catch (err) {
    throw new WebmentionTemplateError(filePath, `cannot be read: ${message(err)}`);
  }
  try {
    // NOTE: `compile` is lazy (it compiles on first render); `precompile` runs the whole pipeline now, so
    // a broken template fails at boot, not on the first page view.
    if (check) runtime.precompile(source, { ...TEMPLATE_COMPILE_OPTIONS, srcName: filePath });
    return runtime.compile(source, TEMPLATE_COMPILE_OPTIONS);
  } catch (err) {
    throw new WebmentionTemplateError(filePath, message(err));
  }
}

/** The bundled file of a template. */
function defaultTemplateFile(name: WebmentionTemplateName): string {
  return join(DEFAULT_TEMPLATES_DIR, `${name}.hbs`);
}

/** Paths of the template files in use: the override when it exists, else the default. */
export function resolveTemplateFiles(
  options: LoadWebmentionTemplatesOptions = {},
): Record<WebmentionTemplateName, string> {
  const dir = options.templatesDir ?? null;
  if (dir !== null && (!existsSync(dir) || !statSync(dir).isDirectory())) {
    throw new WebmentionTemplateError(dir, 'templatesDir is not a directory');
  }
  const files = {} as Record<WebmentionTemplateName, string>;
  for (const name of WEBMENTION_TEMPLATE_NAMES) {
    const override = dir === null ? null : join(dir, `${name}.hbs`);
    files[name] = override !== null && existsSync(override) ? override : defaultTemplateFile(name);
  }
  return files;
}

/**
 * Loads every template (defaults, with per-file overrides from `templatesDir`); call once at boot. Overrides are
 * compiled now, so a broken one fails at boot; the bundled defaults, checked by the library's tests, are compiled on
 * first render, so a process that renders nothing (a CLI, a worker) does not pay for them.
 */
export function loadWebmentionTemplates(options: LoadWebmentionTemplatesOptions = {}): WebmentionTemplates {
  const files = resolveTemplateFiles(options);
  const templates = {} as Record<WebmentionTemplateName, WebmentionTemplate>;
  for (const name of WEBMENTION_TEMPLATE_NAMES) {
    templates[name] = compileTemplateFile(files[name], { check: files[name] !== defaultTemplateFile(name) });
  }
  return Object.freeze(templates);
}

let defaults: WebmentionTemplates | null = null;

/** The default templates, loaded once on first use. */
export function defaultWebmentionTemplates(): WebmentionTemplates {
  defaults ??= loadWebmentionTemplates();
  return defaults;
}
