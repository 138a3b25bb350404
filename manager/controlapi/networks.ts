// Control API: networks. `network create` stores a network outside any stack (stacks refer to it
// with `external: true`); the allocator gives it its VNI and subnet. Asked-for subnets are checked
// against every other network here, before anything is written.
import {
  AmbiguousNameError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  type SpecIssue,
} from '../../proto/errors';
import type { CreateNetworkRequest__Output } from '../../proto/generated/shoal/v1/CreateNetworkRequest';
import { labelKeyProblem } from '../../domain/labels';
import { labelSizeProblem, networkNameProblem, shown, specSizeProblem } from '../../domain/limits';
import { isTerminal } from '../../domain/task-state';
import type { Network, NetworkSpec } from '../../proto/types';
import { formatSubnet, overlaps, parseSubnet, type Subnet } from '../allocator/ipam';
import { requestedSubnet } from '../allocator/plan';
import { planAndCommit, type ControlDeps } from './deps';

/** The only driver Shoal has: VXLAN overlays across the cluster's hosts. */
const OVERLAY_DRIVER = 'overlay';

/** A network's subnet: the one allocated, else the one its spec asks for. */
function subnetOf(n: Network): string | undefined {
  return n.allocation?.subnet || requestedSubnet(n.spec);
}

/**
 * Problems with the subnets `specs` ask for: not a valid CIDR, overlapping another network (stored,
 * or earlier in `specs`), or a change of an allocated network's subnet. A spec replaces the stored
 * network of the same name, so it is not compared with that one.
 */
export function checkNetworkSubnets(specs: readonly NetworkSpec[], existing: readonly Network[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const names = new Set(specs.filter((s) => !s.external).map((s) => s.name));
  const others: { name: string; subnet: Subnet }[] = [];
  for (const n of existing) {
    const text = subnetOf(n);
    if (!text || names.has(n.spec.name)) continue;
    try {
      others.push({ name: n.spec.name, subnet: parseSubnet(text) });
    } catch {
      // A stored network asking for an invalid subnet is never allocated (the allocator reports it); it holds nothing.
    }
  }
  for (const [i, spec] of specs.entries()) {
    const text = spec.external ? undefined : requestedSubnet(spec);
    if (text === undefined) continue;
    const path = `networks[${i}].ipam.config[0].subnet`;
    let subnet: Subnet;
    try {
      subnet = parseSubnet(text, `network ${spec.name}: subnet`);
    } catch (err) {
      issues.push({ path, message: (err as Error).message });
      continue;
    }
    const allocated = existing.find((n) => n.spec.name === spec.name)?.allocation?.subnet;
    if (allocated && allocated !== formatSubnet(subnet)) {
      issues.push({
        path,
        message:
          `network ${spec.name} already has subnet ${allocated}; ` + 'remove it (with its stack) to change the subnet',
      });
      continue;
    }
    const clash = others.find((o) => overlaps(o.subnet, subnet));
    if (clash)
      issues.push({
        path,
        message:
          `subnet ${text} of network ${spec.name} ` + `overlaps ${formatSubnet(clash.subnet)} of network ${clash.name}`,
      });
    else others.push({ name: spec.name, subnet });
  }
  return issues;
}

/** A network by name, id, or an unambiguous id prefix of 4 characters or more. */
export function resolveNetwork(networks: readonly Network[], name: string): Network {
  const exact = networks.find((n) => n.spec.name === name || n.id === name);
  if (exact) return exact;
  const byPrefix = networks.filter((n) => n.id.startsWith(name));
  if (name.length >= 4 && byPrefix.length === 1) return byPrefix[0]!;
  if (byPrefix.length > 1) throw new AmbiguousNameError('network', name, byPrefix.map((n) => n.spec.name).sort());
  throw new NotFoundError('network', name);
}

export function listNetworks(deps: ControlDeps): Network[] {
  return deps.state.list('networks').sort((a, b) => a.spec.name.localeCompare(b.spec.name));
}

export function getNetwork(deps: ControlDeps, name: string): Network {
  return resolveNetwork(deps.state.list('networks'), name);
}

/** The spec `network create` stores, or InvalidArgumentError naming what is wrong. */
export function toCreatedSpec(wire: NetworkSpec): NetworkSpec {
  const badName = networkNameProblem(wire.name);
  if (badName) throw new InvalidArgumentError(badName);
  const driver = wire.driver || OVERLAY_DRIVER;
  if (driver !== OVERLAY_DRIVER)
    throw new InvalidArgumentError(`driver ${shown(driver)} is not supported; Shoal networks are ${OVERLAY_DRIVER}`);
  for (const [key, value] of Object.entries(wire.labels)) {
    const problem = labelKeyProblem(key) ?? labelSizeProblem(key, value);
    if (problem) throw new InvalidArgumentError(`invalid label ${shown(key)}: ${problem}`);
  }
  const ipam = wire.ipam.filter((c) => c.subnet);
  if (ipam.length > 1) throw new InvalidArgumentError('a network takes one subnet');
  const spec: NetworkSpec = {
    name: wire.name,
    stack: '',
    driver,
    labels: { ...wire.labels },
    driverOpts: {},
    internal: wire.internal,
    attachable: wire.attachable,
    external: false,
    ipam: ipam.map((c) => ({ subnet: c.subnet, gateway: '', ipRange: '' })),
  };
  const tooLarge = specSizeProblem(`network ${spec.name}`, spec);
  if (tooLarge) throw new InvalidArgumentError(tooLarge);
  return spec;
}

export async function createNetwork(deps: ControlDeps, req: CreateNetworkRequest__Output): Promise<Network> {
  if (!req.spec) throw new InvalidArgumentError('a network spec is required');
  const spec = toCreatedSpec(req.spec);
  const networks = deps.state.list('networks');
  const same = networks.find((n) => n.spec.name === spec.name);
  if (same)
    throw new FailedPreconditionError(
      `network ${spec.name} already exists${same.spec.stack ? ` (in stack ${same.spec.stack})` : ''}`,
    );
  const issues = checkNetworkSubnets([spec], networks);
  if (issues.length) throw new InvalidArgumentError(issues.map((i) => i.message).join('; '));
  const now = deps.clock.now();
  const network: Network = {
    id: deps.newId(),
    meta: { version: 0, createdAt: now, updatedAt: now },
    spec,
    allocation: null,
  };
  await planAndCommit(deps, `create network ${spec.name}`, () => ({
    ops: [{ op: 'put', kind: 'networks', id: network.id, value: network, expectVersion: 0 }],
    result: network,
  }));
  deps.logger.info(
    { 'network.id': network.id, 'network.name': spec.name, subnet: requestedSubnet(spec) ?? 'pool' },
    'network created',
  );
  return deps.state.get('networks', network.id) ?? network;
}

/** Removes a network made with `network create`; refused while a service uses it or a task is still attached. */
export async function removeNetwork(deps: ControlDeps, name: string): Promise<void> {
  const network = resolveNetwork(deps.state.list('networks'), name);
  const netName = network.spec.name;
  if (network.spec.stack) {
    throw new FailedPreconditionError(
      `network ${netName} belongs to stack ${network.spec.stack}; ` +
        `it is removed with the stack (shoal stack rm ${network.spec.stack})`,
    );
  }
  const users = deps.state
    .list('services')
    .filter((s) => s.spec.networks.some((a) => a.target === netName))
    .map((s) => s.spec.name)
    .sort();
  if (users.length)
    throw new FailedPreconditionError(
      `network ${netName} is in use by service${users.length > 1 ? 's' : ''} ${users.join(', ')}`,
    );
  const attached = deps.state
    .list('tasks')
    .filter((t) => !isTerminal(t.status.state) && t.addresses.some((a) => a.networkId === network.id));
  if (attached.length)
    throw new FailedPreconditionError(
      `network ${netName} still has ${attached.length} task(s) attached that are shutting down; try again shortly`,
    );
  await planAndCommit(deps, `remove network ${netName}`, () => {
    const now = deps.state.get('networks', network.id);
    if (!now) throw new NotFoundError('network', netName);
    return { ops: [{ op: 'delete', kind: 'networks', id: now.id, expectVersion: now.meta.version }], result: now };
  });
  deps.logger.info({ 'network.id': network.id, 'network.name': netName }, 'network removed');
}
