/** A parsed microformats date and whether its time zone had to be assumed (UTC). */
export interface Mf2Date {
  date: Date;
  timezoneAssumed: boolean;
}

// NOTE: covers the ISO 8601 / RFC 3339 shapes seen on real pages, including a space separator,
// fractional seconds, `±HH`, `±HHMM`, `±HH:MM` offsets, date-only values and `YYYY-DDD` ordinals.
const DATE_TIME =
  /^(\d{4})-(?:(\d{2})-(\d{2})|(\d{3}))(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Parses a `dt-published`/`dt-updated` value; null (never a throw) when it cannot be read.
 * A value without a zone is taken as UTC and flagged `timezoneAssumed`.
 */
export function parseMf2Date(value: string): Mf2Date | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const m = DATE_TIME.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, ordinal, hh, mi, ss, frac, zone] = m;
  const year = Number(y);
  let month: number;
  let day: number;
  if (ordinal !== undefined) {
    const dayOfYear = Number(ordinal);
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    if (dayOfYear < 1 || dayOfYear > (leap ? 366 : 365)) return null;
    const jan1 = new Date(Date.UTC(year, 0, 1));
    jan1.setUTCFullYear(year);
    const at = new Date(jan1.getTime() + (dayOfYear - 1) * 86_400_000);
    month = at.getUTCMonth() + 1;
    day = at.getUTCDate();
  } else {
    month = Number(mo);
    day = Number(d);
  }
  const hour = hh === undefined ? 0 : Number(hh);
  const minute = mi === undefined ? 0 : Number(mi);
  // NOTE: a leap second (:60) is folded into :59 rather than rejected.
  const second = ss === undefined ? 0 : Math.min(Number(ss), 59);
  const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (hour > 23 || minute > 59 || Number(ss ?? 0) > 60) return null;

  let offsetMinutes = 0;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 14 || om > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }

  const local = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  local.setUTCFullYear(year);
  // NOTE: Date.UTC rolls 2026-02-31 over into March; a rolled-over date is invalid input.
  if (local.getUTCMonth() !== month - 1 || local.getUTCDate() !== day) return null;
  const date = new Date(local.getTime() - offsetMinutes * 60_000);
  if (Number.isNaN(date.getTime())) return null;
  return { date, timezoneAssumed: zone === undefined };
}
