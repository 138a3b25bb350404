// Addresses as the API carries them: "10.0.3.7/24" on networks, "10.0.3.7" where a bare IP is meant.

/** An address without its prefix length: "10.0.3.7/24" → "10.0.3.7". */
export function bareAddress(address: string): string {
  const slash = address.indexOf('/');
  return slash < 0 ? address : address.slice(0, slash);
}
