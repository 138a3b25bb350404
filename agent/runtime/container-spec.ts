// A task's container, pure: the Docker Engine API create body (POST /containers/create) for a task.
import { FailedPreconditionError } from '../../proto/errors';
import { containerName } from '../../domain/naming';
import type { HealthCheck, Task } from '../../proto/types';
import { bareAddress, taskMac } from '../../domain/address';
import { TASK_LABEL, type DockerCreateBody, type DockerHealthConfig } from './engine-api';

const NS_PER_MS = 1e6;
const MS_PER_S = 1000;

/** The labels every Shoal container carries; the agent finds its containers by `shoal.task`. */
export function shoalLabels(task: Task): Record<string, string> {
  return {
    [TASK_LABEL]: task.id,
    'shoal.service': task.serviceName,
    'shoal.stack': task.spec.stack,
    'shoal.node': task.nodeId,
    'shoal.slot': String(task.slot),
  };
}

function toHealthConfig(h: HealthCheck): DockerHealthConfig {
  return {
    Test: [...h.test],
    Interval: h.intervalMs * NS_PER_MS,
    Timeout: h.timeoutMs * NS_PER_MS,
    Retries: h.retries,
    StartPeriod: h.startPeriodMs * NS_PER_MS,
    // Only engines with API 1.44+ know it; leaving it out when unset keeps older engines' bodies plain.
    ...(h.startIntervalMs > 0 ? { StartInterval: h.startIntervalMs * NS_PER_MS } : {}),
  };
}

/** An empty string or list means "the image's own": the field is left out of the body. */
function nonEmpty<T extends string | string[]>(v: T): T | undefined {
  return v.length > 0 ? v : undefined;
}

/** The networks a task's container joins after create and before start: every one after the first. */
export function toNetworkConnects(task: Task): { network: string; ipv4: string }[] {
  return task.addresses.slice(1).map((a) => ({ network: a.network, ipv4: bareAddress(a.address) }));
}

/**
 * The create body. A task with network addresses is created on its first network (its other ones are
 * connected before start, toNetworkConnects), never on Docker's default bridge; `gateways` maps each
 * network id to its gateway on this engine, where the agent's DNS server listens.
 */
export function toCreateBody(task: Task, gateways: ReadonlyMap<string, string> = new Map()): DockerCreateBody {
  const c = task.spec.container;
  const limits = task.spec.resources.limits;
  const body: DockerCreateBody = {
    name: containerName(task.serviceName, task.slot, task.nodeId, task.id),
    Image: c.image,
    // Shoal's labels win over a user label of the same name: the agent depends on them.
    Labels: { ...c.labels, ...shoalLabels(task) },
    Entrypoint: nonEmpty([...c.entrypoint]),
    Cmd: nonEmpty([...c.command]),
    Env: [...c.env],
    User: nonEmpty(c.user),
    WorkingDir: nonEmpty(c.workingDir),
    Hostname: nonEmpty(c.hostname),
    StopSignal: nonEmpty(c.stopSignal),
    StopTimeout: Math.ceil(c.stopGracePeriodMs / MS_PER_S),
    Healthcheck: c.healthcheck ? toHealthConfig(c.healthcheck) : undefined,
    HostConfig: { NanoCpus: limits.nanoCpus, Memory: limits.memoryBytes, RestartPolicy: { Name: 'no' } },
  };
  const first = task.addresses[0];
  if (first) {
    const gateway = gateways.get(first.networkId);
    if (!gateway) throw new FailedPreconditionError(`network ${first.network} does not exist on this engine yet`);
    const ip = bareAddress(first.address);
    body.MacAddress = taskMac(ip);
    body.NetworkingConfig = { EndpointsConfig: { [first.network]: { IPAMConfig: { IPv4Address: ip } } } };
    body.HostConfig.NetworkMode = first.network;
    body.HostConfig.Dns = [gateway];
  }
  // Unset optional fields are left out, not sent as undefined: the body is exactly what the engine gets.
  for (const k of Object.keys(body) as (keyof DockerCreateBody)[]) if (body[k] === undefined) delete body[k];
  return body;
}
