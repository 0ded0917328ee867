import { describe, expect, it } from 'vitest';
import { LINKTYPE } from '../link-layer.js';
import { defaultInterfaces, explainOpenError, linkTypeNumber } from './cap-binding.js';

describe('the libpcap binding', () => {
  it('maps the binding’s link-type names to LINKTYPE numbers', () => {
    expect(linkTypeNumber('ETHERNET')).toBe(LINKTYPE.ethernet);
    expect(linkTypeNumber('LINKTYPE_LINUX_SLL')).toBe(LINKTYPE.linuxSll);
    expect(linkTypeNumber('NULL')).toBe(LINKTYPE.null);
    expect(linkTypeNumber('RAW')).toBe(LINKTYPE.raw);
    expect(linkTypeNumber('Unknown linktype 276')).toBe(LINKTYPE.linuxSll2);
    expect(linkTypeNumber('Unknown linktype 14')).toBe(LINKTYPE.raw);
    expect(linkTypeNumber('IEEE802_11_RADIO')).toBe(-1);
  });

  it('prefers the any device, else every interface that is up', () => {
    expect(defaultInterfaces(['eth0', 'any', 'lo'], () => false)).toEqual(['any']);
    const up = new Set(['eth0', 'lo']);
    expect(defaultInterfaces(['eth0', 'nflog', 'lo', 'eth1'], (n) => up.has(n))).toEqual([
      'eth0',
      'lo',
    ]);
  });

  it('names CAP_NET_RAW and the fix when libpcap is refused', () => {
    const error = explainOpenError('any', 'socket: Operation not permitted');
    expect(error.code).toBe('PCAP_PRIVILEGES');
    expect(error.message).toBe(
      'capturing on any needs CAP_NET_RAW (libpcap: socket: Operation not permitted)',
    );
    expect(error.hint).toContain('sudo');
    expect(error.hint).toContain('NET_RAW');
  });

  it('tells a missing interface and a bad filter apart from other failures', () => {
    expect(explainOpenError('eth9', 'No such device exists').code).toBe('PCAP_NO_SUCH_INTERFACE');
    expect(explainOpenError('lo', "can't parse filter expression: syntax error").code).toBe(
      'PCAP_BAD_FILTER',
    );
    expect(explainOpenError('eth0', 'That device is not up').code).toBe('PCAP_OPEN_FAILED');
  });
});
