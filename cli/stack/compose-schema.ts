// What a Compose file (schema v3.0 to v3.13, as `docker stack deploy` reads it) may contain, written in
// Shoal's own terms: every key the v3 schema allows, the version that introduced it, whether Shoal acts on
// it, and the value checks Shoal needs. Keys Shoal does not act on are typed only as far as needed to
// reject what Docker rejects.
import { parseConstraint } from '../../domain/constraint';
import { splitKeyValue } from '../../domain/labels';
import { nameProblem } from '../../domain/limits';
import { MAX_PORT } from '../../domain/ports';
import {
  bytesToCanonical,
  commandToList,
  durationToCanonical,
  environmentToMap,
  healthTestToList,
  labelsToMap,
  networksToMap,
  portsToLong,
} from './normalize';
import {
  ENDPOINT_MODES,
  FAILURE_ACTIONS,
  PORT_PROTOCOLS,
  PUBLISH_MODES,
  RESTART_CONDITIONS,
  SERVICE_MODES,
  UPDATE_ORDERS,
} from '../../domain/spec-values';
import { parsePortSpec } from './ports';
import {
  anything,
  bool,
  dict,
  enumOf,
  int,
  list,
  normalized,
  nul,
  num,
  oneOf,
  section,
  since,
  str,
  unsupported,
  type RuleViolation,
  type SectionRule,
  type Shape,
  type StringCheck,
} from './shape';
import { splitShellWords } from './shell-words';
import { parseDurationMs } from '../../lib/duration';
import { parseBytes, parseNanoCpus } from './units';
import { booleanOf, child, entry, stringOf, type YMap } from './yaml-tree';

/** The newest schema this loader knows; "3" or no version at all means this one. */
export const NEWEST_MINOR = 13;

/** Compose's service-level `restart:`, used when there is no deploy.restart_policy. */
export const COMPOSE_RESTART = /^(no|always|unless-stopped|on-failure(?::(\d+))?)$/;

const duration: StringCheck = (v) =>
  parseDurationMs(v) === undefined
    ? `must be a duration such as 10s, 1m30s or 500ms (got ${JSON.stringify(v)})`
    : undefined;
const bytes: StringCheck = (v) =>
  parseBytes(v) === undefined ? `must be a byte size such as 512M, 1g or 100k (got ${JSON.stringify(v)})` : undefined;
const cpus: StringCheck = (v) =>
  parseNanoCpus(v) === undefined ? `must be a number of CPUs such as 0.5 (got ${JSON.stringify(v)})` : undefined;
const portSpec: StringCheck = (v) => {
  const parsed = parsePortSpec(v);
  return parsed.ok ? undefined : parsed.error;
};
const constraint: StringCheck = (v) => {
  const parsed = parseConstraint(v);
  return parsed.ok ? undefined : parsed.error;
};
const shellWords: StringCheck = (v) => {
  const split = splitShellWords(v);
  return split.ok ? undefined : `cannot split into words: ${split.error}`;
};
const restart: StringCheck = (v) =>
  COMPOSE_RESTART.test(v)
    ? undefined
    : `invalid restart policy: unknown policy ${JSON.stringify(v)}; use no, always, on-failure[:N] or unless-stopped`;
/**
 * A Compose file's label keys are taken as Docker's stack loader takes them, so an existing file works
 * unchanged: only an empty key is refused (the command-line flags apply the whole rule, domain/labels.ts).
 */
const labelKey: StringCheck = (k) => (k === '' ? `invalid label ${JSON.stringify(k)}: empty key` : undefined);
const labelText: StringCheck = (v) => labelKey(splitKeyValue(v).key) && `invalid label ${JSON.stringify(v)}: empty key`;
/**
 * A service's or network's key: a name by itself (domain/limits.ts); that `<stack>_<key>` fits as well is
 * checked once the stack's name is known (convert.ts).
 */
const serviceKey: StringCheck = (v) => nameProblem('service', v);
const networkKey: StringCheck = (v) => nameProblem('network', v);

/** Present and not null. */
function has(map: YMap, key: string): boolean {
  const e = entry(map, key);
  return e !== undefined && !(e.value.kind === 'scalar' && e.value.value === null);
}

function conflicts(map: YMap, a: string, others: readonly string[], kind: string): RuleViolation[] {
  return others
    .filter((b) => has(map, b))
    .map((b) => ({ key: b, message: `conflicting parameters "${a}" and "${b}" specified for ${kind}` }));
}

/** `external: true` (or `external: {name}`) refers to an object created elsewhere; it cannot also describe it. */
function externalRules(kind: string, described: readonly string[]): SectionRule {
  return (map) => {
    const external = child(map, 'external');
    const isExternal = booleanOf(external) === true || external?.kind === 'map';
    const out = isExternal ? conflicts(map, 'external', described, kind) : [];
    if (external?.kind === 'map' && has(external, 'name') && has(map, 'name')) {
      out.push({ key: 'external', message: `${kind}.external.name and ${kind}.name conflict; only use ${kind}.name` });
    }
    return out;
  };
}

const listOfStrings = list(str());
const listOrDict = oneOf(dict(oneOf(str(), num(), nul)), listOfStrings);
const labels = normalized(oneOf(dict(oneOf(str(), num(), nul), labelKey), list(str(labelText))), labelsToMap);
const command = normalized(oneOf(str(shellWords), listOfStrings), commandToList);
const durationText = normalized(str(duration), durationToCanonical);
const memory = normalized(oneOf(str(bytes), int(0)), bytesToCanonical);
const driverOpts = dict(oneOf(str(), num()));
const external = oneOf(bool, section({ name: str() }));
const port = int(1, MAX_PORT);

const updateConfig = (orderSince: number): Shape =>
  section({
    parallelism: int(0),
    delay: durationText,
    failure_action: str(enumOf(FAILURE_ACTIONS)),
    monitor: durationText,
    max_failure_ratio: num(0, 1),
    order: since(orderSince, str(enumOf(UPDATE_ORDERS))),
  });

const resources = (extra: Record<string, ReturnType<typeof unsupported>>): Shape =>
  section({ cpus: oneOf(str(cpus), num(0)), memory, ...extra });

const deploy = oneOf(
  section(
    {
      mode: str(enumOf(SERVICE_MODES)),
      replicas: int(0),
      labels,
      update_config: updateConfig(4),
      rollback_config: since(7, updateConfig(7)),
      resources: section({
        limits: resources({ pids: unsupported(int(0), 9) }),
        reservations: resources({ generic_resources: unsupported(anything, 5) }),
      }),
      restart_policy: section({
        condition: str(enumOf(RESTART_CONDITIONS)),
        delay: durationText,
        max_attempts: int(0),
        window: durationText,
      }),
      placement: section({
        constraints: list(str(constraint)),
        preferences: since(3, list(section({ spread: str() }))),
        max_replicas_per_node: since(8, int(0)),
      }),
      endpoint_mode: since(2, str(enumOf(ENDPOINT_MODES))),
    },
    {
      rules: [
        (d) =>
          stringOf(child(d, 'mode')) === 'global' && has(d, 'replicas')
            ? [{ key: 'replicas', message: 'replicas can only be used with mode replicated, not global' }]
            : [],
      ],
    },
  ),
  nul,
);

const healthcheck = section(
  {
    disable: bool,
    interval: durationText,
    retries: int(0),
    test: normalized(oneOf(str(), listOfStrings), healthTestToList),
    timeout: durationText,
    start_period: since(4, durationText),
    start_interval: since(12, durationText),
  },
  {
    rules: [
      (h) =>
        booleanOf(child(h, 'disable')) === true && has(h, 'test')
          ? [{ key: 'test', message: "test and disable can't be set at the same time" }]
          : [],
    ],
  },
);

const serviceNetworks = normalized(
  oneOf(
    listOfStrings,
    dict(
      oneOf(
        section({
          aliases: listOfStrings,
          driver_opts: unsupported(driverOpts, 13),
          ipv4_address: unsupported(str()),
          ipv6_address: unsupported(str()),
        }),
        nul,
      ),
    ),
  ),
  networksToMap,
);

const ports = normalized(
  list(
    oneOf(
      port,
      str(portSpec),
      section(
        {
          mode: since(2, str(enumOf(PUBLISH_MODES))),
          target: since(2, port),
          published: since(2, port),
          protocol: since(2, str(enumOf(PORT_PROTOCOLS))),
        },
        { required: ['target'] },
      ),
    ),
  ),
  portsToLong,
);

const serviceVolumes = list(
  oneOf(
    str(),
    section(
      {
        type: since(2, str()),
        source: since(2, str()),
        target: since(2, str()),
        read_only: since(2, bool),
        consistency: since(2, str()),
        bind: since(2, section({ propagation: str() })),
        volume: since(2, section({ nocopy: bool })),
        tmpfs: since(6, section({ size: int(0) })),
      },
      {
        required: ['type'],
        rules: [
          (v) =>
            stringOf(child(v, 'type')) === 'bind' && !has(v, 'source')
              ? [{ key: '', message: 'invalid mount config for type "bind": field Source must not be empty' }]
              : [],
        ],
      },
    ),
  ),
);

/** Keys Compose v1/v2 had that v3 dropped, with what to write instead. */
const FORBIDDEN_SERVICE_KEYS: Readonly<Record<string, string>> = {
  extends: 'support for "extends" was removed in v3; merge files with several -c options instead',
  volume_driver: 'set the driver on each named volume under the top-level volumes: key instead',
  volumes_from: 'declare the shared volumes under the top-level volumes: key instead',
  cpu_quota: 'use deploy.resources.limits.cpus instead',
  cpu_shares: 'use deploy.resources.limits.cpus instead',
  cpuset: 'not available in v3 files',
  mem_limit: 'use deploy.resources.limits.memory instead',
  memswap_limit: 'not available in v3 files',
};

const service = section(
  {
    build: unsupported(),
    cap_add: unsupported(),
    cap_drop: unsupported(),
    cgroup_parent: unsupported(),
    cgroupns_mode: unsupported(anything, 9),
    command,
    configs: unsupported(anything, 3),
    container_name: unsupported(),
    credential_spec: unsupported(anything, 3),
    depends_on: unsupported(),
    deploy,
    devices: unsupported(),
    dns: unsupported(),
    dns_search: unsupported(),
    domainname: unsupported(),
    entrypoint: command,
    env_file: unsupported(),
    environment: normalized(listOrDict, environmentToMap),
    expose: unsupported(),
    external_links: unsupported(),
    extra_hosts: unsupported(),
    healthcheck,
    hostname: str(),
    image: str(),
    init: unsupported(anything, 7),
    ipc: unsupported(),
    isolation: unsupported(anything, 5),
    labels,
    links: unsupported(),
    logging: unsupported(),
    mac_address: unsupported(),
    network_mode: unsupported(),
    networks: serviceNetworks,
    oom_score_adj: unsupported(anything, 13),
    pid: unsupported(),
    ports,
    privileged: unsupported(),
    read_only: unsupported(),
    restart: str(restart),
    secrets: unsupported(anything, 1),
    security_opt: unsupported(),
    shm_size: unsupported(),
    stdin_open: unsupported(),
    stop_grace_period: durationText,
    stop_signal: str(),
    sysctls: unsupported(),
    tmpfs: unsupported(),
    tty: unsupported(),
    ulimits: unsupported(),
    user: str(),
    userns_mode: unsupported(),
    volumes: unsupported(serviceVolumes),
    working_dir: str(),
  },
  { forbidden: FORBIDDEN_SERVICE_KEYS },
);

const network = oneOf(
  section(
    {
      name: since(5, str()),
      driver: str(),
      driver_opts: driverOpts,
      ipam: section({ driver: unsupported(str()), config: list(section({ subnet: str() })) }),
      external,
      internal: bool,
      attachable: since(2, bool),
      labels,
    },
    { rules: [externalRules('network', ['driver', 'driver_opts', 'ipam', 'labels'])] },
  ),
  nul,
);

const volume = oneOf(
  section(
    { name: since(4, str()), driver: str(), driver_opts: driverOpts, external, labels },
    { rules: [externalRules('volume', ['driver', 'driver_opts', 'labels'])] },
  ),
  nul,
);

const fileObject = (kind: string, fields: Parameters<typeof section>[0]): Shape =>
  section({ name: since(5, str()), file: str(), external, labels, ...fields }, { rules: [externalRules(kind, [])] });

export const COMPOSE_FILE: Shape = section({
  version: str(),
  services: dict(service, serviceKey),
  networks: dict(network, networkKey),
  volumes: unsupported(dict(volume)),
  secrets: unsupported(
    dict(
      fileObject('secret', {
        driver: since(8, str()),
        driver_opts: since(8, driverOpts),
        template_driver: since(8, str()),
      }),
    ),
    1,
  ),
  configs: unsupported(dict(fileObject('config', { template_driver: since(8, str()) })), 3),
});
