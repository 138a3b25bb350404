// End to end on the testbed (real etcd, real Docker engines, one per host): `shoal service logs`
// reads the tasks of a service on every host through the manager, and `shoal events` sees the deploy.
import { describe, expect, it } from 'vitest';
import type { EventJson } from '../../cli/render/events';
import { eventually, testbed } from '../../testkit/testbed';
import { talkerStackYaml } from '../fixtures/stacks';
import { useTestbed } from './setup';

/**
 * How long `shoal events` watches the deploy (it ends by itself at --until). `stack deploy` returns once
 * the tasks run, which takes 2-3 s here; the test checks that it returned well inside the window.
 */
const EVENTS_WINDOW_MS = 15_000;
/** How long `service logs -f` runs before it is stopped: the tasks print twice a second. */
const FOLLOW_MS = 8_000;

const SERVICE = 'logs_talker';

// Each replica prints its container hostname (the engine's short container id) twice a second.
const stack = talkerStackYaml({ service: 'talker', replicas: 6, everyS: 0.5 });

/** `service logs` output: "logs_talker.<slot>.<task id>@<node> | line <n> from <container hostname>". */
const LOG_LINE = /^logs_talker\.(\d+)\.([a-z0-9]{12})@(host\d) \| line (\d+) from ([0-9a-f]{12})$/;

interface Parsed {
  slot: number;
  taskPrefix: string;
  node: string;
  containerPrefix: string;
}

function parseLines(stdout: string): Parsed[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const m = LOG_LINE.exec(line);
      if (!m) throw new Error(`not a service logs line: ${JSON.stringify(line)}`);
      return { slot: Number(m[1]), taskPrefix: m[2]!, node: m[3]!, containerPrefix: m[5]! };
    });
}

const tasks = () => testbed.tasks(SERVICE);

/** Every line came from the task, node and container `service ps` names for it. */
async function expectLinesMatchTasks(lines: Parsed[]): Promise<void> {
  const all = await tasks();
  for (const l of lines) {
    const t = all.find((x) => x.id.startsWith(l.taskPrefix));
    expect(t, `task ${l.taskPrefix}`).toBeDefined();
    expect([t!.slot, t!.node, t!.containerId.slice(0, 12)]).toEqual([l.slot, l.node, l.containerPrefix]);
  }
}

const stackFiles = useTestbed({ name: 'logs' });

describe('logs and events on real engines', () => {
  it(
    'shoal events --format json sees the deploy: the service created and its tasks running on the hosts',
    async () => {
      const since = new Date().toISOString();
      const until = new Date(Date.now() + EVENTS_WINDOW_MS).toISOString();
      // --since replays what happened before the watch began, so the deploy cannot slip past it.
      const watching = testbed.shoal(
        ['events', '--format', 'json', '--filter', `service=${SERVICE}`, '--since', since, '--until', until],
        { timeoutMs: EVENTS_WINDOW_MS + 30_000 },
      );
      const deploy = await testbed.shoal(['stack', 'deploy', '-c', stackFiles.write('stack.yml', stack), 'logs']);
      expect(deploy.code, deploy.stderr).toBe(0);
      expect(Date.now(), 'the deploy converged before the watch ended').toBeLessThan(Date.parse(until));

      const r = await watching;
      expect(r.code, r.stderr).toBe(0);
      const events = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as EventJson);
      expect(events.find((e) => e.type === 'service' && e.action === 'create')).toMatchObject({
        name: SERVICE,
        attributes: { image: 'busybox:latest', replicas: '6', stack: 'logs' },
      });
      const running = events.filter((e) => e.type === 'task' && e.action === 'running');
      expect(new Set(running.map((e) => e.name)).size).toBe(6);
      expect(new Set(running.map((e) => e.attributes.node)).size).toBeGreaterThanOrEqual(2);
      for (const state of ['assigned', 'running'])
        expect(events.some((e) => e.type === 'task' && e.action === state)).toBe(true);
    },
    EVENTS_WINDOW_MS + 60_000,
  );

  it(
    'shoal service logs shows the lines of tasks on at least two hosts, ' + 'each tagged with its task and node',
    async () => {
      await eventually('lines from every task', async () => {
        const r = await testbed.shoal(['service', 'logs', '--tail', '2', SERVICE]);
        return r.code === 0 && new Set(parseLines(r.stdout).map((l) => l.taskPrefix)).size === 6;
      });
      const r = await testbed.shoal(['service', 'logs', '--tail', '2', SERVICE]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      const lines = parseLines(r.stdout);
      expect(new Set(lines.map((l) => l.node)).size).toBeGreaterThanOrEqual(2);
      expect(lines).toHaveLength(12);
      await expectLinesMatchTasks(lines);
    },
  );

  it('shoal service logs -f keeps printing new lines from the hosts until it is stopped', async () => {
    const r = await testbed.shoal(['service', 'logs', '-f', '--tail', '0', SERVICE], { timeoutMs: FOLLOW_MS });
    // Stopped by a kill: the last line may be cut short.
    const lines = parseLines(r.stdout.slice(0, r.stdout.lastIndexOf('\n') + 1));
    expect(new Set(lines.map((l) => l.node)).size).toBeGreaterThanOrEqual(2);
    await expectLinesMatchTasks(lines);
  });

  it('with a host down, says whose logs are missing and still shows the others, without hanging', async () => {
    await testbed.kill('host3');
    await eventually(
      'host3 down',
      async () => (await testbed.nodes()).find((n) => n.hostname === 'host3')?.status === 'down',
    );
    const r = await testbed.shoal(['service', 'logs', '--tail', '1', SERVICE]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^host3: the node is down; no logs from logs_talker\.\d+/m);
    expect(parseLines(r.stdout).every((l) => l.node !== 'host3')).toBe(true);
    await testbed.revive('host3');
    await eventually(
      'host3 ready',
      async () => (await testbed.nodes()).find((n) => n.hostname === 'host3')?.status === 'ready',
    );
  }, 90_000);
});
