// Control API: nodes.
import { InvalidArgumentError } from '../../proto/errors';
import type { UpdateNodeRequest__Output } from '../../proto/generated/shoal/v1/UpdateNodeRequest';
import type { Node } from '../../proto/types';
import { AVAILABILITIES } from '../../proto/spec-values';
import { commitAndWait, type ControlDeps } from './deps';
import { resolveNode } from './resolve';

const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

export function listNodes(deps: ControlDeps): Node[] {
  return deps.state.list('nodes').sort((a, b) => a.description.hostname.localeCompare(b.description.hostname));
}

export function getNode(deps: ControlDeps, name: string): Node {
  return resolveNode(deps.state.list('nodes'), name);
}

export async function updateNode(deps: ControlDeps, req: UpdateNodeRequest__Output): Promise<Node> {
  const node = resolveNode(deps.state.list('nodes'), req.name);
  if (req.availability && !(AVAILABILITIES as readonly string[]).includes(req.availability)) {
    throw new InvalidArgumentError(`availability must be one of ${AVAILABILITIES.join(', ')} (got ${JSON.stringify(req.availability)})`);
  }
  const labels = { ...node.labels };
  for (const l of req.labelAdd) {
    const eq = l.indexOf('=');
    const key = eq < 0 ? l : l.slice(0, eq);
    if (!LABEL_KEY.test(key)) throw new InvalidArgumentError(`invalid label ${JSON.stringify(l)}: want key=value`);
    labels[key] = eq < 0 ? '' : l.slice(eq + 1);
  }
  for (const key of req.labelRm) {
    if (!(key in labels)) throw new InvalidArgumentError(`label ${JSON.stringify(key)} is not set on node ${node.description.hostname}`);
    delete labels[key];
  }
  const updated: Node = { ...node, labels, availability: req.availability || node.availability, meta: { ...node.meta!, updatedAt: deps.clock.now() } };
  await commitAndWait(deps, [{ op: 'put', kind: 'nodes', id: node.id, value: updated, expectVersion: node.meta?.version ?? 0 }]);
  deps.logger.info({ 'node.id': node.id, 'node.hostname': node.description.hostname, availability: updated.availability, labels }, 'node updated');
  return deps.state.get('nodes', node.id) ?? updated;
}
