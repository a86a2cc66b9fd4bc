/** Reading query-string values as Express and Fastify hand them over: a string, an array of strings, or worse. */
import type { Failure } from '../outcome';
import { decodeCursor, InvalidCursorError } from '../storage/page-cursor';
import { parseHttpUrl } from '../url/url-validate';

/** A query string as the HTTP adapter parsed it. */
export type RawQuery = Record<string, unknown>;

/** A parameter that could not be read: the `error` code and `error_description` of a 400 answer. */
export type QueryFailure = Failure<string>;

/** A parsed value, or why the parameter was refused. */
export type QueryResult<T> = { ok: true; value: T } | QueryFailure;

/** Longest value accepted for any one parameter, in characters (URLs have their own cap). */
const MAX_VALUE_LENGTH = 4096;

/** A 400 reason for a parameter. */
export function refuse(reason: string, message: string): QueryFailure {
  return { ok: false, reason, message, transient: false };
}

/**
 * Every value given for `name` (also as `name[]`, the spelling of webmention.io clients), or a failure when a value
 * is not a plain string (a nested object from an extended query parser, a number from a custom one).
 */
export function valuesOf(query: RawQuery, name: string, reason: string): QueryResult<string[]> {
  const out: string[] = [];
  for (const key of [name, `${name}[]`]) {
    const raw = Object.prototype.hasOwnProperty.call(query, key) ? query[key] : undefined;
    if (raw === undefined) continue;
    const list: unknown[] = Array.isArray(raw) ? raw : [raw];
    for (const value of list) {
      if (typeof value !== 'string') return refuse(reason, `${name} must be given as plain text`);
      if (value.length > MAX_VALUE_LENGTH) return refuse(reason, `${name} is too long`);
      out.push(value);
    }
  }
  return { ok: true, value: out };
}

/** The one value of `name` (undefined when absent), or a failure when it is given more than once. */
export function singleValue(query: RawQuery, name: string, reason: string): QueryResult<string | undefined> {
  const values = valuesOf(query, name, reason);
  if (!values.ok) return values;
  if (values.value.length > 1) return refuse(reason, `give ${name} once`);
  return { ok: true, value: values.value[0] };
}

/**
 * Values of a list parameter, repeated and/or comma-separated (`type=like&type=repost`, `type=like,repost`), each
 * one of `allowed`; duplicates dropped, order kept.
 */
export function enumList<T extends string>(
  query: RawQuery,
  name: string,
  allowed: readonly T[],
  reason: string,
): QueryResult<T[]> {
  const values = valuesOf(query, name, reason);
  if (!values.ok) return values;
  const out: T[] = [];
  for (const part of values.value.flatMap((v) => v.split(','))) {
    const value = part.trim();
    if (!(allowed as readonly string[]).includes(value)) {
      return refuse(reason, `${name} must be one or more of ${allowed.join(', ')} (got '${value.slice(0, 40)}')`);
    }
    if (!out.includes(value as T)) out.push(value as T);
  }
  return { ok: true, value: out };
}

/** A whole number from `min` to `max`, written in plain digits; `fallback` when absent. */
export function wholeNumberParam(
  query: RawQuery,
  name: string,
  range: { min: number; max: number; fallback: number | null },
  reason: string,
): QueryResult<number | null> {
  const value = singleValue(query, name, reason);
  if (!value.ok) return value;
  if (value.value === undefined) return { ok: true, value: range.fallback };
  const text = value.value.trim();
  const n = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < range.min || n > range.max) {
    return refuse(reason, `${name} must be a whole number from ${range.min} to ${range.max}`);
  }
  return { ok: true, value: n };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * An ISO 8601 date-time with a zone (`2025-01-31T12:00:00Z`, `…+02:00`) or a date (midnight UTC), or null when the
 * text is neither or names a day that does not exist.
 */
export function parseIsoDateTime(text: string): Date | null {
  const t = text.trim();
  const date = DATE.exec(t);
  const m = date ?? DATE_TIME.exec(t);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  if (date) return probe;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  // NOTE: fractions beyond milliseconds are cut, not rounded, so the parser never sees more digits than it knows.
  const fraction = (m[7] ?? '').slice(0, 4);
  const zone = m[8].toUpperCase() === 'Z' ? 'Z' : m[8].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const zoneMatch = /^[+-](\d{2}):(\d{2})$/.exec(zone);
  if (zoneMatch && (Number(zoneMatch[1]) > 23 || Number(zoneMatch[2]) > 59)) return null;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${fraction}${zone}`);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** The `since` parameter as a date, or undefined when absent. */
export function sinceParam(query: RawQuery): QueryResult<Date | undefined> {
  const value = singleValue(query, 'since', 'invalid_since');
  if (!value.ok) return value;
  if (value.value === undefined) return { ok: true, value: undefined };
  const date = parseIsoDateTime(value.value);
  if (!date) {
    return refuse('invalid_since', 'since must be an ISO 8601 date-time with a time zone, e.g. 2025-01-31T12:00:00Z');
  }
  return { ok: true, value: date };
}

/** The `cursor` parameter (checked to be one this API made), or null when absent. */
export function cursorParam(query: RawQuery): QueryResult<string | null> {
  const value = singleValue(query, 'cursor', 'invalid_cursor');
  if (!value.ok) return value;
  if (value.value === undefined) return { ok: true, value: null };
  try {
    decodeCursor(value.value);
  } catch (error) {
    if (error instanceof InvalidCursorError) return refuse('invalid_cursor', error.message);
    throw error;
  }
  return { ok: true, value: value.value };
}

/** Null for a cursor the store refused (it is checked when parsed; this covers one that slips through). */
export function cursorRefused(error: unknown): null {
  if (error instanceof InvalidCursorError) return null;
  throw error;
}

/**
 * Every URL given for `name` as absolute http(s) URLs, at most `max` of them; `missing` names the reason when none
 * is given and one is required (null: optional).
 */
export function urlList(
  query: RawQuery,
  name: string,
  opts: { max: number; maxLength: number; missing: string | null; invalid: string },
): QueryResult<string[]> {
  const values = valuesOf(query, name, opts.invalid);
  if (!values.ok) return values;
  const given = values.value.filter((v) => v.trim() !== '');
  if (given.length === 0 && opts.missing) return refuse(opts.missing, `the ${name} query parameter is required`);
  if (given.length < values.value.length) return refuse(opts.invalid, `${name} must not be empty`);
  if (given.length > opts.max) return refuse(opts.invalid, `give at most ${opts.max} ${name} URLs`);
  const out: string[] = [];
  for (const raw of given) {
    const parsed = parseHttpUrl(raw, { maxLength: opts.maxLength, label: name });
    if (!parsed.ok) return refuse(opts.invalid, parsed.message);
    if (!out.includes(parsed.url.href)) out.push(parsed.url.href);
  }
  return { ok: true, value: out };
}
