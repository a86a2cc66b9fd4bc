import { createHash } from 'node:crypto';
import { matchKey } from '../url/url-match';
import { pairKey } from '../url/url-validate';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Uniqueness key of a (source, target) pair: spellings that differ only in scheme/host case, IDNA, default port, empty path or fragment share it. */
export function pairHashOf(sourceUrl: string, targetUrl: string): string {
  return sha256(`${pairKey(sourceUrl)}\n${pairKey(targetUrl)}`);
}

/** Lookup key of a target under the canonical matching policy (lists by target use it). */
export function targetMatchHashOf(targetUrl: string): string {
  return sha256(matchKey(targetUrl) ?? pairKey(targetUrl));
}

/** Lookup key of a source page (its canonical spelling), to find everything sent from it. */
export function sourceHashOf(sourceUrl: string): string {
  return sha256(pairKey(sourceUrl));
}
