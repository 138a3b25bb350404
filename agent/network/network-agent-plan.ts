// What the network agent does with a network map besides the overlay devices, pure: which engine
// networks may go, which DNS listeners to open and close, which containers need their VIP rules
// (again), which addresses are backends, and the host's isolation rules between overlays.
import type { NetworkView__Output as NetworkView } from '../../proto/generated/shoal/v1/NetworkView';
import type { ContainerInfo } from '../runtime/container-runtime';
import { NETWORK_LABEL, type EngineNetwork } from '../runtime/engine-api';
import { bareAddress } from '../../domain/address';
import { ANY_BRIDGE, bridgeName, VXLAN_PORT } from './overlay-names';
import { planVipRules } from './vip-plan';

/** Containers run their resolver against port 53 of the gateway (HostConfig.Dns takes no port). */
export const DNS_PORT = 53;

/** The table in the host's namespace that keeps overlays apart. */
export const ISOLATION_TABLE = 'shoal_isolation';

/** A container in one of these states may run again or runs: the engine network under it stays. */
const LIVE: ReadonlySet<string> = new Set(['created', 'running', 'paused', 'restarting']);

/**
 * The engine networks of `remove` that no live container is on: a network the map no longer lists
 * while a container of it still exists (a stale map, a task still stopping) is kept until it is gone.
 */
export function removableNetworks(
  remove: readonly string[],
  engine: readonly EngineNetwork[],
  containers: readonly ContainerInfo[],
): string[] {
  const inUse = new Set(
    containers.filter((c) => LIVE.has(c.state)).flatMap((c) => (c.networks ?? []).map((n) => n.name)),
  );
  const byId = new Map(engine.map((n) => [n.id, n]));
  return remove.filter((id) => !inUse.has(byId.get(id)?.name ?? ''));
}

/** The overlay network ids whose engine network exists. */
export function presentNetworks(engine: readonly EngineNetwork[]): Set<string> {
  return new Set(engine.map((n) => n.labels[NETWORK_LABEL]).filter((id): id is string => id !== undefined));
}

export interface DnsListenerPlan {
  /** Networks to listen for, on their gateway. */
  start: { networkId: string; address: string; port: number }[];
  /** Networks whose listener closes: gone from the map, or on another gateway now. */
  stop: string[];
}

/** One listener per network of the map whose engine network (and so its gateway address) exists. */
export function planDnsListeners(
  views: readonly NetworkView[],
  present: ReadonlySet<string>,
  listening: ReadonlyMap<string, string>,
): DnsListenerPlan {
  const want = new Map(views.filter((v) => present.has(v.id)).map((v) => [v.id, bareAddress(v.gateway)]));
  const stop = [...listening].filter(([id, address]) => want.get(id) !== address).map(([id]) => id);
  const start = [...want]
    .filter(([id, address]) => listening.get(id) !== address)
    .map(([networkId, address]) => ({ networkId, address, port: DNS_PORT }));
  return { start, stop };
}

/**
 * New backends join a container's VIP rules at most this often; leaving backends (and any other
 * change) are applied at once. A deploy's burst of task starts changes every container's rules once
 * per start, and each rewrite is a process in the container's namespace: batching the joins keeps
 * that cost from growing with the square of the replicas, and a new task is only a moment later in
 * the balancing (DNS answers it at once).
 */
export const VIP_JOIN_DELAY_MS = 2000;

/** The VIP rules last applied to a container, what they balance over, and when (epoch ms). */
export interface AppliedVip {
  script: string;
  backends: ReadonlyMap<string, ReadonlySet<string>>;
  at: number;
}

export interface VipUpdatePlan {
  apply: { containerId: string; script: string; backends: Map<string, Set<string>> }[];
  /** Containers no longer running: their last rules are forgotten. */
  forget: string[];
  /** When rules held back for joining backends are due, if any are. */
  wakeAt?: number;
}

/** VIP (with its ports) → the task addresses it balances over, for the VIP-mode services on `networks`. */
function vipBackends(networks: readonly NetworkView[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const s of networks.flatMap((n) => n.services)) {
    if (s.mode !== 'vip' || s.vip === '') continue;
    const key = `${s.vip} ${s.ports
      .map((p) => `${p.protocol}/${p.targetPort}`)
      .sort()
      .join(',')}`;
    out.set(key, new Set(s.taskIps.map(bareAddress)));
  }
  return out;
}

/**
 * Whether `now` only adds backends to VIPs that already had some: the same VIPs and ports, none of
 * their backends gone. A VIP without backends refuses every connection, so its first one is no mere join.
 */
function onlyJoined(
  before: ReadonlyMap<string, ReadonlySet<string>>,
  now: ReadonlyMap<string, ReadonlySet<string>>,
): boolean {
  if (before.size !== now.size) return false;
  for (const [key, had] of before) {
    const has = now.get(key);
    if (!has || [...had].some((ip) => !has.has(ip))) return false;
    if (had.size === 0 && has.size > 0) return false;
  }
  return true;
}

/**
 * The VIP rules of every running container on a network of the map, applied when they differ from
 * what was applied to that container (a new container has none applied) — except that rules which
 * only add backends to VIPs that have some wait until VIP_JOIN_DELAY_MS after the container's last update.
 */
export function planVipUpdates(
  views: readonly NetworkView[],
  containers: readonly ContainerInfo[],
  applied: ReadonlyMap<string, AppliedVip>,
  now: number,
): VipUpdatePlan {
  const byName = new Map(views.map((v) => [v.name, v]));
  const running = containers.filter((c) => c.state === 'running');
  const plan: VipUpdatePlan = { apply: [], forget: [] };
  for (const c of running) {
    const on = (c.networks ?? []).map((n) => byName.get(n.name)).filter((v): v is NetworkView => v !== undefined);
    if (on.length === 0) continue;
    const script = planVipRules(on);
    const last = applied.get(c.id);
    if (last?.script === script) continue;
    const backends = vipBackends(on);
    const due = last ? last.at + VIP_JOIN_DELAY_MS : now;
    if (last && now < due && onlyJoined(last.backends, backends)) {
      plan.wakeAt = Math.min(plan.wakeAt ?? due, due);
      continue;
    }
    plan.apply.push({ containerId: c.id, script, backends });
  }
  const ids = new Set(running.map((c) => c.id));
  plan.forget = [...applied.keys()].filter((id) => !ids.has(id));
  return plan;
}

/** Every task address a DNS name or a VIP of the map leads to. */
export function backendsOf(views: readonly NetworkView[]): Set<string> {
  return new Set(views.flatMap((v) => v.services.flatMap((s) => s.taskIps.map(bareAddress))));
}

/**
 * The host's forwarding and outbound NAT rules as one nft transaction. The overlays' bridges share
 * this namespace, whose routing would otherwise carry a container's packets from one overlay into
 * another: so nothing is forwarded from one Shoal bridge to another, and an internal overlay forwards
 * nothing in or out at all. A network that is not internal reaches outside through its host as
 * Docker's own bridges do: what leaves the host from its subnet is masqueraded to the host's address,
 * so replies find their way back (the engines run with --ip-masq=false, so this is the only such
 * rule). Traffic between tasks never meets it: it is bridged, or VXLAN from the host's own address.
 * A NAT chain turns connection tracking on in the host's namespace; the VXLAN packets themselves
 * are kept out of it (notrack before conntrack's priority), so the overlay does not pay a lookup per
 * packet, and so are DNS queries over UDP to the agent's resolver on each gateway and its replies
 * (nothing translates them, and a query costs little more than the lookup). Without networks the
 * table is only deleted.
 */
export function planIsolation(views: readonly NetworkView[]): string {
  const head = [`table inet ${ISOLATION_TABLE}`, `delete table inet ${ISOLATION_TABLE}`];
  if (views.length === 0) return [...head, ''].join('\n');
  const sorted = [...views].sort((a, b) => a.vni - b.vni);
  const forward = sorted.flatMap((v) => {
    const br = `"${bridgeName(v.vni)}"`;
    if (v.internal) return [`iifname ${br} oifname != ${br} drop`, `oifname ${br} iifname != ${br} drop`];
    return [`iifname ${br} oifname ${ANY_BRIDGE} oifname != ${br} drop`];
  });
  const nat = sorted.filter((v) => !v.internal).map((v) => `ip saddr ${v.subnet} oifname != ${ANY_BRIDGE} masquerade`);
  const gateways = `{ ${sorted.map((v) => bareAddress(v.gateway)).join(', ')} }`;
  const indent = (rules: string[]) => rules.map((r) => `    ${r}`);
  return [
    ...head,
    `table inet ${ISOLATION_TABLE} {`,
    '  chain forward {',
    '    type filter hook forward priority 0; policy accept;',
    ...indent(forward),
    '  }',
    '  chain postrouting {',
    '    type nat hook postrouting priority 100; policy accept;',
    ...indent(nat),
    '  }',
    '  chain notrack_in {',
    '    type filter hook prerouting priority -300; policy accept;',
    `    udp dport ${VXLAN_PORT} notrack`,
    `    ip daddr ${gateways} udp dport ${DNS_PORT} notrack`,
    '  }',
    '  chain notrack_out {',
    '    type filter hook output priority -300; policy accept;',
    `    udp dport ${VXLAN_PORT} notrack`,
    `    ip saddr ${gateways} udp sport ${DNS_PORT} notrack`,
    '  }',
    '}',
    '',
  ].join('\n');
}
