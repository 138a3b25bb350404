import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { toContainerNetworks, toEngineNetwork } from '../../../../agent/runtime/docker-runtime';

describe('toContainerNetworks', () => {
  it.each([
    [
      'one network per key of NetworkSettings.Networks, with its address',
      { web_default: { IPAddress: '10.0.3.7' }, web_back: { IPAddress: '10.0.4.9' } },
      [
        { name: 'web_default', ip: '10.0.3.7' },
        { name: 'web_back', ip: '10.0.4.9' },
      ],
    ],
    ['a created container has no address yet', { web_default: { IPAddress: '' } }, [{ name: 'web_default', ip: '' }]],
    ['none', {}, []],
  ])('%s', (_name, networks, want) => {
    expect(toContainerNetworks(networks)).toEqual(want);
  });
});

describe('toEngineNetwork', () => {
  it('keeps what planBridgeNetworks compares, from a GET /networks row', () => {
    const row = {
      Name: 'web_default',
      Id: 'abc',
      Driver: 'bridge',
      Internal: true,
      Labels: { 'com.shoal.network.id': 'net1' },
      Options: { 'com.docker.network.bridge.name': 'shbr4097' },
      IPAM: { Driver: 'default', Config: [{ Subnet: '10.0.3.0/24', Gateway: '10.0.3.1' }] },
    } as unknown as Docker.NetworkInspectInfo;
    expect(toEngineNetwork(row)).toEqual({
      id: 'abc',
      name: 'web_default',
      internal: true,
      labels: { 'com.shoal.network.id': 'net1' },
      options: { 'com.docker.network.bridge.name': 'shbr4097' },
      subnets: [{ subnet: '10.0.3.0/24', gateway: '10.0.3.1' }],
    });
  });
});
