// No poison pills, on a real etcd and a real manager: objects written straight into etcd (not JSON, the wrong shape,
// a billion replicas, a garbage task) neither stop the manager from starting nor from serving; each is reported in
// the log (by key, never by value), in `service ls`/`service ps` and in events, and a valid write of its key replaces
// it. A billion replicas are set aside as over the limit; the most replicas a service may have (100,000) never make
// more than one batch of tasks per orchestrator tick.
import { Etcd3 } from 'etcd3';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type ShoalClient } from '../../../cli/client';
import { DEFAULT_CONFIG, type ManagerConfig } from '../../../manager/config';
import { Manager } from '../../../manager/manager';
import { MAX_REPLICAS } from '../../../domain/limits';
import { MAX_NEW_TASKS_PER_PASS } from '../../../manager/orchestrator/reconcile';
import { KeyLayout } from '../../../manager/store/keys';
import type { ClusterEvent__Output } from '../../../proto/generated/shoal/v1/ClusterEvent';
import type { ServiceView__Output } from '../../../proto/generated/shoal/v1/ServiceView';
import { eventually } from '../../../testkit/eventually';
import { makeService, makeTask } from '../../fakes/builders';
import { startEtcd, type EtcdHandle } from '../etcd-harness';

const SECRET = 'hunter2-do-not-log';

let etcd: EtcdHandle;
let raw: Etcd3;
let manager: Manager;
let client: ShoalClient;
const logLines: Record<string, unknown>[] = [];
const keys = new KeyLayout(`/test-poison-${process.pid}`);

const put = (kind: 'services' | 'tasks', id: string, value: unknown) =>
  raw.put(keys.object(kind, id)).value(typeof value === 'string' ? value : JSON.stringify(value));

function invalidLogs(): Record<string, unknown>[] {
  return logLines.filter((l) => l.msg === 'stored object is invalid; set aside until it is written again');
}

async function serviceNamed(name: string): Promise<ServiceView__Output | undefined> {
  return (await client.listServices({})).find((v) => v.service?.spec?.name === name);
}

beforeAll(async () => {
  etcd = await startEtcd();
  raw = new Etcd3({ hosts: etcd.endpoints });
  await put('services', 'notjson', `{"id": "notjson", "env": ["PASSWORD=${SECRET}"]`);
  await put('services', 'wrongshape', { id: 'wrongshape', spec: { name: 'poison_shape', env: [SECRET] } });
  await put('services', 'billion', makeService({ id: 'billion', spec: { name: 'poison_billion', replicas: 1e9 } }));
  await put('services', 'huge', makeService({ id: 'huge', spec: { name: 'poison_huge', replicas: MAX_REPLICAS } }));
  const config: ManagerConfig = {
    ...DEFAULT_CONFIG,
    listen: '127.0.0.1:0',
    etcd: etcd.endpoints,
    etcdPrefix: keys.prefix,
    logLevel: 'info',
  };
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
  manager = await Manager.start(config, logger);
  client = await connect(manager.address);
}, 60_000);

afterAll(async () => {
  client?.close();
  await manager?.stop();
  raw?.close();
  await etcd?.stop();
});

describe('a manager started on bad objects in etcd', () => {
  it('serves, and lists each bad service as invalid with its problem', async () => {
    const views = await client.listServices({});
    const byId = new Map(views.map((v) => [v.service!.id, v]));
    expect(byId.get('notjson')?.service).toMatchObject({
      spec: { name: 'notjson', mode: 'invalid' },
      updateStatus: {
        state: 'invalid',
        message: expect.stringMatching(/^stored service is invalid: value is not JSON/),
      },
    });
    expect(byId.get('wrongshape')?.service).toMatchObject({
      spec: { name: 'poison_shape', mode: 'invalid' },
      updateStatus: { message: expect.stringContaining('spec.stack: must be a string') },
    });
    const ps = await client.listTasks({ stack: '', services: ['poison_shape'], node: '' });
    expect(ps.map((v) => [v.task!.id, v.task!.status!.state, v.task!.status!.err])).toEqual([
      ['wrongshape', 'rejected', expect.stringContaining('spec.stack: must be a string')],
    ]);
    expect(JSON.stringify(views)).not.toContain(SECRET);
  });

  it('logs each bad object once, by key and problem, never by value', () => {
    const logged = invalidLogs().map((l) => l['store.key']);
    expect(logged).toEqual(
      expect.arrayContaining([keys.object('services', 'notjson'), keys.object('services', 'wrongshape')]),
    );
    expect(new Set(logged).size).toBe(logged.length);
    expect(JSON.stringify(logLines)).not.toContain(SECRET);
  });

  it('reports each bad object as an event', async () => {
    const got: ClusterEvent__Output[] = [];
    let ended = false;
    client.watchEvents(
      { since: 1, until: Date.now(), filters: ['event=invalid'] },
      { onMessage: (e) => got.push(e), onEnd: () => (ended = true), onError: () => (ended = true) },
    );
    await eventually('the event replay ended', async () => ended);
    expect(got.map((e) => `${e.type} ${e.id}`)).toEqual(
      expect.arrayContaining(['service notjson', 'service wrongshape']),
    );
  });

  it('sets aside a billion replicas as invalid, naming the limit', async () => {
    await eventually('the billion-replica service listed as invalid', async () => {
      const view = await serviceNamed('poison_billion');
      return view?.service?.spec?.mode === 'invalid';
    });
    expect((await serviceNamed('poison_billion'))?.service?.updateStatus?.message).toContain(
      `over the limit of ${MAX_REPLICAS}`,
    );
    const tasks = await client.listTasks({ stack: '', services: ['poison_billion'], node: '' });
    expect(tasks.filter((t) => t.task!.desiredState === 'running')).toEqual([]);
  });

  it('creates at most one batch of tasks per tick for the most replicas a service may have', async () => {
    const reconciled = () => logLines.filter((l) => l.msg === 'service reconciled' && l['service.id'] === 'huge');
    await eventually('two batches of its tasks created', async () => reconciled().length >= 2);
    for (const l of reconciled()) expect((l.created as unknown[]).length).toBeLessThanOrEqual(MAX_NEW_TASKS_PER_PASS);
    // A valid write of the key replaces it: two replicas, the extra tasks shut down.
    await put('services', 'huge', makeService({ id: 'huge', spec: { name: 'poison_huge', replicas: 2 } }));
    await eventually('the huge service scaled to 2', async () => {
      const tasks = await client.listTasks({ stack: '', services: ['poison_huge'], node: '' });
      return tasks.filter((t) => t.task!.desiredState === 'running').length === 2;
    });
    expect((await serviceNamed('poison_huge'))?.replicas?.desired).toBe(2);
  }, 30_000);

  it('sets aside a garbage task written while it runs, and takes a valid service written over a bad one', async () => {
    await put('tasks', 'garbage', { id: 'garbage', serviceId: 'wrongshape', serviceName: 'poison_shape', status: 7 });
    await eventually('the garbage task logged', async () =>
      invalidLogs().some((l) => l['store.key'] === keys.object('tasks', 'garbage')),
    );
    const ps = await client.listTasks({ stack: '', services: ['poison_shape'], node: '' });
    expect(ps.map((v) => v.task!.id).sort()).toEqual(['garbage', 'wrongshape']);

    const fixed = makeService({ id: 'wrongshape', spec: { name: 'poison_fixed', replicas: 1 } });
    await put('services', 'wrongshape', fixed);
    await put('tasks', 'garbage', makeTask({ id: 'garbage', serviceId: 'wrongshape', serviceName: 'poison_fixed' }));
    await eventually('the fixed service listed with its task', async () => {
      const view = await serviceNamed('poison_fixed');
      const tasks = await client.listTasks({ stack: '', services: ['poison_fixed'], node: '' });
      return view?.service?.spec?.mode === 'replicated' && tasks.every((t) => t.task!.status!.state !== 'rejected');
    });
    expect((await client.listServices({})).map((v) => v.service!.id)).not.toContain('garbage');
  });
});
