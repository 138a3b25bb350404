// The liveness loop of heartbeats.ts, driven through the dispatcher's handlers against a memory store
// whose writes of a node going down can be held back, as a slow etcd would: a node that beats while
// another's down-write is under way stays ready, and a silence is measured on the steady clock.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../../../manager/dispatcher/dispatcher';
import { ClusterState } from '../../../../manager/state/cluster-state';
import type { WriteOp } from '../../../../manager/store/store';
import { systemClock } from '../../../../lib/clock';
import { eventually } from '../../../../testkit/eventually';
import { MemoryStore } from '../../../fakes/memory-store';

const NODE_TIMEOUT_MS = 300;

/** A memory store that holds back writes of node `heldId` going down until `release`, and counts every down-write. */
class HeldDownStore extends MemoryStore {
  heldId = '';
  readonly downWrites: string[] = [];
  private waiters: (() => void)[] = [];
  override async commit(ops: readonly WriteOp[]): Promise<number> {
    const down = ops.find(
      (o) => o.op === 'put' && o.kind === 'nodes' && (o.value as { status?: string }).status === 'down',
    );
    if (down) {
      this.downWrites.push(down.id);
      if (down.id === this.heldId) await new Promise<void>((r) => this.waiters.push(r));
    }
    return super.commit(ops);
  }
  release(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

type Handler = (call: { request: unknown }, cb: (err: unknown, res: unknown) => void) => void;
interface Session {
  nodeId: string;
  sessionId: string;
}

/** Calls a unary gRPC handler as the server would. */
function call<Res>(handler: Handler, request: unknown): Promise<Res> {
  // Rejects with the gRPC status object the server sends.
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a gRPC status, see above
  return new Promise((done, fail) => handler({ request }, (err, res) => (err ? fail(err) : done(res as Res))));
}

let stopAll: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopAll?.();
  stopAll = undefined;
});

describe('Dispatcher liveness', () => {
  it('judges each silent node again before writing it down: one that beat meanwhile stays ready', async () => {
    const store = new HeldDownStore();
    const state = new ClusterState(store);
    await state.start();
    const d = new Dispatcher(
      state,
      store,
      systemClock,
      pino({ level: 'silent' }),
      { heartbeatIntervalMs: 100, nodeTimeoutMs: NODE_TIMEOUT_MS },
      (() => {
        let n = 0;
        return () => `id${++n}`;
      })(),
    );
    stopAll = async () => {
      d.stop();
      store.release();
      await state.stop();
    };
    d.start();
    const h = d.handlers() as unknown as Record<'Register' | 'Heartbeat', Handler>;
    const description = (hostname: string) => ({
      hostname,
      role: 'worker',
      labels: {},
      platform: { os: 'linux', arch: 'x86_64' },
      resources: { nanoCpus: 1e9, memoryBytes: 2 ** 30 },
      address: '192.0.2.1',
      engineVersion: 'test',
    });
    // Registered together, they fall silent together: one liveness check finds both.
    const [a, b] = await Promise.all(
      ['a', 'b'].map((name) => call<Session>(h.Register, { description: description(name) })),
    );
    await Promise.all([a!, b!].map((n) => call(h.Heartbeat, { sessionId: n.sessionId, awayMs: 0 })));
    store.heldId = a!.nodeId;

    // Both fall silent; a's down-write is held (a slow etcd), and b beats again meanwhile and from then on.
    await eventually("a's down-write under way", async () => store.downWrites.includes(a!.nodeId), 3000);
    const beating = setInterval(
      () => void call(h.Heartbeat, { sessionId: b!.sessionId, awayMs: 0 }).catch(() => undefined),
      50,
    );
    let c: Session;
    try {
      await call(h.Heartbeat, { sessionId: b!.sessionId, awayMs: 0 });
      store.release();
      await eventually('a down', async () => state.get('nodes', a!.nodeId)?.status === 'down', 3000);
      // c registers now and falls silent: only a check that starts after the held one has finished can
      // find it, so once c is down, the held check has judged b again, and a later one has judged it too.
      c = await call<Session>(h.Register, { description: description('c') });
      await eventually('c down', async () => state.get('nodes', c.nodeId)?.status === 'down', 3000);
    } finally {
      clearInterval(beating);
    }
    expect(store.downWrites).toEqual([a!.nodeId, c.nodeId]);
    expect(state.get('nodes', b!.nodeId)?.status).toBe('ready');
  });

  it('marks a silent node down in time even when the system clock was set back meanwhile', async () => {
    const store = new HeldDownStore();
    const state = new ClusterState(store);
    await state.start();
    let offsetMs = 0;
    const wall = { now: () => Date.now() + offsetMs };
    const d = new Dispatcher(
      state,
      store,
      wall,
      pino({ level: 'silent' }),
      { heartbeatIntervalMs: 100, nodeTimeoutMs: NODE_TIMEOUT_MS },
      () => `id${Math.random()}`,
    );
    stopAll = async () => {
      d.stop();
      await state.stop();
    };
    d.start();
    const h = d.handlers() as unknown as Record<'Register' | 'Heartbeat', Handler>;
    const n = await call<Session>(h.Register, {
      description: {
        hostname: 'a',
        role: 'worker',
        labels: {},
        platform: { os: 'linux', arch: 'x86_64' },
        resources: { nanoCpus: 1e9, memoryBytes: 2 ** 30 },
        address: '192.0.2.1',
        engineVersion: 'test',
      },
    });
    offsetMs = -3600_000; // an NTP step, or an operator's date command
    await call(h.Heartbeat, { sessionId: n.sessionId, awayMs: 0 });
    await eventually(
      'the silent node down',
      async () => state.get('nodes', n.nodeId)?.status === 'down',
      5 * NODE_TIMEOUT_MS,
    );
  });
});
