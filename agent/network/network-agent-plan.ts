// What the network agent does with a network map besides the overlay devices, pure: which engine
// networks may go, which DNS listeners to open and close, which containers need their VIP rules
// (again), which addresses are backends, and the host's isolation rules between overlays.
import type { NetworkView__Output as NetworkView } from '../../proto/generated/shoal/v1/NetworkView';
import type { ContainerInfo } from '../runtime/container-runtime';
import { NETWORK_LABEL, type EngineNetwork } from './bridge-network';
import { bareAddress, bridgeName } from './overlay-names';
import { planVipRules } from './vip-plan';

/** Containers run their resolver against port 53 of the gateway (HostConfig.Dns takes no port). */
export const DNS_PORT = 53;

/** The table in the host's namespace that keeps overlays apart. */
export const ISOLATION_TABLE = 'shoal_isolation';

/** Every overlay's bridge: bridgeName's prefix as an nft wildcard. */
const ANY_BRIDGE = '"shbr*"';

/** A container in one of these states may run again or runs: the engine network under it stays. */
const LIVE: ReadonlySet<string> = new Set(['created', 'running', 'paused', 'restarting']);

/**
 * The engine networks of `remove` that no live container is on: a network the map no longer lists
 * while a container of it still exists (a stale map, a task still stopping) is kept until it is gone.
 */
export function removableNetworks(remove: readonly string[], engine: readonly EngineNetwork[], containers: readonly ContainerInfo[]): string[] {
  const inUse = new Set(containers.filter((c) => LIVE.has(c.state)).flatMap((c) => (c.networks ?? []).map((n) => n.name)));
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
export function planDnsListeners(views: readonly NetworkView[], present: ReadonlySet<string>, listening: ReadonlyMap<string, string>): DnsListenerPlan {
  const want = new Map(views.filter((v) => present.has(v.id)).map((v) => [v.id, bareAddress(v.gateway)]));
  const stop = [...listening].filter(([id, address]) => want.get(id) !== address).map(([id]) => id);
  const start = [...want].filter(([id, address]) => listening.get(id) !== address).map(([networkId, address]) => ({ networkId, address, port: DNS_PORT }));
  return { start, stop };
}

export interface VipUpdatePlan {
  apply: { containerId: string; script: string }[];
  /** Containers no longer running: their last script is forgotten. */
  forget: string[];
}

/**
 * The VIP rules of every running container on a network of the map, applied only when they differ
 * from what was applied to that container (a new container has none applied).
 */
export function planVipUpdates(views: readonly NetworkView[], containers: readonly ContainerInfo[], applied: ReadonlyMap<string, string>): VipUpdatePlan {
  const byName = new Map(views.map((v) => [v.name, v]));
  const running = containers.filter((c) => c.state === 'running');
  const apply: VipUpdatePlan['apply'] = [];
  for (const c of running) {
    const on = (c.networks ?? []).map((n) => byName.get(n.name)).filter((v): v is NetworkView => v !== undefined);
    if (on.length === 0) continue;
    const script = planVipRules(on);
    if (applied.get(c.id) !== script) apply.push({ containerId: c.id, script });
  }
  const ids = new Set(running.map((c) => c.id));
  return { apply, forget: [...applied.keys()].filter((id) => !ids.has(id)) };
}

/** Every task address a DNS name or a VIP of the map leads to. */
export function backendsOf(views: readonly NetworkView[]): Set<string> {
  return new Set(views.flatMap((v) => v.services.flatMap((s) => s.taskIps.map(bareAddress))));
}

/**
 * The host's forwarding rules as one nft transaction: the overlays' bridges share this namespace,
 * whose routing would otherwise carry a container's packets from one overlay into another. So
 * nothing is forwarded from one Shoal bridge to another, and an internal overlay forwards nothing
 * in or out at all. Without networks the table is only deleted.
 */
export function planIsolation(views: readonly NetworkView[]): string {
  const head = [`table inet ${ISOLATION_TABLE}`, `delete table inet ${ISOLATION_TABLE}`];
  if (views.length === 0) return [...head, ''].join('\n');
  const rules = [...views].sort((a, b) => a.vni - b.vni).flatMap((v) => {
    const br = `"${bridgeName(v.vni)}"`;
    if (v.internal) return [`iifname ${br} oifname != ${br} drop`, `oifname ${br} iifname != ${br} drop`];
    return [`iifname ${br} oifname ${ANY_BRIDGE} oifname != ${br} drop`];
  });
  return [
    ...head,
    `table inet ${ISOLATION_TABLE} {`,
    '  chain forward {',
    '    type filter hook forward priority 0; policy accept;',
    ...rules.map((r) => `    ${r}`),
    '  }',
    '}',
    '',
  ].join('\n');
}
