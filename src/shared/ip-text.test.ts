import { describe, expect, it } from 'vitest';
import { parseIp } from '../../test/capture-pcap/packet-builder.js';
import { formatIpv4, formatIpv6 } from './ip-text.js';

describe('IP address text', () => {
  it('writes dotted IPv4', () => {
    expect(formatIpv4(new Uint8Array([9, 10, 0, 1, 255, 0]), 2)).toBe('0.1.255.0');
  });

  it.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['0000:0000:0000:0000:0000:0000:0000:0001', '::1'],
    ['0000:0000:0000:0000:0000:0000:0000:0000', '::'],
    ['2001:0db8:0000:0001:0001:0001:0001:0001', '2001:db8:0:1:1:1:1:1'], // one zero group stays
    ['2001:0000:0000:0001:0000:0000:0000:0001', '2001:0:0:1::1'], // the longest run wins
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'], // first run on a tie
    ['fe80:0000:0000:0000:abcd:ef01:0000:0000', 'fe80::abcd:ef01:0:0'],
    ['0000:0000:0000:0000:0000:ffff:c000:0201', '::ffff:192.0.2.1'], // IPv4-mapped
    ['2001:0DB8:0000:0000:0000:0000:0000:0000', '2001:db8::'],
  ])('writes %s as %s (RFC 5952)', (full, expected) => {
    const bytes = new Uint8Array(
      full.split(':').flatMap((g) => [parseInt(g.slice(0, 2), 16), parseInt(g.slice(2), 16)]),
    );
    expect(formatIpv6(bytes, 0)).toBe(expected);
    // the test builder parses only the hex forms
    if (!expected.includes('.')) expect(formatIpv6(parseIp(expected), 0)).toBe(expected);
  });
});
