// Where a heal's time goes: from the cluster events of one host loss (as the manager saw them, its
// clock) and the lost node's last heartbeat, the time from the kill to each step, for the slowest
// replacement task at each step (the heal ends when the last task runs). Pure, for the testbed bench.
// "Assignment sent" has no event of its own: the first report of the agent that got it ("began")
// follows it within one status batch (20 ms).
import type { ClusterEvent__Output as ClusterEvent } from '../proto/generated/shoal/v1/ClusterEvent';

/** Milliseconds from the kill to each step; undefined where no event showed the step. */
export interface HealTrace {
  lastHeartbeat: number;
  markedDown?: number;
  replacementsCreated?: number;
  placed?: number;
  agentsBegan?: number;
  containersCreated?: number;
  running?: number;
  /** How many replacement tasks the trace follows. */
  tasks: number;
}

/** The agent's first reports on a task it was assigned: it checks (or pulls) the image, then creates. */
const BEGAN = new Set(['accepted', 'preparing', 'starting']);
/** The agent's report once the engine created the container, before it starts it. */
const CREATED_MESSAGE = 'starting container';

/** The latest of each task's first time at a step, relative to the kill; undefined if no task reached it. */
function slowest(times: ReadonlyMap<string, number>, killedAt: number): number | undefined {
  return times.size === 0 ? undefined : Math.max(...times.values()) - killedAt;
}

export function traceHeal(
  events: readonly ClusterEvent[],
  killed: { at: number; hostname: string; lastSeen: number },
  service: string,
): HealTrace {
  const after = events.filter((e) => Number(e.time) >= killed.at);
  const down = after.find((e) => e.type === 'node' && e.name === killed.hostname && e.action === 'down');
  const created = new Map<string, number>();
  for (const e of after) {
    if (e.type === 'task' && e.action === 'create' && e.name.startsWith(`${service}.`))
      created.set(e.id, Number(e.time));
  }
  const steps = {
    placed: new Map<string, number>(),
    began: new Map<string, number>(),
    made: new Map<string, number>(),
  };
  const running = new Map<string, number>();
  const firstAt = (map: Map<string, number>, id: string, time: number) => {
    if (!map.has(id)) map.set(id, time);
  };
  for (const e of after) {
    if (e.type !== 'task' || !created.has(e.id)) continue;
    const time = Number(e.time);
    if (e.action === 'assigned') firstAt(steps.placed, e.id, time);
    if (BEGAN.has(e.action)) firstAt(steps.began, e.id, time);
    if (e.action === 'starting' && e.attributes.message === CREATED_MESSAGE) firstAt(steps.made, e.id, time);
    if (e.action === 'running') firstAt(running, e.id, time);
  }
  return {
    lastHeartbeat: killed.lastSeen - killed.at,
    markedDown: down && Number(down.time) - killed.at,
    replacementsCreated: slowest(created, killed.at),
    placed: slowest(steps.placed, killed.at),
    agentsBegan: slowest(steps.began, killed.at),
    containersCreated: slowest(steps.made, killed.at),
    running: slowest(running, killed.at),
    tasks: created.size,
  };
}
