import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../../../manager/events/event-log';
import { ClusterState } from '../../../../manager/state/cluster-state';
import type { StoreEvent } from '../../../../manager/store/store';
import type { ClusterEvent } from '../../../../domain/event-filter';
import { makeService, makeTask } from '../../../fakes/builders';
import { MemoryStore } from '../../../fakes/memory-store';
import { eventually } from '../../../../testkit/eventually';

/** A store whose watch can break off, as etcd's does when its history was compacted. */
class BreakableStore extends MemoryStore {
  private stopWatch?: () => Promise<void>;
  private onError?: (err: Error) => void;

  override async watch(
    after: number,
    onEvents: (events: StoreEvent[], revision: number) => void,
    onError?: (err: Error) => void,
  ) {
    this.stopWatch = await super.watch(after, onEvents);
    this.onError = onError;
    return this.stopWatch;
  }

  /** Nothing is delivered any more; `failWatch` then tells the watcher. */
  async pauseWatch(): Promise<void> {
    await this.stopWatch!();
  }

  failWatch(): void {
    this.onError!(new Error('mvcc: required revision has been compacted'));
  }
}

const line = (e: ClusterEvent) => `${e.time} ${e.type} ${e.action} ${e.name}`;

describe('EventLog', () => {
  let state: ClusterState | undefined;
  let log: EventLog | undefined;
  afterEach(async () => {
    log?.stop();
    await state?.stop();
  });

  async function setup() {
    const store = new BreakableStore();
    const clock = { t: 1000, now: () => clock.t };
    state = new ClusterState(store);
    await state.start();
    log = new EventLog(state, clock);
    log.start();
    const commit = async (...ops: Parameters<MemoryStore['commit']>[0]) => state!.waitFor(await store.commit(ops));
    return { store, clock, log, commit };
  }

  it('keeps the events of every change, and gives those since a time', async () => {
    const { clock, log: l, commit } = await setup();
    const svc = makeService({ id: 's1', spec: { name: 'web_app' } });
    await commit({ op: 'put', kind: 'services', id: 's1', value: svc, expectVersion: 0 });
    clock.t = 2000;
    await commit({
      op: 'put',
      kind: 'tasks',
      id: 't1',
      value: makeTask({ id: 't1', serviceId: 's1', serviceName: 'web_app', slot: 1 }),
      expectVersion: 0,
    });
    expect(l.since(0).map(line)).toEqual(['1000 service create web_app', '2000 task create web_app.1']);
    expect(l.since(1500).map(line)).toEqual(['2000 task create web_app.1']);
  });

  it('hands new events to subscribers until they unsubscribe', async () => {
    const { log: l, commit } = await setup();
    const seen: string[] = [];
    const unsubscribe = l.subscribe((e) => seen.push(`${e.type} ${e.action}`));
    await commit({ op: 'put', kind: 'services', id: 's1', value: makeService({ id: 's1' }), expectVersion: 0 });
    unsubscribe();
    await commit({ op: 'delete', kind: 'services', id: 's1' });
    expect(seen).toEqual(['service create']);
    expect(l.since(0).map((e) => e.action)).toEqual(['create', 'remove']);
  });

  it('derives the events of what changed while the watch was broken, once the state is loaded again', async () => {
    const { store, log: l, commit } = await setup();
    await commit({
      op: 'put',
      kind: 'services',
      id: 's1',
      value: makeService({ id: 's1', spec: { name: 'old' } }),
      expectVersion: 0,
    });
    await store.pauseWatch();
    await store.commit([
      { op: 'delete', kind: 'services', id: 's1' },
      {
        op: 'put',
        kind: 'services',
        id: 's2',
        value: makeService({ id: 's2', spec: { name: 'new' } }),
        expectVersion: 0,
      },
    ]);
    store.failWatch();
    await eventually('events of the reload', async () => l.since(0).length === 3);
    expect(l.since(0).map((e) => `${e.action} ${e.name}`)).toEqual(['create old', 'remove old', 'create new']);
  });
});
