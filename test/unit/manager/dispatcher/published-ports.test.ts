import { describe, expect, it } from 'vitest';
import type { Network } from '../../../../proto/types';
import { makeNode, makeService, makeTask } from '../../../fakes/builders';
import { allocatedNetwork, attach } from '../allocator/fixtures';
import { nodeMap, type MapInput as NetworkMapInput } from './map-sources';

/** The published services every node's map holds (here node-1's, after its complete set). */
const planPublishedServices = (input: NetworkMapInput) => nodeMap('node-1', input).published;

const front = allocatedNetwork('n-front', 'web_front', 4096, '10.0.0.0/24');
const secret = { ...allocatedNetwork('n-secret', 'web_secret', 4097, '10.0.1.0/24') };
secret.spec = { ...secret.spec, internal: true };
const addr = (n: Network, ip: string) => ({ networkId: n.id, network: n.spec.name, address: `${ip}/24` });
const ingress = { protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' };
const exposed = { protocol: 'tcp', targetPort: 9000, publishedPort: 0, publishMode: 'ingress' };

const nodes = [
  makeNode({ id: 'node-1', description: { address: '192.168.0.1' } }),
  makeNode({ id: 'node-2', description: { address: '192.168.0.2' } }),
  makeNode({ id: 'node-3', status: 'down', description: { address: '192.168.0.3' } }),
];
const app = makeService({
  id: 's-app',
  spec: {
    name: 'web_app',
    networks: attach('web_secret', 'web_front'),
    endpoint: { mode: 'vip', ports: [ingress, exposed] },
  },
});
const db = makeService({
  id: 's-db',
  spec: { name: 'web_db', networks: attach('web_front'), endpoint: { mode: 'vip', ports: [exposed] } },
});
const appTask = (id: string, nodeId: string, ip: string, o: Parameters<typeof makeTask>[0] = {}) =>
  makeTask({
    id,
    serviceId: app.id,
    nodeId,
    addresses: [addr(secret, ip.replace('10.0.0.', '10.0.1.')), addr(front, ip)],
    status: { state: 'running' },
    ...o,
  });

const base: NetworkMapInput = {
  networks: [front, secret],
  services: [app, db],
  nodes,
  tasks: [
    appTask('t1', 'node-2', '10.0.0.12'),
    appTask('t2', 'node-1', '10.0.0.4'),
    makeTask({
      id: 't9',
      serviceId: db.id,
      nodeId: 'node-1',
      addresses: [addr(front, '10.0.0.30')],
      status: { state: 'running' },
    }),
  ],
};

describe('published services in the network map', () => {
  it(
    'lists each service with a published port: those ports, ' +
      'and its running tasks at their non-internal address with their host',
    () => {
      expect(planPublishedServices(base)).toEqual([
        {
          serviceId: 's-app',
          name: 'web_app',
          ports: [ingress],
          backends: [
            { address: '10.0.0.4', nodeAddress: '192.168.0.1' },
            { address: '10.0.0.12', nodeAddress: '192.168.0.2' },
          ],
        },
      ]);
    },
  );

  it.each<[string, Parameters<typeof makeTask>[0]]>([
    ['a task still starting (its healthcheck has not passed)', { status: { state: 'starting' } }],
    ['a task being shut down', { desiredState: 'shutdown' }],
    ['a task on a node that is down', { nodeId: 'node-3' }],
    ['a task whose only address is on an internal network', { addresses: [addr(secret, '10.0.1.40')] }],
  ])('is no backend: %s', (_, o) => {
    const [s] = planPublishedServices({ ...base, tasks: [...base.tasks, appTask('t3', 'node-1', '10.0.0.40', o)] });
    expect(s!.backends.map((b) => b.address)).toEqual(['10.0.0.4', '10.0.0.12']);
  });

  it('keeps a service with no running task, with no backends', () => {
    expect(planPublishedServices({ ...base, tasks: [] })).toEqual([
      expect.objectContaining({ name: 'web_app', backends: [] }),
    ]);
  });

  it('is empty when nothing publishes a port', () => {
    expect(planPublishedServices({ ...base, services: [db] })).toEqual([]);
  });
});
