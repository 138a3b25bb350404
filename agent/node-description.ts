// The node description an agent registers with, pure: from its flags, the host's interfaces and what
// the engine reports about the host.
import type { NetworkInterfaceInfo } from 'node:os';
import type { NodeDescription, NodeRole } from '../proto/types';
import type { EngineDescription } from './runtime/docker-runtime';

export interface NodeFlags {
  hostname: string;
  role: NodeRole;
  labels: Record<string, string>;
  address: string;
}

/** The first IPv4 address that is not loopback, by interface name order; '' when the host has none. */
export function firstNonLoopbackIPv4(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string {
  for (const name of Object.keys(interfaces).sort()) {
    const a = (interfaces[name] ?? []).find((i) => i.family === 'IPv4' && !i.internal);
    if (a) return a.address;
  }
  return '';
}

export function toNodeDescription(flags: NodeFlags, engine: EngineDescription): NodeDescription {
  return {
    hostname: flags.hostname,
    role: flags.role,
    labels: flags.labels,
    platform: { os: engine.os, arch: engine.arch },
    resources: { nanoCpus: engine.nanoCpus, memoryBytes: engine.memoryBytes },
    address: flags.address,
    engineVersion: engine.engineVersion,
  };
}
