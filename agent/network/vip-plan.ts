// The VIP load balancer of one container, as an nft script run inside its network namespace: like
// Swarm, balancing happens in the client. A NAT chain on the output hook rewrites the first packet of
// each connection to a VIP to one running task, chosen at random; conntrack keeps the rest of the
// connection on that task and rewrites the replies back. Pure.
import type { NetworkView__Output as NetworkView } from '../../proto/generated/shoal/v1/NetworkView';
import type { ServiceEndpoint__Output as ServiceEndpoint } from '../../proto/generated/shoal/v1/ServiceEndpoint';
import { bareAddress } from '../../domain/address';

export const VIP_TABLE = 'shoal';

/** nft's names for the port protocols a service can declare. */
const NFT_PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

/** `dnat to` one task, or to a random one of several. */
function dnatTo(ips: readonly string[]): string {
  if (ips.length === 1) return `dnat to ${ips[0]}`;
  const map = ips.map((ip, i) => `${i} : ${ip}`).join(', ');
  return `dnat to numgen random mod ${ips.length} map { ${map} }`;
}

/** DNAT of the service's declared ports (all TCP and UDP when it declares none) to its running tasks. */
function dnatRules(s: ServiceEndpoint): string[] {
  const vip = bareAddress(s.vip);
  const ips = [...new Set(s.taskIps.map(bareAddress))];
  if (ips.length === 0) return [];
  const ports = [
    ...new Set(s.ports.filter((p) => NFT_PROTOCOLS.has(p.protocol)).map((p) => `${p.protocol} dport ${p.targetPort}`)),
  ];
  if (ports.length === 0) return [`ip daddr ${vip} meta l4proto { tcp, udp } ${dnatTo(ips)}`];
  return ports.map((p) => `ip daddr ${vip} ${p} ${dnatTo(ips)}`);
}

/**
 * Whatever still goes to the VIP after NAT (no running task, or a port nothing serves) is refused at
 * once, TCP with a reset, so clients fail fast instead of waiting for ARP for an address nobody has.
 * A reject in the NAT chain is never reached by those packets, hence a filter chain after it.
 */
function rejectRules(s: ServiceEndpoint): string[] {
  const vip = bareAddress(s.vip);
  return [`ip daddr ${vip} meta l4proto tcp reject with tcp reset`, `ip daddr ${vip} reject`];
}

/**
 * The whole table for a container on `networks`: VIP-mode services with a VIP. Declaring the table
 * and then deleting it makes the delete succeed whether or not it existed; nft applies the file as one
 * transaction, so the old rules are replaced atomically.
 */
export function planVipRules(networks: readonly NetworkView[]): string {
  const services = networks.flatMap((n) => n.services.filter((s) => s.mode === 'vip' && s.vip !== ''));
  const indent = (rules: string[]) => rules.map((r) => `    ${r}`);
  return [
    `table ip ${VIP_TABLE}`,
    `delete table ip ${VIP_TABLE}`,
    `table ip ${VIP_TABLE} {`,
    '  chain nat {',
    // -100 is nft's dstnat priority; the kernel routes a DNATed local packet again, now to the task.
    '    type nat hook output priority -100; policy accept;',
    ...indent(services.flatMap(dnatRules)),
    '  }',
    '  chain filter {',
    // 0 is after the NAT above: packets it rewrote no longer have the VIP as destination.
    '    type filter hook output priority 0; policy accept;',
    ...indent(services.flatMap(rejectRules)),
    '  }',
    '}',
    '',
  ].join('\n');
}
