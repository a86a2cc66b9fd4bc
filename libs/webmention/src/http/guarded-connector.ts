import * as dns from 'node:dns';
import type { LookupAddress } from 'node:dns';
import * as net from 'node:net';
import { buildConnector, errors } from 'undici';
import { hostForLookup, hostPortInList } from '../url/host';
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
  /** Hosts (and subdomains) exempt from the guard, each on every port or on the one port it names (`host:port`). */
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

/** True when the guard does not apply to `host` on `port` (digits). */
export function isExempt(
  policy: Pick<GuardPolicy, 'allowPrivateAddresses' | 'allowedHosts'>,
  host: string,
  port: string,
): boolean {
  return policy.allowPrivateAddresses || hostPortInList(host, port, policy.allowedHosts);
}

/** The port a connection goes to: the URL's, or the scheme's default. */
function effectivePort(opts: { port?: string | number; protocol?: string }): string {
  const port = opts.port === undefined || opts.port === '' ? '' : String(opts.port);
  return port || (opts.protocol === 'https:' ? '443' : '80');
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
  /** Resolves through `policy.lookup`; with `check`, refuses when any address is not public. */
  const lookupFor =
    (check: boolean) =>
    (hostname: string, options: dns.LookupOptions, callback: NodeLookupCallback): void => {
      const host = hostForLookup(hostname);
      if (host === '') return callback(notFound(hostname), '');
      policy.lookup(host).then(
        (found) => {
          const family = options.family === 4 || options.family === 6 ? options.family : 0;
          const addresses = family ? found.filter((a) => a.family === family) : found;
          if (addresses.length === 0) return callback(notFound(host), '');
          if (check) {
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

  const connectorFor = (check: boolean) =>
    buildConnector({
      timeout: policy.connectTimeoutMs,
      lookup: lookupFor(check) as unknown as net.LookupFunction,
      autoSelectFamily: true,
    });
  // NOTE: exemptions depend on the port, which a lookup does not see, so each kind of connection has its connector.
  const guarded = connectorFor(true);
  const open = connectorFor(false);

  return (opts, callback) => {
    const host = hostForLookup(opts.hostname);
    const exempt = isExempt(policy, host, effectivePort(opts));
    const base = exempt ? open : guarded;
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
