// Response body decoding: media type, charset detection (BOM, Content-Type, HTML <meta>) and text decoding.
import { TextDecoder } from 'node:util';
import { isHtmlMediaType, mediaType } from '../html/media-type';

function charsetParam(contentType: string | undefined): string | undefined {
  const match = contentType ? /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType) : null;
  const label = match ? (match[1] ?? match[2]) : undefined;
  return label ? label.trim() : undefined;
}

function bomEncoding(bytes: Buffer): string | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function metaCharset(bytes: Buffer): string | undefined {
  // NOTE: HTML pages often declare their encoding only in a <meta> near the top.
  const head = bytes.subarray(0, 1024).toString('latin1');
  const direct = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return direct ? direct[1] : undefined;
}

function decoderFor(label: string | undefined): TextDecoder {
  if (label) {
    try {
      return new TextDecoder(label);
    } catch {
      // Unknown label: fall through to UTF-8.
    }
  }
  return new TextDecoder('utf-8');
}

/** Windows-1252 characters for bytes 0x80-0x9F; the five undefined bytes map to the C1 control of the same value. */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

/** Decodes a body: BOM, then Content-Type charset, then an HTML <meta> charset, else UTF-8. */
export function decodeBody(bytes: Buffer, contentTypeHeader: string | undefined): string {
  if (bytes.length === 0) return '';
  let label = bomEncoding(bytes) ?? charsetParam(contentTypeHeader);
  if (!label) {
    if (isHtmlMediaType(contentTypeHeader) || mediaType(contentTypeHeader) === '') label = metaCharset(bytes);
  }
  const decoder = decoderFor(label);
  // NOTE: Node 20's TextDecoder decodes windows-1252 (also used for the latin1/iso-8859-1/ascii labels) as
  // ISO-8859-1, turning smart quotes and the euro sign into control characters.
  if (decoder.encoding === 'windows-1252') return decodeWindows1252(bytes);
  return decoder.decode(bytes);
}
