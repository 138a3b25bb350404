// The ContainerRuntime port on the Docker Engine API, through dockerode. Engine refusals become the
// port's errors with the engine's own message (container-runtime.ts), an unreachable engine UnavailableError.
import { Writable } from 'node:stream';
import Docker from 'dockerode';
import type { Logger } from 'pino';
import { backoffDelayMs } from '../../lib/backoff';
import {
  ConflictError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  UnavailableError,
} from '../../proto/errors';
import {
  NETWORK_LABEL,
  type BridgeNetworkCreateBody,
  type EngineNetwork,
  TASK_LABEL,
  type DockerCreateBody,
} from './engine-api';
import {
  EngineServerError,
  type ContainerEvent,
  type ContainerInfo,
  type ContainerLogLine,
  type ContainerNetwork,
  type ContainerRuntime,
  type ContainerState,
  type HealthState,
  type LogOptions,
} from './container-runtime';
import { LogLineReader } from './log-lines';

/** Reconnect a broken event stream after 100 ms, doubling to 5 s: the periodic resync covers the gap. */
const EVENTS_BACKOFF = { baseMs: 100, maxMs: 5000 };
const NANO_CPUS_PER_CPU = 1e9;

/** What the engine says about its host, for the node description. */
export interface EngineDescription {
  os: string;
  arch: string;
  nanoCpus: number;
  memoryBytes: number;
  engineVersion: string;
}

/** dockerode's connection options from a DOCKER_HOST-style address: unix:///path or tcp://host:port. */
export function toDockerConnection(dockerHost: string): Docker.DockerOptions {
  const unix = /^unix:\/\/(\/.+)$/.exec(dockerHost);
  if (unix) return { socketPath: unix[1] };
  const tcp = /^tcp:\/\/([^:/]+):(\d{1,5})$/.exec(dockerHost);
  if (tcp) return { host: tcp[1], port: Number(tcp[2]), protocol: 'http' };
  throw new InvalidArgumentError(
    `--docker-host: want unix:///path or tcp://host:port, got ${JSON.stringify(dockerHost)}`,
  );
}

interface DockerodeError extends Error {
  statusCode?: number;
  json?: { message?: string } | string | null;
}

/** The engine's own words: dockerode wraps them as "(HTTP code 500) server error - <message> ". */
function engineMessage(err: DockerodeError): string {
  const j = err.json;
  if (j && typeof j === 'object' && j.message) return j.message;
  return err.message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/**
 * Node's refusals to send a request at all, thrown before anything reaches the engine (a NUL byte or a
 * space in a URL path, a control character in a header): the same request is refused every time.
 */
const UNSENDABLE = new Set(['ERR_UNESCAPED_CHARACTERS', 'ERR_INVALID_CHAR', 'ERR_INVALID_HTTP_TOKEN']);

/** The port's error for a failed engine call (container-runtime.ts): transient when the engine did not answer. */
export function toRuntimeError(err: unknown): Error {
  const e = err as DockerodeError & { code?: unknown };
  if (typeof e.statusCode !== 'number') {
    if (typeof e.code === 'string' && UNSENDABLE.has(e.code)) {
      return new InvalidArgumentError(`invalid request to the docker engine: ${e.message}`);
    }
    return new UnavailableError(`docker engine unreachable: ${e.message}`);
  }
  if (e.statusCode === 400) return new InvalidArgumentError(engineMessage(e));
  // A name already in use means the caller's list was stale: list again and it will see the container.
  if (e.statusCode === 409) return new ConflictError(engineMessage(e));
  if (e.statusCode >= 500) return new EngineServerError(engineMessage(e), e.statusCode);
  return new FailedPreconditionError(engineMessage(e));
}

/**
 * An image reference as a URL path segment: a valid one as it is, anything else percent-encoded, so that
 * the engine sees the reference as written and refuses an invalid one itself ("invalid reference format")
 * instead of Node refusing to send it, or a "?" cutting it short.
 */
export function imagePathSegment(ref: string): string {
  return ref.replace(/[^A-Za-z0-9._\-/:@]/gu, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

async function engineCall<T>(call: () => Promise<T>, ok: readonly number[] = []): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (ok.includes((err as DockerodeError).statusCode ?? -1)) return undefined;
    throw toRuntimeError(err);
  }
}

/** Health from the list's status text: "Up 3 seconds (healthy)", "(health: starting)", "(unhealthy)". */
export function healthFromStatus(status: string): HealthState {
  if (status.includes('(health: starting)')) return 'starting';
  if (status.includes('(unhealthy)')) return 'unhealthy';
  if (status.includes('(healthy)')) return 'healthy';
  return 'none';
}

export class DockerRuntime implements ContainerRuntime {
  private readonly docker: Docker;
  /** Exit facts of dead containers, which never change: one inspect per dead container. */
  private readonly exits = new Map<string, { exitCode: number; oomKilled: boolean }>();

  constructor(
    dockerHost: string,
    private readonly logger: Logger,
  ) {
    this.docker = new Docker(toDockerConnection(dockerHost));
  }

  async describeEngine(): Promise<EngineDescription> {
    const info = (await engineCall(() => this.docker.info())) as {
      OSType: string;
      Architecture: string;
      NCPU: number;
      MemTotal: number;
    };
    const version = await engineCall(() => this.docker.version());
    return {
      os: info.OSType,
      arch: info.Architecture,
      nanoCpus: info.NCPU * NANO_CPUS_PER_CPU,
      memoryBytes: info.MemTotal,
      engineVersion: version?.Version ?? '',
    };
  }

  async list(): Promise<ContainerInfo[]> {
    const rows =
      (await engineCall(() => this.docker.listContainers({ all: true, filters: { label: [TASK_LABEL] } }))) ?? [];
    const seen = new Set(rows.map((r) => r.Id));
    for (const id of this.exits.keys()) if (!seen.has(id)) this.exits.delete(id);
    return Promise.all(
      rows.map(async (r) => {
        const state = r.State as ContainerState;
        const exit =
          state === 'exited' || state === 'dead' ? await this.exitOf(r.Id) : { exitCode: 0, oomKilled: false };
        return {
          id: r.Id,
          name: (r.Names[0] ?? '').replace(/^\//, ''),
          taskId: r.Labels[TASK_LABEL] ?? '',
          state,
          health: healthFromStatus(r.Status),
          networks: toContainerNetworks(r.NetworkSettings?.Networks ?? {}),
          ...exit,
        };
      }),
    );
  }

  private async exitOf(id: string): Promise<{ exitCode: number; oomKilled: boolean }> {
    const known = this.exits.get(id);
    if (known) return known;
    const c = await engineCall(() => this.docker.getContainer(id).inspect(), [404]);
    const exit = { exitCode: c?.State.ExitCode ?? 0, oomKilled: c?.State.OOMKilled ?? false };
    if (c) this.exits.set(id, exit);
    return exit;
  }

  async imageExists(ref: string): Promise<boolean> {
    return (await engineCall(() => this.docker.getImage(imagePathSegment(ref)).inspect(), [404])) !== undefined;
  }

  async pullImage(ref: string): Promise<void> {
    const stream = await engineCall(() => this.docker.pull(ref) as Promise<NodeJS.ReadableStream>);
    // The engine reports a failure that comes after the pull began inside the progress stream.
    const output = await new Promise<{ error?: string }[]>((resolve, reject) =>
      this.docker.modem.followProgress(stream!, (err: Error | null, out: { error?: string }[]) =>
        err ? reject(toRuntimeError(err)) : resolve(out),
      ),
    );
    const failed = output.find((o) => o.error);
    if (failed) throw new FailedPreconditionError(failed.error!);
  }

  async create(body: DockerCreateBody): Promise<string> {
    const c = await engineCall(() => this.docker.createContainer(body));
    return c!.id;
  }

  async start(id: string): Promise<void> {
    await engineCall(() => this.docker.getContainer(id).start(), [304]);
  }

  async stop(id: string): Promise<void> {
    // No timeout given: the engine waits the container's own StopTimeout (the task's stop_grace_period).
    await engineCall(() => this.docker.getContainer(id).stop(), [304, 404]);
  }

  async remove(id: string): Promise<void> {
    // 409: a removal is already in progress.
    await engineCall(() => this.docker.getContainer(id).remove({ force: true, v: true }), [404, 409]);
  }

  async listNetworks(): Promise<EngineNetwork[]> {
    const rows = (await engineCall(() => this.docker.listNetworks({ filters: { label: [NETWORK_LABEL] } }))) ?? [];
    return rows.map(toEngineNetwork);
  }

  async createNetwork(body: BridgeNetworkCreateBody): Promise<string> {
    const n = await engineCall(() => this.docker.createNetwork(body));
    return n!.id;
  }

  async removeNetwork(id: string): Promise<void> {
    await engineCall(() => this.docker.getNetwork(id).remove(), [404]);
  }

  async connectNetwork(containerId: string, network: string, ipv4: string): Promise<void> {
    await engineCall(() =>
      this.docker
        .getNetwork(network)
        .connect({ Container: containerId, EndpointConfig: { IPAMConfig: { IPv4Address: ipv4 } } }),
    );
  }

  async containerPid(id: string): Promise<number> {
    const c = await engineCall(() => this.docker.getContainer(id).inspect());
    if (!c!.State.Pid) throw new FailedPreconditionError(`container ${id} is not running`);
    return c!.State.Pid;
  }

  logs(
    containerId: string,
    opts: LogOptions,
    onLine: (line: ContainerLogLine) => void,
    onEnd: (err?: Error) => void,
  ): () => void {
    const abort = new AbortController();
    let stopped = false;
    let source: NodeJS.ReadableStream | undefined;
    const end = (err?: Error) => {
      if (stopped) return;
      stopped = true;
      onEnd(err);
    };
    const split = (stream: ContainerLogLine['stream']) => {
      const reader = new LogLineReader();
      const deliver = (lines: { time: number; text: string }[]) => {
        for (const l of lines) if (!stopped) onLine({ stream, ...l });
      };
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          deliver(reader.push(chunk));
          done();
        },
      });
      return { sink, flush: () => deliver(reader.flush()) };
    };
    void (async () => {
      const options = {
        stdout: true,
        stderr: true,
        timestamps: true,
        follow: opts.follow,
        tail: opts.tail < 0 ? 'all' : opts.tail,
        ...(opts.since > 0 ? { since: toDockerTime(opts.since) } : {}),
      };
      let body: NodeJS.ReadableStream | undefined;
      try {
        body = await engineCall(() => this.logStream(containerId, options, abort.signal), [404]);
      } catch (err) {
        return end(err as Error);
      }
      if (!body) return end(new NotFoundError('container', containerId));
      source = body;
      if (stopped) return destroy(source);
      // Shoal's containers have no TTY, so the engine multiplexes stdout and stderr in frames.
      const [stdout, stderr] = [split('stdout'), split('stderr')];
      this.docker.modem.demuxStream(source, stdout.sink, stderr.sink);
      source.on('end', () => {
        stdout.flush();
        stderr.flush();
        end();
      });
      source.on('error', (err: Error) => end(toRuntimeError(err)));
    })();
    return () => {
      stopped = true;
      abort.abort();
      if (source) destroy(source);
    };
  }

  /**
   * A container's log from the engine as a stream, followed or not. (dockerode reads a log that is
   * not followed into one Buffer and then one string: memory for the whole log, and a process crash
   * past the longest string V8 makes.)
   */
  private logStream(
    containerId: string,
    options: Record<string, unknown>,
    abortSignal: AbortSignal,
  ): Promise<NodeJS.ReadableStream> {
    return new Promise((resolve, reject) => {
      this.docker.modem.dial(
        {
          path: `/containers/${containerId}/logs?`,
          method: 'GET',
          options,
          abortSignal,
          isStream: true,
          statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        },
        (err, data) => (err ? reject(err) : resolve(data as NodeJS.ReadableStream)),
      );
    });
  }

  events(onEvent: (e: ContainerEvent) => void): () => void {
    let stopped = false;
    let attempt = 0;
    let since: number | undefined;
    let current: NodeJS.ReadableStream | undefined;
    let retryTimer: NodeJS.Timeout | undefined;

    // The engine publishes 'die' a moment before its container list shows the container exited; an
    // inspect waits for the engine to finish recording the exit, so a list after the event sees it.
    // The chain keeps events in the engine's order.
    let delivered = Promise.resolve();
    const deliver = (e: ContainerEvent) => {
      delivered = delivered
        .then(() =>
          e.action === 'die' ? engineCall(() => this.docker.getContainer(e.containerId).inspect(), [404]) : undefined,
        )
        .catch(() => undefined)
        .then(() => {
          if (!stopped) onEvent(e);
        });
    };
    const retry = (reason: string, err?: unknown) => {
      current = undefined;
      if (stopped) return;
      const delay = backoffDelayMs(attempt++, EVENTS_BACKOFF);
      this.logger.warn({ err, reason, 'retry.ms': delay }, 'docker event stream lost; reconnecting');
      retryTimer = setTimeout(() => void connect(), delay);
    };
    const connect = async () => {
      const filters: Docker.GetEventsOptions['filters'] = { type: ['container'], label: [TASK_LABEL] };
      let stream: NodeJS.ReadableStream;
      try {
        // `since` replays what happened while the stream was down.
        stream = await this.docker.getEvents({ filters, ...(since !== undefined ? { since } : {}) });
      } catch (err) {
        return retry('connect failed', err);
      }
      if (stopped) return destroy(stream);
      current = stream;
      let buf = '';
      stream.on('data', (chunk: Buffer) => {
        attempt = 0;
        buf += chunk.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (!line) continue;
          const e = parseEvent(line);
          if (!e) continue;
          since = e.time;
          deliver(e.event);
        }
      });
      stream.on('error', (err: Error) => current === stream && retry('stream error', err));
      stream.on('end', () => current === stream && retry('stream ended'));
      stream.on('close', () => current === stream && retry('stream closed'));
    };
    void connect();
    return () => {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      const s = current;
      current = undefined;
      if (s) destroy(s);
    };
  }
}

/** The list's `NetworkSettings.Networks`, keyed by network name. */
export function toContainerNetworks(networks: Record<string, { IPAddress?: string }>): ContainerNetwork[] {
  return Object.entries(networks).map(([name, n]) => ({ name, ip: n.IPAddress ?? '' }));
}

/** A row of GET /networks. */
export function toEngineNetwork(n: Docker.NetworkInspectInfo): EngineNetwork {
  return {
    id: n.Id,
    name: n.Name,
    labels: n.Labels ?? {},
    options: n.Options ?? {},
    internal: n.Internal,
    subnets: (n.IPAM?.Config ?? []).map((c) => ({ subnet: c.Subnet ?? '', gateway: c.Gateway ?? '' })),
  };
}

/** Unix ms as the engine's `since` takes it: seconds and nanoseconds. */
function toDockerTime(ms: number): string {
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1e6).padStart(9, '0')}`;
}

function destroy(s: NodeJS.ReadableStream): void {
  (s as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
}

interface DockerEventJson {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
}

/** One line of the engine's event stream; undefined for a line that is not a container event. */
export function parseEvent(line: string): { event: ContainerEvent; time: number } | undefined {
  let j: DockerEventJson;
  try {
    j = JSON.parse(line) as DockerEventJson;
  } catch {
    return undefined;
  }
  if (j.Type !== 'container' || !j.Action || !j.Actor?.ID) return undefined;
  const attrs = j.Actor.Attributes ?? {};
  const event: ContainerEvent = { action: j.Action, containerId: j.Actor.ID, taskId: attrs[TASK_LABEL] ?? '' };
  if (j.Action === 'die' && attrs.exitCode !== undefined) event.exitCode = Number(attrs.exitCode);
  return { event, time: j.time ?? 0 };
}
