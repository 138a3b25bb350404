// The merged, validated and normalized stack file to the StackSpec the manager stores, following
// `docker stack deploy`: services and networks are named "<stack>_<key>" (a network's `name:` or an external
// network keeps its own name); a service that names no network joins "<stack>_default", created only when
// used; the service's own key is an alias on every network it joins; Swarm's namespace label marks what the
// stack owns.
//
// Defaults Shoal stores when the file says nothing:
//   mode replicated, replicas 1, endpoint mode vip, stop_grace_period 10s;
//   restart_policy: condition any, delay 5s, max_attempts 0 (unlimited), window 0 (unbounded);
//   update_config: parallelism 1, delay 0, order stop-first, monitor 5s, max_failure_ratio 0, and
//     failure_action rollback: Shoal's deliberate default (Swarm pauses), so a bad update undoes itself;
//   rollback_config: parallelism 1, delay 0, order stop-first, failure_action pause, monitor 5s;
//   ports: protocol tcp, publish mode ingress; networks: driver overlay.
import type { SpecIssue } from '../../proto/errors';
import { canonicalEnv } from '../../domain/environment';
import { scopedName } from '../../domain/naming';
import type {
  HealthCheck,
  NetworkAttachment,
  NetworkSpec,
  ServiceSpec,
  StackSpec,
  UpdateConfig,
} from '../../proto/types';
import { COMPOSE_RESTART } from './compose-schema';
import { comparePorts } from './ports';
import { compareStrings } from '../../lib/compare';
import { parseDurationMs } from '../../lib/duration';
import { parseBytes, parseNanoCpus } from './units';
import {
  booleanOf,
  child,
  dig,
  issueAt,
  keyPath,
  numberOf,
  scalarOf,
  stringOf,
  warningAt,
  type YMap,
  type YNode,
} from './yaml-tree';

export const NAMESPACE_LABEL = 'com.docker.stack.namespace';
const DEFAULT_NETWORK = 'default';
const DEFAULT_NETWORK_DRIVER = 'overlay';
/** Time a task gets between its stop signal and SIGKILL; Docker's own default. */
const DEFAULT_STOP_GRACE_PERIOD_MS = 10_000;
/** Pause before a failed task is replaced, so a crash loop does not spin; Swarm's default. */
const DEFAULT_RESTART_DELAY_MS = 5_000;
/** How long an updated task is watched for failure before the update moves on; Swarm's default. */
const DEFAULT_MONITOR_MS = 5_000;

export interface Converted {
  stack: StackSpec;
  issues: SpecIssue[];
  warnings: string[];
}

const entriesOf = (node: YNode | undefined): YMap['entries'] => (node?.kind === 'map' ? node.entries : []);
const itemsOf = (node: YNode | undefined): YNode[] => (node?.kind === 'seq' ? node.items : []);
const stringsOf = (node: YNode | undefined): string[] => itemsOf(node).map((n) => String(scalarOf(n)));
const ms = (node: YNode | undefined, fallback: number): number => {
  const text = stringOf(node);
  return text === undefined ? fallback : (parseDurationMs(text) ?? fallback);
};

/** A mapping of strings (labels, driver options) as a plain record. */
function stringMap(node: YNode | undefined): Record<string, string> {
  return Object.fromEntries(entriesOf(node).map((e) => [e.key, String(scalarOf(e.value) ?? '')]));
}

function updateConfig(node: YNode | undefined, failureAction: string): UpdateConfig {
  return {
    parallelism: numberOf(child(node, 'parallelism')) ?? 1,
    delayMs: ms(child(node, 'delay'), 0),
    failureAction: stringOf(child(node, 'failure_action')) ?? failureAction,
    monitorMs: ms(child(node, 'monitor'), DEFAULT_MONITOR_MS),
    maxFailureRatio: numberOf(child(node, 'max_failure_ratio')) ?? 0,
    order: stringOf(child(node, 'order')) ?? 'stop-first',
  };
}

/** deploy.restart_policy, else Compose's `restart:` mapped as Docker maps it ("no" leaves Swarm's default). */
function restartPolicy(
  deployPolicy: YNode | undefined,
  composeRestart: string | undefined,
): ServiceSpec['restartPolicy'] {
  const policy = { condition: 'any', delayMs: DEFAULT_RESTART_DELAY_MS, maxAttempts: 0, windowMs: 0 };
  if (deployPolicy?.kind === 'map') {
    return {
      condition: stringOf(child(deployPolicy, 'condition')) ?? policy.condition,
      delayMs: ms(child(deployPolicy, 'delay'), policy.delayMs),
      maxAttempts: numberOf(child(deployPolicy, 'max_attempts')) ?? 0,
      windowMs: ms(child(deployPolicy, 'window'), 0),
    };
  }
  const m = COMPOSE_RESTART.exec(composeRestart ?? '');
  if (m?.[1]?.startsWith('on-failure'))
    return { ...policy, condition: 'on-failure', maxAttempts: m[2] ? Number(m[2]) : 0 };
  return policy;
}

function healthcheck(node: YNode | undefined): HealthCheck | null {
  if (node?.kind !== 'map') return null;
  const disabled = booleanOf(child(node, 'disable')) === true;
  return {
    test: disabled ? ['NONE'] : stringsOf(child(node, 'test')),
    intervalMs: ms(child(node, 'interval'), 0),
    timeoutMs: ms(child(node, 'timeout'), 0),
    retries: numberOf(child(node, 'retries')) ?? 0,
    startPeriodMs: ms(child(node, 'start_period'), 0),
    startIntervalMs: ms(child(node, 'start_interval'), 0),
  };
}

function resources(node: YNode | undefined): { nanoCpus: number; memoryBytes: number } {
  const cpus = scalarOf(child(node, 'cpus'));
  const memory = scalarOf(child(node, 'memory'));
  return {
    nanoCpus: typeof cpus === 'string' || typeof cpus === 'number' ? (parseNanoCpus(cpus) ?? 0) : 0,
    memoryBytes: typeof memory === 'string' || typeof memory === 'number' ? (parseBytes(memory) ?? 0) : 0,
  };
}

/**
 * "KEY=value", one per key, sorted by key (domain/environment); a variable left without a value
 * (not set where the CLI runs) is dropped.
 */
function environment(node: YNode | undefined): string[] {
  const set = entriesOf(node).filter((e) => scalarOf(e.value) !== null);
  return canonicalEnv(set.map((e) => `${e.key}=${String(scalarOf(e.value))}`));
}

class StackConverter {
  readonly issues: SpecIssue[] = [];
  readonly warnings: string[] = [];
  /** Top-level network keys some service joins. */
  private readonly used = new Set<string>();

  constructor(
    private readonly name: string,
    private readonly root: YNode,
  ) {}

  private namespaced(labels: Record<string, string>): Record<string, string> {
    return { ...labels, [NAMESPACE_LABEL]: this.name };
  }

  /** The full name of a top-level network key, as services and the manager know it. */
  private networkName(key: string): string {
    const decl = dig(this.root, 'networks', key);
    const explicit = stringOf(child(decl, 'name'));
    if (explicit) return explicit;
    const external = child(decl, 'external');
    if (external?.kind === 'map') return stringOf(child(external, 'name')) ?? key;
    return booleanOf(external) === true ? key : scopedName(this.name, key);
  }

  private attachments(key: string, service: YNode): NetworkAttachment[] {
    const declared = child(this.root, 'networks');
    let joined = entriesOf(child(service, 'networks'));
    if (joined.length === 0)
      joined = [
        { key: DEFAULT_NETWORK, keyPos: service.pos, value: { kind: 'scalar', value: null, pos: service.pos } },
      ];
    const out: NetworkAttachment[] = [];
    for (const n of joined) {
      if (n.key !== DEFAULT_NETWORK && !child(declared, n.key)) {
        this.issues.push(
          issueAt(
            n.keyPos,
            keyPath(`services.${key}.networks`, n.key),
            `service ${key} refers to undefined network ${n.key}`,
          ),
        );
        continue;
      }
      this.used.add(n.key);
      const aliases = [...new Set([...stringsOf(child(n.value, 'aliases')), key])];
      out.push({ target: this.networkName(n.key), aliases });
    }
    return out.sort((a, b) => compareStrings(a.target, b.target));
  }

  /**
   * The service's opt-in to rebalancing, from `x-shoal: {rebalance: true}`: an extension key is the
   * one place Compose lets a service carry a setting of its own (not under deploy), and the schema
   * passes x- keys through unchecked, so they are checked here.
   */
  private rebalance(key: string, ext: YNode | undefined): boolean {
    if (ext === undefined) return false;
    const path = `services.${key}.x-shoal`;
    if (ext.kind !== 'map') {
      this.issues.push(issueAt(ext.pos, path, 'must be a mapping, e.g. {rebalance: true}'));
      return false;
    }
    for (const e of ext.entries) {
      if (e.key !== 'rebalance')
        this.issues.push(issueAt(e.keyPos, keyPath(path, e.key), `unknown key ${e.key}: x-shoal takes rebalance`));
      else if (booleanOf(e.value) === undefined)
        this.issues.push(issueAt(e.value.pos, keyPath(path, e.key), 'must be true or false'));
    }
    return booleanOf(child(ext, 'rebalance')) ?? false;
  }

  service(key: string, s: YNode): ServiceSpec {
    const deploy = child(s, 'deploy');
    const mode = stringOf(child(deploy, 'mode')) ?? 'replicated';
    const image = stringOf(child(s, 'image')) ?? '';
    if (image === '')
      this.issues.push(issueAt(s.pos, `services.${key}.image`, 'an image is required (Shoal does not build images)'));
    const restart = child(s, 'restart');
    if (stringOf(restart) === 'no' && !child(deploy, 'restart_policy')) {
      this.warnings.push(
        warningAt(
          restart!.pos,
          `services.${key}.restart`,
          'has no effect in a stack (tasks restart on any exit); ' +
            'set deploy.restart_policy.condition: none to stop restarts',
        ),
      );
    }
    const placement = child(deploy, 'placement');
    return {
      name: scopedName(this.name, key),
      stack: this.name,
      labels: this.namespaced(stringMap(child(deploy, 'labels'))),
      container: {
        image,
        entrypoint: stringsOf(child(s, 'entrypoint')),
        command: stringsOf(child(s, 'command')),
        env: environment(child(s, 'environment')),
        labels: this.namespaced(stringMap(child(s, 'labels'))),
        user: stringOf(child(s, 'user')) ?? '',
        workingDir: stringOf(child(s, 'working_dir')) ?? '',
        hostname: stringOf(child(s, 'hostname')) ?? '',
        stopGracePeriodMs: ms(child(s, 'stop_grace_period'), DEFAULT_STOP_GRACE_PERIOD_MS),
        stopSignal: stringOf(child(s, 'stop_signal')) ?? '',
        healthcheck: healthcheck(child(s, 'healthcheck')),
      },
      mode,
      replicas: mode === 'global' ? 0 : (numberOf(child(deploy, 'replicas')) ?? 1),
      placement: {
        constraints: stringsOf(child(placement, 'constraints')),
        preferences: itemsOf(child(placement, 'preferences')).map((p) => ({
          spread: stringOf(child(p, 'spread')) ?? '',
        })),
        maxReplicasPerNode: numberOf(child(placement, 'max_replicas_per_node')) ?? 0,
      },
      resources: {
        limits: resources(dig(deploy, 'resources', 'limits')),
        reservations: resources(dig(deploy, 'resources', 'reservations')),
      },
      restartPolicy: restartPolicy(child(deploy, 'restart_policy'), stringOf(restart)),
      updateConfig: updateConfig(child(deploy, 'update_config'), 'rollback'),
      rollbackConfig: updateConfig(child(deploy, 'rollback_config'), 'pause'),
      endpoint: {
        mode: stringOf(child(deploy, 'endpoint_mode')) ?? 'vip',
        ports: itemsOf(child(s, 'ports'))
          .map((p) => ({
            protocol: stringOf(child(p, 'protocol')) ?? 'tcp',
            targetPort: numberOf(child(p, 'target')) ?? 0,
            publishedPort: numberOf(child(p, 'published')) ?? 0,
            publishMode: stringOf(child(p, 'mode')) ?? 'ingress',
          }))
          .sort(comparePorts),
      },
      networks: this.attachments(key, s),
      // Only `shoal service update --force` bumps it; a deploy keeps the service's count.
      forceUpdate: 0,
      rebalance: this.rebalance(key, child(s, 'x-shoal')),
    };
  }

  /** The networks services join: created ones carry the namespace label; external ones are only referred to. */
  networks(): NetworkSpec[] {
    const out: NetworkSpec[] = [];
    for (const key of this.used) {
      const decl = dig(this.root, 'networks', key);
      const external = child(decl, 'external');
      const isExternal = booleanOf(external) === true || external?.kind === 'map';
      out.push({
        name: this.networkName(key),
        stack: isExternal ? '' : this.name,
        driver: isExternal ? '' : (stringOf(child(decl, 'driver')) ?? DEFAULT_NETWORK_DRIVER),
        labels: isExternal ? {} : this.namespaced(stringMap(child(decl, 'labels'))),
        driverOpts: stringMap(child(decl, 'driver_opts')),
        internal: booleanOf(child(decl, 'internal')) ?? false,
        attachable: booleanOf(child(decl, 'attachable')) ?? false,
        external: isExternal,
        ipam: itemsOf(dig(decl, 'ipam', 'config')).map((c) => ({
          subnet: stringOf(child(c, 'subnet')) ?? '',
          gateway: '',
          ipRange: '',
        })),
      });
    }
    for (const e of entriesOf(child(this.root, 'networks'))) {
      if (!this.used.has(e.key))
        this.warnings.push(
          warningAt(e.keyPos, keyPath('networks', e.key), 'no service uses this network; it is not created'),
        );
    }
    return out.sort((a, b) => compareStrings(a.name, b.name));
  }
}

export function toStackSpec(name: string, root: YNode): Converted {
  const converter = new StackConverter(name, root);
  const services = entriesOf(child(root, 'services'))
    .map((e) => converter.service(e.key, e.value))
    .sort((a, b) => compareStrings(a.name, b.name));
  const networks = converter.networks();
  return { stack: { name, services, networks }, issues: converter.issues, warnings: converter.warnings };
}
