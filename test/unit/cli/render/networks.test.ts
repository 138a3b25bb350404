import { describe, expect, it } from 'vitest';
import { renderNetworkTable, toNetworkDetailJson, toNetworkJson } from '../../../../cli/render/networks';
import { renderTable } from '../../../../cli/render/table';
import type { Network__Output as Network } from '../../../../proto/generated/shoal/v1/Network';
import type { ServiceView__Output as ServiceView } from '../../../../proto/generated/shoal/v1/ServiceView';
import { makeService, makeNetwork } from '../../../fakes/builders';

const created: Network = makeNetwork({
  id: 'a1b2c3d4e5f6a7b8',
  spec: {
    name: 'shared',
    stack: '',
    labels: { team: 'core' },
    internal: true,
    ipam: [{ subnet: '10.30.0.0/24', gateway: '', ipRange: '' }],
  },
  allocation: { vni: 4097, subnet: '10.30.0.0/24', gateway: '10.30.0.1' },
});
const pending: Network = makeNetwork({ id: 'ffff0000ffff0000', spec: { name: 'web_default', stack: 'web' } });

describe('renderNetworkTable', () => {
  it('prints NETWORK ID NAME DRIVER SCOPE SUBNET sorted by name; a network not yet allocated has no subnet', () => {
    expect(renderNetworkTable([pending, created], { quiet: false, noTrunc: false })).toEqual(
      renderTable(
        ['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE', 'SUBNET'],
        [
          ['a1b2c3d4e5f6', 'shared', 'overlay', 'cluster', '10.30.0.0/24'],
          ['ffff0000ffff', 'web_default', 'overlay', 'cluster', ''],
        ],
      ),
    );
  });

  it.each([
    ['short ids', false, ['a1b2c3d4e5f6', 'ffff0000ffff']],
    ['full ids with --no-trunc', true, ['a1b2c3d4e5f6a7b8', 'ffff0000ffff0000']],
  ])('prints only %s when quiet', (_what, noTrunc, want) => {
    expect(renderNetworkTable([pending, created], { quiet: true, noTrunc })).toEqual(want);
  });
});

describe('network JSON', () => {
  it('carries what scripts read: name, id, driver, scope, internal, subnet, gateway, vni, labels', () => {
    expect(toNetworkJson(created)).toEqual({
      id: 'a1b2c3d4e5f6a7b8',
      name: 'shared',
      driver: 'overlay',
      scope: 'cluster',
      stack: '',
      internal: true,
      attachable: false,
      subnet: '10.30.0.0/24',
      gateway: '10.30.0.1',
      vni: 4097,
      labels: { team: 'core' },
    });
  });

  it('lists in inspect the services attached, with their VIP on this network, and no others', () => {
    const view = (o: Parameters<typeof makeService>[0]): ServiceView => ({
      service: makeService(o),
      replicas: { desired: 1, running: 1 },
    });
    const services = [
      view({ id: 's2', spec: { name: 'web_b', networks: [{ target: 'shared', aliases: [] }] } }),
      view({
        id: 's1',
        spec: { name: 'web_a', networks: [{ target: 'shared', aliases: [] }] },
        virtualIps: [{ networkId: created.id, network: 'shared', address: '10.30.0.2/24' }],
      }),
      view({ id: 's3', spec: { name: 'web_c', networks: [{ target: 'web_default', aliases: [] }] } }),
    ];
    expect(toNetworkDetailJson(created, services).services).toEqual([
      { id: 's1', name: 'web_a', vip: '10.30.0.2/24' },
      { id: 's2', name: 'web_b', vip: '' },
    ]);
  });
});
