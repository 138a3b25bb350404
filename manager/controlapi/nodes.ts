// Control API: nodes.
import { FailedPreconditionError, InvalidArgumentError } from '../../proto/errors';
import type { RemoveNodeResponse__Output } from '../../proto/generated/shoal/v1/RemoveNodeResponse';
import type { UpdateNodeRequest__Output } from '../../proto/generated/shoal/v1/UpdateNodeRequest';
import type { Node } from '../../proto/types';
import { parseLabel } from '../../domain/labels';
import { shown, specSizeProblem } from '../../domain/limits';
import { AVAILABILITIES } from '../../domain/spec-values';
import { planAndCommit, type ControlDeps } from './deps';
import { resolveNode } from './resolve';

export function listNodes(deps: ControlDeps): Node[] {
  return deps.state.list('nodes').sort((a, b) => a.description.hostname.localeCompare(b.description.hostname));
}

export function getNode(deps: ControlDeps, name: string): Node {
  return resolveNode(deps.state.list('nodes'), name);
}

export async function updateNode(deps: ControlDeps, req: UpdateNodeRequest__Output): Promise<Node> {
  const updated = await planAndCommit(deps, `update node ${req.name}`, () => {
    const value = planNodeUpdate(resolveNode(deps.state.list('nodes'), req.name), req, deps.clock.now());
    return {
      ops: [{ op: 'put', kind: 'nodes', id: value.id, value, expectVersion: value.meta.version }],
      result: value,
    };
  });
  deps.logger.info(
    {
      'node.id': updated.id,
      'node.hostname': updated.description.hostname,
      availability: updated.availability,
      labels: updated.labels,
    },
    'node updated',
  );
  return deps.state.get('nodes', updated.id) ?? updated;
}

/** The node with the request's labels and availability applied; throws on a bad request. */
function planNodeUpdate(node: Node, req: UpdateNodeRequest__Output, now: number): Node {
  if (req.availability && !(AVAILABILITIES as readonly string[]).includes(req.availability)) {
    throw new InvalidArgumentError(
      `availability must be one of ${AVAILABILITIES.join(', ')} (got ${JSON.stringify(req.availability)})`,
    );
  }
  const labels = { ...node.labels };
  for (const l of req.labelAdd) {
    const label = parseLabel(l);
    if (!label.ok) throw new InvalidArgumentError(`invalid label ${shown(l)}: ${label.error}; want key=value or key`);
    labels[label.key] = label.value;
  }
  for (const key of req.labelRm) {
    if (!(key in labels))
      throw new InvalidArgumentError(`label ${shown(key)} is not set on node ${node.description.hostname}`);
    delete labels[key];
  }
  const tooLarge = specSizeProblem(`the labels of node ${node.description.hostname}`, labels, node.labels);
  if (tooLarge) throw new InvalidArgumentError(tooLarge);
  return {
    ...node,
    labels,
    availability: req.availability || node.availability,
    meta: { ...node.meta, updatedAt: now },
  };
}

/**
 * Removes a node that is down. A ready node is refused, with or without force: a node is known by its
 * hostname, so a connected agent would register it again at once. Its tasks are then on a node that
 * left the cluster, which the orchestrator replaces and forgets.
 */
export async function removeNode(deps: ControlDeps, name: string): Promise<RemoveNodeResponse__Output> {
  const node = await planAndCommit(deps, `remove node ${name}`, () => {
    const n = resolveNode(deps.state.list('nodes'), name);
    checkRemovable(n);
    return { ops: [{ op: 'delete', kind: 'nodes', id: n.id, expectVersion: n.meta.version }], result: n };
  });
  deps.logger.info({ 'node.id': node.id, 'node.hostname': node.description.hostname }, 'node removed');
  return { id: node.id, hostname: node.description.hostname };
}

/** Throws unless the node may be removed: only a node that is down. */
export function checkRemovable(node: Node): void {
  if (node.status === 'down') return;
  throw new FailedPreconditionError(
    `node ${node.description.hostname} is ${node.status}: only a node that is down can be removed; ` +
      'stop its agent first (drain it before, to move its tasks)',
  );
}
