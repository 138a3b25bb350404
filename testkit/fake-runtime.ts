// FakeRuntime: the ContainerRuntime port in memory. Containers start and stop instantly; every call
// is recorded in `calls`; failures are injected per method; events are emitted by the test (and by
// the fake itself on start/die/destroy, as the engine would). Networks are kept like the engine keeps
// them: a name is unique, and one with a running container on it cannot be removed. A container's
// log holds the lines a test writes with `writeLog`; a follower's read ends when the container stops.
// Errors are the ones DockerRuntime throws for the engine's answers: an image reference the engine could
// never parse is refused (InvalidArgumentError) by imageExists, pullImage and create alike, a name in use
// is a ConflictError; `failNext` makes any call fail with any error (EngineServerError for an HTTP 5xx).
import { ConflictError, FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../proto/errors';
import {
  type BridgeNetworkCreateBody,
  type EngineNetwork,
  TASK_LABEL,
  type DockerCreateBody,
} from '../agent/runtime/engine-api';
import type {
  ContainerEvent,
  ContainerInfo,
  ContainerLogLine,
  ContainerRuntime,
  LogOptions,
} from '../agent/runtime/container-runtime';

export type RuntimeMethod =
  | 'list'
  | 'imageExists'
  | 'pullImage'
  | 'create'
  | 'start'
  | 'stop'
  | 'remove'
  | 'listNetworks'
  | 'createNetwork'
  | 'removeNetwork'
  | 'connectNetwork'
  | 'containerPid'
  | 'logs';

export interface FakeContainer extends ContainerInfo {
  body: DockerCreateBody;
  /** The pid of its first process while it runs; 0 otherwise. */
  pid: number;
}

/**
 * A character no image reference may hold (a NUL byte, a space): the engine answers such a reference with
 * HTTP 400 "invalid reference format". (The engine's grammar refuses more, an upper-case repository say.)
 */
const NOT_IN_A_REFERENCE = /[^A-Za-z0-9._\-/:@]/;

function checkReference(ref: string): void {
  if (NOT_IN_A_REFERENCE.test(ref)) throw new InvalidArgumentError('invalid reference format');
}

/** The fake's first container pid; each start takes the next one. */
const FIRST_PID = 1000;

export class FakeRuntime implements ContainerRuntime {
  readonly calls: { method: RuntimeMethod; arg: string }[] = [];
  readonly containers = new Map<string, FakeContainer>();
  readonly networks = new Map<string, EngineNetwork>();
  readonly images = new Set<string>(['busybox:latest']);
  /** Images a pull can fetch (there is no registry otherwise). */
  readonly pullable = new Set<string>();
  private readonly failures = new Map<RuntimeMethod, Error[]>();
  private readonly listeners = new Set<(e: ContainerEvent) => void>();
  private readonly logLines = new Map<string, ContainerLogLine[]>();
  private readonly followers = new Map<string, Set<{ onLine: (l: ContainerLogLine) => void; onEnd: () => void }>>();
  private nextId = 0;
  private nextPid = FIRST_PID;

  /** The next `times` calls of `method` throw `err`. */
  failNext(method: RuntimeMethod, err: Error, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(err);
    this.failures.set(method, list);
  }

  /** Calls of the given methods, in order, as "method arg". */
  callsOf(...methods: RuntimeMethod[]): string[] {
    return this.calls.filter((c) => methods.includes(c.method)).map((c) => `${c.method} ${c.arg}`);
  }

  /** A container that exists before the agent starts (left by an earlier agent process). */
  addContainer(c: Partial<FakeContainer> & { taskId: string }): FakeContainer {
    const id = c.id ?? `c${++this.nextId}`;
    const full: FakeContainer = {
      id,
      name: c.name ?? id,
      state: 'running',
      health: 'none',
      exitCode: 0,
      oomKilled: false,
      networks: [],
      pid: this.nextPid++,
      body: {} as DockerCreateBody,
      ...c,
    };
    this.containers.set(id, full);
    return full;
  }

  /** The container's process ends, as if it exited by itself or was killed. */
  exit(id: string, exitCode: number, oomKilled = false): void {
    const c = this.mustGet(id);
    Object.assign(c, { state: 'exited', exitCode, oomKilled, pid: 0 });
    this.endFollowers(id);
    this.emit({ action: 'die', containerId: id, taskId: c.taskId, exitCode });
  }

  /** The container writes a line: kept in its log, and handed to every follower. */
  writeLog(containerId: string, text: string, o: { stream?: ContainerLogLine['stream']; time?: number } = {}): void {
    const line: ContainerLogLine = { stream: o.stream ?? 'stdout', time: o.time ?? Date.now(), text };
    this.logLines.set(containerId, [...(this.logLines.get(containerId) ?? []), line]);
    for (const f of this.followers.get(containerId) ?? []) f.onLine(line);
  }

  /** How many reads follow the container's log now. */
  followerCount(containerId: string): number {
    return this.followers.get(containerId)?.size ?? 0;
  }

  private endFollowers(id: string): void {
    const ended = [...(this.followers.get(id) ?? [])];
    this.followers.delete(id);
    for (const f of ended) f.onEnd();
  }

  emit(e: ContainerEvent): void {
    for (const l of this.listeners) l(e);
  }

  private record(method: RuntimeMethod, arg: string): void {
    this.calls.push({ method, arg });
    const err = this.failures.get(method)?.shift();
    if (err) throw err;
  }

  private mustGet(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw new FailedPreconditionError(`No such container: ${id}`);
    return c;
  }

  async list(): Promise<ContainerInfo[]> {
    this.record('list', '');
    return [...this.containers.values()].map(({ body: _body, pid: _pid, ...info }) => ({
      ...info,
      networks: (info.networks ?? []).map((n) => ({ ...n })),
    }));
  }

  async imageExists(ref: string): Promise<boolean> {
    this.record('imageExists', ref);
    checkReference(ref);
    return this.images.has(ref);
  }

  async pullImage(ref: string): Promise<void> {
    this.record('pullImage', ref);
    checkReference(ref);
    if (!this.pullable.has(ref))
      throw new FailedPreconditionError(`pull access denied for ${ref}, repository does not exist`);
    this.images.add(ref);
  }

  async create(body: DockerCreateBody): Promise<string> {
    this.record('create', body.name);
    checkReference(body.Image);
    if (!this.images.has(body.Image)) throw new FailedPreconditionError(`No such image: ${body.Image}`);
    if ([...this.containers.values()].some((c) => c.name === body.name)) {
      throw new ConflictError(`Conflict. The container name "/${body.name}" is already in use`);
    }
    const endpoints = Object.entries(body.NetworkingConfig?.EndpointsConfig ?? {});
    for (const [name] of endpoints) this.mustGetNetwork(name);
    const networks = endpoints.map(([name, e]) => ({ name, ip: e.IPAMConfig.IPv4Address }));
    const id = `c${++this.nextId}`;
    this.containers.set(id, {
      id,
      name: body.name,
      taskId: body.Labels[TASK_LABEL] ?? '',
      state: 'created',
      health: 'none',
      exitCode: 0,
      oomKilled: false,
      networks,
      pid: 0,
      body,
    });
    return id;
  }

  async start(id: string): Promise<void> {
    this.record('start', id);
    const c = this.mustGet(id);
    c.state = 'running';
    c.pid = this.nextPid++;
    if (c.body.Healthcheck) c.health = 'starting';
    this.emit({ action: 'start', containerId: id, taskId: c.taskId });
  }

  async stop(id: string): Promise<void> {
    this.record('stop', id);
    const c = this.mustGet(id);
    if (c.state !== 'running') return;
    Object.assign(c, { state: 'exited', exitCode: 143, pid: 0 });
    this.endFollowers(id);
    this.emit({ action: 'die', containerId: id, taskId: c.taskId, exitCode: 143 });
  }

  async remove(id: string): Promise<void> {
    this.record('remove', id);
    const c = this.containers.get(id);
    if (!c) return;
    this.containers.delete(id);
    this.endFollowers(id);
    this.emit({ action: 'destroy', containerId: id, taskId: c.taskId });
  }

  /** A network made outside the agent's view (left by an earlier agent, or by hand). */
  addNetwork(n: Partial<EngineNetwork> & { name: string }): EngineNetwork {
    const full: EngineNetwork = {
      id: `n${++this.nextId}`,
      labels: {},
      options: {},
      internal: false,
      subnets: [],
      ...n,
    };
    this.networks.set(full.id, full);
    return full;
  }

  private mustGetNetwork(idOrName: string): EngineNetwork {
    const n = this.networks.get(idOrName) ?? [...this.networks.values()].find((x) => x.name === idOrName);
    if (!n) throw new FailedPreconditionError(`network ${idOrName} not found`);
    return n;
  }

  async listNetworks(): Promise<EngineNetwork[]> {
    this.record('listNetworks', '');
    return [...this.networks.values()].map((n) => ({ ...n }));
  }

  async createNetwork(body: BridgeNetworkCreateBody): Promise<string> {
    this.record('createNetwork', body.Name);
    if ([...this.networks.values()].some((n) => n.name === body.Name))
      throw new FailedPreconditionError(`network with name ${body.Name} already exists`);
    const subnets = body.IPAM.Config.map((c) => ({ subnet: c.Subnet, gateway: c.Gateway }));
    return this.addNetwork({
      name: body.Name,
      labels: { ...body.Labels },
      options: { ...body.Options },
      internal: body.Internal,
      subnets,
    }).id;
  }

  async removeNetwork(id: string): Promise<void> {
    this.record('removeNetwork', id);
    const n = this.networks.get(id);
    if (!n) return;
    const active = [...this.containers.values()].some(
      (c) => c.state === 'running' && (c.networks ?? []).some((x) => x.name === n.name),
    );
    if (active)
      throw new FailedPreconditionError(
        `error while removing network: network ${n.name} id ${id} has active endpoints`,
      );
    this.networks.delete(id);
  }

  async connectNetwork(containerId: string, network: string, ipv4: string): Promise<void> {
    this.record('connectNetwork', `${containerId} ${network} ${ipv4}`);
    const c = this.mustGet(containerId);
    const n = this.mustGetNetwork(network);
    c.networks = [...(c.networks ?? []), { name: n.name, ip: ipv4 }];
  }

  async containerPid(id: string): Promise<number> {
    this.record('containerPid', id);
    const c = this.mustGet(id);
    if (c.state !== 'running') throw new FailedPreconditionError(`container ${id} is not running`);
    return c.pid;
  }

  /** Delivers later (a microtask), as the engine would: the caller has the stop function first. */
  logs(
    containerId: string,
    opts: LogOptions,
    onLine: (line: ContainerLogLine) => void,
    onEnd: (err?: Error) => void,
  ): () => void {
    let stopped = false;
    const follower = { onLine: (l: ContainerLogLine) => !stopped && onLine(l), onEnd: () => !stopped && onEnd() };
    queueMicrotask(() => {
      try {
        this.record('logs', containerId);
      } catch (err) {
        return void (stopped || onEnd(err as Error));
      }
      const c = this.containers.get(containerId);
      if (!c) return void (stopped || onEnd(new NotFoundError('container', containerId)));
      const past = (this.logLines.get(containerId) ?? []).filter((l) => l.time >= opts.since);
      for (const l of opts.tail < 0 ? past : past.slice(Math.max(0, past.length - opts.tail))) follower.onLine(l);
      if (opts.follow && c.state === 'running') {
        const set = this.followers.get(containerId) ?? new Set();
        this.followers.set(containerId, set.add(follower));
      } else {
        follower.onEnd();
      }
    });
    return () => {
      stopped = true;
      this.followers.get(containerId)?.delete(follower);
    };
  }

  events(onEvent: (e: ContainerEvent) => void): () => void {
    this.listeners.add(onEvent);
    return () => this.listeners.delete(onEvent);
  }
}
