import { mf2 } from 'microformats-parser';
import {
  baseElement,
  documentBaseUrl,
  parseHtml,
  serializeHtml,
  walkElements,
  type HtmlDocument,
  type HtmlElement,
} from '../html';
import { applyMf1Dates, markMf1Dates } from './mf1-dates';
import type { ParsedDocument, ParserInput } from './types';

/** Whether a page goes through {@link repairForParser} before parsing: it has a `<base>` or classic `hentry`. */
export function needsRepair(html: string): boolean {
  return /<base\b/i.test(html) || /\bhentry\b/i.test(html);
}

/**
 * The document rewritten for microformats-parser 2.0, with the base URL it must be parsed against and the mf1 dates
 * to put back (mf2/mf1-dates).
 * Every `<base>` is made to follow the shared rule (html/base-url): the one that counts gets the resolved absolute
 * base, all others lose their href. Templates are dropped: they are inert in browsers, and a `<template>` inside a
 * parsed `e-*` property crashes the parser when it serialises the pruned tree.
 * NOTE: the parser takes the first `<base href>` of any namespace verbatim: a relative one crashes it, and a
 * `javascript:` or `foo:` one would resolve links differently from verifying and sending.
 */
export function repairForParser(doc: HtmlDocument, baseUrl: string): ParserInput {
  const base = documentBaseUrl(doc, baseUrl);
  const counted = baseElement(doc);
  const templates: HtmlElement[] = [];
  for (const el of walkElements(doc, { foreign: true })) {
    if (el.tagName === 'template') templates.push(el);
    if (el.tagName !== 'base') continue;
    el.attrs = el.attrs.filter((a) => a.name !== 'href');
    if (el === counted && base !== null) el.attrs.push({ name: 'href', value: base });
  }
  for (const template of templates) {
    const parent = template.parentNode;
    if (parent) parent.childNodes = parent.childNodes.filter((c) => c !== template);
  }
  const marks = markMf1Dates(doc);
  return { html: serializeHtml(doc), baseUrl: base ?? baseUrl, marks };
}

/**
 * Parses microformats2 (and classic microformats via backcompat) with `baseUrl` resolving relative URLs, `<base>`
 * honoured by the shared rule. Returns null when the document cannot be parsed. This is the one entry point to the
 * parser: callers never call `mf2()` themselves.
 * `repaired`: the repair already made from a parse of `html` ({@link repairForParser}), so it is not parsed again.
 * NOTE: microformats-parser throws on empty and text-only documents; those are pages without
 * microformats, not fetch failures. It takes a string only and parses it itself (microformats-parser 2.0 exports no
 * entry point for a parsed tree), so that is the one other parse of a page.
 */
export function parseMicroformats(html: string, baseUrl: string, repaired?: ParserInput): ParsedDocument | null {
  if (typeof html !== 'string' || html.trim() === '') return null;
  if (repaired) return parseRepaired(repaired);
  // NOTE: documents with a `<base>` always go through the repair, so the parser never applies a rule of its own;
  // classic `hentry` pages do too, for the dates the parser leaves out.
  if (!needsRepair(html)) {
    try {
      return mf2(html, { baseUrl });
    } catch {
      if (!/<template\b/i.test(html)) return null;
    }
  }
  try {
    return parseRepaired(repairForParser(parseHtml(html), baseUrl));
  } catch {
    return null;
  }
}

function parseRepaired(input: ParserInput): ParsedDocument | null {
  try {
    const doc = mf2(input.html, { baseUrl: input.baseUrl });
    if (input.marks !== null) applyMf1Dates(doc, input.marks);
    return doc;
  } catch {
    return null;
  }
}
