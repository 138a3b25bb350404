// Validation of specs as they arrive over gRPC, pure. The CLI's stack loader already reports file
// positions; the manager checks again so that no client can store a spec Shoal cannot run.
import { parseConstraint } from '../../domain/constraint';
import type { SpecIssue } from '../../proto/errors';
import {
  ENDPOINT_MODES,
  FAILURE_ACTIONS,
  PORT_PROTOCOLS,
  PUBLISH_MODES,
  RESTART_CONDITIONS,
  SERVICE_MODES,
  UPDATE_ORDERS,
} from '../../domain/spec-values';
import { NAME_PATTERN } from '../../domain/naming';
import { isPort, MAX_PORT } from '../../domain/ports';
import type { StackSpec__Output } from '../../proto/generated/shoal/v1/StackSpec';
import type { ServiceSpec__Output } from '../../proto/generated/shoal/v1/ServiceSpec';
import type { NetworkSpec, ServiceSpec, StackSpec } from '../../proto/types';

type Check = (ok: boolean, path: string, message: string) => void;

function oneOf(check: Check, value: string, allowed: readonly string[], path: string): void {
  check(allowed.includes(value), path, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
}

function nonNegative(check: Check, value: number, path: string): void {
  check(Number.isFinite(value) && value >= 0, path, `must not be negative (got ${value})`);
}

export function validateServiceSpec(s: ServiceSpec, path: string, networks: ReadonlySet<string>, check: Check): void {
  check(NAME_PATTERN.test(s.name), `${path}.name`, `invalid service name ${JSON.stringify(s.name)}`);
  check(!!s.container && s.container.image !== '', `${path}.image`, 'an image is required');
  oneOf(check, s.mode, SERVICE_MODES, `${path}.deploy.mode`);
  check(
    Number.isInteger(s.replicas) && s.replicas >= 0,
    `${path}.deploy.replicas`,
    `must be a whole number >= 0 (got ${s.replicas})`,
  );
  check(!(s.mode === 'global' && s.replicas > 0), `${path}.deploy.replicas`, 'replicas cannot be set with mode global');
  for (const [i, c] of (s.placement?.constraints ?? []).entries()) {
    const parsed = parseConstraint(c);
    if (!parsed.ok) check(false, `${path}.deploy.placement.constraints[${i}]`, parsed.error);
  }
  const res = s.resources;
  for (const [kind, r] of [
    ['limits', res?.limits],
    ['reservations', res?.reservations],
  ] as const) {
    if (!r) continue;
    nonNegative(check, r.nanoCpus, `${path}.deploy.resources.${kind}.cpus`);
    nonNegative(check, r.memoryBytes, `${path}.deploy.resources.${kind}.memory`);
  }
  if (s.restartPolicy) {
    oneOf(check, s.restartPolicy.condition, RESTART_CONDITIONS, `${path}.deploy.restart_policy.condition`);
    nonNegative(check, s.restartPolicy.delayMs, `${path}.deploy.restart_policy.delay`);
    nonNegative(check, s.restartPolicy.windowMs, `${path}.deploy.restart_policy.window`);
  }
  for (const [key, u] of [
    ['update_config', s.updateConfig],
    ['rollback_config', s.rollbackConfig],
  ] as const) {
    if (!u) continue;
    oneOf(check, u.failureAction, FAILURE_ACTIONS, `${path}.deploy.${key}.failure_action`);
    oneOf(check, u.order, UPDATE_ORDERS, `${path}.deploy.${key}.order`);
    nonNegative(check, u.delayMs, `${path}.deploy.${key}.delay`);
    nonNegative(check, u.monitorMs, `${path}.deploy.${key}.monitor`);
    check(
      u.maxFailureRatio >= 0 && u.maxFailureRatio <= 1,
      `${path}.deploy.${key}.max_failure_ratio`,
      'must be between 0 and 1',
    );
  }
  if (s.endpoint) {
    oneOf(check, s.endpoint.mode, ENDPOINT_MODES, `${path}.deploy.endpoint_mode`);
    for (const [i, p] of s.endpoint.ports.entries()) {
      const at = `${path}.ports[${i}]`;
      oneOf(check, p.protocol, PORT_PROTOCOLS, `${at}.protocol`);
      oneOf(check, p.publishMode, PUBLISH_MODES, `${at}.mode`);
      check(isPort(p.targetPort), `${at}.target`, `must be a port from 1 to ${MAX_PORT}`);
      check(p.publishedPort <= MAX_PORT, `${at}.published`, `must be a port from 1 to ${MAX_PORT}`);
    }
  }
  for (const [i, n] of s.networks.entries()) {
    check(networks.has(n.target), `${path}.networks[${i}]`, `network ${JSON.stringify(n.target)} is not declared`);
  }
}

export function validateNetworkSpec(n: NetworkSpec, path: string, check: Check): void {
  check(NAME_PATTERN.test(n.name), `${path}.name`, `invalid network name ${JSON.stringify(n.name)}`);
  check(
    !(n.external && n.driver !== '' && n.driver !== 'overlay'),
    `${path}.driver`,
    'an external network cannot set a driver',
  );
}

const REQUIRED_PARTS = [
  'container',
  'placement',
  'resources',
  'restartPolicy',
  'updateConfig',
  'rollbackConfig',
  'endpoint',
] as const;

/** Whether a spec from the wire has every part Shoal needs; names the missing ones. */
function hasParts(s: ServiceSpec__Output, path: string, check: Check): s is ServiceSpec__Output & ServiceSpec {
  let ok = true;
  for (const part of REQUIRED_PARTS) {
    if (!s[part]) {
      check(false, `${path}.${part}`, 'is required');
      ok = false;
    }
  }
  if (s.resources && (!s.resources.limits || !s.resources.reservations)) {
    check(false, `${path}.resources`, 'limits and reservations are required');
    ok = false;
  }
  return ok;
}

/**
 * All problems of a stack spec, as issues with key paths. `knownNetworks` are the networks that
 * exist outside the stack (for `external: true`).
 */
export function validateStackSpec(
  stack: StackSpec__Output,
  knownNetworks: ReadonlySet<string> = new Set(),
): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const check: Check = (ok, path, message) => {
    if (!ok) issues.push({ path, message });
  };
  check(NAME_PATTERN.test(stack.name), 'name', `invalid stack name ${JSON.stringify(stack.name)}`);
  const declared = new Set<string>();
  for (const [i, n] of stack.networks.entries()) {
    validateNetworkSpec(n, `networks[${i}]`, check);
    check(!declared.has(n.name), `networks[${i}].name`, `network ${n.name} is declared twice`);
    check(
      !n.external || knownNetworks.has(n.name),
      `networks[${i}]`,
      `external network ${JSON.stringify(n.name)} could not be found`,
    );
    declared.add(n.name);
  }
  const names = new Set<string>();
  for (const [i, s] of stack.services.entries()) {
    const path = `services[${i}]`;
    check(!names.has(s.name), `${path}.name`, `service ${s.name} is declared twice`);
    check(
      s.stack === stack.name,
      `${path}.stack`,
      `service ${s.name} belongs to stack ${JSON.stringify(s.stack)}, not ${JSON.stringify(stack.name)}`,
    );
    names.add(s.name);
    if (hasParts(s, path, check)) validateServiceSpec(s, path, declared, check);
  }
  return issues;
}

/** The spec, typed as complete, once validateStackSpec found no issue. */
export function asValidStackSpec(stack: StackSpec__Output): StackSpec {
  return stack as StackSpec;
}
