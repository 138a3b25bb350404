// Builders for network-map views in the decoded shape (every field present). Shared by the network,
// VIP and DNS tests (a candidate for test/fakes/builders.ts).
import type { NetworkPeer__Output as NetworkPeer } from '../../../../proto/generated/shoal/v1/NetworkPeer';
import type { NetworkView__Output as NetworkView } from '../../../../proto/generated/shoal/v1/NetworkView';
import type { PortConfig__Output as PortConfig } from '../../../../proto/generated/shoal/v1/PortConfig';
import type { ServiceEndpoint__Output as ServiceEndpoint } from '../../../../proto/generated/shoal/v1/ServiceEndpoint';

export function makeView(o: Partial<NetworkView> = {}): NetworkView {
  return {
    id: 'net1',
    name: 'web_default',
    vni: 4097,
    subnet: '10.0.3.0/24',
    gateway: '10.0.3.1',
    internal: false,
    peers: [],
    services: [],
    ...o,
  };
}

export function makePeer(address: string, taskIps: string[] = []): NetworkPeer {
  return { nodeId: `node-${address}`, address, taskIps };
}

export function makeEndpoint(o: Partial<ServiceEndpoint> = {}): ServiceEndpoint {
  return {
    serviceId: 'svc1',
    name: 'web_app',
    shortName: 'app',
    stack: 'web',
    mode: 'vip',
    vip: '10.0.3.2',
    aliases: [],
    ports: [],
    taskIps: [],
    ...o,
  };
}

export function port(targetPort: number, protocol = 'tcp'): PortConfig {
  return { protocol, targetPort, publishedPort: 0, publishMode: 'ingress' };
}
