// The CLI's connection to the manager's Control service: promises for unary calls, callback streams
// for progress, logs and events, and errors turned into Shoal's typed errors once, here. gRPC and the proto
// are loaded only when a command connects, so commands that need no manager start fast.
import type { ClientReadableStream, ServiceError } from '@grpc/grpc-js';
import type { ClusterEvent__Output } from '../proto/generated/shoal/v1/ClusterEvent';
import type { ControlClient } from '../proto/generated/shoal/v1/Control';
import type { DeployStackRequest } from '../proto/generated/shoal/v1/DeployStackRequest';
import type { DeployStackResponse__Output } from '../proto/generated/shoal/v1/DeployStackResponse';
import type { ListServicesRequest } from '../proto/generated/shoal/v1/ListServicesRequest';
import type { ListTasksRequest } from '../proto/generated/shoal/v1/ListTasksRequest';
import type { ProgressSnapshot__Output } from '../proto/generated/shoal/v1/ProgressSnapshot';
import type { ScaleServicesRequest } from '../proto/generated/shoal/v1/ScaleServicesRequest';
import type { ServiceLogsMessage__Output } from '../proto/generated/shoal/v1/ServiceLogsMessage';
import type { ServiceLogsRequest } from '../proto/generated/shoal/v1/ServiceLogsRequest';
import type { ServiceView__Output } from '../proto/generated/shoal/v1/ServiceView';
import type { StackSummary__Output } from '../proto/generated/shoal/v1/StackSummary';
import type { TaskView__Output } from '../proto/generated/shoal/v1/TaskView';
import type { RemoveNodeResponse__Output as RemoveNodeResponse } from '../proto/generated/shoal/v1/RemoveNodeResponse';
import type { UpdateNodeRequest } from '../proto/generated/shoal/v1/UpdateNodeRequest';
import type { UpdateServiceRequest } from '../proto/generated/shoal/v1/UpdateServiceRequest';
import type { UpdateServiceResponse__Output } from '../proto/generated/shoal/v1/UpdateServiceResponse';
import type { WatchEventsRequest } from '../proto/generated/shoal/v1/WatchEventsRequest';
import type { RemoveStackResponse__Output } from '../proto/generated/shoal/v1/RemoveStackResponse';
import type { Node__Output as Node } from '../proto/generated/shoal/v1/Node';
import type { Network__Output as Network } from '../proto/generated/shoal/v1/Network';
import type { NetworkSpec } from '../proto/generated/shoal/v1/NetworkSpec';
import { ProgressBatches } from './progress-batches';

/** Where `shoal-manager` listens unless told otherwise, so commands run on a manager host need no flag. */
export const DEFAULT_MANAGER_ADDRESS = '127.0.0.1:7420';

/**
 * Unary calls give up after this long: ample for a deploy that writes many keys, short enough to
 * report a stalled manager.
 */
const CALL_DEADLINE_MS = 30_000;

export interface ProgressHandlers {
  /** The whole progress of the services followed, after each batch the manager sends (progress-batches.ts). */
  onSnapshot(snapshot: ProgressSnapshot__Output): void;
  onError(err: Error): void;
  /** The manager closed the stream. */
  onEnd(): void;
}

/** A stream's messages, then either its error or its end (never both). */
export interface StreamHandlers<T> {
  onMessage(message: T): void;
  onError(err: Error): void;
  /** The manager closed the stream. */
  onEnd(): void;
}

/** A stream the CLI follows; a cancelled stream reports nothing more. */
export interface Followed {
  cancel(): void;
}

export interface ShoalClient {
  readonly address: string;
  deployStack(req: DeployStackRequest): Promise<DeployStackResponse__Output>;
  listStacks(): Promise<StackSummary__Output[]>;
  removeStack(name: string): Promise<RemoveStackResponse__Output>;
  listServices(req: ListServicesRequest): Promise<ServiceView__Output[]>;
  getService(name: string): Promise<ServiceView__Output>;
  scaleServices(req: ScaleServicesRequest): Promise<string[]>;
  removeServices(names: string[]): Promise<string[]>;
  updateService(req: UpdateServiceRequest): Promise<UpdateServiceResponse__Output>;
  listTasks(req: ListTasksRequest): Promise<TaskView__Output[]>;
  listNodes(): Promise<Node[]>;
  getNode(name: string): Promise<Node>;
  updateNode(req: UpdateNodeRequest): Promise<Node>;
  removeNode(name: string): Promise<RemoveNodeResponse>;
  createNetwork(spec: NetworkSpec): Promise<Network>;
  listNetworks(): Promise<Network[]>;
  getNetwork(name: string): Promise<Network>;
  removeNetwork(name: string): Promise<void>;
  /** Streams progress snapshots until `cancel()`; a cancelled stream reports nothing more. */
  watchProgress(services: string[], handlers: ProgressHandlers): Followed;
  serviceLogs(req: ServiceLogsRequest, handlers: StreamHandlers<ServiceLogsMessage__Output>): Followed;
  watchEvents(req: WatchEventsRequest, handlers: StreamHandlers<ClusterEvent__Output>): Followed;
  close(): void;
}

/**
 * The cause inside grpc-js's "No connection established. Last error: Error: connect ECONNREFUSED ...
 * Resolution note: ..." details, or the details as they are when they do not have that shape.
 */
export function unreachableReason(details: string): string {
  const m = /Last error: (?:Error: )?(.*?)\.?(?: Resolution note:.*)?$/s.exec(details);
  return (m?.[1] || details).trim();
}

type Callback<T> = (err: ServiceError | null, value?: T) => void;

export async function connect(address: string): Promise<ShoalClient> {
  const grpc = await import('@grpc/grpc-js');
  const { loadShoalProto } = await import('../proto/loader');
  const { UnavailableError } = await import('../proto/errors');
  const { fromGrpcError } = await import('../proto/grpc-errors');
  const proto = loadShoalProto();
  const control = new proto.shoal.v1.Control(address, grpc.credentials.createInsecure()) as ControlClient;

  const toError = (err: ServiceError): Error => {
    if (err.code === grpc.status.UNAVAILABLE) {
      return new UnavailableError(
        `cannot reach the Shoal manager at ${address} (set --manager or SHOAL_MANAGER): ` +
          unreachableReason(err.details),
      );
    }
    if (err.code === grpc.status.DEADLINE_EXCEEDED) {
      return new UnavailableError(`the Shoal manager at ${address} did not answer within ${CALL_DEADLINE_MS / 1000}s`);
    }
    return fromGrpcError(err);
  };

  const call = <T>(invoke: (options: { deadline: Date }, cb: Callback<T>) => unknown): Promise<T> =>
    new Promise((resolve, reject) => {
      invoke({ deadline: new Date(Date.now() + CALL_DEADLINE_MS) }, (err, value) => {
        if (err) reject(toError(err));
        else resolve(value as T);
      });
    });

  // Every list call answers with a stream of chunks (a list of any length fits gRPC's message limit):
  // gathered here, into the one array the commands use, within the same deadline as a unary call.
  const gather = <M, T>(
    open: (options: { deadline: Date }) => ClientReadableStream<M>,
    itemsOf: (message: M) => T[],
  ): Promise<T[]> =>
    new Promise((resolve, reject) => {
      const items: T[] = [];
      const stream = open({ deadline: new Date(Date.now() + CALL_DEADLINE_MS) });
      stream.on('data', (message: M) => {
        for (const item of itemsOf(message)) items.push(item);
      });
      stream.on('error', (err: ServiceError) => reject(toError(err)));
      stream.on('end', () => resolve(items));
    });

  const follow = <T>(
    stream: ClientReadableStream<T>,
    onMessage: (message: T) => void,
    handlers: Omit<StreamHandlers<T>, 'onMessage'>,
  ): Followed => {
    let over = false;
    stream.on('data', (message: T) => {
      if (!over) onMessage(message);
    });
    stream.on('error', (err: ServiceError) => {
      if (over) return;
      over = true;
      handlers.onError(toError(err));
    });
    stream.on('end', () => {
      if (over) return;
      over = true;
      handlers.onEnd();
    });
    return {
      cancel() {
        over = true;
        stream.cancel();
      },
    };
  };

  return {
    address,
    deployStack: (req) => call((o, cb) => control.deployStack(req, o, cb)),
    listStacks: async () =>
      (await call<{ stacks: StackSummary__Output[] }>((o, cb) => control.listStacks({}, o, cb))).stacks,
    removeStack: (name) => call((o, cb) => control.removeStack({ name }, o, cb)),
    listServices: (req) =>
      gather(
        (o) => control.listServices(req, o),
        (m: { services: ServiceView__Output[] }) => m.services,
      ),
    getService: (name) => call((o, cb) => control.getService({ name }, o, cb)),
    scaleServices: async (req) =>
      (await call<{ services: string[] }>((o, cb) => control.scaleServices(req, o, cb))).services,
    removeServices: async (names) =>
      (await call<{ removed: string[] }>((o, cb) => control.removeServices({ names }, o, cb))).removed,
    updateService: (req) => call((o, cb) => control.updateService(req, o, cb)),
    listTasks: (req) =>
      gather(
        (o) => control.listTasks(req, o),
        (m: { tasks: TaskView__Output[] }) => m.tasks,
      ),
    listNodes: () =>
      gather(
        (o) => control.listNodes({}, o),
        (m: { nodes: Node[] }) => m.nodes,
      ),
    getNode: (name) => call((o, cb) => control.getNode({ name }, o, cb)),
    updateNode: (req) => call((o, cb) => control.updateNode(req, o, cb)),
    removeNode: (name) => call((o, cb) => control.removeNode({ name }, o, cb)),
    createNetwork: (spec) => call((o, cb) => control.createNetwork({ spec }, o, cb)),
    listNetworks: () =>
      gather(
        (o) => control.listNetworks({}, o),
        (m: { networks: Network[] }) => m.networks,
      ),
    getNetwork: (name) => call((o, cb) => control.getNetwork({ name }, o, cb)),
    removeNetwork: async (name) => {
      await call((o, cb) => control.removeNetwork({ name }, o, cb));
    },
    watchProgress: (services, handlers) => {
      const batches = new ProgressBatches();
      return follow(
        control.watchProgress({ services }),
        (m) => {
          const whole = batches.receive(m);
          if (whole) handlers.onSnapshot(whole);
        },
        handlers,
      );
    },
    serviceLogs: (req, handlers) => follow(control.serviceLogs(req), (m) => handlers.onMessage(m), handlers),
    watchEvents: (req, handlers) => follow(control.watchEvents(req), (e) => handlers.onMessage(e), handlers),
    close: () => control.close(),
  };
}
