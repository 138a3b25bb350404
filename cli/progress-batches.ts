// The CLI's side of WatchProgress, pure: the manager sends batches of the services whose progress
// changed, each batch perhaps over several messages; the whole picture is the last progress of every
// service, whole again at the end of each batch. The commands see whole snapshots, as before.
import type { ProgressSnapshot__Output } from '../proto/generated/shoal/v1/ProgressSnapshot';
import type { ServiceProgress__Output } from '../proto/generated/shoal/v1/ServiceProgress';

export class ProgressBatches {
  private readonly services = new Map<string, ServiceProgress__Output>();

  /** Takes one message; at the end of a batch, the whole snapshot (services in the order first seen). */
  receive(msg: ProgressSnapshot__Output): ProgressSnapshot__Output | undefined {
    for (const s of msg.services) this.services.set(s.service, s);
    if (!msg.batchEnd) return undefined;
    return { services: [...this.services.values()], converged: msg.converged, batchEnd: true };
  }
}
