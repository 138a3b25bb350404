import { describe, expect, it } from 'vitest';
import { toCreateBody, toNetworkConnects } from '../../../../agent/runtime/container-spec';
import { makeTask } from '../../../fakes/builders';

const A = { networkId: 'netA', network: 'web_default', address: '10.0.3.7/24' };
const B = { networkId: 'netB', network: 'web_back', address: '10.0.4.9/24' };
const gateways = new Map([
  ['netA', '10.0.3.1'],
  ['netB', '10.0.4.1'],
]);

describe('toCreateBody with networks', () => {
  it('puts the task on its first network: address, derived MAC, and the DNS server on that gateway', () => {
    const body = toCreateBody(makeTask({ addresses: [A, B] }), gateways);
    expect(body.MacAddress).toBe('02:42:0a:00:03:07');
    expect(body.NetworkingConfig).toStrictEqual({
      EndpointsConfig: { web_default: { IPAMConfig: { IPv4Address: '10.0.3.7' } } },
    });
    expect(body.HostConfig).toStrictEqual({
      NanoCpus: 0,
      Memory: 0,
      RestartPolicy: { Name: 'no' },
      NetworkMode: 'web_default',
      Dns: ['10.0.3.1'],
    });
  });

  it("leaves a task on no network on Docker's default bridge, with no network fields", () => {
    const body = toCreateBody(makeTask({ addresses: [] }));
    expect(Object.keys(body)).not.toContain('NetworkingConfig');
    expect(Object.keys(body)).not.toContain('MacAddress');
    expect(body.HostConfig).toStrictEqual({ NanoCpus: 0, Memory: 0, RestartPolicy: { Name: 'no' } });
  });

  it('refuses a task whose first network has no gateway on this engine yet', () => {
    expect(() => toCreateBody(makeTask({ addresses: [A] }), new Map())).toThrow(
      'network web_default does not exist on this engine yet',
    );
  });
});

describe('toNetworkConnects', () => {
  it.each([
    ['one network: nothing to join after create', [A], []],
    ['the networks after the first, with bare addresses', [A, B], [{ network: 'web_back', ipv4: '10.0.4.9' }]],
  ])('%s', (_name, addresses, want) => {
    expect(toNetworkConnects(makeTask({ addresses }))).toEqual(want);
  });
});
