// Published ports (the routing mesh) as one nft table in the host's namespace, pure.
//
// A connection to any local address of the host (not loopback) on a published port is DNATed, on its
// first packet, to one backend chosen at random: a task on this host at its address and target
// port, or another host at its underlay address and the same published port. The connection is
// marked (conntrack mark) and masqueraded on its way out, so replies come back through this host:
// to a local task from the bridge's own address, to another host from this host's address.
//
// A connection forwarded to another host carries a DSCP value that tells that host to pick among its
// own tasks only: it never goes on to a third host, and a host that has none by then refuses it.
// Host-mode ports lead only to the tasks on this host. Ports with no backend are not rewritten, so
// nothing listens and the kernel refuses the connection (TCP reset, ICMP port unreachable).
import type { PortConfig__Output as PortConfig } from '../../proto/generated/shoal/v1/PortConfig';
import type { PublishedService__Output as PublishedService } from '../../proto/generated/shoal/v1/PublishedService';
import { ANY_BRIDGE } from './overlay-names';

export const PUBLISHED_TABLE = 'shoal_ports';
/** The conntrack mark of connections to published ports: "SH". */
export const PUBLISHED_CT_MARK = '0x5348';
/** DSCP of a published connection forwarded to the host that runs its task (6 bits; not a standard class). */
export const FORWARDED_DSCP = '0x2d';

/** nft's names for the port protocols a service can declare. */
const NFT_PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

/** `dnat to` one address and port, or to a random one of several ("10.0.3.7 . 80"). */
function dnatTo(targets: readonly [string, number][]): string {
  if (targets.length === 1) return `dnat to ${targets[0]![0]}:${targets[0]![1]}`;
  const map = targets.map(([ip, port], i) => `${i} : ${ip} . ${port}`).join(', ');
  return `dnat ip to numgen random mod ${targets.length} map { ${map} }`;
}

function rule(match: string, p: PortConfig, targets: readonly [string, number][]): string {
  return `${match}${p.protocol} dport ${p.publishedPort} ct mark set ${PUBLISHED_CT_MARK} ${dnatTo(targets)}`;
}

/**
 * The whole table for the host at `localAddress`. Declaring the table and then deleting it makes the
 * delete succeed whether or not it existed; nft applies the file as one transaction. With nothing
 * published the table is only deleted.
 */
export function planPublishedPortRules(published: readonly PublishedService[], localAddress: string): string {
  const head = [`table ip ${PUBLISHED_TABLE}`, `delete table ip ${PUBLISHED_TABLE}`];
  const forwarded: string[] = [];
  const entering: string[] = [];
  for (const s of published) {
    const local = s.backends.filter((b) => b.nodeAddress === localAddress);
    for (const p of s.ports) {
      if (!NFT_PROTOCOLS.has(p.protocol) || p.publishedPort === 0) continue;
      const here = local.map((b): [string, number] => [b.address, p.targetPort]);
      if (p.publishMode === 'host') {
        if (here.length > 0) entering.push(rule('', p, here));
        continue;
      }
      if (here.length > 0) forwarded.push(rule(`ip dscp ${FORWARDED_DSCP} `, p, here));
      const anywhere = s.backends.map((b): [string, number] =>
        b.nodeAddress === localAddress ? [b.address, p.targetPort] : [b.nodeAddress, p.publishedPort],
      );
      if (anywhere.length > 0) entering.push(rule('', p, anywhere));
    }
  }
  if (forwarded.length === 0 && entering.length === 0) return [...head, ''].join('\n');
  const indent = (rules: string[]) => rules.map((r) => `    ${r}`);
  const toHost = 'fib daddr type local ip daddr != 127.0.0.0/8 jump published';
  return [
    ...head,
    `table ip ${PUBLISHED_TABLE} {`,
    '  chain prerouting {',
    '    type nat hook prerouting priority -100; policy accept;',
    `    ${toHost}`,
    '  }',
    '  chain output {',
    // A client on the host itself: its first packet passes the output hook, not prerouting.
    '    type nat hook output priority -100; policy accept;',
    `    ${toHost}`,
    '  }',
    '  chain published {',
    ...indent(forwarded),
    // A forwarded connection this host has no task for is left alone, so it is refused here.
    `    ip dscp ${FORWARDED_DSCP} return`,
    ...indent(entering),
    '  }',
    '  chain postrouting {',
    '    type nat hook postrouting priority 100; policy accept;',
    `    ct mark ${PUBLISHED_CT_MARK} masquerade`,
    '  }',
    '  chain forward_mark {',
    // Mangle priority, before NAT: only the connection's own direction, and only toward another host.
    '    type filter hook postrouting priority -150; policy accept;',
    `    ct mark ${PUBLISHED_CT_MARK} ct direction original oifname != ${ANY_BRIDGE} ip dscp set ${FORWARDED_DSCP}`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** The task addresses that published ports lead to on this host, for the stop-after-unpublish rule. */
export function publishedBackends(published: readonly PublishedService[]): string[] {
  return published.flatMap((s) => s.backends.map((b) => b.address));
}
