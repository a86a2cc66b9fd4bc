import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { hostForLookup } from '../url/host';

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** IPv4 ranges that are not public unicast (RFC 6890 special-purpose registry and friends). */
const BLOCKED_V4: Cidr[] = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
].map((c) => ipaddr.parseCIDR(c));

/** IPv6 global unicast space; anything outside it is refused. */
const GLOBAL_V6 = ipaddr.parseCIDR('2000::/3');

/** Parts of 2000::/3 that are not reachable public hosts. */
const BLOCKED_V6: Cidr[] = [
  '2001::/32', // Teredo: the tunnel endpoint is not knowable from the address
  '2001:2::/48', // benchmarking
  '2001:10::/28', // ORCHID
  '2001:20::/28', // ORCHIDv2
  '2001:db8::/32', // documentation
  '3fff::/20', // documentation (RFC 9637)
].map((c) => ipaddr.parseCIDR(c));

const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');
const SIX_TO_FOUR = ipaddr.parseCIDR('2002::/16');

function isPublicV4(addr: ipaddr.IPv4): boolean {
  return !BLOCKED_V4.some((range) => addr.match(range as [ipaddr.IPv4, number]));
}

function embeddedV4(bytes: number[], offset: number): ipaddr.IPv4 {
  return new ipaddr.IPv4(bytes.slice(offset, offset + 4));
}

function isPublicV6(addr: ipaddr.IPv6): boolean {
  if (addr.isIPv4MappedAddress()) return isPublicV4(addr.toIPv4Address());
  const bytes = addr.toByteArray();
  // NOTE: translators forward these to the embedded IPv4 address, so that address decides.
  if (addr.match(NAT64 as [ipaddr.IPv6, number])) return isPublicV4(embeddedV4(bytes, 12));
  if (addr.match(SIX_TO_FOUR as [ipaddr.IPv6, number])) return isPublicV4(embeddedV4(bytes, 2));
  if (!addr.match(GLOBAL_V6 as [ipaddr.IPv6, number])) return false;
  return !BLOCKED_V6.some((range) => addr.match(range as [ipaddr.IPv6, number]));
}

/** True only for a public unicast IPv4/IPv6 address; false for special ranges and for anything unparseable. */
export function isPublicAddress(ip: string): boolean {
  let text = ip.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (!ipaddr.isValid(text)) return false;
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.parse(text);
  } catch {
    return false;
  }
  return addr.kind() === 'ipv4' ? isPublicV4(addr as ipaddr.IPv4) : isPublicV6(addr as ipaddr.IPv6);
}

/** Names that always mean this machine, whatever DNS says. */
const LOCAL_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback']);

/** True for host names that must never be fetched: '', 'localhost', '*.localhost' and common loopback aliases. */
export function isBlockedHostname(host: string): boolean {
  const h = hostForLookup(host);
  if (h === '') return true;
  if (LOCAL_NAMES.has(h)) return true;
  return h.endsWith('.localhost');
}

/**
 * True when the guard refuses `host` without a DNS lookup: a non-public IP literal, a local name or not a host.
 * NOTE: names resolving to private addresses can only be caught when connecting.
 */
export function isBlockedBeforeLookup(host: string): boolean {
  const h = hostForLookup(host);
  return isIP(h) !== 0 ? !isPublicAddress(h) : isBlockedHostname(h);
}
