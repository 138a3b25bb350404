import { describe, expect, it } from 'vitest';
import {
  applyMapChange,
  emptyMapModel,
  planNetworkChanges,
  planObjectChanges,
  toNetworkViews,
  toPublished,
  type MapModel,
  type NetworkMapChange,
} from '../../../domain/network-map-model';
import type { NetworkPeer__Output as NetworkPeer } from '../../../proto/generated/shoal/v1/NetworkPeer';
import type { NetworkView__Output as NetworkView } from '../../../proto/generated/shoal/v1/NetworkView';
import type { PublishedService__Output as PublishedService } from '../../../proto/generated/shoal/v1/PublishedService';

const head: NetworkView = {
  id: 'n1',
  name: 'web_front',
  vni: 4096,
  subnet: '10.0.0.0/24',
  gateway: '10.0.0.1',
  internal: false,
  peers: [],
  services: [],
};
const peer = (taskIps: string[], address = '192.168.0.1'): NetworkPeer => ({ nodeId: 'node-1', address, taskIps });
const ips = (...hosts: number[]) => hosts.map((h) => `10.0.0.${h}`);

/** A change in one line: op, kind, key and the addresses it carries ("set peer node-1 10.0.0.2"). */
function line(c: NetworkMapChange): string {
  const o = c[c.object!]!;
  const key = 'nodeId' in o ? o.nodeId : 'serviceId' in o ? o.serviceId : o.id;
  const items = 'taskIps' in o ? o.taskIps : 'backends' in o ? o.backends.map((b) => b.address) : [];
  return [c.op, c.object, key, ...items].join(' ');
}

/** A model holding network n1 and `peers`. */
function modelWith(...peers: NetworkPeer[]): MapModel {
  const model = emptyMapModel();
  for (const c of [
    ...planObjectChanges('network', 'n1', undefined, head),
    ...peers.flatMap((p) => planObjectChanges('peer', 'n1', undefined, p)),
  ])
    applyMapChange(model, c);
  return model;
}

describe('planObjectChanges', () => {
  it.each<[string, NetworkPeer | undefined, NetworkPeer | undefined, string[]]>([
    ['a new object is set with its addresses', undefined, peer(ips(2, 3)), ['set peer node-1 10.0.0.2 10.0.0.3']],
    [
      'a long list comes in pieces: the first with the set, the rest as adds',
      undefined,
      peer(ips(2, 3, 4, 5, 6)),
      ['set peer node-1 10.0.0.2 10.0.0.3', 'add peer node-1 10.0.0.4 10.0.0.5', 'add peer node-1 10.0.0.6'],
    ],
    ['an object gone is removed, by key alone', peer(ips(2)), undefined, ['remove peer node-1']],
    ['nothing changed: no change', peer(ips(2, 3)), peer(ips(2, 3)), []],
    [
      'only addresses changed: those dropped and those added, nothing else',
      peer(ips(2, 3, 4)),
      peer(ips(3, 4, 7)),
      ['drop peer node-1 10.0.0.2', 'add peer node-1 10.0.0.7'],
    ],
    ['another field changed: set again whole', peer(ips(2)), peer(ips(2), '192.168.0.9'), ['set peer node-1 10.0.0.2']],
  ])('%s', (_what, before, after, want) => {
    expect(planObjectChanges('peer', 'n1', before, after, 2).map(line)).toEqual(want);
  });

  it.each<[string, number[], number[]]>([
    ['grows past several pieces', [2, 3], [9, 8, 7, 6, 5, 4, 3, 2]],
    ['shrinks to nothing', [2, 3, 4, 5, 6], []],
    ['swaps every address', [2, 3, 4], [10, 11, 12, 13]],
  ])('applied to a model, turns the before into the after: %s', (_what, from, to) => {
    const model = modelWith(peer(ips(...from)));
    for (const c of planObjectChanges('peer', 'n1', peer(ips(...from)), peer(ips(...to)), 2)) {
      expect(applyMapChange(model, c)).toBeUndefined();
    }
    expect(model.networks.get('n1')!.peers.get('node-1')!.taskIps).toEqual(ips(...[...to].sort((a, b) => a - b)));
  });
});

describe('applyMapChange', () => {
  it.each<[string, NetworkMapChange, string]>([
    [
      'a peer of a network the map does not hold',
      planObjectChanges('peer', 'n9', undefined, peer(ips(2)))[0]!,
      'a peer change of network n9, which the map does not hold',
    ],
    [
      'addresses added to an object the map does not hold',
      planObjectChanges('peer', 'n1', peer(ips(2)), peer(ips(2, 3)))[0]!,
      '"add" to peer node-1, which the map does not hold',
    ],
    ['a change naming no object', { op: 'set', networkId: 'n1' } as NetworkMapChange, 'a "set" change names no object'],
  ])('refuses %s, and changes nothing', (_what, c, problem) => {
    const model = modelWith();
    expect(applyMapChange(model, c)).toBe(problem);
    expect(toNetworkViews(model)).toEqual(toNetworkViews(modelWith()));
  });

  it('removes a network with its peers and endpoints; a set of its fields keeps them', () => {
    const model = modelWith(peer(ips(2)));
    applyMapChange(model, planObjectChanges('network', 'n1', head, { ...head, internal: true })[0]!);
    expect(toNetworkViews(model)).toEqual([{ ...head, internal: true, peers: [peer(ips(2))], services: [] }]);
    applyMapChange(model, planObjectChanges('network', 'n1', head, undefined)[0]!);
    expect(toNetworkViews(model)).toEqual([]);
  });

  it('holds published services by name, backends by address, built back from their changes', () => {
    const web: PublishedService = {
      serviceId: 's1',
      name: 'web_app',
      ports: [],
      backends: [
        { address: '10.0.0.3', nodeAddress: '192.168.0.1' },
        { address: '10.0.0.10', nodeAddress: '192.168.0.2' },
      ],
    };
    const api: PublishedService = { ...web, serviceId: 's2', name: 'web_api', backends: [] };
    const model = emptyMapModel();
    for (const p of [web, api])
      for (const c of planObjectChanges('published', '', undefined, p, 1)) applyMapChange(model, c);
    expect(toPublished(model)).toEqual([api, web]);
  });

  it('builds a whole network from planNetworkChanges', () => {
    const model = modelWith(peer(ips(4, 2)));
    const copy = emptyMapModel();
    for (const c of planNetworkChanges(model.networks.get('n1')!, 1)) expect(applyMapChange(copy, c)).toBeUndefined();
    expect(toNetworkViews(copy)).toEqual([{ ...head, peers: [peer(ips(2, 4))], services: [] }]);
  });
});
