// VXLAN network identifiers, pure: each overlay network gets the lowest one no other network holds.

/**
 * VNIs start at 4096: 0..4095 are the VLAN id range, and keeping clear of it avoids confusion on
 * hosts that bridge VLANs.
 */
export const MIN_VNI = 4096;
/** VNIs are 24 bits wide (RFC 7348). */
export const MAX_VNI = 2 ** 24 - 1;

/** The lowest VNI from MIN_VNI not in `used`, now added to it; undefined when all are taken. */
export function takeLowestVni(used: Set<number>): number | undefined {
  for (let vni = MIN_VNI; vni <= MAX_VNI; vni++) {
    if (!used.has(vni)) {
      used.add(vni);
      return vni;
    }
  }
  return undefined;
}
