// Names shared by the manager, the agent and the CLI. What a name may be, and how long: limits.ts.

/** "<stack>_<service>", as Swarm names a stack's objects. */
export function scopedName(stack: string, name: string): string {
  return stack ? `${stack}_${name}` : name;
}

/** The name a user wrote in the stack file, from a full service name. */
export function shortName(stack: string, fullName: string): string {
  return stack && fullName.startsWith(`${stack}_`) ? fullName.slice(stack.length + 1) : fullName;
}

/** Task display name: "<service>.<slot>", or "<service>.<node id>" for a global task. */
export function taskName(serviceName: string, slot: number, nodeId: string): string {
  return slot > 0 ? `${serviceName}.${slot}` : `${serviceName}.${nodeId}`;
}

/** Container name: "<service>.<slot>.<task id>". */
export function containerName(serviceName: string, slot: number, nodeId: string, taskId: string): string {
  return `${taskName(serviceName, slot, nodeId)}.${taskId}`;
}
