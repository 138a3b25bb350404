// Name resolution for the control API, pure: users name services by id, full name
// ("web_app") or short name ("app") where that is unambiguous, and nodes by id or hostname.
import { AmbiguousNameError, NotFoundError } from '../../proto/errors';
import { shortName } from '../../domain/naming';
import type { Node, Service } from '../../proto/types';

/** What names a service: a stored one, or one set aside as invalid. */
export interface NamedService {
  id: string;
  spec: Pick<Service['spec'], 'name' | 'stack'>;
}

export function resolveService<S extends NamedService>(services: readonly S[], name: string): S {
  const exact = services.find((s) => s.spec.name === name || s.id === name);
  if (exact) return exact;
  const short = services.filter((s) => shortName(s.spec.stack, s.spec.name) === name);
  if (short.length === 1) return short[0];
  if (short.length > 1) throw new AmbiguousNameError('service', name, short.map((s) => s.spec.name).sort());
  const byPrefix = services.filter((s) => s.id.startsWith(name));
  if (name.length >= 4 && byPrefix.length === 1) return byPrefix[0];
  throw new NotFoundError('service', name);
}

export function resolveNode(nodes: readonly Node[], name: string): Node {
  const exact = nodes.find((n) => n.id === name || n.description.hostname === name);
  if (exact) return exact;
  const byPrefix = nodes.filter((n) => n.id.startsWith(name));
  if (name.length >= 4 && byPrefix.length === 1) return byPrefix[0];
  if (byPrefix.length > 1)
    throw new AmbiguousNameError(
      'node',
      name,
      byPrefix.map((n) => n.id),
    );
  throw new NotFoundError('node', name);
}
