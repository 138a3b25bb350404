// Every limit on what a user may ask of Shoal, and its check, in one place: the CLI's stack loader
// (reported at file:line:column), the Control API (DeployStack, ScaleServices, UpdateService,
// CreateNetwork, UpdateNode) and the CLI's flags all call these functions, so a request over a limit is
// refused up front, naming the limit, and nothing is written. Each check returns why a value is over a
// limit (a message for the caller to place), or undefined when it is within.
//
// Names follow swarmkit's rule for service and network names (controlapi's validateAnnotations): a DNS
// name component, letters, digits, "-" and "_", starting and ending with a letter or digit, at most 63
// characters (one DNS label). Shoal derives names from them, and the limits keep each derived name valid:
//   - a service's full name `<stack>_<key>` and a stack network's `<stack>_<key>` are checked whole
//     against the 63 of a DNS label (swarmkit checks the same full name); the key alone may be up to 63
//     as well, but together with the stack name it must fit;
//   - a stack name is at most 55 characters, so `<stack>_default`, the network its services join when
//     they name none, is always a valid network name;
//   - a container is named `<service>.<slot>.<task id>` (or `<service>.<node id>.<task id>`): labels of
//     at most 63 (the service), 6 (a slot, at most MAX_REPLICAS) and 25 (ids) characters, 115 in all,
//     so it is a valid DNS name (labels of at most 63, at most 253 in all) and a valid Docker container
//     name (`[a-zA-Z0-9][a-zA-Z0-9_.-]+`); a task's display name `<service>.<slot>` is its prefix, and
//     `tasks.<service>` is a valid DNS name too.
// A network's `name:` in a stack file is checked like any network name; an external network is looked
// up by name and never created, so its name is only checked for existence.
//
// Sizes are in bytes of UTF-8 (what etcd and the wire hold); names are ASCII by their grammar.
import type { NetworkSpec, ServiceSpec } from '../proto/types';

/** A DNS label (RFC 1035), swarmkit's limit for service and network names. */
export const MAX_NAME_LENGTH = 63;

/** So `<stack>_default` fits MAX_NAME_LENGTH; Docker sets none, its services' full names do the limiting. */
export const MAX_STACK_NAME_LENGTH = MAX_NAME_LENGTH - '_default'.length;

/**
 * Replicas of one service, the same for deploy, scale and update: the whole 100,000-task benchmark fits
 * one service, far below what exhausts the manager (a probe's 1,000,000,000 did). Swarm has none.
 */
export const MAX_REPLICAS = 100_000;

/**
 * Tasks the whole cluster may want running (replicas, plus one per node for a global service), the same
 * for deploy, scale and update: 1.5 times the 100,000 tasks the control-plane benchmark runs (its target
 * is a manager under 1.5 GiB there), so that benchmark and other stacks beside it fit, while the manager
 * never plans for a count it was never measured at. Swarm has none.
 */
export const MAX_CLUSTER_TASKS = 150_000;

/**
 * One environment entry, "KEY=value": room for a certificate or a small document, well under Linux's
 * 128 KiB per string (MAX_ARG_STRLEN), past which the container could never start. Docker has none
 * (the kernel's); a probe's 1 MB value made every assignment message too large.
 */
export const MAX_ENV_ENTRY_BYTES = 32 * 1024;

/**
 * A whole service spec as JSON (as etcd stores it; its protobuf form is smaller), and likewise a network
 * spec or a node's labels. Every task carries a copy of its service's spec, so a task is at most this
 * plus a few KiB of its own: an assignment chunk of 16 tasks stays near 1.1 MiB, a quarter of gRPC's
 * 4 MiB default message limit, and a service (spec and previous spec) fits one etcd request (1.5 MiB)
 * many times over. Swarm has no limit of its own but the gRPC message size.
 */
export const MAX_SPEC_BYTES = 64 * 1024;

/** A label key: room for a reverse-DNS prefix and a name (Kubernetes allows 253 + 63); Docker has none. */
export const MAX_LABEL_KEY_BYTES = 256;

/** A label value: room for a routing rule (Traefik's); labels are metadata, not data. Docker has none. */
export const MAX_LABEL_VALUE_BYTES = 4 * 1024;

/** An image's repository name, domain included: distribution's NameTotalLengthMax, as Docker checks. */
export const MAX_IMAGE_NAME_LENGTH = 255;

/** An image tag: the distribution grammar's `[\w][\w.-]{0,127}`. */
export const MAX_IMAGE_TAG_LENGTH = 128;

/** Every limit with its value, for `README.md` and for messages. */
export const LIMITS = {
  MAX_NAME_LENGTH,
  MAX_STACK_NAME_LENGTH,
  MAX_REPLICAS,
  MAX_CLUSTER_TASKS,
  MAX_ENV_ENTRY_BYTES,
  MAX_SPEC_BYTES,
  MAX_LABEL_KEY_BYTES,
  MAX_LABEL_VALUE_BYTES,
  MAX_IMAGE_NAME_LENGTH,
  MAX_IMAGE_TAG_LENGTH,
} as const;

// ---------------------------------------------------------------- helpers

/** A value as a message shows it: quoted, and cut short when long (a 100,000-character name). */
export function shown(value: string): string {
  const MAX_SHOWN = 40;
  return value.length <= MAX_SHOWN ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, MAX_SHOWN))}...`;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The first control character (C0 or DEL) in text, named, or undefined. */
function controlCharacter(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const m = /[\u0000-\u001f\u007f]/.exec(text);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  return code === 0 ? 'a NUL byte' : `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
}

// ---------------------------------------------------------------- names

/** swarmkit's isValidDNSName, `^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$`, in a form that never backtracks far. */
const NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9_-]*[a-zA-Z0-9])?$/;

const NAME_RULE = 'use letters, digits, "-" and "_", starting and ending with a letter or digit';

/** Why `name` is not a valid `kind` name (at most `max` characters), or undefined. */
export function nameProblem(kind: string, name: string, max = MAX_NAME_LENGTH): string | undefined {
  if (name === '') return `${kind} name is empty`;
  if (name.length > max) return `${kind} name ${shown(name)} is ${name.length} characters, over the limit of ${max}`;
  if (!NAME.test(name)) return `invalid ${kind} name ${shown(name)}: ${NAME_RULE}`;
  return undefined;
}

export function stackNameProblem(name: string): string | undefined {
  return nameProblem('stack', name, MAX_STACK_NAME_LENGTH);
}

/** A service's full name, `<stack>_<key>` (or a name alone, outside a stack). */
export function serviceNameProblem(name: string): string | undefined {
  return nameProblem('service', name);
}

/** A network's full name: `<stack>_<key>`, a stack file's `name:`, or `shoal network create NAME`. */
export function networkNameProblem(name: string): string | undefined {
  return nameProblem('network', name);
}

// ---------------------------------------------------------------- replicas and tasks

/** Why `n` is not a replica count within MAX_REPLICAS, or undefined. */
export function replicasProblem(n: number): string | undefined {
  if (n > MAX_REPLICAS) return `replicas ${n} is over the limit of ${MAX_REPLICAS}`;
  if (!Number.isInteger(n) || n < 0) return `replicas must be a whole number >= 0 (got ${n})`;
  return undefined;
}

/** The tasks services want: their replicas, and one per node for a global service (every node, at most). */
export function desiredTasks(specs: Iterable<Pick<ServiceSpec, 'mode' | 'replicas'>>, nodes: number): number {
  let n = 0;
  for (const s of specs) n += s.mode === 'global' ? nodes : s.replicas;
  return n;
}

/**
 * Why a change that takes the cluster from `before` to `after` desired tasks is refused, or undefined: over
 * MAX_CLUSTER_TASKS, and more than before (so a cluster already over, from an older version, can still shrink).
 */
export function clusterTasksProblem(before: number, after: number): string | undefined {
  if (after <= MAX_CLUSTER_TASKS || after <= before) return undefined;
  return `the cluster would want ${after} tasks, over the limit of ${MAX_CLUSTER_TASKS} (it wants ${before} now)`;
}

// ---------------------------------------------------------------- environment, labels, sizes

/**
 * Why an environment entry is not one Shoal stores, or undefined: "KEY=value" with a name (Docker refuses
 * "=value"; the engine would refuse the container on every start), no NUL byte (no process can receive
 * one), at most MAX_ENV_ENTRY_BYTES.
 */
export function envEntryProblem(entry: string): string | undefined {
  const eq = entry.indexOf('=');
  if (eq < 0) return `environment variable ${shown(entry)}: expected KEY=VALUE`;
  if (eq === 0) return `environment variable ${shown(entry)} has no name: expected KEY=VALUE`;
  const key = entry.slice(0, eq);
  if (entry.includes('\0')) return `environment variable ${shown(key)} holds a NUL byte`;
  const bytes = utf8Bytes(entry);
  if (bytes > MAX_ENV_ENTRY_BYTES)
    return `environment variable ${shown(key)} is ${bytes} bytes, over the limit of ${MAX_ENV_ENTRY_BYTES}`;
  return undefined;
}

/** Why a label is over a size limit, or undefined. Its key's form is labels.ts's. */
export function labelSizeProblem(key: string, value: string): string | undefined {
  const keyBytes = utf8Bytes(key);
  if (keyBytes > MAX_LABEL_KEY_BYTES)
    return `label key ${shown(key)} is ${keyBytes} bytes, over the limit of ${MAX_LABEL_KEY_BYTES}`;
  const valueBytes = utf8Bytes(value);
  if (valueBytes > MAX_LABEL_VALUE_BYTES)
    return `label ${shown(key)}: its value is ${valueBytes} bytes, over the limit of ${MAX_LABEL_VALUE_BYTES}`;
  return undefined;
}

/** An object's size as JSON, as etcd stores it. */
export function specBytes(value: unknown): number {
  return utf8Bytes(JSON.stringify(value) ?? '');
}

/**
 * Why an object (a service spec, a network spec, a node's labels) is too large as JSON, or undefined.
 * Given what it was `before` a change, only a change that makes it larger is refused, so an object stored
 * over the limit (by an older version) can still be made smaller.
 */
export function specSizeProblem(what: string, value: unknown, before?: unknown): string | undefined {
  const bytes = specBytes(value);
  if (bytes <= MAX_SPEC_BYTES || (before !== undefined && bytes <= specBytes(before))) return undefined;
  return `${what}: ${bytes} bytes as JSON, over the limit of ${MAX_SPEC_BYTES}`;
}

// ---------------------------------------------------------------- image references

// The distribution reference grammar (github.com/distribution/reference), as documented:
//   reference        := name [ ":" tag ] [ "@" digest ]
//   name             := [domain "/"] path-component ["/" path-component]*
//   domain           := host [":" port-number]
//   host             := domain-name | "[" IPv6 address "]"
//   domain-name      := domain-component ["." domain-component]*
//   domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
//   port-number      := /[0-9]+/
//   path-component   := alpha-numeric [separator alpha-numeric]*
//   alpha-numeric    := /[a-z0-9]+/
//   separator        := /[_.]|__|[-]+/
//   tag              := /[\w][\w.-]{0,127}/
//   digest           := algorithm ":" hex
//   algorithm        := component [/[+._-]/ component]*, component := /[A-Za-z][A-Za-z0-9]*/
//   hex              := /[0-9a-fA-F]{32,}/
// As Docker reads it (ParseNormalizedNamed): the first path segment is a domain only when it holds "." or
// ":", is "localhost", or has an uppercase letter; the name is at most 255 characters; a name that is 64
// hexadecimal digits is refused (it reads as an image id); a known algorithm's hex has its length.
const DOMAIN_COMPONENT = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const IPV6_HOST = /^\[[a-fA-F0-9:]+\]$/;
const PORT = /^[0-9]+$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]*$/;
const ALGORITHM = /^[A-Za-z][A-Za-z0-9]*(?:[+._-][A-Za-z][A-Za-z0-9]*)*$/;
const HEX = /^[0-9a-fA-F]{32,}$/;
const IMAGE_ID = /^[a-f0-9]{64}$/;
/** go-digest's registered algorithms: the length of their hex, lowercase. */
const KNOWN_DIGESTS: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };
const REFERENCE_FORM = 'expected [domain[:port]/]path[:tag][@digest]';

function digestProblem(digest: string): string | undefined {
  const colon = digest.indexOf(':');
  const algorithm = colon < 0 ? '' : digest.slice(0, colon);
  const hex = colon < 0 ? '' : digest.slice(colon + 1);
  if (!ALGORITHM.test(algorithm) || !HEX.test(hex))
    return `digest ${shown(digest)} is not algorithm:hex (e.g. sha256: and 64 hexadecimal digits)`;
  const length = KNOWN_DIGESTS[algorithm];
  if (length !== undefined && (hex.length !== length || !/^[0-9a-f]+$/.test(hex)))
    return `digest ${shown(digest)}: ${algorithm} takes ${length} lowercase hexadecimal digits`;
  return undefined;
}

function domainProblem(domain: string): string | undefined {
  let host = domain;
  let port: string | undefined;
  if (domain.startsWith('[')) {
    const end = domain.indexOf(']');
    host = end < 0 ? domain : domain.slice(0, end + 1);
    const after = end < 0 ? '' : domain.slice(end + 1);
    if (after !== '') port = after.startsWith(':') ? after.slice(1) : after;
    if (!IPV6_HOST.test(host)) return `registry ${shown(domain)} is not a valid IPv6 address in brackets`;
  } else {
    const colon = domain.indexOf(':');
    if (colon >= 0) [host, port] = [domain.slice(0, colon), domain.slice(colon + 1)];
    if (!host.split('.').every((c) => DOMAIN_COMPONENT.test(c)))
      return `registry ${shown(domain)} is not a valid host name`;
  }
  if (port !== undefined && !PORT.test(port)) return `registry ${shown(domain)} has an invalid port`;
  return undefined;
}

/**
 * Why `ref` is not an image reference by the distribution grammar, or undefined. The message names the
 * part that is wrong and, for a grammar error, the form expected.
 */
export function imageReferenceProblem(ref: string): string | undefined {
  if (ref === '') return 'an image is required (Shoal does not build images)';
  const why = (problem: string) => `invalid image ${shown(ref)}: ${problem}`;
  const control = controlCharacter(ref);
  if (control) return why(`it holds ${control}`);
  if (/\s/.test(ref)) return why('it holds whitespace');
  let rest = ref;
  const at = rest.indexOf('@');
  if (at >= 0) {
    const problem = digestProblem(rest.slice(at + 1));
    if (problem) return why(problem);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    const tag = rest.slice(colon + 1);
    if (tag.length > MAX_IMAGE_TAG_LENGTH)
      return why(`its tag is ${tag.length} characters, over the limit of ${MAX_IMAGE_TAG_LENGTH}`);
    if (!TAG.test(tag))
      return why(`tag ${shown(tag)} is invalid: letters, digits, "_", "." and "-", not starting with "." or "-"`);
    rest = rest.slice(0, colon);
  }
  if (rest === '') return why(`no repository name; ${REFERENCE_FORM}`);
  if (rest.length > MAX_IMAGE_NAME_LENGTH)
    return why(`its repository name is ${rest.length} characters, over the limit of ${MAX_IMAGE_NAME_LENGTH}`);
  if (IMAGE_ID.test(ref)) return why('a repository name cannot be 64 hexadecimal digits (that is an image id)');
  const segments = rest.split('/');
  const first = segments[0]!;
  const isDomain =
    segments.length > 1 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase());
  if (isDomain) {
    const problem = domainProblem(first);
    if (problem) return why(problem);
    segments.shift();
  }
  for (const segment of segments) {
    if (segment !== segment.toLowerCase()) return why('a repository name must be lowercase');
    if (!PATH_COMPONENT.test(segment))
      return why(
        `path component ${shown(segment)} is invalid: lowercase letters and digits, ` +
          `separated by ".", "_", "__" or "-"; ${REFERENCE_FORM}`,
      );
  }
  return undefined;
}

// ---------------------------------------------------------------- whole specs

/**
 * A problem found in a spec: `path` is where, in the stack file's keys below the service or network
 * (["deploy", "replicas"], ["environment", "KEY"], ["labels", "KEY"]; [] for the object as a whole);
 * `onKey` when the problem is the key itself (a variable's or label's name) rather than its value.
 */
export interface LimitIssue {
  path: readonly (string | number)[];
  onKey?: boolean;
  message: string;
}

/** An issue's path under `base` as key paths are written: "services[0]" + ["environment", "KEY"]. */
export function limitIssuePath(base: string, path: LimitIssue['path']): string {
  return path.reduce<string>(
    (p, seg) => (typeof seg === 'number' ? `${p}[${seg}]` : seg === '' ? p : p ? `${p}.${seg}` : seg),
    base,
  );
}

function labelIssues(labels: Readonly<Record<string, string>>, at: readonly string[]): LimitIssue[] {
  const out: LimitIssue[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const problem = labelSizeProblem(key, value);
    if (problem) out.push({ path: [...at, key], onKey: utf8Bytes(key) > MAX_LABEL_KEY_BYTES, message: problem });
  }
  return out;
}

/**
 * Every limit a service spec is over, but its name's (the caller checks names where it knows them): image,
 * replicas, environment, labels, NUL bytes in the command (no process can receive one), and its size.
 */
export function serviceSpecIssues(spec: ServiceSpec): LimitIssue[] {
  const out: LimitIssue[] = [];
  const add = (path: LimitIssue['path'], message: string | undefined, onKey = false) => {
    if (message) out.push({ path, message, ...(onKey && { onKey }) });
  };
  const c = spec.container;
  add(['image'], imageReferenceProblem(c.image));
  if (spec.mode !== 'global') add(['deploy', 'replicas'], replicasProblem(spec.replicas));
  for (const entry of c.env) {
    const eq = entry.indexOf('=');
    const key = eq < 0 ? entry : entry.slice(0, eq);
    add(['environment', key], envEntryProblem(entry), eq <= 0);
  }
  for (const field of ['command', 'entrypoint'] as const) {
    c[field].forEach((arg, i) => add([field, i], arg.includes('\0') ? `${field} holds a NUL byte` : undefined));
  }
  out.push(...labelIssues(c.labels, ['labels']), ...labelIssues(spec.labels, ['deploy', 'labels']));
  add([], specSizeProblem(`service ${shown(spec.name)}`, spec));
  return out;
}

/** Every limit a network spec is over, but its name's: its labels and its size. */
export function networkSpecIssues(spec: NetworkSpec): LimitIssue[] {
  const out = labelIssues(spec.labels, ['labels']);
  const size = specSizeProblem(`network ${shown(spec.name)}`, spec);
  if (size) out.push({ path: [], message: size });
  return out;
}
