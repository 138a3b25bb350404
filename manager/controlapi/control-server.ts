// The Control service: the gRPC surface the CLI talks to, wired to the handlers.
import type { ControlHandlers } from '../../proto/generated/shoal/v1/Control';
import { unary } from '../grpc-adapter';
import type { ControlDeps } from './deps';
import { watchEvents } from './events';
import { listStream } from './list-stream';
import { serviceLogs } from './logs';
import { createNetwork, getNetwork, listNetworks, removeNetwork } from './networks';
import { getNode, listNodes, removeNode, updateNode } from './nodes';
import { watchProgress } from './progress-stream';
import { updateService } from './service-update';
import { getService, listServices, listTasks, removeServices, scaleServices } from './services';
import { deployStack, listStacks, removeStack } from './stacks';

/**
 * Runs calls one after another. A deploy checks names and published ports against every other stack
 * and then commits; etcd's guards cover only the keys it writes, so two deploys at once could both
 * claim one port. One manager serves at a time, so running deploys in turn keeps those checks true.
 */
function oneAtATime(): <T>(fn: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const run = last.then(fn, fn);
    last = run.catch(() => undefined);
    return run;
  };
}

export function controlHandlers(deps: ControlDeps): ControlHandlers {
  const log = deps.logger;
  const deploys = oneAtATime();
  return {
    DeployStack: unary('DeployStack', log, (req) => deploys(() => deployStack(deps, req))),
    ListStacks: unary('ListStacks', log, async () => listStacks(deps)),
    RemoveStack: unary('RemoveStack', log, (req) => removeStack(deps, req.name)),
    ListServices: listStream('ListServices', 'services', log, (req) => listServices(deps, req)),
    GetService: unary('GetService', log, async (req) => getService(deps, req.name)),
    ScaleServices: unary('ScaleServices', log, async (req) => ({ services: await scaleServices(deps, req) })),
    RemoveServices: unary('RemoveServices', log, async (req) => ({ removed: await removeServices(deps, req.names) })),
    UpdateService: unary('UpdateService', log, (req) => updateService(deps, req)),
    ListTasks: listStream('ListTasks', 'tasks', log, (req) => listTasks(deps, req)),
    ListNodes: listStream('ListNodes', 'nodes', log, () => listNodes(deps)),
    GetNode: unary('GetNode', log, async (req) => getNode(deps, req.name)),
    UpdateNode: unary('UpdateNode', log, (req) => updateNode(deps, req)),
    RemoveNode: unary('RemoveNode', log, (req) => removeNode(deps, req.name)),
    CreateNetwork: unary('CreateNetwork', log, (req) => createNetwork(deps, req)),
    ListNetworks: listStream('ListNetworks', 'networks', log, () => listNetworks(deps)),
    GetNetwork: unary('GetNetwork', log, async (req) => getNetwork(deps, req.name)),
    RemoveNetwork: unary('RemoveNetwork', log, async (req) => {
      await removeNetwork(deps, req.name);
      return {};
    }),
    WatchProgress: (call) => watchProgress(deps, call),
    ServiceLogs: (call) => serviceLogs(deps, call),
    WatchEvents: (call) => watchEvents(deps, call),
  };
}
