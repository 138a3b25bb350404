// `service ps` and `stack ps`: tasks as a table and as JSON.
import type { TaskView__Output } from '../../proto/generated/shoal/v1/TaskView';
import { taskName } from '../../domain/naming';
import { humanDuration } from './human-duration';
import { naturalCompare } from './natural-compare';
import { formatPorts } from './ports';
import { capitalize, renderTable, shortId } from './table';

export interface TaskJson {
  id: string;
  name: string;
  service: string;
  slot: number;
  node: string;
  desiredState: string;
  state: string;
  /** Why the task is in its state, e.g. a pending task's "no suitable node: ...". */
  message: string;
  error: string;
  containerId: string;
  createdAt: number;
  updatedAt: number;
}

export function toTaskJson(view: TaskView__Output): TaskJson {
  const task = view.task;
  return {
    id: task?.id ?? '',
    name: taskName(task?.serviceName ?? '', task?.slot ?? 0, task?.nodeId ?? ''),
    service: task?.serviceName ?? '',
    slot: task?.slot ?? 0,
    node: view.nodeHostname || task?.nodeId || '',
    desiredState: task?.desiredState ?? '',
    state: task?.status?.state ?? '',
    message: task?.status?.message ?? '',
    error: task?.status?.err ?? '',
    containerId: task?.status?.containerId ?? '',
    createdAt: task?.meta?.createdAt ?? 0,
    updatedAt: task?.status?.timestamp ?? 0,
  };
}

/** By name (naturally, so web.2 before web.10), then newest first within a name. */
export function sortTasks(tasks: readonly TaskJson[]): TaskJson[] {
  return [...tasks].sort((a, b) => naturalCompare(a.name, b.name) || b.createdAt - a.createdAt);
}

/** The ERROR cell: the task's error, or for a task still waiting to run, why it waits. */
function errorCell(t: TaskJson): string {
  if (t.error) return t.error;
  return t.state === 'pending' || t.state === 'new' ? t.message : '';
}

function currentStateCell(t: TaskJson, now: number): string {
  const state = capitalize(t.state);
  return t.updatedAt > 0 ? `${state} ${humanDuration(Math.max(0, now - t.updatedAt))} ago` : state;
}

export interface TaskTableOptions {
  quiet: boolean;
  noTrunc: boolean;
  /** Unix milliseconds, for "Running 5 minutes ago". */
  now: number;
}

/**
 * ID NAME IMAGE NODE DESIRED STATE CURRENT STATE ERROR PORTS. Older tasks of a slot follow the
 * newest one, their names marked " \_ " as the docker CLI does.
 */
export function renderTaskTable(views: readonly TaskView__Output[], opts: TaskTableOptions): string[] {
  const byId = new Map(views.map((v) => [v.task?.id ?? '', v]));
  const tasks = sortTasks(views.map(toTaskJson));
  if (opts.quiet) return tasks.map((t) => t.id);
  return renderTable(
    ['ID', 'NAME', 'IMAGE', 'NODE', 'DESIRED STATE', 'CURRENT STATE', 'ERROR', 'PORTS'],
    tasks.map((t, i) => {
      const spec = byId.get(t.id)?.task?.spec;
      const older = i > 0 && tasks[i - 1].name === t.name;
      return [
        shortId(t.id, opts.noTrunc),
        older ? ` \\_ ${t.name}` : t.name,
        spec?.container?.image ?? '',
        t.node,
        capitalize(t.desiredState),
        currentStateCell(t, opts.now),
        errorCell(t),
        formatPorts(spec?.endpoint?.ports ?? [], 'host'),
      ];
    }),
  );
}
