// What makes a stored object usable, pure. Whatever etcd holds (an older version's data, an `etcdctl` edit), the
// manager reads it through here first: an object whose fields the loops rely on are missing or of the wrong type, or
// whose service spec the Control API would refuse (`specProblems`, given by the wiring: the Control API's rules live
// in controlapi/, which reads this folder), is set aside (cluster-state.ts) and reported, never handed to a loop.
// Problems name paths, never values: a value may hold secrets. Shapes list the fields the manager reads, not every
// proto field, so data an older version wrote without a field nobody reads still loads.
import type { Service, ServiceSpec } from '../../proto/types';
import { UnreadableValue, type Kind } from '../store/store';

type Field = 'string' | 'number' | 'boolean' | 'map' | Shape | ArrayOf | OrNull;
interface Shape {
  readonly [field: string]: Field;
}
interface ArrayOf {
  readonly arrayOf: Field;
}
interface OrNull {
  readonly orNull: Shape;
}

const RESOURCES: Shape = { nanoCpus: 'number', memoryBytes: 'number' };
const UPDATE_CONFIG: Shape = {
  parallelism: 'number',
  delayMs: 'number',
  failureAction: 'string',
  monitorMs: 'number',
  maxFailureRatio: 'number',
  order: 'string',
};
const ADDRESS: Shape = { networkId: 'string', network: 'string', address: 'string' };
const SERVICE_SPEC: Shape = {
  name: 'string',
  stack: 'string',
  labels: 'map',
  container: { image: 'string', env: { arrayOf: 'string' }, labels: 'map' },
  mode: 'string',
  replicas: 'number',
  placement: {
    constraints: { arrayOf: 'string' },
    preferences: { arrayOf: {} },
    maxReplicasPerNode: 'number',
  },
  resources: { limits: RESOURCES, reservations: RESOURCES },
  restartPolicy: { condition: 'string', delayMs: 'number', maxAttempts: 'number', windowMs: 'number' },
  updateConfig: UPDATE_CONFIG,
  rollbackConfig: UPDATE_CONFIG,
  endpoint: {
    mode: 'string',
    ports: { arrayOf: { protocol: 'string', targetPort: 'number', publishedPort: 'number', publishMode: 'string' } },
  },
  networks: { arrayOf: { target: 'string' } },
};

const SHAPES: Record<Kind, Shape> = {
  services: {
    id: 'string',
    spec: SERVICE_SPEC,
    specVersion: 'number',
    virtualIps: { arrayOf: ADDRESS },
    updateStatus: { orNull: { state: 'string', message: 'string', startedAt: 'number' } },
    previousSpec: { orNull: SERVICE_SPEC },
  },
  tasks: {
    id: 'string',
    serviceId: 'string',
    serviceName: 'string',
    slot: 'number',
    nodeId: 'string',
    desiredState: 'string',
    status: { state: 'string', message: 'string', err: 'string', timestamp: 'number' },
    spec: SERVICE_SPEC,
    specVersion: 'number',
    restartAt: 'number',
    addresses: { arrayOf: ADDRESS },
    targetNodeId: 'string',
  },
  nodes: {
    id: 'string',
    description: {
      hostname: 'string',
      role: 'string',
      labels: 'map',
      platform: { os: 'string', arch: 'string' },
      resources: RESOURCES,
      address: 'string',
    },
    labels: 'map',
    availability: 'string',
    status: 'string',
    lastSeen: 'number',
  },
  networks: {
    id: 'string',
    spec: { name: 'string', stack: 'string', driver: 'string', labels: 'map', external: 'boolean' },
    allocation: { orNull: { vni: 'number', subnet: 'string', gateway: 'string' } },
  },
  stacks: { name: 'string', services: { arrayOf: 'string' }, networks: { arrayOf: 'string' } },
};

/** Which field of the value must equal the id in its key: the loops write an object back under that field. */
const ID_FIELD: Record<Kind, string> = {
  services: 'id',
  tasks: 'id',
  nodes: 'id',
  networks: 'id',
  stacks: 'name',
};

/** Problems are capped: an object wrong everywhere needs one line to report, not thousands. */
const MAX_PROBLEMS = 5;

/** The problems of a well-shaped service spec, as "path: what is wrong", with paths under `spec`. */
export type SpecProblems = (spec: ServiceSpec) => string[];

/** The problems of the value stored under `<kind>/<id>`, as "path: what is wrong"; none when the manager can use it. */
export function checkStored(kind: Kind, id: string, value: unknown, specProblems: SpecProblems): string[] {
  if (value instanceof UnreadableValue) return [value.reason];
  const problems: string[] = [];
  checkField(SHAPES[kind], value, '', problems);
  if (problems.length === 0 && (value as Record<string, unknown>)[ID_FIELD[kind]] !== id)
    problems.push(`${ID_FIELD[kind]}: does not match the key's id`);
  if (problems.length === 0 && kind === 'services') problems.push(...specProblems((value as Service).spec));
  return problems.slice(0, MAX_PROBLEMS);
}

function checkField(field: Field, value: unknown, path: string, problems: string[]): void {
  if (problems.length >= MAX_PROBLEMS) return;
  const at = path || 'value';
  if (typeof field === 'string') {
    if (!hasType(field, value)) problems.push(`${at}: must be ${field === 'map' ? 'an object' : `a ${field}`}`);
    return;
  }
  if ('arrayOf' in field) {
    if (!Array.isArray(value)) problems.push(`${at}: must be a list`);
    else for (const [i, v] of value.entries()) checkField(field.arrayOf as Field, v, `${path}[${i}]`, problems);
    return;
  }
  if ('orNull' in field) {
    if (value !== null && value !== undefined) checkField(field.orNull as Shape, value, path, problems);
    return;
  }
  if (!isObject(value)) {
    problems.push(`${at}: must be an object`);
    return;
  }
  for (const [name, f] of Object.entries(field as Shape)) {
    checkField(f, value[name], path ? `${path}.${name}` : name, problems);
  }
}

function hasType(type: 'string' | 'number' | 'boolean' | 'map', value: unknown): boolean {
  if (type === 'map') return isObject(value);
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  return typeof value === type;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What names an object, read from a value that may be invalid: only fields of the right type, '' or 0 otherwise. */
export interface StoredNames {
  /** The service's, network's or stack's name; a node's hostname; a task's service name. */
  name: string;
  /** The stack of a service or network. */
  stack: string;
  /** A task's service id and slot. */
  serviceId: string;
  slot: number;
}

export function namesOf(kind: Kind, value: unknown): StoredNames {
  const v = isObject(value) ? value : {};
  const inner = (key: string) => (isObject(v[key]) ? v[key] : {});
  const str = (x: unknown) => (typeof x === 'string' ? x : '');
  const slot = typeof v.slot === 'number' && Number.isInteger(v.slot) && v.slot >= 0 ? v.slot : 0;
  switch (kind) {
    case 'services':
    case 'networks':
      return { name: str(inner('spec').name), stack: str(inner('spec').stack), serviceId: '', slot: 0 };
    case 'tasks':
      return { name: str(v.serviceName), stack: '', serviceId: str(v.serviceId), slot };
    case 'nodes':
      return { name: str(inner('description').hostname), stack: '', serviceId: '', slot: 0 };
    case 'stacks':
      return { name: str(v.name), stack: '', serviceId: '', slot: 0 };
  }
}
