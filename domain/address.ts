// Addresses as the API carries them: "10.0.3.7/24" on networks, "10.0.3.7" where a bare IP is meant.

/** An address without its prefix length: "10.0.3.7/24" → "10.0.3.7". */
export function bareAddress(address: string): string {
  const slash = address.indexOf('/');
  return slash < 0 ? address : address.slice(0, slash);
}

/**
 * A task's MAC from its IPv4 address, as Docker derives it: 02:42 then the four address bytes
 * ("10.0.3.7" → "02:42:0a:00:03:07"). Every host can compute a remote task's MAC, so the FDB and
 * neighbour entries need no exchange of MACs.
 */
export function taskMac(ipv4: string): string {
  const bytes = bareAddress(ipv4).split('.').map(Number);
  if (bytes.length !== 4 || bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) {
    throw new Error(`not an IPv4 address: ${JSON.stringify(ipv4)}`);
  }
  return ['02', '42', ...bytes.map((b) => b.toString(16).padStart(2, '0'))].join(':');
}
