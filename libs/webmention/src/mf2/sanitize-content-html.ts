import type sanitizeHtml from 'sanitize-html';

// NOTE: loaded on first use: a process that only sends (the CLI's `send`) never sanitises a mention.
let sanitizer: typeof sanitizeHtml | null = null;

function sanitize(html: string, opts: sanitizeHtml.IOptions): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sanitizer ??= require('sanitize-html') as typeof sanitizeHtml;
  return sanitizer(html, opts);
}

/** Longest HTML input that is sanitised; longer input is cut first. */
export const MAX_CONTENT_HTML_INPUT = 512 * 1024;
/** Target upper bound on sanitised HTML length (a few closing tags may follow a cut). */
export const MAX_CONTENT_HTML_OUTPUT = 64 * 1024;

/** The `rel` every kept link carries. */
export const LINK_REL = 'nofollow ugc noopener';

const ALLOWED_TAGS = [
  'p',
  'br',
  'a',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'del',
  'ins',
  'mark',
  'small',
  'sub',
  'sup',
  'blockquote',
  'q',
  'cite',
  'code',
  'pre',
  'kbd',
  'samp',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'abbr',
  'time',
  'span',
  'figure',
  'figcaption',
  'img',
];

// NOTE: content of these elements is dropped with the element, not unwrapped into text.
const DROPPED_WITH_CONTENT = [
  'script',
  'style',
  'textarea',
  'option',
  'select',
  'noscript',
  'noembed',
  'noframes',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'template',
  'title',
  'xmp',
  'plaintext',
  'head',
  'canvas',
  'button',
  'datalist',
];

const HREF_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const SRC_SCHEMES = new Set(['http:', 'https:']);

/**
 * Resolves a URL attribute against the base and keeps it only when its scheme is allowed.
 * NOTE: the WHATWG URL parser is what browsers use, so entity-decoded values with tabs, newlines,
 * leading control characters or mixed case resolve to the scheme a browser would see.
 */
function safeUrl(value: string | undefined, baseUrl: string, schemes: ReadonlySet<string>): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(value, baseUrl);
  } catch {
    try {
      parsed = new URL(value);
    } catch {
      return null;
    }
  }
  return schemes.has(parsed.protocol) ? parsed.href : null;
}

function dimension(value: string | undefined): string | null {
  return typeof value === 'string' && /^\s*\d{1,5}\s*$/.test(value) ? value.trim() : null;
}

function headingDemotion(tag: string): string {
  // NOTE: a mention is shown inside the target page; its h1/h2 must not outrank the page's own.
  const level = Math.min(Number(tag.slice(1)) + 2, 6);
  return `h${level}`;
}

function options(baseUrl: string): sanitizeHtml.IOptions {
  const heading: sanitizeHtml.Transformer = (tagName, attribs) => ({
    tagName: headingDemotion(tagName),
    attribs: { ...attribs },
  });
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'width', 'height'],
      abbr: ['title'],
      time: ['datetime'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    allowedClasses: {},
    allowedStyles: {},
    disallowedTagsMode: 'discard',
    nonTextTags: DROPPED_WITH_CONTENT,
    nestingLimit: 64,
    enforceHtmlBoundary: false,
    parser: { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    transformTags: {
      h1: heading,
      h2: heading,
      h3: heading,
      h4: heading,
      h5: heading,
      h6: heading,
      a: (tagName, attribs) => {
        const href = safeUrl(attribs.href, baseUrl, HREF_SCHEMES);
        const out: sanitizeHtml.Attributes = {};
        if (href !== null) {
          out.href = href;
          out.rel = LINK_REL;
        }
        if (typeof attribs.title === 'string') out.title = attribs.title;
        return { tagName, attribs: out };
      },
      img: (tagName, attribs) => {
        const src = safeUrl(attribs.src, baseUrl, SRC_SCHEMES);
        const out: sanitizeHtml.Attributes = {};
        if (src !== null) out.src = src;
        if (typeof attribs.alt === 'string') out.alt = attribs.alt;
        const width = dimension(attribs.width);
        const height = dimension(attribs.height);
        if (width !== null) out.width = width;
        if (height !== null) out.height = height;
        return { tagName, attribs: out };
      },
    },
    // NOTE: an image without a usable source is only a broken-image box; drop it.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  };
}

/** Cuts sanitised HTML before any partial tag or entity at `max` characters. */
function cutHtml(html: string, max: number): string {
  let cut = html.slice(0, max);
  const lt = cut.lastIndexOf('<');
  if (lt > cut.lastIndexOf('>')) cut = cut.slice(0, lt);
  const amp = cut.lastIndexOf('&');
  if (amp > cut.lastIndexOf(';')) cut = cut.slice(0, amp);
  return cut;
}

/**
 * Sanitises mention content HTML against a tight allow-list: no scripts, embeds, forms, styles,
 * classes, ids or event handlers; URLs resolved against `baseUrl`, only http(s)/mailto links and
 * http(s) images kept; every link gets `rel="nofollow ugc noopener"`; output length bounded.
 */
export function sanitizeContentHtml(html: string, baseUrl: string): string {
  if (typeof html !== 'string' || html === '') return '';
  const opts = options(baseUrl);
  // NOTE: parsers treat NUL inconsistently; browsers read it as U+FFFD, so do the same up front.
  const input = html.slice(0, MAX_CONTENT_HTML_INPUT).replace(/\u0000/g, '\uFFFD');
  const out = sanitize(input, opts).trim();
  if (out.length <= MAX_CONTENT_HTML_OUTPUT) return out;
  // NOTE: re-sanitising the cut closes any elements the cut left open.
  return sanitize(cutHtml(out, MAX_CONTENT_HTML_OUTPUT), opts).trim();
}
