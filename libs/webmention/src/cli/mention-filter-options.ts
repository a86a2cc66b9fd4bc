/** The filter options shared by `list` and the moderation commands, and the parsing of ids. */
import { Option } from 'nest-commander';
import {
  MENTION_TYPES,
  MentionType,
  MODERATION_STATUSES,
  ModerationStatus,
  WEBMENTION_STATUSES,
  WebmentionStatus,
} from '../entities/webmention.entity';
import type { ModerationSelection } from '../moderate/moderation.service';
import type { WebmentionFilter } from '../storage/webmention-filter';
import { normalizeHost } from '../url/host';
import { parseHttpUrl } from '../url/url-validate';
import { UsageError } from './cli-output';
import { WebmentionCommand } from './webmention-command';

/** The parsed filter options of a command line. */
export interface MentionFilterOptions {
  status?: WebmentionStatus[];
  moderation?: ModerationStatus[];
  target?: string[];
  sourceHost?: string;
  type?: MentionType[];
  search?: string;
}

/** Adds the comma-separated `value` to `previous`, each checked against `allowed`; for repeatable list options. */
export function parseListOption<T extends string>(
  flag: string,
  allowed: readonly T[],
  value: string,
  previous: T[] = [],
): T[] {
  const items = value.split(',').map((v) => v.trim());
  for (const item of items) {
    if (!allowed.includes(item as T))
      throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${item}")`);
  }
  return [...new Set([...previous, ...(items as T[])])];
}

/** An absolute http(s) target URL added to `previous`. */
export function parseTargetOption(value: string, previous: string[] = []): string[] {
  const parsed = parseHttpUrl(value, { label: '--target' });
  if (!parsed.ok) throw new UsageError(`${parsed.message} (got "${value}")`);
  return [...previous, parsed.url.href];
}

/** A bare host name (no scheme, port or path). */
export function parseSourceHostOption(value: string): string {
  const host = normalizeHost(value);
  if (host === '') throw new UsageError(`--source-host must be a host name such as example.com (got "${value}")`);
  return host;
}

/** Words to search for. */
export function parseSearchOption(value: string): string {
  if (value.trim() === '') throw new UsageError('--search needs some words to look for');
  return value;
}

/** A whole number from 1 to `max`. */
export function parseCountOption(flag: string, value: string, max: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max)
    throw new UsageError(`${flag} must be a whole number from 1 to ${max} (got "${value}")`);
  return n;
}

/** Mention ids given as arguments; throws {@link UsageError} for anything but positive whole numbers. */
export function parseIds(args: readonly string[]): number[] {
  return args.map((arg) => {
    const id = /^[1-9]\d*$/.test(arg) ? Number(arg) : NaN;
    if (!Number.isSafeInteger(id)) throw new UsageError(`ids must be positive whole numbers (got "${arg}")`);
    return id;
  });
}

/** The store filter of the given options (empty when none was given). */
export function toMentionFilter(options: MentionFilterOptions): WebmentionFilter {
  return {
    ...(options.status ? { status: options.status } : {}),
    ...(options.moderation ? { moderation: options.moderation } : {}),
    ...(options.target ? { targets: options.target } : {}),
    ...(options.sourceHost !== undefined ? { sourceHost: options.sourceHost } : {}),
    ...(options.type ? { types: options.type } : {}),
    ...(options.search !== undefined ? { search: options.search } : {}),
  };
}

/** The filter options, as flags, for messages. */
export const FILTER_FLAGS = '--status, --moderation, --target, --source-host, --type, --search';

/** The selection of ids and filter options given, or null when neither was (never "every mention"). */
export function selectionOf(ids: readonly number[], options: MentionFilterOptions): ModerationSelection | null {
  const filter = toMentionFilter(options);
  const hasFilter = Object.keys(filter).length > 0;
  if (ids.length === 0 && !hasFilter) return null;
  return { ...(ids.length > 0 ? { ids: [...ids] } : {}), ...(hasFilter ? { filter } : {}) };
}

/**
 * Base of the commands that select mentions with filter options: `--status`, `--moderation`, `--type` (each
 * repeatable or comma-separated), `--target` (repeatable), `--source-host` and `--search`.
 */
export abstract class MentionFilterCommand extends WebmentionCommand {
  @Option({ flags: '--status <status>', description: `status: ${WEBMENTION_STATUSES.join(', ')} (repeatable)` })
  parseStatus(value: string, previous?: WebmentionStatus[]): WebmentionStatus[] {
    return parseListOption('--status', WEBMENTION_STATUSES, value, previous);
  }

  @Option({
    flags: '--moderation <state>',
    description: `moderation: ${MODERATION_STATUSES.join(', ')} (repeatable)`,
  })
  parseModeration(value: string, previous?: ModerationStatus[]): ModerationStatus[] {
    return parseListOption('--moderation', MODERATION_STATUSES, value, previous);
  }

  @Option({ flags: '--target <url>', description: 'mentions of this target URL (repeatable)' })
  parseTarget(value: string, previous?: string[]): string[] {
    return parseTargetOption(value, previous);
  }

  @Option({ flags: '--source-host <host>', description: 'mentions whose source is on this host' })
  parseSourceHost(value: string): string {
    return parseSourceHostOption(value);
  }

  @Option({ flags: '--type <type>', description: `mention type: ${MENTION_TYPES.join(', ')} (repeatable)` })
  parseType(value: string, previous?: MentionType[]): MentionType[] {
    return parseListOption('--type', MENTION_TYPES, value, previous);
  }

  @Option({ flags: '--search <text>', description: "words in the author's name, title, content or source URL" })
  parseSearch(value: string): string {
    return parseSearchOption(value);
  }
}
