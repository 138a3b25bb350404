// The Control API's checks applied to a service spec read back from the store, pure: a spec that could not be
// deployed today (an `etcdctl` edit, an older version's limits) is set aside as the wire would have refused it.
import type { ServiceSpec } from '../../proto/types';
import { validateServiceSpec } from './validation';

/** The problems of a stored service's spec; its networks were resolved when it was stored, so they are not checked. */
export function storedSpecProblems(spec: ServiceSpec): string[] {
  const problems: string[] = [];
  validateServiceSpec(spec, 'spec', new Set(spec.networks.map((n) => n.target)), (ok, path, message) => {
    if (!ok) problems.push(`${path}: ${message}`);
  });
  return problems;
}
