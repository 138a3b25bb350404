// The merged, validated and normalized stack file to the StackSpec the manager stores, following
// `docker stack deploy`: services and networks are named "<stack>_<key>" (a network's `name:` or an external
// network keeps its own name); a service that names no network joins "<stack>_default", created only when
// used; the service's own key is an alias on every network it joins; Swarm's namespace label marks what the
// stack owns. Every limit (domain/limits.ts) is checked on what the conversion produced, and reported at
// the key or value of the file it came from.
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
import {
  limitIssuePath,
  networkNameProblem,
  networkSpecIssues,
  serviceNameProblem,
  serviceSpecIssues,
  stackNameProblem,
  type LimitIssue,
} from '../../domain/limits';
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
  type Pos,
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

function withoutNamespace(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => k !== NAMESPACE_LABEL));
}

/**
 * Where in the file a limit's issue is: the key or value its path names below `node`, else the deepest
 * node of the path the file has (a value the file left to its default is reported at its section).
 */
function positionOf(node: YNode, issue: LimitIssue): Pos {
  let at: YNode = node;
  for (const [i, seg] of issue.path.entries()) {
    if (at.kind === 'map') {
      const e = at.entries.find((x) => x.key === String(seg));
      if (!e) break;
      if (i === issue.path.length - 1 && issue.onKey) return e.keyPos;
      at = e.value;
    } else if (at.kind === 'seq' && typeof seg === 'number' && at.items[seg]) at = at.items[seg];
    else break;
  }
  return at.pos;
}

class StackConverter {
  readonly issues: SpecIssue[] = [];
  readonly warnings: string[] = [];
  /** Top-level network keys some service joins. */
  private readonly used = new Set<string>();

  /** Full names are checked only under a valid stack name (a bad one is reported once, by the loader). */
  private readonly validStackName: boolean;

  constructor(
    private readonly name: string,
    private readonly root: YNode,
  ) {
    this.validStackName = stackNameProblem(name) === undefined;
  }

  /** The limits' issues of an object converted from `node` (a service or a network), at their positions. */
  private limitIssues(node: YNode, base: string, issues: readonly LimitIssue[], keyPos: Pos): void {
    for (const i of issues)
      this.issues.push(
        issueAt(i.path.length === 0 ? keyPos : positionOf(node, i), limitIssuePath(base, i.path), i.message),
      );
  }

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

  /**
   * The spec as if in no stack: what is checked of it under a stack name that is itself refused, so that
   * the name is reported once, not again in every name, namespace label and size it takes part in.
   */
  private unnamespaced(spec: ServiceSpec, key: string): ServiceSpec {
    return {
      ...spec,
      name: key,
      stack: '',
      labels: withoutNamespace(spec.labels),
      container: { ...spec.container, labels: withoutNamespace(spec.container.labels) },
      networks: [],
    };
  }

  /** The service, with every limit it is over reported (its full name at its key). */
  service(key: string, keyPos: Pos, s: YNode): ServiceSpec {
    const spec = this.serviceSpec(key, s);
    const base = `services.${key}`;
    const badName = this.validStackName ? serviceNameProblem(spec.name) : undefined;
    if (badName) this.issues.push(issueAt(keyPos, base, `${badName} (the stack name, "_" and the key ${key})`));
    this.limitIssues(s, base, serviceSpecIssues(this.validStackName ? spec : this.unnamespaced(spec, key)), keyPos);
    return spec;
  }

  private serviceSpec(key: string, s: YNode): ServiceSpec {
    const deploy = child(s, 'deploy');
    const mode = stringOf(child(deploy, 'mode')) ?? 'replicated';
    const image = stringOf(child(s, 'image')) ?? '';
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

  /**
   * The limits of a network the stack creates: its name (`<stack>_<key>`, or its `name:`) at its key or
   * `name:`, its labels and size. `default`, when the file does not declare it, always fits (limits.ts).
   */
  private networkLimits(key: string, decl: YNode | undefined, spec: NetworkSpec): void {
    const declared = entriesOf(child(this.root, 'networks')).find((e) => e.key === key);
    const keyPos = declared?.keyPos ?? this.root.pos;
    const base = keyPath('networks', key);
    const explicit = child(decl, 'name');
    const badName = this.validStackName || explicit ? networkNameProblem(spec.name) : undefined;
    if (badName) this.issues.push(issueAt(explicit?.pos ?? keyPos, explicit ? `${base}.name` : base, badName));
    const checked = this.validStackName ? spec : { ...spec, name: key, labels: withoutNamespace(spec.labels) };
    if (decl) this.limitIssues(decl, base, networkSpecIssues(checked), keyPos);
  }

  /** The networks services join: created ones carry the namespace label; external ones are only referred to. */
  networks(): NetworkSpec[] {
    const out: NetworkSpec[] = [];
    for (const key of this.used) {
      const decl = dig(this.root, 'networks', key);
      const external = child(decl, 'external');
      const isExternal = booleanOf(external) === true || external?.kind === 'map';
      const spec: NetworkSpec = {
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
      };
      if (!isExternal) this.networkLimits(key, decl, spec);
      out.push(spec);
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
    .map((e) => converter.service(e.key, e.keyPos, e.value))
    .sort((a, b) => compareStrings(a.name, b.name));
  const networks = converter.networks();
  return { stack: { name, services, networks }, issues: converter.issues, warnings: converter.warnings };
}
