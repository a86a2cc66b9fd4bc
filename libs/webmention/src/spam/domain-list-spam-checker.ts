import { Logger } from '@nestjs/common';
import type { Webmention } from '../entities/webmention.entity';
import type { SpamChecker, SpamCheckResult } from '../interfaces/spam-checker.interface';
import { hostInList, hostOf } from '../url/host';

/** Options of {@link DomainListSpamChecker}. */
export interface DomainListSpamCheckerOptions {
  /** Source hosts (and their subdomains) whose mentions are spam. @default [] */
  blockedHosts?: string[];
  /** Source hosts (and their subdomains) never treated as spam, even when also blocked. @default [] */
  allowedHosts?: string[];
  /** Treat every host not on `allowedHosts` as spam (an allow-list only site). @default false */
  blockUnlisted?: boolean;
}

/** `list` without the entries naming exactly `host` (entries for its parent domains stay). */
function without(list: string[], host: string): string[] {
  return list.filter((entry) => !hostInList(host, [entry], { subdomains: false }));
}

/**
 * A ready {@link SpamChecker} that judges a mention by the host of its source, and learns from moderators: marking a
 * mention spam blocks its source host, marking it not spam allows it.
 *
 * NOTE: what it learns lives in memory only. Persisting it is the host app's job: save {@link blockedHosts} and
 * {@link allowedHosts} (e.g. on `webmention.spam` / `webmention.approved`) and pass them back to the constructor.
 */
export class DomainListSpamChecker implements SpamChecker {
  private readonly logger = new Logger('WebmentionSpam');
  private blocked: string[];
  private allowed: string[];
  private readonly blockUnlisted: boolean;

  constructor(options: DomainListSpamCheckerOptions = {}) {
    // NOTE: copies, so learning never changes the arrays the caller passed in.
    this.blocked = [...(options.blockedHosts ?? [])];
    this.allowed = [...(options.allowedHosts ?? [])];
    this.blockUnlisted = options.blockUnlisted ?? false;
  }

  /** The blocked host entries as they are now, learned ones included (a copy, for the host app to save). */
  get blockedHosts(): string[] {
    return [...this.blocked];
  }

  /** The allowed host entries as they are now, learned ones included (a copy, for the host app to save). */
  get allowedHosts(): string[] {
    return [...this.allowed];
  }

  /** Spam when the source host is blocked (or unlisted with `blockUnlisted`), unless it is allowed. */
  check(webmention: Pick<Webmention, 'sourceUrl'>): SpamCheckResult {
    const host = hostOf(webmention.sourceUrl);
    if (host === null) return { isSpam: true, confidence: 1, details: { rule: 'invalid_source' } };
    if (hostInList(host, this.allowed))
      return { isSpam: false, confidence: 1, details: { rule: 'allowed_host', host } };
    if (hostInList(host, this.blocked)) return { isSpam: true, confidence: 1, details: { rule: 'blocked_host', host } };
    if (this.blockUnlisted) return { isSpam: true, confidence: 0.9, details: { rule: 'unlisted_host', host } };
    return { isSpam: false, confidence: 0.5, details: { rule: 'unlisted_host', host } };
  }

  /**
   * A moderator's verdict on a mention: spam moves its source host from the allowed list to the blocked one, not
   * spam moves it from the blocked list to the allowed one. Only entries for exactly that host are removed.
   */
  learn(webmention: Pick<Webmention, 'sourceUrl'>, isSpam: boolean): void {
    const host = hostOf(webmention.sourceUrl);
    if (host === null) return;
    if (isSpam) {
      this.allowed = without(this.allowed, host);
      if (!hostInList(host, this.blocked, { subdomains: false })) this.blocked.push(host);
      // NOTE: an allowed parent domain still wins over the blocked host; say so rather than fail silently.
      if (hostInList(host, this.allowed))
        this.logger.warn(`${host} is blocked now, but still allowed through a parent domain on allowedHosts`);
    } else {
      this.blocked = without(this.blocked, host);
      if (!hostInList(host, this.allowed, { subdomains: false })) this.allowed.push(host);
    }
  }
}
