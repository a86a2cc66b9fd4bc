import { mf2 } from 'microformats-parser';
import { parse, serialize } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { absoluteHttpUrl } from './mf2-values';
import type { ParsedDocument } from './types';

type Node = DefaultTreeAdapterMap['node'];

/**
 * The document rewritten around two microformats-parser 2.0 crashes: a relative `<base href>`
 * (the parser resolves against it as-is and throws; browsers resolve it against the document URL)
 * and `<template>` inside a parsed `e-*` property (serialising the pruned tree throws).
 * A non-http(s) base is removed; templates are inert in browsers, so they are dropped.
 */
function repairForParser(html: string, baseUrl: string): string {
  const doc = parse(html);
  let baseSeen = false;
  const stack: Node[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (!('childNodes' in node)) continue;
    node.childNodes = node.childNodes.filter((c) => !('tagName' in c && c.tagName === 'template'));
    for (const child of node.childNodes) {
      if (!baseSeen && 'tagName' in child && child.tagName === 'base') {
        const href = child.attrs.find((a) => a.name === 'href');
        if (href) {
          baseSeen = true;
          const resolved = absoluteHttpUrl(href.value, baseUrl);
          if (resolved !== null) href.value = resolved;
          else child.attrs = child.attrs.filter((a) => a !== href);
        }
      }
      stack.push(child);
    }
  }
  return serialize(doc);
}

/**
 * Parses microformats2 (and classic microformats via backcompat) with `baseUrl` resolving relative URLs.
 * Returns null when the document cannot be parsed.
 * NOTE: microformats-parser throws on empty and text-only documents; those are pages without
 * microformats, not fetch failures.
 */
export function parseMicroformats(html: string, baseUrl: string): ParsedDocument | null {
  if (typeof html !== 'string' || html.trim() === '') return null;
  try {
    return mf2(html, { baseUrl });
  } catch {
    if (!/<(base|template)\b/i.test(html)) return null;
  }
  try {
    return mf2(repairForParser(html, baseUrl), { baseUrl });
  } catch {
    return null;
  }
}
