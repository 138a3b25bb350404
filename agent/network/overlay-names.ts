// The names and constants every part of an overlay agrees on: the agent's planner, the Docker network
// that owns the bridge, and the container create body (which sets the task's MAC).

/** IANA's VXLAN port; every host listens on it, so peers need no per-network port. */
export const VXLAN_PORT = 4789;

/**
 * VXLAN over IPv4 adds 50 bytes to each frame: outer IPv4 header 20 + UDP 8 + VXLAN 8 + the inner
 * Ethernet header 14. So the overlay MTU (the VXLAN device, the bridge, every container interface)
 * is the underlay MTU minus 50, or full-size inner packets would not fit in one underlay packet.
 */
export const VXLAN_OVERHEAD_BYTES = 50;

/** Every overlay's bridge: bridgeName's prefix as an nft wildcard. */
export const ANY_BRIDGE = '"shbr*"';

/**
 * The bridge Docker creates for an overlay (`com.docker.network.bridge.name`); ≤ 15 characters for any 24-bit VNI.
 */
export function bridgeName(vni: number): string {
  return `shbr${vni}`;
}

/** The overlay's VXLAN device, a port of the bridge; ≤ 15 characters for any 24-bit VNI. */
export function vxlanName(vni: number): string {
  return `shvx${vni}`;
}

/** The VNI of a VXLAN device Shoal made, or undefined for any other name. */
export function vniOfVxlanName(name: string): number | undefined {
  const m = /^shvx(\d{1,8})$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

export function overlayMtu(underlayMtu: number): number {
  return underlayMtu - VXLAN_OVERHEAD_BYTES;
}

/**
 * The RPS mask (`/sys/class/net/DEV/queues/rx-0/rps_cpus`) of a VXLAN device: every CPU of the host
 * but CPU 0, or undefined with one CPU (nothing to spread). The kernel decapsulates an overlay packet
 * on the CPU that received the outer one, which for a veth or a single-queue NIC is the sender's CPU;
 * without RPS that one CPU also bridges the inner packet and runs the receiving TCP. With RPS each
 * inner flow goes on on a CPU of the mask, picked by its hash. Leaving CPU 0 out keeps the overlay's
 * receive work off one CPU, where the scheduler then runs the processes that send: on the 2-CPU
 * testbed, a mask of both CPUs made a connection fast or slow by where its hash fell (0.7-1.4 of the
 * underlay), a mask of one CPU made every connection fast (1.03-1.39). The format is the kernel's:
 * hex, in comma-separated groups of 32 CPUs, the highest first.
 */
export function rpsMask(cpuCount: number): string | undefined {
  if (!Number.isInteger(cpuCount) || cpuCount < 1) throw new Error(`not a CPU count: ${cpuCount}`);
  if (cpuCount === 1) return undefined;
  const groups: string[] = [];
  for (let first = 0; first < cpuCount; first += 32) {
    const bits = Math.min(32, cpuCount - first);
    const all = 2 ** bits - 1;
    const mask = first === 0 ? all - 1 : all; // CPU 0 is bit 0 of the first group
    groups.unshift(mask.toString(16).padStart(8, '0'));
  }
  groups[0] = groups[0]!.replace(/^0+(?=.)/, '');
  return groups.join(',');
}
