import { describe, expect, it } from 'vitest';
import { planBridgeNetworks, toBridgeNetworkCreate } from '../../../../agent/network/bridge-network';
import { type EngineNetwork } from '../../../../agent/runtime/engine-api';
import { makeView } from './network-views';

const view = makeView({ id: 'net1', name: 'web_default', vni: 4097 });
const engine = (o: Partial<EngineNetwork> = {}): EngineNetwork => ({
  id: 'd1',
  name: 'web_default',
  internal: false,
  labels: { 'com.shoal.network.id': 'net1' },
  options: { 'com.docker.network.bridge.name': 'shbr4097', 'com.docker.network.driver.mtu': '1450' },
  subnets: [{ subnet: '10.0.3.0/24', gateway: '10.0.3.1' }],
  ...o,
});

describe('toBridgeNetworkCreate', () => {
  it('names the bridge after the VNI, takes the overlay subnet and gateway, and the MTU minus VXLAN overhead', () => {
    expect(toBridgeNetworkCreate(makeView({ internal: true }), 9000)).toEqual({
      Name: 'web_default',
      Driver: 'bridge',
      Internal: true,
      CheckDuplicate: true,
      IPAM: { Driver: 'default', Config: [{ Subnet: '10.0.3.0/24', Gateway: '10.0.3.1' }] },
      Options: { 'com.docker.network.bridge.name': 'shbr4097', 'com.docker.network.driver.mtu': '8950' },
      Labels: { 'com.shoal.network.id': 'net1' },
    });
  });
});

describe('planBridgeNetworks', () => {
  it.each<[string, ReturnType<typeof makeView>[], EngineNetwork[], string[], string[]]>([
    ['missing: created', [view], [], [], ['web_default']],
    ['present and alike: nothing', [view], [engine()], [], []],
    ['no longer wanted: removed', [], [engine()], ['d1'], []],
    ['networks Shoal did not make are left alone', [], [engine({ id: 'b', name: 'bridge', labels: {} })], [], []],
    [
      'other subnet: removed and made again',
      [view],
      [engine({ subnets: [{ subnet: '10.0.9.0/24', gateway: '10.0.9.1' }] })],
      ['d1'],
      ['web_default'],
    ],
    [
      'other MTU: removed and made again',
      [view],
      [engine({ options: { 'com.docker.network.bridge.name': 'shbr4097', 'com.docker.network.driver.mtu': '1500' } })],
      ['d1'],
      ['web_default'],
    ],
    ['internal changed: removed and made again', [view], [engine({ internal: true })], ['d1'], ['web_default']],
    ['two for one overlay: the second removed', [view], [engine(), engine({ id: 'd2' })], ['d2'], []],
  ])('%s', (_what, desired, have, remove, create) => {
    const plan = planBridgeNetworks(desired, have, 1500);
    expect(plan.remove).toEqual(remove);
    expect(plan.create.map((c) => c.Name)).toEqual(create);
  });
});
