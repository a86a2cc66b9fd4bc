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

/** A ready {@link SpamChecker} that judges a mention by the host of its source. */
export class DomainListSpamChecker implements SpamChecker {
  private readonly blocked: string[];
  private readonly allowed: string[];
  private readonly blockUnlisted: boolean;

  constructor(options: DomainListSpamCheckerOptions = {}) {
    this.blocked = options.blockedHosts ?? [];
    this.allowed = options.allowedHosts ?? [];
    this.blockUnlisted = options.blockUnlisted ?? false;
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
}
