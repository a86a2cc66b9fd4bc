/**
 * Agreement: the address guard's allowedHosts (connecting and endpoint discovery), DomainListSpamChecker and
 * hostInList give the same answer for every spelling of a host (case, trailing dots, IDNA), including the cases where
 * the guard's old copy of the host logic disagreed.
 */
import * as net from 'node:net';
import type { LookupAddress } from 'node:dns';
import type { SafeFetcher, SafeResponse } from '../http';
import { createGuardedConnector } from '../http/guarded-connector';
import { discoverEndpoint } from '../send/endpoint-discovery';
import { DomainListSpamChecker } from '../spam/domain-list-spam-checker';
import { hostInList } from './host';

let server: net.Server;
let port: string;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = String((server.address() as net.AddressInfo).port);
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Whether the guard lets a connection to `hostname` through, every name resolving to loopback. */
function guardLetsThrough(hostname: string, allowedHosts: string[]): Promise<boolean> {
  const lookup = async (): Promise<LookupAddress[]> => [{ address: '127.0.0.1', family: 4 }];
  const connect = createGuardedConnector({
    allowPrivateAddresses: false,
    allowedHosts,
    lookup,
    connectTimeoutMs: 2000,
  });
  return new Promise((resolve, reject) => {
    connect({ hostname, protocol: 'http:', port }, (err, socket) => {
      socket?.destroy();
      if (err && (err as { code?: string }).code === 'ERR_WEBMENTION_BLOCKED_ADDRESS') resolve(false);
      else if (err) reject(err);
      else resolve(true);
    });
  });
}

/** Whether endpoint discovery accepts an endpoint on `hostname` (a local name, so only allowedHosts can let it in). */
async function discoveryAccepts(hostname: string, allowedHosts: string[]): Promise<boolean> {
  const head: SafeResponse = {
    ok: true,
    url: 'https://target.example/',
    status: 200,
    headers: { link: [`<http://${hostname}/wm>; rel=webmention`] },
    header: () => undefined,
    contentType: 'text/html',
    body: '',
    bytes: 0,
    redirects: [],
  } as unknown as SafeResponse;
  const fetcher = {
    options: { allowPrivateAddresses: false, allowedHosts },
    request: async () => head,
  } as unknown as SafeFetcher;
  return (await discoverEndpoint(fetcher, 'https://target.example/')).endpoint !== null;
}

const isSpam = (host: string, blockedHosts: string[]): boolean =>
  new DomainListSpamChecker({ blockedHosts }).check({ sourceUrl: `https://${host}/post` }).isSpam;

// [host as written in a URL, list entry, expected]
const cases: Array<[string, string, boolean]> = [
  ['EXAMPLE.com', 'example.com', true],
  ['example.com', 'Example.COM', true],
  ['example.com.', 'example.com', true],
  ['example.com', 'example.com.', true],
  ['Example.COM..', 'example.com', true],
  ['blog.EXAMPLE.com.', '*.example.com', true],
  // NOTE: the guard's old copy only lowercased, so these IDNA spellings were not exempt.
  ['xn--bcher-kva.example', 'bücher.example', true],
  ['BÜCHER.example.', 'xn--bcher-kva.example', true],
  ['shop.xn--bcher-kva.example', 'BÜCHER.example', true],
  // NOTE: the guard's old copy never matched an entry written as a URL, which the other lists accept.
  ['example.com', 'https://example.com/path', true],
  ['badexample.com', 'example.com', false],
  ['example.com.evil.net', 'example.com', false],
  ['203.0.113.7.nip.example', '203.0.113.7', false],
  ['example.com', 'example.com:8080', false],
];

describe('one host-list matcher everywhere', () => {
  it.each(cases)('%j against [%j] -> %s', async (host, entry, expected) => {
    expect({
      hostInList: hostInList(host, [entry]),
      spamChecker: isSpam(host, [entry]),
      guard: await guardLetsThrough(host, [entry]),
    }).toEqual({ hostInList: expected, spamChecker: expected, guard: expected });
  });

  it.each([
    ['LOCALHOST.', 'localhost', true],
    ['localhost', 'LocalHost..', true],
    ['xn--bcher-kva.localhost', 'bücher.localhost', true],
    ['app.localhost', '*.localhost', true],
    ['app.localhost', 'other.localhost', false],
    ['localhost', '', false],
  ])('endpoint discovery and the guard agree on %j against [%j] -> %s', async (host, entry, expected) => {
    expect({
      hostInList: hostInList(host, [entry]),
      discovery: await discoveryAccepts(host, [entry]),
      guard: await guardLetsThrough(host, [entry]),
    }).toEqual({ hostInList: expected, discovery: expected, guard: expected });
  });
});
