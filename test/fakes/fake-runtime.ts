// FakeRuntime: the ContainerRuntime port in memory. Containers start and stop instantly; every call
// is recorded in `calls`; failures are injected per method; events are emitted by the test (and by
// the fake itself on start/die/destroy, as the engine would).
import { FailedPreconditionError } from '../../proto/errors';
import type { ContainerEvent, ContainerInfo, ContainerRuntime } from '../../agent/runtime/container-runtime';
import { TASK_LABEL } from '../../agent/runtime/container-runtime';
import type { DockerCreateBody } from '../../agent/runtime/container-spec';

export type RuntimeMethod = 'list' | 'imageExists' | 'pullImage' | 'create' | 'start' | 'stop' | 'remove';

export interface FakeContainer extends ContainerInfo {
  body: DockerCreateBody;
}

export class FakeRuntime implements ContainerRuntime {
  readonly calls: { method: RuntimeMethod; arg: string }[] = [];
  readonly containers = new Map<string, FakeContainer>();
  readonly images = new Set<string>(['busybox:latest']);
  /** Images a pull can fetch (there is no registry otherwise). */
  readonly pullable = new Set<string>();
  private readonly failures = new Map<RuntimeMethod, Error[]>();
  private readonly listeners = new Set<(e: ContainerEvent) => void>();
  private nextId = 0;

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
    const full: FakeContainer = { id, name: c.name ?? id, state: 'running', health: 'none', exitCode: 0, oomKilled: false, body: {} as DockerCreateBody, ...c };
    this.containers.set(id, full);
    return full;
  }

  /** The container's process ends, as if it exited by itself or was killed. */
  exit(id: string, exitCode: number, oomKilled = false): void {
    const c = this.mustGet(id);
    Object.assign(c, { state: 'exited', exitCode, oomKilled });
    this.emit({ action: 'die', containerId: id, taskId: c.taskId, exitCode });
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
    return [...this.containers.values()].map(({ body: _body, ...info }) => ({ ...info }));
  }

  async imageExists(ref: string): Promise<boolean> {
    this.record('imageExists', ref);
    return this.images.has(ref);
  }

  async pullImage(ref: string): Promise<void> {
    this.record('pullImage', ref);
    if (!this.pullable.has(ref)) throw new FailedPreconditionError(`pull access denied for ${ref}, repository does not exist`);
    this.images.add(ref);
  }

  async create(body: DockerCreateBody): Promise<string> {
    this.record('create', body.name);
    if (!this.images.has(body.Image)) throw new FailedPreconditionError(`No such image: ${body.Image}`);
    if ([...this.containers.values()].some((c) => c.name === body.name)) {
      throw new FailedPreconditionError(`Conflict. The container name "/${body.name}" is already in use`);
    }
    const id = `c${++this.nextId}`;
    this.containers.set(id, { id, name: body.name, taskId: body.Labels[TASK_LABEL] ?? '', state: 'created', health: 'none', exitCode: 0, oomKilled: false, body });
    return id;
  }

  async start(id: string): Promise<void> {
    this.record('start', id);
    const c = this.mustGet(id);
    c.state = 'running';
    if (c.body.Healthcheck) c.health = 'starting';
    this.emit({ action: 'start', containerId: id, taskId: c.taskId });
  }

  async stop(id: string): Promise<void> {
    this.record('stop', id);
    const c = this.mustGet(id);
    if (c.state !== 'running') return;
    Object.assign(c, { state: 'exited', exitCode: 143 });
    this.emit({ action: 'die', containerId: id, taskId: c.taskId, exitCode: 143 });
  }

  async remove(id: string): Promise<void> {
    this.record('remove', id);
    const c = this.containers.get(id);
    if (!c) return;
    this.containers.delete(id);
    this.emit({ action: 'destroy', containerId: id, taskId: c.taskId });
  }

  events(onEvent: (e: ContainerEvent) => void): () => void {
    this.listeners.add(onEvent);
    return () => this.listeners.delete(onEvent);
  }
}
