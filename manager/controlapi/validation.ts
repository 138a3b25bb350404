// Validation of specs as they arrive over gRPC, pure. The CLI's stack loader already reports file
// positions; the manager checks again so that no client can store a spec Shoal cannot run. Every limit
// (names, replicas, image references, environment, labels, sizes) is domain/limits.ts's.
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
import {
  limitIssuePath,
  networkNameProblem,
  networkSpecIssues,
  serviceNameProblem,
  serviceSpecIssues,
  shown,
  stackNameProblem,
  type LimitIssue,
} from '../../domain/limits';
import { isPort, MAX_PORT } from '../../domain/ports';
import type { StackSpec__Output } from '../../proto/generated/shoal/v1/StackSpec';
import type { ServiceSpec__Output } from '../../proto/generated/shoal/v1/ServiceSpec';
import type { NetworkSpec, ServiceSpec, StackSpec } from '../../proto/types';

type Check = (ok: boolean, path: string, message: string) => void;

function oneOf(check: Check, value: string, allowed: readonly string[], path: string): void {
  check(allowed.includes(value), path, `must be one of ${allowed.join(', ')} (got ${shown(value)})`);
}

/** A limit's issues under `path`: "services[0].environment.KEY". */
function limitIssues(check: Check, path: string, issues: readonly LimitIssue[]): void {
  for (const i of issues) check(false, limitIssuePath(path, i.path), i.message);
}

/** Reports `problem` at `path` when there is one. */
function problem(check: Check, path: string, message: string | undefined): void {
  if (message !== undefined) check(false, path, message);
}

function nonNegative(check: Check, value: number, path: string): void {
  check(Number.isFinite(value) && value >= 0, path, `must not be negative (got ${value})`);
}

export function validateServiceSpec(s: ServiceSpec, path: string, networks: ReadonlySet<string>, check: Check): void {
  problem(check, `${path}.name`, serviceNameProblem(s.name));
  limitIssues(check, path, serviceSpecIssues(s));
  oneOf(check, s.mode, SERVICE_MODES, `${path}.deploy.mode`);
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
    check(networks.has(n.target), `${path}.networks[${i}]`, `network ${shown(n.target)} is not declared`);
  }
}

/**
 * A network of a stack. An external one is only referred to, by the name it was created with, so only
 * its existence is checked (validateStackSpec); one the stack creates is checked as any new network.
 */
export function validateNetworkSpec(n: NetworkSpec, path: string, check: Check): void {
  if (!n.external) {
    problem(check, `${path}.name`, networkNameProblem(n.name));
    limitIssues(check, path, networkSpecIssues(n));
  }
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
 * All problems of a stack spec, as issues with key paths. `knownNetworks` are the networks that exist
 * outside the stack (for `external: true`); that the stack takes over none of them is the deploy plan's
 * check (stack-plan.ts).
 */
export function validateStackSpec(
  stack: StackSpec__Output,
  knownNetworks: ReadonlySet<string> = new Set(),
): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const check: Check = (ok, path, message) => {
    if (!ok) issues.push({ path, message });
  };
  problem(check, 'name', stackNameProblem(stack.name));
  const declared = new Set<string>();
  for (const [i, n] of stack.networks.entries()) {
    const path = `networks[${i}]`;
    validateNetworkSpec(n, path, check);
    check(!declared.has(n.name), `${path}.name`, `network ${shown(n.name)} is declared twice`);
    if (n.external) {
      check(knownNetworks.has(n.name), path, `external network ${shown(n.name)} could not be found`);
    } else {
      check(
        n.stack === stack.name,
        `${path}.stack`,
        `network ${shown(n.name)} belongs to stack ${shown(n.stack)}, not ${shown(stack.name)}`,
      );
    }
    declared.add(n.name);
  }
  const names = new Set<string>();
  for (const [i, s] of stack.services.entries()) {
    const path = `services[${i}]`;
    check(!names.has(s.name), `${path}.name`, `service ${shown(s.name)} is declared twice`);
    check(
      s.stack === stack.name,
      `${path}.stack`,
      `service ${shown(s.name)} belongs to stack ${shown(s.stack)}, not ${shown(stack.name)}`,
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
