import { describe, expect, it } from 'vitest';
import { NetworkMapReceiver, planReceivedNetworkMap, type HeldBatch } from '../../../agent/network-map-chunks';
import { planObjectChanges } from '../../../domain/network-map-model';
import type { NetworkMap__Output } from '../../../proto/generated/shoal/v1/NetworkMap';

/** The change that places network `id` (named after it) in a map. */
const net = (id: string) =>
  planObjectChanges('network', id, undefined, {
    id,
    name: id,
    vni: 4096,
    subnet: '10.0.0.0/24',
    gateway: '10.0.0.1',
    internal: false,
    peers: [],
    services: [],
  })[0]!;

/**
 * A message from one line: `complete` or `incremental`, its sequence, `[` to begin a batch, network
 * ids to place, `-id` per removal, `]` to end the batch. "complete 4 [ a b" begins a complete batch.
 */
function msg(line: string): NetworkMap__Output {
  const [type, sequence, ...rest] = line.split(' ');
  return {
    type: type!,
    sequence: Number(sequence),
    batchBegin: rest.includes('['),
    batchEnd: rest.includes(']'),
    changes: rest
      .filter((w) => !/^[[\]]$/.test(w))
      .map((w) =>
        w.startsWith('-') ? planObjectChanges('network', w.slice(1), net(w.slice(1)).network!, undefined)[0]! : net(w),
      ),
  };
}

describe('planReceivedNetworkMap', () => {
  it.each<[string, string[], string[], number, boolean]>([
    ['a batch in one message is applied at once', ['complete 1 [ a ]'], ['complete 1'], 0, false],
    [
      'a batch over three messages is applied once, whole',
      ['complete 1 [ a', 'complete 2 b', 'complete 3 c ]'],
      ['complete 3'],
      0,
      false,
    ],
    ['a batch without its end is held, not applied', ['complete 1 [ a', 'complete 2 b'], [], 0, true],
    ['a message out of sequence drops the batch', ['incremental 1 [ a', 'incremental 3 b ]'], [], 1, false],
    ['a continuation with no beginning is dropped', ['incremental 4 b ]'], [], 1, false],
    ['a new beginning replaces a half batch', ['complete 1 [ a', 'complete 5 [ b ]'], ['complete 1'], 0, false],
  ])('%s', (_what, lines, wantApplied, wantDropped, wantHolding) => {
    let held: HeldBatch | undefined;
    const applied: string[] = [];
    let dropped = 0;
    for (const l of lines) {
      const plan = planReceivedNetworkMap(held, msg(l));
      held = plan.held;
      if (plan.dropped) dropped++;
      if (plan.apply) applied.push(`${plan.apply.type} ${plan.apply.changes.length}`);
    }
    expect([applied, dropped, held !== undefined]).toEqual([wantApplied, wantDropped, wantHolding]);
  });
});

describe('NetworkMapReceiver', () => {
  const names = (r: ReturnType<NetworkMapReceiver['receive']>) => r.map?.networks.map((n) => n.name);

  it('replaces its map with each complete batch and changes it with incremental ones', () => {
    const r = new NetworkMapReceiver();
    expect(names(r.receive(msg('complete 1 [ a b ]')))).toEqual(['a', 'b']);
    expect(names(r.receive(msg('incremental 2 [ -a c ]')))).toEqual(['b', 'c']);
    expect(names(r.receive(msg('complete 1 [ d ]')))).toEqual(['d']);
  });

  it('holds no map until a batch ends, and skips an incremental batch before any map, saying so', () => {
    const r = new NetworkMapReceiver();
    expect(r.receive(msg('incremental 1 [ a ]'))).toEqual({
      problems: ['incremental batch ending at 1 came before any complete map'],
    });
    expect(r.receive(msg('complete 2 [ a'))).toEqual({ problems: [] });
    expect(names(r.receive(msg('complete 3 b ]')))).toEqual(['a', 'b']);
  });
});
