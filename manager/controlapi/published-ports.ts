// Published ports of a deploy, pure: each protocol and port is published by one service at most in
// the whole cluster (in either mode, since both take the port on a host), and an ingress port that
// asks for no published port gets one, as Swarm gives it, from a dynamic range.
import type { SpecIssue } from '../../proto/errors';
import type { PortConfig, ServiceSpec } from '../../proto/types';

/** Where ingress ports that name no published port get theirs: Swarm's range, clear of Linux's ephemeral ports. */
export const DYNAMIC_PORT_MIN = 30000;
export const DYNAMIC_PORT_MAX = 32767;

export interface PublishedPortsInput {
  /** The services a deploy writes, in file order, as the file has them. */
  services: readonly ServiceSpec[];
  /** What these services had before, by name: a dynamic port stays with its service across deploys. */
  previous: ReadonlyMap<string, ServiceSpec>;
  /** Every other service that stays in the cluster; their ports are taken. */
  others: readonly ServiceSpec[];
}

/**
 * Ports every host uses for Shoal itself: the published-port rules rewrite connections to any local
 * address, the overlays' gateways included, so publishing one of these would cut every host off it.
 */
const RESERVED: ReadonlyMap<string, string> = new Map([
  ['53/udp', "the overlays' DNS"],
  ['53/tcp', "the overlays' DNS"],
  ['4789/udp', 'VXLAN between hosts'],
]);

const key = (p: PortConfig) => `${p.publishedPort}/${p.protocol}`;
const isDynamic = (port: number) => port >= DYNAMIC_PORT_MIN && port <= DYNAMIC_PORT_MAX;

/** The services with every ingress port published, or the issues that forbid the deploy. */
export function planPublishedPorts(input: PublishedPortsInput): { services: ServiceSpec[]; issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  const owner = new Map<string, string>();
  for (const s of input.others) for (const p of s.endpoint.ports) if (p.publishedPort > 0) owner.set(key(p), s.name);

  // Ports the file names come first, so a dynamic port never takes one that is asked for by number.
  for (const [i, s] of input.services.entries()) {
    for (const [j, p] of s.endpoint.ports.entries()) {
      const at = `services[${i}].ports[${j}]`;
      if (p.publishedPort === 0) {
        if (p.publishMode === 'host')
          issues.push({
            path: `${at}.published`,
            message: `${s.name}: a port published in host mode needs a published port`,
          });
        continue;
      }
      const reserved = RESERVED.get(key(p));
      const taken = owner.get(key(p));
      if (reserved !== undefined)
        issues.push({ path: `${at}.published`, message: `${s.name}: port ${key(p)} is Shoal's own, for ${reserved}` });
      else if (taken !== undefined) {
        const by = taken === s.name ? 'another port of this service' : `service ${taken}`;
        issues.push({ path: `${at}.published`, message: `${s.name}: port ${key(p)} is already published by ${by}` });
      } else owner.set(key(p), s.name);
    }
  }
  if (issues.length > 0) return { services: [...input.services], issues };

  const services = input.services.map((s) => {
    if (!s.endpoint.ports.some((p) => p.publishedPort === 0)) return s;
    const before = (input.previous.get(s.name)?.endpoint.ports ?? []).filter(
      (p) => p.publishMode === 'ingress' && isDynamic(p.publishedPort),
    );
    const ports = s.endpoint.ports.map((p) => {
      if (p.publishedPort !== 0) return p;
      const kept = before.find((b) => b.targetPort === p.targetPort && b.protocol === p.protocol && !owner.has(key(b)));
      const publishedPort = kept?.publishedPort ?? lowestFree(owner, p.protocol);
      if (publishedPort === undefined) {
        issues.push({
          path: `services[${input.services.indexOf(s)}].ports`,
          message: `${s.name}: no free port left in ${DYNAMIC_PORT_MIN}-${DYNAMIC_PORT_MAX}/${p.protocol}`,
        });
        return p;
      }
      const resolved = { ...p, publishedPort };
      owner.set(key(resolved), s.name);
      return resolved;
    });
    return { ...s, endpoint: { ...s.endpoint, ports } };
  });
  return { services, issues };
}

function lowestFree(owner: ReadonlyMap<string, string>, protocol: string): number | undefined {
  for (let port = DYNAMIC_PORT_MIN; port <= DYNAMIC_PORT_MAX; port++)
    if (!owner.has(`${port}/${protocol}`)) return port;
  return undefined;
}
