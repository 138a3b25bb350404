import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  clusterTasksProblem,
  desiredTasks,
  envEntryProblem,
  imageReferenceProblem,
  labelSizeProblem,
  LIMITS,
  MAX_CLUSTER_TASKS,
  MAX_ENV_ENTRY_BYTES,
  MAX_LABEL_KEY_BYTES,
  MAX_LABEL_VALUE_BYTES,
  MAX_NAME_LENGTH,
  MAX_REPLICAS,
  MAX_SPEC_BYTES,
  MAX_STACK_NAME_LENGTH,
  networkNameProblem,
  networkSpecIssues,
  replicasProblem,
  serviceNameProblem,
  serviceSpecIssues,
  shown,
  specSizeProblem,
  stackNameProblem,
} from '../../../domain/limits';
import { parseLabel } from '../../../domain/labels';
import { makeNetworkSpec, makeSpec } from '../../fakes/builders';

const ok = undefined;

describe('names', () => {
  it.each([
    ['web', ok],
    ['web_app', ok],
    ['a', ok],
    ['A1-b_2', ok],
    ['x'.repeat(MAX_NAME_LENGTH), ok],
    ['a--b__c', ok],
    ['', 'service name is empty'],
    ['x'.repeat(MAX_NAME_LENGTH + 1), 'is 64 characters, over the limit of 63'],
    ['-web', 'invalid service name "-web"'],
    ['web-', 'invalid service name "web-"'],
    ['_web', 'invalid service name'],
    ['web.app', 'invalid service name'],
    ['web app', 'invalid service name'],
    ['wéb', 'invalid service name'],
    ['web\0', 'invalid service name'],
  ])('service %j', (name, want) => {
    const got = serviceNameProblem(name);
    if (want === ok) expect(got).toBeUndefined();
    else expect(got).toContain(want);
  });

  it('stack names leave room for <stack>_default', () => {
    expect(MAX_STACK_NAME_LENGTH).toBe(55);
    const longest = 'p'.repeat(MAX_STACK_NAME_LENGTH);
    expect(stackNameProblem(longest)).toBeUndefined();
    expect(networkNameProblem(`${longest}_default`)).toBeUndefined();
    expect(stackNameProblem(`${longest}p`)).toBe(
      `stack name ${shown(`${longest}p`)} is 56 characters, over the limit of 55`,
    );
  });

  it('names a 100,000-character name by its length, cut short', () => {
    const problem = stackNameProblem('s'.repeat(100_000))!;
    expect(problem).toMatch(/^stack name "s{40}"\.\.\. is 100000 characters, over the limit of 55$/);
  });

  it('is fast on a long name that backtracking would choke on', () => {
    const started = Date.now();
    expect(nameOk(`${'a'.repeat(60)}!`)).toBe(false);
    expect(Date.now() - started).toBeLessThan(100);
  });
});

function nameOk(name: string): boolean {
  return networkNameProblem(name) === undefined;
}

describe('replicas and tasks', () => {
  it.each([
    [0, ok],
    [1, ok],
    [MAX_REPLICAS, ok],
    [MAX_REPLICAS + 1, 'replicas 100001 is over the limit of 100000'],
    [1_000_000_000, 'replicas 1000000000 is over the limit of 100000'],
    [Infinity, 'replicas Infinity is over the limit of 100000'],
    [-1, 'replicas must be a whole number >= 0 (got -1)'],
    [1.5, 'replicas must be a whole number >= 0 (got 1.5)'],
    [NaN, 'replicas must be a whole number >= 0 (got NaN)'],
  ])('replicas %d', (n, want) => expect(replicasProblem(n)).toBe(want));

  it('counts replicas, and one task per node for a global service', () => {
    const specs = [
      { mode: 'replicated', replicas: 3 },
      { mode: 'global', replicas: 0 },
      { mode: 'replicated', replicas: 0 },
    ];
    expect(desiredTasks(specs, 10)).toBe(13);
    expect(desiredTasks([], 10)).toBe(0);
  });

  it.each([
    ['within the limit', 0, MAX_CLUSTER_TASKS, ok],
    ['over it, growing', 10, MAX_CLUSTER_TASKS + 1, 'the cluster would want 150001 tasks, over the limit of 150000'],
    ['over it, shrinking from further over', 200_000, 160_000, ok],
    ['over it, unchanged', 200_000, 200_000, ok],
  ])('cluster tasks: %s', (_what, before, after, want) => {
    const got = clusterTasksProblem(before, after);
    if (want === ok) expect(got).toBeUndefined();
    else expect(got).toContain(want);
  });

  it('allows the 100,000-task benchmark', () => {
    expect(MAX_REPLICAS).toBeGreaterThanOrEqual(100_000);
    expect(clusterTasksProblem(0, 100_000)).toBeUndefined();
  });
});

describe('environment entries', () => {
  it.each([
    ['KEY=value', ok],
    ['KEY=', ok],
    ['KEY=a=b', ok],
    ['A B=c', ok],
    [`K=${'v'.repeat(MAX_ENV_ENTRY_BYTES - 2)}`, ok],
    ['=novalue', 'environment variable "=novalue" has no name: expected KEY=VALUE'],
    ['=', 'has no name'],
    ['KEY', 'environment variable "KEY": expected KEY=VALUE'],
    ['KEY=a\0b', 'environment variable "KEY" holds a NUL byte'],
    [`K=${'v'.repeat(MAX_ENV_ENTRY_BYTES - 1)}`, 'environment variable "K" is 32769 bytes, over the limit of 32768'],
    // Bytes, not characters: "é" is two bytes of UTF-8.
    [`K=${'é'.repeat(MAX_ENV_ENTRY_BYTES / 2)}`, 'is 32770 bytes'],
  ])('%j', (entry, want) => {
    const got = envEntryProblem(entry);
    if (want === ok) expect(got).toBeUndefined();
    else expect(got).toContain(want);
  });
});

describe('labels', () => {
  it.each([
    ['k', 'v', ok],
    ['k'.repeat(MAX_LABEL_KEY_BYTES), 'v'.repeat(MAX_LABEL_VALUE_BYTES), ok],
    ['k'.repeat(MAX_LABEL_KEY_BYTES + 1), '', 'is 257 bytes, over the limit of 256'],
    ['k', 'v'.repeat(MAX_LABEL_VALUE_BYTES + 1), 'label "k": its value is 4097 bytes, over the limit of 4096'],
  ])('%j = %j', (key, value, want) => {
    const got = labelSizeProblem(key, value);
    if (want === ok) expect(got).toBeUndefined();
    else expect(got).toContain(want);
  });

  it('parseLabel applies the sizes, as every flag and handler that sets a label does', () => {
    expect(parseLabel(`k=${'v'.repeat(MAX_LABEL_VALUE_BYTES + 1)}`)).toEqual({
      ok: false,
      error: 'label "k": its value is 4097 bytes, over the limit of 4096',
    });
    expect(parseLabel('zone=a')).toEqual({ ok: true, key: 'zone', value: 'a' });
  });
});

describe('image references', () => {
  const DIGEST = `sha256:${'a'.repeat(64)}`;
  it.each([
    'busybox',
    'busybox:latest',
    'busybox:1.36.1-musl',
    'library/busybox',
    'docker.io/library/busybox:latest',
    'ghcr.io/owner/repo/sub:tag',
    'localhost/app',
    'localhost:5000/app:1',
    'example-registry.com:4000/postgresql',
    '10.0.0.1:5000/app',
    '[::1]:5000/app:tag',
    '[fe80::1]/app',
    'Registry/app', // an uppercase first segment is a registry, as Docker reads it
    'my_org/my__app',
    'a-b--c/d.e',
    'app:_tag',
    `app:${'t'.repeat(128)}`,
    `busybox@${DIGEST}`,
    `busybox:1@${DIGEST}`,
    `busybox@sha512:${'0'.repeat(128)}`,
    `busybox@multihash+base58:${'A'.repeat(32)}`,
    `r.io/${'p'.repeat(250)}`,
    'a4bc65fd',
  ])('accepts %s', (ref) => expect(imageReferenceProblem(ref)).toBeUndefined());

  it.each([
    ['', 'an image is required'],
    ['busybox\0', 'it holds a NUL byte'],
    ['busy\u0007box', 'it holds a control character (U+0007)'],
    ['busybox\x7f', 'control character (U+007F)'],
    ['busy box', 'it holds whitespace'],
    ['busybox\n', 'control character (U+000A)'],
    ['Busybox', 'a repository name must be lowercase'],
    ['library/Busybox', 'must be lowercase'],
    ['-busybox', 'path component "-busybox" is invalid'],
    ['busybox-', 'path component "busybox-" is invalid'],
    ['busy...box', 'path component'],
    ['busy___box', 'path component'],
    ['a//b', 'path component "" is invalid'],
    ['/busybox', 'path component "" is invalid'],
    [':latest', 'no repository name'],
    ['busybox:', 'tag "" is invalid'],
    ['busybox:-x', 'tag "-x" is invalid'],
    ['busybox:a/b', 'registry "busybox:a" has an invalid port'],
    [`app:${'t'.repeat(129)}`, 'its tag is 129 characters, over the limit of 128'],
    ['busybox@sha256:abc', 'digest "sha256:abc" is not algorithm:hex'],
    [`busybox@sha256:${'A'.repeat(64)}`, 'sha256 takes 64 lowercase hexadecimal digits'],
    [`busybox@sha256:${'a'.repeat(65)}`, 'sha256 takes 64'],
    [`busybox@${'a'.repeat(64)}`, 'is not algorithm:hex'],
    ['busybox@', 'is not algorithm:hex'],
    [`busybox@1sha:${'a'.repeat(32)}`, 'is not algorithm:hex'],
    ['reg_istry.io/app', 'registry "reg_istry.io" is not a valid host name'],
    ['-reg.io/app', 'is not a valid host name'],
    ['reg.io:port/app', 'registry "reg.io:port" has an invalid port'],
    ['[::1/app', 'is not a valid IPv6 address'],
    ['[zz::1]:5000/app', 'is not a valid IPv6 address'],
    [`r.io/${'p'.repeat(251)}`, 'its repository name is 256 characters, over the limit of 255'],
    ['a'.repeat(64), 'cannot be 64 hexadecimal digits'],
  ])('refuses %j: %s', (ref, why) => {
    const got = imageReferenceProblem(ref);
    expect(got).toContain(why);
    if (ref !== '') expect(got).toMatch(/^invalid image /);
  });

  it('names the form it expects for a reference of no known shape', () => {
    expect(imageReferenceProblem('busy!box')).toContain('expected [domain[:port]/]path[:tag][@digest]');
  });

  it('never shows more than the start of a long reference', () => {
    expect(imageReferenceProblem(`${'x'.repeat(100_000)}\0`)!.length).toBeLessThan(120);
  });
});

describe('whole specs', () => {
  it('passes a plain service', () => {
    expect(serviceSpecIssues(makeSpec({ name: 'web_app', container: { env: ['A=1'] } }))).toEqual([]);
  });

  it('reports each limit at its path below the service', () => {
    const spec = makeSpec({
      name: 'web_app',
      replicas: 1_000_000_000,
      labels: { ['d'.repeat(300)]: 'x' },
      container: {
        image: 'busybox\0',
        env: ['=novalue', 'OK=1', `BIG=${'x'.repeat(MAX_ENV_ENTRY_BYTES)}`],
        command: ['sh', '-c', 'echo\0'],
        labels: { l: 'v'.repeat(MAX_LABEL_VALUE_BYTES + 1) },
      },
    });
    expect(serviceSpecIssues(spec).map((i) => [i.path, i.onKey ?? false])).toEqual([
      [['image'], false],
      [['deploy', 'replicas'], false],
      [['environment', ''], true],
      [['environment', 'BIG'], false],
      [['command', 2], false],
      [['labels', 'l'], false],
      [['deploy', 'labels', 'd'.repeat(300)], true],
    ]);
  });

  it('does not count replicas of a global service', () => {
    expect(serviceSpecIssues(makeSpec({ mode: 'global', replicas: 1_000_000_000 }))).toEqual([]);
  });

  it('refuses a spec over the size limit as a whole', () => {
    const env = Array.from({ length: 3 }, (_, i) => `V${i}=${'x'.repeat(MAX_ENV_ENTRY_BYTES - 10)}`);
    const issues = serviceSpecIssues(makeSpec({ name: 'web_app', container: { env } }));
    expect(issues).toEqual([
      { path: [], message: expect.stringMatching(/^service "web_app": \d+ bytes as JSON, over the limit of 65536$/) },
    ]);
  });

  it('lets an object already over the size limit shrink, but not grow', () => {
    const big = { v: 'x'.repeat(MAX_SPEC_BYTES) };
    const bigger = { v: 'x'.repeat(MAX_SPEC_BYTES + 1) };
    expect(specSizeProblem('it', big)).toContain('over the limit of 65536');
    expect(specSizeProblem('it', big, bigger)).toBeUndefined();
    expect(specSizeProblem('it', bigger, big)).toContain('over the limit');
  });

  it('checks a network spec: its labels and size', () => {
    expect(networkSpecIssues(makeNetworkSpec())).toEqual([]);
    const labels = { ['k'.repeat(MAX_LABEL_KEY_BYTES + 1)]: '' };
    expect(networkSpecIssues(makeNetworkSpec({ labels })).map((i) => i.path)).toEqual([['labels', 'k'.repeat(257)]]);
  });

  it('keeps an assignment chunk of 16 tasks well within gRPC 4 MiB', () => {
    const TASK_OVERHEAD = 4 * 1024;
    expect(16 * (MAX_SPEC_BYTES + TASK_OVERHEAD)).toBeLessThan((4 * 1024 * 1024) / 3);
  });
});

describe('README', () => {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Limits'), readme.indexOf('\n## ', readme.indexOf('## Limits') + 1));
  it.each(Object.entries(LIMITS))('lists %s (%d)', (_name, value) => {
    const forms = [String(value), value.toLocaleString('en-US'), `${value / 1024} KiB`];
    expect(forms.some((f) => section.includes(f))).toBe(true);
  });
});
