import { describe, expect, it } from 'vitest';
import { addressKey } from '../../../src/server/limits/address-key.js';

describe('addressKey', () => {
  it('counts IPv6 clients by their /64, whatever the spelling', () => {
    const key = '2001:db8:85a3:1::/64';
    for (const address of [
      '2001:db8:85a3:1::1',
      '2001:0db8:85a3:0001:ffff:ffff:ffff:ffff',
      '2001:DB8:85A3:1:0:0:0:2',
      '2001:db8:85a3:1:aaaa::bbbb',
      '2001:db8:85a3:1::5%eth0',
      '2001:db8:85a3:1::1.2.3.4',
    ])
      expect(addressKey(address)).toBe(key);
    expect(addressKey('2001:db8:85a3:2::1')).toBe('2001:db8:85a3:2::/64');
    expect(addressKey('fe80::1')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::2')).toBe('0:0:0:0::/64');
  });

  it('keeps IPv4, mapped IPv4 as IPv4, loopback, and anything unparseable as they are', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::1')).toBe('::1');
    expect(addressKey('127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('unknown')).toBe('unknown');
  });
});
