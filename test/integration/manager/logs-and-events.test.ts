// `service logs` and `events` end to end on a real etcd and a real manager, with simulated agents
// over real gRPC: their log channels serve what their fake containers wrote (testkit/sim-agent.ts).
// The steps share one cluster and run in order, as a user's session would.
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Followed, type StreamHandlers } from '../../../cli/client';
import type { CliApp, Terminal } from '../../../cli/commands/app';
import * as eventsCommand from '../../../cli/commands/events';
import * as serviceLogsCommand from '../../../cli/commands/service-logs';
import type { ClusterEvent } from '../../../domain/event-filter';
import type { ServiceLogsMessage__Output } from '../../../proto/generated/shoal/v1/ServiceLogsMessage';
import type { ServiceLogsRequest } from '../../../proto/generated/shoal/v1/ServiceLogsRequest';
import type { TaskView__Output } from '../../../proto/generated/shoal/v1/TaskView';
import { isTerminal } from '../../../domain/task-state';
import { simContainerId, startLine, type SimAgent } from '../../../testkit/sim-agent';
import { startEtcd, type EtcdHandle } from '../etcd-harness';
import { httpdStackYaml } from '../../fixtures/stacks';
import { stackFromYaml, startManager, type ManagerHandle } from '../manager-harness';
import { eventually } from '../../../testkit/eventually';

let etcd: EtcdHandle;
let h: ManagerHandle;
let agents: Record<'n1' | 'n2', SimAgent>;
let startedAt: number;

async function liveTasks(): Promise<TaskView__Output[]> {
  return (await h.client.listTasks({ services: ['logs_app'] })).filter(
    (v) => v.task!.desiredState === 'running' && v.task!.status!.state === 'running',
  );
}

/** A stream's messages as they come, its end, and its error. */
function collect<T>(open: (handlers: StreamHandlers<T>) => Followed) {
  const got = {
    messages: [] as T[],
    ended: false,
    error: undefined as Error | undefined,
    stream: undefined as Followed | undefined,
  };
  got.stream = open({
    onMessage: (m) => got.messages.push(m),
    onEnd: () => (got.ended = true),
    onError: (e) => (got.error = e),
  });
  return got;
}

function logs(req: Partial<ServiceLogsRequest> = {}) {
  const got = collect<ServiceLogsMessage__Output>((handlers) =>
    h.client.serviceLogs({ service: 'app', follow: false, tail: -1, since: 0, ...req }, handlers),
  );
  return Object.assign(got, {
    /** Lines as "<service>.<slot> <node> <text>". */
    lines: () => got.messages.flatMap((m) => m.lines.map((l) => `${l.service}.${l.slot} ${l.node} ${l.line!.text}`)),
    notices: () => got.messages.map((m) => m.notice).filter(Boolean),
  });
}

beforeAll(async () => {
  etcd = await startEtcd();
  h = await startManager(etcd.endpoints);
  startedAt = Date.now();
  agents = { n1: h.addAgent({ hostname: 'n1' }), n2: h.addAgent({ hostname: 'n2' }) };
  await eventually(
    '2 nodes ready',
    async () => (await h.client.listNodes()).filter((n) => n.status === 'ready').length === 2,
  );
  await h.client.deployStack({ stack: stackFromYaml('logs', httpdStackYaml(4)), prune: true });
  await eventually('4 running', async () => (await liveTasks()).length === 4);
});
afterAll(async () => {
  await h?.stop();
  await etcd?.stop();
});

describe('service logs', () => {
  it('reads the log of every task on every node, tags each line with its task and node, and ends', async () => {
    const got = logs();
    await eventually('the stream ended', async () => got.ended);
    const want = (await liveTasks()).map(
      (v) => `logs_app.${v.task!.slot} ${v.nodeHostname} ${startLine(v.nodeHostname, v.task!.id)}`,
    );
    expect(got.lines().sort()).toEqual(want.sort());
    expect(new Set(got.messages.flatMap((m) => m.lines.map((l) => l.node)))).toEqual(new Set(['n1', 'n2']));
    expect(got.notices()).toEqual([]);
  });

  it('passes tail on to the agents', async () => {
    const [task] = await liveTasks();
    agents[task!.nodeHostname as 'n1' | 'n2'].runtime.writeLog(simContainerId(task!.task!.id), 'second line');
    const got = logs({ tail: 1 });
    await eventually('the stream ended', async () => got.ended);
    expect(got.lines()).toHaveLength(4);
    expect(got.lines()).toContain(`logs_app.${task!.task!.slot} ${task!.nodeHostname} second line`);
  });

  it('refuses a service that does not exist, and a bad tail', async () => {
    const missing = collect((handlers) =>
      h.client.serviceLogs({ service: 'nope', follow: false, tail: -1, since: 0 }, handlers),
    );
    const badTail = logs({ tail: -5 });
    await eventually('both refused', async () => !!missing.error && !!badTail.error);
    expect(missing.error!.message).toMatch(/service "nope" not found/);
    expect(badTail.error!.message).toMatch(/tail must be a number of lines/);
  });

  it(
    'follows: new lines, and the tasks that start later, until the client cancels; ' + 'then the agents stop reading',
    async () => {
      const got = logs({ follow: true, tail: 0 });
      const followers = () =>
        Object.values(agents).reduce(
          (n, a) => n + [...a.running.keys()].reduce((m, id) => m + a.runtime.followerCount(simContainerId(id)), 0),
          0,
        );
      await eventually('every task followed', async () => followers() === 4);
      const [task] = await liveTasks();
      agents[task!.nodeHostname as 'n1' | 'n2'].runtime.writeLog(simContainerId(task!.task!.id), 'a new line');
      await eventually('the new line', async () => got.lines().some((l) => l.endsWith(' a new line')));

      await h.client.scaleServices({ entries: [{ service: 'app', replicas: 5 }] });
      await eventually('the start line of the fifth task', async () =>
        got.lines().some((l) => l.startsWith('logs_app.5 ')),
      );
      await eventually('5 tasks followed', async () => followers() === 5);

      got.stream!.cancel();
      await eventually('the agents stopped reading', async () => followers() === 0);
      expect(got.ended).toBe(false);
      expect(got.error).toBeUndefined();
    },
  );

  it('follows a task again once its agent is back from a restart, from where the lost channel left off', async () => {
    const onN1 = (await liveTasks()).find((t) => t.nodeHostname === 'n1')!;
    const container = simContainerId(onN1.task!.id);
    const got = logs({ follow: true, tail: 0 });
    await eventually('n1 followed', async () => agents.n1.runtime.followerCount(container) === 1);
    agents.n1.runtime.writeLog(container, 'before the restart');
    await eventually('the line before', async () => got.lines().some((l) => l.endsWith(' before the restart')));

    await agents.n1.stopToRestart(10_000);
    await eventually('the follower told', async () =>
      got.notices().some((n) => n.startsWith('n1: lost the log channel')),
    );
    agents.n1.start();
    await eventually('n1 followed again', async () => agents.n1.runtime.followerCount(container) === 1, 10_000);
    agents.n1.runtime.writeLog(container, 'after the restart');
    await eventually('the line after', async () => got.lines().some((l) => l.endsWith(' after the restart')));
    expect(got.lines().filter((l) => l.endsWith(' before the restart'))).toHaveLength(1);
    expect(got.notices().filter((n) => n.startsWith('n1: '))).toHaveLength(1);
    got.stream!.cancel();
  });
});

/** The `service logs` and `events` commands in-process, against the manager (no build needed). */
async function shoal(args: string[]): Promise<{ stdout: string; stderr: string; error?: Error }> {
  const out = { stdout: '', stderr: '' };
  const terminal = (key: 'stdout' | 'stderr'): Terminal => ({
    write: (t) => void (out[key] += t),
    isTTY: false,
    columns: 0,
  });
  const app: CliApp = {
    stdout: terminal('stdout'),
    stderr: terminal('stderr'),
    env: {},
    async withClient(fn) {
      const client = await connect(h.manager.address);
      try {
        return await fn(client);
      } finally {
        client.close();
      }
    },
  };
  const program = new Command('shoal').exitOverride();
  serviceLogsCommand.register(program.command('service'), app);
  eventsCommand.register(program, app);
  try {
    await program.parseAsync(['node', 'shoal', ...args]);
    return out;
  } catch (error) {
    return { ...out, error: error as Error };
  }
}

describe('the CLI', () => {
  it('service logs prints every line prefixed with its task and node', async () => {
    const res = await shoal(['service', 'logs', '--tail', '1', 'app']);
    expect(res.error).toBeUndefined();
    const want = (await liveTasks()).map(
      (v) => `logs_app.${v.task!.slot}.${v.task!.id.slice(0, 12)}@${v.nodeHostname} | `,
    );
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(want.length);
    for (const prefix of want) expect(lines.some((l) => l.startsWith(prefix))).toBe(true);
  });

  it.each([
    [['service', 'logs', '--tail', 'ten', 'app'], /invalid --tail "ten"/],
    [['service', 'logs', '--since', 'yesterday', 'app'], /invalid --since "yesterday"/],
    [['events', '--filter', 'type=container'], /invalid --filter "type=container": type must be one of/],
  ])('%j is refused before anything is asked', async (args, message) => {
    expect((await shoal(args)).error?.message).toMatch(message);
  });

  it('events --since --until --format json prints the kept events as JSON lines, then exits', async () => {
    const res = await shoal([
      'events',
      '--since',
      '10m',
      '--until',
      '0s',
      '--filter',
      'type=service',
      '--format',
      'json',
    ]);
    expect(res.error).toBeUndefined();
    const events = res.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events[0]).toMatchObject({
      type: 'service',
      action: 'create',
      name: 'logs_app',
      attributes: { image: 'busybox:latest', mode: 'replicated', replicas: '4', stack: 'logs' },
    });
    expect(events.every((e) => e.type === 'service')).toBe(true);
  });
});

describe('events', () => {
  function events(filters: string[], o: { since?: number; until?: number } = {}) {
    const got = collect<ClusterEvent>((handlers) =>
      h.client.watchEvents({ since: o.since ?? 0, until: o.until ?? 0, filters }, handlers),
    );
    return Object.assign(got, { lines: () => got.messages.map((e) => `${e.type} ${e.action} ${e.name}`) });
  }

  it('replays the kept events since a time, filtered, and ends once until has passed', async () => {
    const got = events(['type=service', 'type=node'], { since: startedAt, until: Date.now() });
    await eventually('the stream ended', async () => got.ended);
    expect(got.lines().sort()).toEqual([
      'node create n1',
      'node create n2',
      'service create logs_app',
      'service update logs_app',
    ]);
    expect(got.messages.find((e) => e.action === 'update')!.attributes).toMatchObject({
      replicas: '5',
      'replicas.old': '4',
    });
    const tasks = events(['service=logs_app', 'event=running'], { since: startedAt, until: Date.now() });
    await eventually('the stream ended', async () => tasks.ended);
    expect(tasks.lines().filter((l) => l.startsWith('task running')).length).toBe(5);
  });

  it('keeps streaming until a time weeks away (beyond what one timer can wait)', async () => {
    const got = events(['type=service'], { since: Date.now(), until: Date.now() + 30 * 24 * 3600_000 });
    await h.client.scaleServices({ entries: [{ service: 'app', replicas: 6 }] });
    // A timer asked to wait that long fires at once: a stream ended by it would not carry this event.
    await eventually('the first scale event', async () => got.lines().includes('service update logs_app'));
    expect(got.ended).toBe(false);
    // Back to what the next test starts from.
    await h.client.scaleServices({ entries: [{ service: 'app', replicas: 5 }] });
    await eventually(
      'the scale events',
      async () => got.lines().filter((l) => l === 'service update logs_app').length === 2,
    );
    expect(got.ended).toBe(false);
    got.stream!.cancel();
  });

  it('streams events live, and refuses a bad filter', async () => {
    // Since now: what happens between asking and the manager's subscribing is replayed, not lost.
    const got = events(['type=service'], { since: Date.now() });
    const bad = events(['colour=red']);
    await eventually('the bad filter refused', async () => !!bad.error);
    expect(bad.error!.message).toMatch(/invalid --filter "colour=red": unknown key/);
    await h.client.scaleServices({ entries: [{ service: 'app', replicas: 4 }] });
    await eventually('the scale event', async () => got.lines().includes('service update logs_app'));
    got.stream!.cancel();
  });

  it('sees a node go down; service logs then says which logs are missing instead of waiting for them', async () => {
    const watch = events(['type=node'], { since: Date.now() });
    const follow = logs({ follow: true, tail: 0 });
    await eventually('following', async () =>
      [...agents.n2.running.keys()].some((id) => agents.n2.runtime.followerCount(simContainerId(id)) > 0),
    );

    agents.n2.disconnect();
    await eventually('the follower told', async () => follow.notices().some((n) => n.startsWith('n2: ')));
    expect(follow.notices()).toContain("n2: lost the log channel to the node's agent; its logs may be incomplete");
    expect(follow.ended).toBe(false);

    const quick = logs();
    await eventually('ended', async () => quick.ended);
    expect(quick.notices()).toEqual([
      expect.stringMatching(/^n2: (its agent is not connected to the manager|the node is down); no logs from /),
    ]);
    expect(new Set(quick.lines().map((l) => l.split(' ')[1]))).toEqual(new Set(['n1']));

    await eventually('node down', async () => watch.lines().includes('node down n2'), 15_000);
    expect(watch.messages.find((e) => e.action === 'down')!.attributes.message).toMatch(/heartbeat missed/);
    const afterDown = logs();
    await eventually('ended', async () => afterDown.ended);
    // Its tasks never reported an end (the agent is silent): their logs are the missing ones.
    const onN2 = (await h.client.listTasks({ services: ['logs_app'] })).filter(
      (v) => v.nodeHostname === 'n2' && !isTerminal(v.task!.status!.state),
    );
    expect(onN2.length).toBeGreaterThan(0);
    expect(afterDown.notices()).toEqual([
      `n2: the node is down; no logs from ${onN2
        .map((v) => `logs_app.${v.task!.slot}`)
        .sort()
        .join(', ')}`,
    ]);
    follow.stream!.cancel();
    watch.stream!.cancel();
  });
});
