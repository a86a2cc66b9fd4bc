import { parseFragment } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { interpretMention } from './mention-content';
import { LINK_REL, sanitizeContentHtml } from './sanitize-content-html';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const BASE = 'https://source.example/posts/1';

// NOTE: drawn from the OWASP XSS filter evasion cheat sheet and html5sec.org-style payloads.
const VECTORS: string[] = [
  `<script>alert('XSS')</script>`,
  `<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>`,
  `<ScRiPt>alert(1)</sCrIpT>`,
  `<script/xss src="https://xss.example/x.js"></script>`,
  `<<SCRIPT>alert("XSS");//\\<</SCRIPT>`,
  `<SCRIPT SRC=//xss.example/.j>`,
  `<script>alert(1)</script`,
  `<scr<script>ipt>alert(1)</scr</script>ipt>`,
  `<scr\u0000ipt>alert(1)</scr\u0000ipt>`,
  `<IMG SRC="javascript:alert('XSS');">`,
  `<IMG SRC=javascript:alert('XSS')>`,
  `<IMG SRC=JaVaScRiPt:alert('XSS')>`,
  '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>',
  `<a onmouseover="alert(document.cookie)">xxs link</a>`,
  `<a onmouseover=alert(document.cookie)>xxs link</a>`,
  `<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>`,
  `<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>`,
  `<IMG SRC=# onmouseover="alert('xxs')">`,
  `<IMG SRC= onmouseover="alert('xxs')">`,
  `<IMG onmouseover="alert('xxs')">`,
  `<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>`,
  `<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">`,
  `<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`,
  `<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>`,
  `<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>`,
  `<IMG SRC="jav\tascript:alert('XSS');">`,
  `<IMG SRC="jav&#x09;ascript:alert('XSS');">`,
  `<IMG SRC="jav&#x0A;ascript:alert('XSS');">`,
  `<IMG SRC="jav&#x0D;ascript:alert('XSS');">`,
  `<IMG SRC=" &#14;  javascript:alert('XSS');">`,
  `<a href="jav\u0000ascript:alert(1)">null byte</a>`,
  `<a href="&#x6A;avascript:alert(1)">x</a>`,
  `<a href="&#106;avascript:alert(1)">x</a>`,
  `<a href="javascript&colon;alert(1)">x</a>`,
  `<a href="JaVaScRiPt:alert(1)">x</a>`,
  `<a href="  javascript:alert(1)">x</a>`,
  `<a href="java&#x0A;script:alert(1)">x</a>`,
  `<a href="&#x01;javascript:alert(1)">x</a>`,
  `<a href="jav&#x09;ascript:alert(1)" title="t">x</a>`,
  `<a href="vbscript:msgbox('XSS')">x</a>`,
  `<a href="VBScript:msgbox('XSS')">x</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
  `<a href="data:text/html,<script>alert(1)</script>">x</a>`,
  `<a href="DaTa:text/html,<script>alert(1)</script>">x</a>`,
  `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`,
  `<svg/onload=alert('XSS')>`,
  `<svg><script>alert(1)</script></svg>`,
  `<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>`,
  `<svg><animate onbegin=alert(1) attributeName=x dur=1s>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>`,
  `<math href="javascript:alert(1)">CLICKME</math>`,
  `<iframe src="javascript:alert('XSS');"></iframe>`,
  `<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
  `<iframe src=https://xss.example/ <`,
  `<object data="javascript:alert(1)"></object>`,
  `<object type="text/x-scriptlet" data="https://xss.example/scriptlet.html"></object>`,
  `<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`,
  `<embed src="https://xss.example/flash.swf" allowscriptaccess=always>`,
  `<form action="javascript:alert(1)"><input type="submit"></form>`,
  `<form><button formaction="javascript:alert(1)">X</button></form>`,
  `<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">`,
  `<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">`,
  `<BASE HREF="javascript:alert('XSS');//">`,
  `<LINK REL="stylesheet" HREF="javascript:alert('XSS');">`,
  `<STYLE>@import'https://xss.example/xss.css';</STYLE>`,
  `<DIV STYLE="background-image: url(javascript:alert('XSS'))">x</DIV>`,
  `<DIV STYLE="width: expression(alert('XSS'));">x</DIV>`,
  `<p style="x:expr/*XSS*/ession(alert(1))">x</p>`,
  `<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`,
  `<BODY ONLOAD=alert('XSS')>`,
  '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
  `<details open ontoggle=alert(1)>`,
  `<isindex type=image src=1 onerror=alert(1)>`,
  `<isindex action="javascript:alert(1)" type=image>`,
  `<TABLE BACKGROUND="javascript:alert('XSS')"><TD BACKGROUND="javascript:alert('XSS')">x</TD></TABLE>`,
  `<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">`,
  `<BGSOUND SRC="javascript:alert('XSS');">`,
  `<BR SIZE="&{alert('XSS')}">`,
  `<IMG DYNSRC="javascript:alert('XSS')">`,
  `<IMG LOWSRC="javascript:alert('XSS')">`,
  `<video><source onerror="alert(1)">`,
  `<audio src=x onerror=alert(1)>`,
  `<marquee onstart=alert(1)>x</marquee>`,
  `<a href="https://ok.example/" style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</a>`,
  `<a href="https://ok.example/" target="_blank" rel="opener">x</a>`,
  `<img src="https://ok.example/a.png" srcset="javascript:alert(1) 1x">`,
  `<img src="x:alert(1)" onerror="eval(src)">`,
  `<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`,
  `<xmp><img src=x onerror=alert(1)></xmp>`,
  `<textarea><script>alert(1)</script></textarea>`,
  `<template><script>alert(1)</script></template>`,
  `<!--<img src="--><img src=x onerror=alert(1)//">`,
  `<![CDATA[<script>alert(1)</script>]]>`,
  `<a href="javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/"/+/onmouseover=1/+/[*/[]/+alert(1)//'>">p</a>`,
  `<div id="x" class="y" data-x="1" onclick="x()">classy</div>`,
  `<a href="javascript:alert(1)" title="x" onfocus="alert(1)" autofocus>f</a>`,
  `<button onclick="alert(1)">b</button>`,
  `<select onfocus=alert(1) autofocus><option>o</option></select>`,
  `<keygen autofocus onfocus=alert(1)>`,
  `<frameset onload=alert(1)>`,
  `<applet code="javascript:confirm(document.cookie);">`,
  '<a href="https://ok.example/"`onclick=alert(1)`>tick</a>',
  '<img src=`javascript:alert(1)`>',
  `<img src="https://ok.example/a.png" alt="&quot; onerror=&quot;alert(1)">`,
  `<a href="https://ok.example/" onclick="alert(1)" onclick="x">dup</a>`,
  `<abbr title="x" onmouseover="alert(1)">a</abbr><time datetime="2026" onclick="x">t</time>`,
  `<img src="https://ok.example/a.png" width="100" height="100%;x:expression(alert(1))">`,
  `<h1 onclick="alert(1)">head</h1><blockquote cite="javascript:alert(1)">q</blockquote>`,
];

const ALLOWED_TAGS = new Set([
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
  'h1',
  'h2',
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
]);
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'title', 'rel'],
  img: ['src', 'alt', 'width', 'height'],
  abbr: ['title'],
  time: ['datetime'],
};
const DANGEROUS_SCHEME = /^(javascript|vbscript|data|livescript|mocha):/i;

function elements(html: string): Element[] {
  const out: Element[] = [];
  const stack: Node[] = [parseFragment(html)];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if ('tagName' in node) out.push(node);
    if ('childNodes' in node) stack.push(...node.childNodes);
    if ('content' in node) stack.push(node.content);
  }
  return out;
}

/** Every problem a browser could execute or that breaks the allow-list, as readable strings. */
function problems(output: string): string[] {
  const found: string[] = [];
  if (/<script/i.test(output)) found.push('raw <script');
  for (const el of elements(output)) {
    if (!ALLOWED_TAGS.has(el.tagName)) found.push(`tag ${el.tagName}`);
    for (const { name, value } of el.attrs) {
      const allowed = ALLOWED_ATTRIBUTES[el.tagName] ?? [];
      if (!allowed.includes(name)) found.push(`attribute ${el.tagName}[${name}]`);
      if (/^on/i.test(name)) found.push(`handler ${name}`);
      // NOTE: browsers drop these characters before reading a scheme.
      const cleaned = value.replace(/[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u2029\u205f\u3000\ufeff]/g, '');
      if (DANGEROUS_SCHEME.test(cleaned)) found.push(`scheme in ${name}=${value}`);
      if (name === 'href' || name === 'src') {
        const schemes = name === 'src' ? ['http:', 'https:'] : ['http:', 'https:', 'mailto:'];
        let protocol = 'relative';
        try {
          protocol = new URL(value).protocol;
        } catch {
          // NOTE: output URLs must be absolute; a relative one would resolve against the target page.
        }
        if (!schemes.includes(protocol)) found.push(`${name} protocol ${protocol}`);
      }
    }
    if (el.tagName === 'a' && el.attrs.some((a) => a.name === 'href')) {
      const rel = el.attrs.find((a) => a.name === 'rel')?.value;
      if (rel !== LINK_REL) found.push(`link rel ${String(rel)}`);
    }
  }
  return found;
}

describe('XSS corpus', () => {
  it('has at least 50 vectors', () => {
    expect(VECTORS.length).toBeGreaterThanOrEqual(50);
  });

  it('the inspector catches what it is meant to catch', () => {
    expect(problems('<img src="x" onerror="alert(1)">')).toEqual(
      expect.arrayContaining(['attribute img[onerror]', 'handler onerror']),
    );
    expect(problems('<a href="  java\tscript:alert(1)" rel="nofollow ugc noopener">x</a>')).toEqual([
      'scheme in href=  java\tscript:alert(1)',
      'href protocol javascript:',
    ]);
    expect(problems('<img src="x">')).toEqual(['src protocol relative']);
    expect(problems('<a href="data:text/html,x" rel="nofollow ugc noopener">x</a>')).toContain('href protocol data:');
    expect(problems('<svg><circle></circle></svg>')).toEqual(['tag svg', 'tag circle']);
    expect(problems('<a href="https://ok.example/">x</a>')).toEqual(['link rel undefined']);
    expect(problems('<SCRIPT>x</SCRIPT>')).toContain('raw <script');
  });

  describe.each(VECTORS.map((v, i) => [i + 1, v] as const))('vector %i', (_n, vector) => {
    it('sanitizeContentHtml leaves nothing executable', () => {
      expect(problems(sanitizeContentHtml(vector, BASE))).toEqual([]);
    });

    it('interpretMention leaves nothing executable after microformats parsing', () => {
      const html = `<!doctype html><html><body><article class="h-entry">
        <a class="u-in-reply-to" href="https://target.example/p">re</a>
        <div class="e-content"><p>Before</p>${vector}<p>After</p></div></article></body></html>`;
      const result = interpretMention({ html, baseUrl: BASE, sourceUrl: BASE, targetUrl: 'https://target.example/p' });
      expect(result.mentionType).toBe('reply');
      expect(problems(result.contentHtml ?? '')).toEqual([]);
      expect(JSON.stringify(result.entry)).not.toMatch(/<script|onerror|javascript:/i);
    });
  });
});
