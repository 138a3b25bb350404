// The Docker network that owns an overlay's bridge on this host, so containers attach through the
// engine and `docker inspect` shows their overlay address. Pure: the create body, and which networks
// to create or remove given the ones the engine has.
import type { NetworkView__Output as NetworkView } from '../../proto/generated/shoal/v1/NetworkView';
import { NETWORK_LABEL, type BridgeNetworkCreateBody, type EngineNetwork } from '../runtime/engine-api';
import { bridgeName, overlayMtu } from './overlay-names';

export function toBridgeNetworkCreate(view: NetworkView, underlayMtu: number): BridgeNetworkCreateBody {
  return {
    Name: view.name,
    Driver: 'bridge',
    Internal: view.internal,
    CheckDuplicate: true,
    IPAM: { Driver: 'default', Config: [{ Subnet: view.subnet, Gateway: view.gateway }] },
    Options: {
      'com.docker.network.bridge.name': bridgeName(view.vni),
      'com.docker.network.driver.mtu': String(overlayMtu(underlayMtu)),
    },
    Labels: { [NETWORK_LABEL]: view.id },
  };
}

export interface BridgeNetworksPlan {
  /** Engine network ids to remove: Shoal's networks no longer wanted here, or made with other settings. */
  remove: string[];
  create: BridgeNetworkCreateBody[];
}

function sameNetwork(have: EngineNetwork, want: BridgeNetworkCreateBody): boolean {
  const cfg = want.IPAM.Config[0];
  return (
    have.name === want.Name &&
    have.internal === want.Internal &&
    have.subnets.length === 1 &&
    have.subnets[0].subnet === cfg.Subnet &&
    have.subnets[0].gateway === cfg.Gateway &&
    Object.entries(want.Options).every(([k, v]) => have.options[k] === v)
  );
}

/**
 * Networks to remove, then to create. The engine refuses to remove a network with containers on it;
 * the caller removes a network only after the host's last task on it is gone, and retries.
 */
export function planBridgeNetworks(
  desired: readonly NetworkView[],
  engine: readonly EngineNetwork[],
  underlayMtu: number,
): BridgeNetworksPlan {
  const wanted = new Map(desired.map((v) => [v.id, toBridgeNetworkCreate(v, underlayMtu)]));
  const kept = new Set<string>();
  const remove: string[] = [];
  for (const n of engine) {
    const id = n.labels[NETWORK_LABEL];
    if (id === undefined) continue;
    const want = wanted.get(id);
    if (want && !kept.has(id) && sameNetwork(n, want)) kept.add(id);
    else remove.push(n.id);
  }
  const create = [...wanted].filter(([id]) => !kept.has(id)).map(([, body]) => body);
  return { remove, create };
}
