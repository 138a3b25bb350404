import { describe, expect, it } from 'vitest';
import { isLifecycleChange, isSchedulingOnly } from '../../../../manager/state/task-change';
import type { Task } from '../../../../proto/types';
import { makeTask } from '../../../fakes/builders';

const base = makeTask({ id: 't', serviceId: 's1', nodeId: 'n1', status: { state: 'assigned' } });
const unplaced = makeTask({ id: 't', serviceId: 's1', nodeId: '', status: { state: 'pending' } });
const address = { networkId: 'net', network: 'default', address: '10.0.0.2/24' };

describe('isLifecycleChange', () => {
  it.each([
    ['created', undefined, base, true],
    ['deleted', base, undefined, true],
    ['moved to another node', base, { ...base, nodeId: 'n2' }, true],
    ['desired state changed', base, { ...base, desiredState: 'shutdown' }, true],
    ['ended', base, { ...base, status: { ...base.status, state: 'failed' } }, true],
    ['progress report only', base, { ...base, status: { ...base.status, state: 'running' } }, false],
  ] as [string, Task | undefined, Task | undefined, boolean][])('%s', (_w, before, after, want) => {
    expect(isLifecycleChange(before, after)).toBe(want);
  });
});

describe('isSchedulingOnly', () => {
  const placed: Task = { ...unplaced, nodeId: 'n1', status: { ...unplaced.status, state: 'assigned' } };
  it.each([
    ['placed on a node', unplaced, placed, true],
    ['given its addresses', unplaced, { ...unplaced, addresses: [address] }, true],
    ['given its addresses and placed', unplaced, { ...placed, addresses: [address] }, true],
    ['created', undefined, placed, false],
    ['deleted', placed, undefined, false],
    ['moved from one node to another', base, { ...base, nodeId: 'n2' }, false],
    ['taken off its node', base, { ...base, nodeId: '' }, false],
    ['placed and its desired state changed', unplaced, { ...placed, desiredState: 'shutdown' }, false],
    ['placed and ended', unplaced, { ...placed, status: { ...placed.status, state: 'rejected' } }, false],
    ['ended on its node', base, { ...base, status: { ...base.status, state: 'failed' } }, false],
  ] as [string, Task | undefined, Task | undefined, boolean][])('%s', (_w, before, after, want) => {
    expect(isSchedulingOnly(before, after)).toBe(want);
  });
});
