// The host's resolvers from /etc/resolv.conf: where the DNS server forwards names it does not own. Pure.
import { isIP } from 'node:net';

export interface Upstream {
  address: string;
  port: number;
}

const DNS_PORT = 53;

/** `nameserver` lines in order; anything that is not an IP address (a malformed line) is skipped. */
export function upstreamsFromResolvConf(text: string): Upstream[] {
  const upstreams: Upstream[] = [];
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key === 'nameserver' && value !== undefined && isIP(value) !== 0)
      upstreams.push({ address: value, port: DNS_PORT });
  }
  return upstreams;
}
