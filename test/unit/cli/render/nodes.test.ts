import { describe, expect, it } from 'vitest';
import { renderNodeTable, toNodeDetailJson, toNodeJson } from '../../../../cli/render/nodes';
import { renderTable } from '../../../../cli/render/table';
import { makeNode } from '../../../fakes/builders';

describe('renderNodeTable', () => {
  it('prints ID HOSTNAME STATUS AVAILABILITY ROLE ADDRESS, sorted naturally by hostname, states capitalized', () => {
    const nodes = [
      makeNode({
        id: 'n-c',
        status: 'down',
        availability: 'drain',
        description: { hostname: 'host-10', role: 'worker', address: '10.0.0.10' },
      }),
      makeNode({ id: 'n-a', description: { hostname: 'host-2', role: 'manager', address: '10.0.0.2' } }),
    ];
    expect(renderNodeTable(nodes, { quiet: false, noTrunc: false })).toEqual(
      renderTable(
        ['ID', 'HOSTNAME', 'STATUS', 'AVAILABILITY', 'ROLE', 'ADDRESS'],
        [
          ['n-a', 'host-2', 'Ready', 'Active', 'manager', '10.0.0.2'],
          ['n-c', 'host-10', 'Down', 'Drain', 'worker', '10.0.0.10'],
        ],
      ),
    );
  });

  it('prints only ids when quiet', () => {
    const nodes = [
      makeNode({ id: 'n-b', description: { hostname: 'b' } }),
      makeNode({ id: 'n-a', description: { hostname: 'a' } }),
    ];
    expect(renderNodeTable(nodes, { quiet: true, noTrunc: false })).toEqual(['n-a', 'n-b']);
  });
});

describe('node JSON', () => {
  const node = makeNode({
    id: 'n-1',
    status: 'ready',
    availability: 'pause',
    labels: { zone: 'b', disk: 'ssd' },
    description: { hostname: 'host-1', role: 'worker', address: '10.0.0.1', labels: { zone: 'a', rack: '4' } },
  });

  it("carries the fields scripts read; labels set with node update override the agent's own", () => {
    expect(toNodeJson(node)).toEqual({
      id: 'n-1',
      hostname: 'host-1',
      status: 'ready',
      availability: 'pause',
      role: 'worker',
      labels: { zone: 'b', rack: '4', disk: 'ssd' },
      address: '10.0.0.1',
    });
  });

  it('inspect adds the agent labels apart, platform, resources and engine version', () => {
    expect(toNodeDetailJson(node)).toMatchObject({
      agentLabels: { zone: 'a', rack: '4' },
      platform: { os: 'linux', arch: 'x86_64' },
      engineVersion: '27.0.0',
    });
  });
});
