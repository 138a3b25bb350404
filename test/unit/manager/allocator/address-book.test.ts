import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressBook } from '../../../../manager/allocator/address-book';
import { parseIp } from '../../../../manager/allocator/ipam';
import type { Task } from '../../../../proto/types';
import { makeTask } from '../../../fakes/builders';

const IPS = ['10.0.0.2', '10.0.0.3', '10.0.0.4'];
const ipsOf = (book: AddressBook, networkId: string) => IPS.filter((ip) => book.heldOn(networkId).has(parseIp(ip)!));

const taskArb = (id: string) =>
  fc
    .record({
      state: fc.constantFrom('pending', 'running', 'failed'),
      addresses: fc
        .subarray(IPS)
        .chain((ips) =>
          fc.tuple(
            ...ips.map((ip) =>
              fc.constantFrom('n1', 'n2').map((networkId) => ({ networkId, network: networkId, address: `${ip}/24` })),
            ),
          ),
        ),
    })
    .map((o) => makeTask({ id, status: { state: o.state }, addresses: o.addresses }));

/** Each step puts a new value for one of a few task ids, or (one in four) deletes it. */
type Step = { id: string; task: Task | undefined };
const stepsArb = fc.array(
  fc
    .tuple(fc.nat({ max: 4 }), fc.nat({ max: 3 }))
    .chain(([i, d]): fc.Arbitrary<Step> =>
      d === 0 ? fc.constant({ id: `t${i}`, task: undefined }) : taskArb(`t${i}`).map((task) => ({ id: `t${i}`, task })),
    ),
  { maxLength: 40 },
);

describe('AddressBook', () => {
  it(
    'kept current change by change, ' +
      'holds what the unended tasks there are hold (also when two tasks claim one address)',
    () => {
      fc.assert(
        fc.property(stepsArb, (steps) => {
          const book = new AddressBook();
          const tasks = new Map<string, Task>();
          for (const { id, task } of steps) {
            const old = tasks.get(id);
            if (old) book.remove(old);
            if (task) {
              book.add(task);
              tasks.set(id, task);
            } else tasks.delete(id);
          }
          const fresh = AddressBook.of([...tasks.values()]);
          for (const n of ['n1', 'n2']) expect(ipsOf(book, n)).toEqual(ipsOf(fresh, n));
        }),
      );
    },
  );

  it('an ended task holds nothing; a task being shut down still does', () => {
    const addresses = [{ networkId: 'n1', network: 'n1', address: '10.0.0.2/24' }];
    expect(ipsOf(AddressBook.of([makeTask({ addresses, status: { state: 'complete' } })]), 'n1')).toEqual([]);
    expect(
      ipsOf(AddressBook.of([makeTask({ addresses, desiredState: 'shutdown', status: { state: 'running' } })]), 'n1'),
    ).toEqual(['10.0.0.2']);
  });
});
