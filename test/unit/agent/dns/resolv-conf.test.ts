import { describe, expect, it } from 'vitest';
import { upstreamsFromResolvConf } from '../../../../agent/dns/resolv-conf';

describe('resolv.conf', () => {
  it('takes nameserver lines in order, IPv4 and IPv6, and skips the rest', () => {
    const text =
      '# comment\nsearch example.org\nnameserver 10.255.255.53\n  nameserver   ::1  \n' +
      'nameserver bogus\noptions ndots:2\nnameserver\n';
    expect(upstreamsFromResolvConf(text)).toEqual([
      { address: '10.255.255.53', port: 53 },
      { address: '::1', port: 53 },
    ]);
  });
});
