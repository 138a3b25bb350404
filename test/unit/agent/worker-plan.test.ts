import { describe, expect, it } from 'vitest';
import type { ContainerInfo } from '../../../agent/runtime/container-runtime';
import { EngineServerError } from '../../../agent/runtime/container-runtime';
import { isFinalRefusal, planWorker, type TaskProgress, type WorkerAction } from '../../../agent/worker-plan';
import { ConflictError, FailedPreconditionError, InvalidArgumentError, UnavailableError } from '../../../proto/errors';
import type { Task } from '../../../proto/types';
import { makeTask, type TaskOverrides } from '../../fakes/builders';

const NOW = 1_000_000;

const task = (id: string, o: TaskOverrides = {}): Task => makeTask({ id, nodeId: 'n1', ...o });
const ctr = (taskId: string, o: Partial<ContainerInfo> = {}): ContainerInfo => ({
  id: `c-${taskId}`,
  name: `web.1.${taskId}`,
  taskId,
  state: 'running',
  health: 'none',
  exitCode: 0,
  oomKilled: false,
  ...o,
});
const prog = (o: Partial<TaskProgress> = {}): TaskProgress => ({
  reported: '',
  containerId: '',
  message: '',
  failures: 0,
  retryAt: 0,
  ...o,
});

/** One line per action: what it does, to which task and container, and what it reports. */
function show(a: WorkerAction): string {
  switch (a.kind) {
    case 'start':
      return `start ${a.task.id}`;
    case 'start-created':
      return `start-created ${a.task.id} ${a.containerId}`;
    case 'report': {
      const r = a.report;
      return `report ${a.taskId} ${r.state} ${r.containerId} exit=${r.exitCode} "${r.message}" "${r.err}"`;
    }
    case 'stop':
      return `stop ${a.taskId} ${a.containerId}`;
    case 'fail':
      return `fail ${a.taskId} ${a.containerId} "${a.report.message}" "${a.report.err}"`;
    case 'remove':
      return `remove ${a.taskId} ${a.containerId}${a.report ? ` + report ${a.report.state}` : ''}`;
  }
}

interface Case {
  name: string;
  assigned?: Task[];
  complete?: boolean;
  containers?: ContainerInfo[];
  progress?: Record<string, TaskProgress>;
  want: string[];
  wakeAt?: number;
  forget?: string[];
}

const cases: Case[] = [
  { name: 'starts an assigned task that has no container', assigned: [task('t1')], want: ['start t1'] },
  {
    name: 'waits out a retry delay, and asks to wake then',
    assigned: [task('t1')],
    progress: { t1: prog({ failures: 1, retryAt: NOW + 500 }) },
    want: [],
    wakeAt: NOW + 500,
  },
  {
    name: 'retries once the delay has passed',
    assigned: [task('t1')],
    progress: { t1: prog({ failures: 1, retryAt: NOW }) },
    want: ['start t1'],
  },
  {
    name: 'never a second container: one this agent created is gone → failed',
    assigned: [task('t1')],
    progress: { t1: prog({ reported: 'running', containerId: 'c-old' }) },
    want: ['report t1 failed c-old exit=0 "container removed" "task: container removed outside Shoal"'],
  },
  {
    name: 'never a second container: the manager knows a container id (agent restarted) → failed',
    assigned: [task('t1', { status: { state: 'running', containerId: 'c-old' } })],
    want: ['report t1 failed c-old exit=0 "container removed" "task: container removed outside Shoal"'],
  },
  {
    name: 'adopts a running container of an assigned task: reports running, no start',
    assigned: [task('t1')],
    containers: [ctr('t1')],
    want: ['report t1 running c-t1 exit=0 "started" ""'],
  },
  {
    name: 'says nothing again about a running container already reported',
    assigned: [task('t1')],
    containers: [ctr('t1')],
    progress: { t1: prog({ reported: 'running', containerId: 'c-t1', message: 'started' }) },
    want: [],
  },
  {
    name: 'reports a container whose healthcheck has not passed as starting',
    assigned: [task('t1')],
    containers: [ctr('t1', { health: 'starting' })],
    progress: { t1: prog({ reported: 'starting', containerId: 'c-t1', message: 'starting container' }) },
    want: ['report t1 starting c-t1 exit=0 "health: starting" ""'],
  },
  {
    name: 'fails the task of a container that turned unhealthy, and stops the container',
    assigned: [task('t1')],
    containers: [ctr('t1', { health: 'unhealthy' })],
    progress: { t1: prog({ reported: 'running', containerId: 'c-t1', message: 'health: healthy' }) },
    want: ['fail t1 c-t1 "health: unhealthy" "unhealthy container"'],
  },
  {
    name: 'one that never passed its check fails the same way',
    assigned: [task('t1')],
    containers: [ctr('t1', { health: 'unhealthy' })],
    progress: { t1: prog({ reported: 'starting', containerId: 'c-t1', message: 'health: starting' }) },
    want: ['fail t1 c-t1 "health: unhealthy" "unhealthy container"'],
  },
  {
    name: 'once failed, its still-running container is left to the manager',
    assigned: [task('t1')],
    containers: [ctr('t1', { health: 'unhealthy' })],
    progress: { t1: prog({ reported: 'failed', containerId: 'c-t1', message: 'health: unhealthy' }) },
    want: [],
  },
  {
    name: 'reports it running once healthy',
    assigned: [task('t1')],
    containers: [ctr('t1', { health: 'healthy' })],
    progress: { t1: prog({ reported: 'starting', containerId: 'c-t1', message: 'health: starting' }) },
    want: ['report t1 running c-t1 exit=0 "health: healthy" ""'],
  },
  {
    name: 'starts a container created but never started',
    assigned: [task('t1')],
    containers: [ctr('t1', { state: 'created' })],
    want: ['start-created t1 c-t1'],
  },
  {
    name: 'exit 0 → complete',
    assigned: [task('t1')],
    containers: [ctr('t1', { state: 'exited', exitCode: 0 })],
    want: ['report t1 complete c-t1 exit=0 "finished" ""'],
  },
  {
    name: 'non-zero exit → failed with the code',
    assigned: [task('t1')],
    containers: [ctr('t1', { state: 'exited', exitCode: 3 })],
    want: ['report t1 failed c-t1 exit=3 "container ended" "task: non-zero exit (3)"'],
  },
  {
    name: 'OOM → failed "OOM killed"',
    assigned: [task('t1')],
    containers: [ctr('t1', { state: 'exited', exitCode: 137, oomKilled: true })],
    want: ['report t1 failed c-t1 exit=137 "container ended" "OOM killed"'],
  },
  {
    name: 'a dead container is never restarted, even while still assigned',
    assigned: [task('t1')],
    containers: [ctr('t1', { state: 'exited', exitCode: 3 })],
    progress: { t1: prog({ reported: 'failed', containerId: 'c-t1' }) },
    want: [],
  },
  {
    name: 'a rejected task is not started again',
    assigned: [task('t1')],
    progress: { t1: prog({ reported: 'rejected' }) },
    want: [],
  },
  {
    name: 'leaves a paused container of an assigned task alone',
    assigned: [task('t1')],
    containers: [ctr('t1', { state: 'paused' })],
    want: [],
  },
  {
    name: 'stops a running container whose task is not assigned',
    complete: true,
    containers: [ctr('gone')],
    want: ['stop gone c-gone'],
  },
  {
    name: 'stops nothing before the first complete set',
    complete: false,
    containers: [ctr('gone'), ctr('dead', { state: 'exited' })],
    want: [],
  },
  {
    name: 'stops a task assigned but no longer desired running',
    complete: true,
    assigned: [task('t1', { desiredState: 'shutdown' })],
    containers: [ctr('t1')],
    want: ['stop t1 c-t1'],
  },
  {
    name: 'removes a dead container of a task already reported ended, without a report',
    complete: true,
    containers: [ctr('t1', { state: 'exited', exitCode: 1 })],
    progress: { t1: prog({ reported: 'failed', containerId: 'c-t1' }) },
    want: ['remove t1 c-t1'],
  },
  {
    name: 'removes a dead unassigned container found at start, reporting it shut down',
    complete: true,
    containers: [ctr('old', { state: 'exited', exitCode: 143 })],
    want: ['remove old c-old + report shutdown'],
  },
  {
    name: 'removes a created, never started, unassigned container',
    complete: true,
    containers: [ctr('old', { state: 'created' })],
    want: ['remove old c-old + report shutdown'],
  },
  {
    name: 'leaves a container being removed alone',
    complete: true,
    containers: [ctr('old', { state: 'removing' })],
    want: [],
  },
  {
    name: 'retries a failed stop only after its delay',
    complete: true,
    containers: [ctr('gone')],
    progress: { gone: prog({ failures: 2, retryAt: NOW + 800 }) },
    want: [],
    wakeAt: NOW + 800,
  },
  {
    name: 'with two containers of one task (a copied label), adopts the running one',
    assigned: [task('t1')],
    containers: [ctr('t1', { id: 'c-a', state: 'exited', exitCode: 1 }), ctr('t1', { id: 'c-b' })],
    want: ['report t1 running c-b exit=0 "started" ""'],
  },
  {
    name: 'forgets the progress of tasks with neither an assignment nor a container',
    complete: true,
    assigned: [task('t1')],
    containers: [ctr('t1')],
    progress: {
      t1: prog({ reported: 'running', containerId: 'c-t1', message: 'started' }),
      t2: prog({ reported: 'shutdown' }),
    },
    want: [],
    forget: ['t2'],
  },
  {
    name: 'handles a whole node at once: adopt, start, stop',
    complete: true,
    assigned: [task('keep'), task('new')],
    containers: [ctr('keep'), ctr('old')],
    want: ['report keep running c-keep exit=0 "started" ""', 'start new', 'stop old c-old'],
  },
];

describe('planWorker', () => {
  it.each(cases)('$name', (c) => {
    const plan = planWorker({
      assigned: new Map((c.assigned ?? []).map((t) => [t.id, t])),
      haveCompleteSet: c.complete ?? true,
      containers: c.containers ?? [],
      progress: new Map(Object.entries(c.progress ?? {})),
      now: NOW,
    });
    expect(plan.actions.map(show)).toEqual(c.want);
    expect(plan.wakeAt).toBe(c.wakeAt);
    expect(plan.forget).toEqual(c.forget ?? []);
  });
});

describe('isFinalRefusal', () => {
  const unreachable = new UnavailableError('docker engine unreachable: connect ENOENT /run/docker.sock');
  const conflict = new ConflictError('Conflict. The container name "/web.1.t1" is already in use');
  const badReference = new InvalidArgumentError('invalid reference format');
  const unsendable = new InvalidArgumentError(
    'invalid request to the docker engine: Request path contains unescaped characters',
  );
  const badBody = new InvalidArgumentError('invalid environment variable: =novalue');
  const serverError = new EngineServerError('failed to register layer: no space left on device', 500);
  const registryUnreachable = new EngineServerError(
    'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
    500,
  );
  const noSuchImage = new FailedPreconditionError('No such image: web:2');
  const pullDenied = new FailedPreconditionError('pull access denied for nope, repository does not exist');
  const bug = new TypeError("Cannot read properties of undefined (reading 'Id')");

  const rows = [
    // An engine that does not answer, or a stale view of it, may well work next time.
    ['check-image', unreachable, false],
    ['pull', unreachable, false],
    ['create', unreachable, false],
    ['create', conflict, false],
    // A request the engine refuses as such (HTTP 400), or that cannot even be sent, never succeeds.
    ['check-image', badReference, true],
    ['check-image', unsendable, true],
    ['pull', badReference, true],
    ['create', badReference, true],
    ['create', badBody, true],
    // The engine's own failure (HTTP 5xx): the task is rejected with it, except at the image check, which is retried.
    ['check-image', serverError, false],
    ['create', serverError, true],
    ['pull', registryUnreachable, true],
    // Any other refusal: the image is not there, the pull was denied.
    ['create', noSuchImage, true],
    ['pull', pullDenied, true],
    ['check-image', new FailedPreconditionError('forbidden'), true],
    // Not an engine's answer (a bug, say): retried, as before.
    ['create', bug, false],
  ] as const;
  it.each(rows.map(([step, err, final]) => [step, `${err.constructor.name} (${err.message})`, final, err] as const))(
    '%s, %s: final %s',
    (step, _shown, final, err) => {
      expect(isFinalRefusal(step, err)).toBe(final);
    },
  );
});
