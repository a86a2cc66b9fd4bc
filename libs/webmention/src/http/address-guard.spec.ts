import { isBlockedBeforeLookup, isBlockedHostname, isPublicAddress } from './address-guard';

describe('isPublicAddress', () => {
  const publicAddresses = [
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '198.17.255.255',
    '198.20.0.1',
    '2606:4700::1',
    '2a00:1450:4001:82b::200e',
    '[2606:4700::1]',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ];
  it.each(publicAddresses)('%s is public', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  const blocked: Array<[string, string]> = [
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', '0/8'],
    ['10.0.0.1', 'private 10/8'],
    ['10.255.255.255', 'private 10/8 end'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT end'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback /8'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.0.1', 'link-local'],
    ['172.16.0.1', 'private 172.16/12'],
    ['172.31.255.255', 'private 172.16/12 end'],
    ['192.0.0.8', '192.0.0/24'],
    ['192.0.2.1', 'TEST-NET-1'],
    ['192.88.99.1', '6to4 relay anycast'],
    ['192.168.1.1', 'private 192.168/16'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking end'],
    ['198.51.100.7', 'TEST-NET-2'],
    ['203.0.113.9', 'TEST-NET-3'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast SSDP'],
    ['240.0.0.1', 'reserved 240/4'],
    ['255.255.255.255', 'broadcast'],
    ['::', 'unspecified v6'],
    ['::1', 'loopback v6'],
    ['[::1]', 'bracketed loopback v6'],
    ['fe80::1', 'link-local v6'],
    ['febf::1', 'link-local v6 end'],
    ['fc00::1', 'unique-local fc'],
    ['fd00::1', 'unique-local fd'],
    ['fec0::1', 'site-local (deprecated)'],
    ['ff02::1', 'multicast v6'],
    ['2001:db8::1', 'documentation v6'],
    ['3fff::1', 'documentation v6 (RFC 9637)'],
    ['2001::1', 'Teredo'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo with embedded address'],
    ['2001:2::1', 'benchmarking v6'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
    ['::127.0.0.1', 'IPv4-compatible (deprecated)'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1'],
    ['64:ff9b:1::808:808', 'local-use NAT64'],
    ['2002:7f00:1::1', '6to4 of loopback'],
    ['2002:c0a8:101::1', '6to4 of 192.168.1.1'],
    ['100::1', 'discard-only'],
    ['2130706433', 'decimal spelling of 127.0.0.1'],
    ['0x7f.1', 'hex spelling of 127.0.0.1'],
    ['not-an-ip', 'not an address'],
    ['', 'empty'],
    ['127.1', 'short spelling of 127.0.0.1'],
    ['256.1.1.1', 'out of range'],
  ];
  it.each(blocked)('%s is refused (%s)', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });
});

describe('isBlockedHostname', () => {
  it.each([
    '',
    'localhost',
    'LOCALHOST',
    'localhost.',
    'foo.localhost',
    'a.b.localhost',
    'localhost.localdomain',
    'ip6-localhost',
    '[]',
  ])('%j is blocked', (host) => {
    expect(isBlockedHostname(host)).toBe(true);
  });
  it.each(['example.com', 'localhost.example.com', 'mylocalhost', 'localhostx', '8.8.8.8'])(
    '%j is not blocked by name',
    (host) => {
      expect(isBlockedHostname(host)).toBe(false);
    },
  );
});

describe('isBlockedBeforeLookup', () => {
  it.each([
    '127.0.0.1',
    '[::1]',
    '::1',
    '10.1.2.3',
    '[::ffff:192.168.0.1]',
    'localhost',
    'LOCALHOST.',
    'localhost..',
    'app.localhost',
    '0x7f.1',
    '',
    'a b',
  ])('%j is refused without a lookup', (host) => {
    expect(isBlockedBeforeLookup(host)).toBe(true);
  });
  it.each(['93.184.215.14', '[2606:4700::1]', 'wm.example', 'Example.COM.'])(
    '%j is left to the connect-time check',
    (host) => {
      expect(isBlockedBeforeLookup(host)).toBe(false);
    },
  );
});
