import * as dns from 'node:dns';
import type { LookupAddress } from 'node:dns';
import * as net from 'node:net';
import { buildConnector, errors } from 'undici';
import { hostForLookup, hostInList } from '../url/host';
import { isBlockedBeforeLookup, isPublicAddress } from './address-guard';

/** Resolves a host name to every address it has (like `dns.lookup(host, { all: true })`). */
export type HostLookup = (hostname: string) => Promise<LookupAddress[]>;

/** The system resolver, returning all addresses. */
export const systemLookup: HostLookup = (hostname) => dns.promises.lookup(hostname, { all: true });

/** Raised inside the connector when a destination is not a public address. */
export class BlockedAddressError extends Error {
  /** Stable error code for classification. */
  readonly code = 'ERR_WEBMENTION_BLOCKED_ADDRESS';

  constructor(
    /** Host name or literal from the URL. */
    readonly host: string,
    /** The refused address (or the name itself when refused by name). */
    readonly address: string,
  ) {
    super(
      host === address
        ? `refused to connect to ${address}: not a public address`
        : `refused to connect to ${host} (${address}): not a public address`,
    );
    this.name = 'BlockedAddressError';
  }
}

/** What the connector enforces. */
export interface GuardPolicy {
  /** Skip the address guard entirely. */
  allowPrivateAddresses: boolean;
  /** Hosts (and subdomains) exempt from the guard. */
  allowedHosts: string[];
  /** Name resolution used for every connection. */
  lookup: HostLookup;
  /** Time allowed for DNS plus TCP/TLS setup. */
  connectTimeoutMs: number;
}

type NodeLookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

function isExempt(policy: GuardPolicy, host: string): boolean {
  return policy.allowPrivateAddresses || hostInList(host, policy.allowedHosts);
}

function notFound(hostname: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
  err.code = 'ENOTFOUND';
  return err;
}

/**
 * Builds an undici connector that refuses non-public destinations.
 * Names are resolved once, every resolved address is checked, and the socket connects only to those checked
 * addresses, so a second (rebinding) DNS answer never reaches `connect`.
 */
export function createGuardedConnector(policy: GuardPolicy): buildConnector.connector {
  const guardedLookup = (hostname: string, options: dns.LookupOptions, callback: NodeLookupCallback): void => {
    const host = hostForLookup(hostname);
    if (host === '') return callback(notFound(hostname), '');
    policy.lookup(host).then(
      (found) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const addresses = family ? found.filter((a) => a.family === family) : found;
        if (addresses.length === 0) return callback(notFound(host), '');
        if (!isExempt(policy, host)) {
          // NOTE: one private address among public ones is enough to refuse: the OS may pick any of them.
          const bad = addresses.find((a) => !isPublicAddress(a.address));
          if (bad) return callback(new BlockedAddressError(host, bad.address), '');
        }
        if (options.all) return callback(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };

  const base = buildConnector({
    timeout: policy.connectTimeoutMs,
    lookup: guardedLookup as unknown as net.LookupFunction,
    autoSelectFamily: true,
  });

  return (opts, callback) => {
    const host = hostForLookup(opts.hostname);
    const exempt = isExempt(policy, host);
    if (!exempt) {
      // NOTE: Node skips `lookup` for IP literals, so literals are checked here.
      if (isBlockedBeforeLookup(host)) {
        const shown = host || opts.hostname;
        const err = new BlockedAddressError(shown, shown);
        process.nextTick(() => callback(err, null));
        return;
      }
    }
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish: buildConnector.Callback = (...args) => {
      if (settled) {
        args[1]?.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      callback(...args);
    };
    const pending = base(opts, (err, socket) => {
      if (err || !socket) return finish(err ?? new Error('connection failed'), null);
      if (!exempt) {
        // NOTE: last line of defence: the peer the kernel actually connected to.
        const remote = socket.remoteAddress;
        if (!remote || !isPublicAddress(remote)) {
          socket.destroy();
          return finish(new BlockedAddressError(host, remote ?? 'unknown'), null);
        }
      }
      finish(null, socket);
    }) as unknown as net.Socket | undefined;
    // NOTE: undici's own connect timer runs on a coarse clock (up to ~1 s late); this one is exact.
    if (settled) return;
    timer = setTimeout(() => {
      if (settled) return;
      pending?.destroy();
      finish(new errors.ConnectTimeoutError(`connect timeout after ${policy.connectTimeoutMs} ms (${host})`), null);
    }, policy.connectTimeoutMs);
  };
}
