/** Which fetched bodies the media proxy serves: raster images, told by their declared type and their first bytes. */
import { mediaType } from '../html/media-type';
import type { Outcome } from '../outcome';

/** Why a fetched body is not served as an image. */
export type ImageRefusal = 'svg' | 'not_image';

/** A raster format: its media type and how its bytes start. */
interface RasterFormat {
  type: string;
  matches(bytes: Buffer): boolean;
}

const startsWith = (bytes: Buffer, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

// NOTE: raster formats only. SVG can carry script and is refused whatever it is called; an allow-list by magic
// bytes also refuses HTML or SVG served as `image/png`, so what we serve is what we say it is.
const RASTER_FORMATS: readonly RasterFormat[] = [
  { type: 'image/png', matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/jpeg', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { type: 'image/gif', matches: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')) },
  { type: 'image/webp', matches: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) },
  {
    type: 'image/avif',
    matches: (b) =>
      startsWith(b, ascii('ftyp'), 4) && (startsWith(b, ascii('avif'), 8) || startsWith(b, ascii('avis'), 8)),
  },
  { type: 'image/bmp', matches: (b) => startsWith(b, ascii('BM')) && b.length > 14 },
  { type: 'image/x-icon', matches: (b) => startsWith(b, [0x00, 0x00, 0x01, 0x00]) },
];

/** The Accept header of media fetches. */
export const IMAGE_ACCEPT = 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,image/*;q=0.5';

/** The raster format `bytes` start with, or null. */
export function sniffImageType(bytes: Buffer): string | null {
  return RASTER_FORMATS.find((f) => f.matches(bytes))?.type ?? null;
}

/**
 * Whether a fetched body may be served as an image: its declared type must be `image/*` but not SVG, and its bytes
 * must be one of the raster formats browsers show (PNG, JPEG, GIF, WebP, AVIF, BMP, ICO); the type served is the
 * one the bytes are.
 */
export function acceptImage(
  contentType: string | null | undefined,
  bytes: Buffer,
): Outcome<{ type: string }, ImageRefusal> {
  const declared = mediaType(contentType);
  if (declared === 'image/svg+xml' || declared.endsWith('+xml')) {
    return { ok: false, reason: 'svg', message: `SVG images are not served (${declared})`, transient: false };
  }
  if (!declared.startsWith('image/')) {
    return {
      ok: false,
      reason: 'not_image',
      message: `not an image: Content-Type is '${declared || 'missing'}'`,
      transient: false,
    };
  }
  const type = sniffImageType(bytes);
  if (type === null) {
    return {
      ok: false,
      reason: 'not_image',
      message: `declared ${declared} but the body is not a PNG, JPEG, GIF, WebP, AVIF, BMP or ICO image`,
      transient: false,
    };
  }
  return { ok: true, type };
}
