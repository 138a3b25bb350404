// Which addresses unended tasks hold on each network, kept current from task changes (a ClusterState
// task index): a plan then costs what it allocates, not a pass over every task's addresses.
import type { TaskIndex } from '../state/cluster-state';
import type { Task } from '../../proto/types';
import { addressIp, type HeldIps } from './ipam';
import { holdsAddresses, type HeldAddresses } from './plan';

const NOTHING_HELD: HeldIps = { has: () => false };

export class AddressBook implements TaskIndex, HeldAddresses {
  /** network id -> address -> how many tasks hold it (more than one only if the store says so). */
  private readonly held = new Map<string, Map<number, number>>();

  /** A book of these tasks, for a plan made outside a loop. */
  static of(tasks: readonly Task[]): AddressBook {
    const book = new AddressBook();
    for (const t of tasks) book.add(t);
    return book;
  }

  heldOn(networkId: string): HeldIps {
    return this.held.get(networkId) ?? NOTHING_HELD;
  }

  add(t: Task): void {
    if (!holdsAddresses(t)) return;
    for (const a of t.addresses) {
      const ip = addressIp(a.address);
      if (ip === undefined) continue;
      let ips = this.held.get(a.networkId);
      if (!ips) this.held.set(a.networkId, (ips = new Map<number, number>()));
      ips.set(ip, (ips.get(ip) ?? 0) + 1);
    }
  }

  remove(t: Task): void {
    if (!holdsAddresses(t)) return;
    for (const a of t.addresses) {
      const ip = addressIp(a.address);
      const ips = this.held.get(a.networkId);
      if (ip === undefined || !ips) continue;
      const n = (ips.get(ip) ?? 0) - 1;
      if (n > 0) ips.set(ip, n);
      else ips.delete(ip);
      if (ips.size === 0) this.held.delete(a.networkId);
    }
  }

  clear(): void {
    this.held.clear();
  }
}
