// Stored objects set aside as invalid (state/cluster-state.ts), as `service ls`, `service inspect` and `service ps`
// show them, pure. No proto field is added for them; they use the fields the CLI already shows: a service keeps its
// id and names, its mode reads "invalid" and its update status (state "invalid") carries the problems; in
// `service ps` it is one rejected row with the problems as its error, and so is each invalid task, under its service.
import type { ServiceView__Output } from '../../proto/generated/shoal/v1/ServiceView';
import type { TaskView__Output } from '../../proto/generated/shoal/v1/TaskView';
import type { InvalidObject } from '../state/cluster-state';

/** An invalid service where the Control API resolves names: it can be listed, inspected and removed. */
export interface InvalidService {
  id: string;
  spec: { name: string; stack: string };
  invalid: InvalidObject;
}

export function toInvalidService(bad: InvalidObject): InvalidService {
  return { id: bad.id, spec: { name: bad.name || bad.id, stack: bad.stack }, invalid: bad };
}

function problemsText(bad: InvalidObject): string {
  return `stored ${bad.kind === 'services' ? 'service' : 'task'} is invalid: ${bad.problems.join('; ')}`;
}

export function invalidServiceView(s: InvalidService): ServiceView__Output {
  const bad = s.invalid;
  return {
    service: {
      id: s.id,
      meta: { version: bad.version, createdAt: 0, updatedAt: 0 },
      spec: {
        ...s.spec,
        labels: {},
        container: null,
        mode: 'invalid',
        replicas: 0,
        placement: null,
        resources: null,
        restartPolicy: null,
        updateConfig: null,
        rollbackConfig: null,
        endpoint: null,
        networks: [],
        forceUpdate: 0,
        rebalance: false,
      },
      specVersion: 0,
      virtualIps: [],
      updateStatus: { state: 'invalid', message: problemsText(bad), startedAt: 0, completedAt: 0 },
      previousSpec: null,
      previousSpecVersion: 0,
      rebalanceRequested: false,
    },
    replicas: { desired: 0, running: 0 },
  };
}

/** The `service ps` row of an invalid service (under its own id) or of an invalid task. */
export function invalidTaskView(bad: InvalidObject): TaskView__Output {
  const isService = bad.kind === 'services';
  return {
    task: {
      id: bad.id,
      meta: { version: bad.version, createdAt: 0, updatedAt: 0 },
      serviceId: isService ? bad.id : bad.serviceId,
      serviceName: bad.name || bad.id,
      slot: bad.slot,
      nodeId: '',
      desiredState: '',
      status: { state: 'rejected', message: '', err: problemsText(bad), timestamp: 0, containerId: '', exitCode: 0 },
      spec: null,
      specVersion: 0,
      restartAt: 0,
      addresses: [],
      targetNodeId: '',
    },
    nodeHostname: '',
  };
}
