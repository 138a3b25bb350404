// The stack loader applies every limit of domain/limits.ts, each issue at the key or value of the file it
// comes from, before anything is sent.
import { describe, expect, it } from 'vitest';
import { formatIssue, type SpecIssue } from '../../../../proto/errors';
import { loadIssues, oneFile } from './stack-issues';

function issuesOf(content: string, stack = 'st', env: Record<string, string> = {}): SpecIssue[] {
  return loadIssues(oneFile(content), env, stack);
}

const web = (lines: string) => `services:\n  web:\n    image: busybox\n${lines}`;

describe('the stack loader refuses input over a limit, at its position', () => {
  it.each([
    [
      'replicas over the limit',
      web('    deploy:\n      replicas: 1000000000\n'),
      'stack.yml:5:17: services.web.deploy.replicas: replicas 1000000000 is over the limit of 100000',
    ],
    [
      'an environment entry without a name (list)',
      web('    environment:\n      - "=novalue"\n'),
      'stack.yml:5:9: services.web.environment: environment variable "=novalue" has no name: expected KEY=VALUE',
    ],
    [
      'an environment entry without a name (map)',
      web('    environment:\n      "": novalue\n'),
      'stack.yml:5:7: services.web.environment: environment variable "=novalue" has no name: expected KEY=VALUE',
    ],
    [
      'an environment value over the limit',
      web(`    environment:\n      BIG: ${'x'.repeat(40_000)}\n`),
      'stack.yml:5:12: services.web.environment.BIG: environment variable "BIG" is 40004 bytes, ' +
        'over the limit of 32768',
    ],
    [
      'an environment value with a NUL byte',
      web('    environment:\n      A: "x\\0y"\n'),
      'stack.yml:5:10: services.web.environment.A: environment variable "A" holds a NUL byte',
    ],
    [
      'an image with a NUL byte',
      'services:\n  web:\n    image: "busybox\\0"\n',
      'stack.yml:3:12: services.web.image: invalid image "busybox\\u0000": it holds a NUL byte',
    ],
    [
      'an image in uppercase',
      'services:\n  web:\n    image: Busybox:latest\n',
      'stack.yml:3:12: services.web.image: invalid image "Busybox:latest": a repository name must be lowercase',
    ],
    [
      'an image from a variable',
      'services:\n  web:\n    image: ${IMAGE}\n',
      'stack.yml:3:12: services.web.image: invalid image "busy box": it holds whitespace',
    ],
    [
      'a command with a NUL byte',
      web('    command: ["sh", "-c", "a\\0b"]\n'),
      'stack.yml:4:27: services.web.command[2]: command holds a NUL byte',
    ],
    [
      'a label value over the limit',
      web(`    labels:\n      big: ${'v'.repeat(5000)}\n`),
      'stack.yml:5:12: services.web.labels.big: label "big": its value is 5000 bytes, over the limit of 4096',
    ],
    [
      'a deploy label key over the limit',
      web(`    deploy:\n      labels:\n        ${'k'.repeat(300)}: v\n`),
      `stack.yml:6:9: services.web.deploy.labels.${'k'.repeat(300)}: label key "${'k'.repeat(40)}"... ` +
        'is 300 bytes, over the limit of 256',
    ],
    [
      'a service key that is not a name',
      'services:\n  web.app:\n    image: busybox\n',
      'stack.yml:2:3: services.web.app: invalid service name "web.app": use letters, digits, "-" and "_", ' +
        'starting and ending with a letter or digit',
    ],
    [
      'a service whose full name is over the limit',
      `services:\n  ${'s'.repeat(62)}:\n    image: busybox\n`,
      `stack.yml:2:3: services.${'s'.repeat(62)}: service name "st_${'s'.repeat(37)}"... is 65 characters, ` +
        'over the limit of 63 (the stack name, "_" and the key ' +
        `${'s'.repeat(62)})`,
    ],
    [
      'a network whose full name is over the limit',
      `services:\n  web:\n    image: busybox\n    networks: [${'n'.repeat(62)}]\nnetworks:\n  ${'n'.repeat(62)}: {}\n`,
      `stack.yml:6:3: networks.${'n'.repeat(62)}: network name "st_${'n'.repeat(37)}"... is 65 characters, ` +
        'over the limit of 63',
    ],
    [
      'a network name: that is not a name',
      'services:\n  web:\n    image: busybox\n    networks: [back]\nnetworks:\n  back:\n    name: my.net\n',
      'stack.yml:7:11: networks.back.name: invalid network name "my.net": use letters, digits, "-" and "_", ' +
        'starting and ending with a letter or digit',
    ],
    [
      'a network label over the limit',
      `services:\n  web:\n    image: busybox\nnetworks:\n  default:\n    labels:\n      k: ${'v'.repeat(5000)}\n`,
      'stack.yml:7:10: networks.default.labels.k: label "k": its value is 5000 bytes, over the limit of 4096',
    ],
  ])('%s', (_what, content, want) => {
    expect(issuesOf(content, 'st', { IMAGE: 'busy box' }).map(formatIssue)).toEqual([want]);
  });

  it('a service spec over the size limit, at its key', () => {
    const env = Array.from({ length: 3 }, (_, i) => `      V${i}: ${'x'.repeat(30_000)}\n`).join('');
    const [issue] = issuesOf(web(`    environment:\n${env}`));
    expect(formatIssue(issue!)).toMatch(
      /^stack\.yml:2:3: services\.web: service "st_web": \d+ bytes as JSON, over the limit of 65536$/,
    );
  });

  it('a 100,000-character stack name: one issue, naming its length', () => {
    const issues = issuesOf(web(''), 's'.repeat(100_000));
    expect(issues.map(formatIssue)).toEqual([
      `stack name "${'s'.repeat(40)}"... is 100000 characters, over the limit of 55`,
    ]);
  });

  it('a stack name that fits leaves <stack>_default valid, and a short key', () => {
    expect(issuesOf(web(''), 'p'.repeat(55))).toEqual([]);
    expect(issuesOf('services:\n  db:\n    image: busybox\n', 'p'.repeat(60))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('over the limit of 55') }),
    ]);
  });

  it('every issue at once, each in its place', () => {
    const content = [
      'services:',
      '  web:',
      '    image: "busybox\\0"',
      '    environment: ["=novalue"]',
      '    deploy:',
      '      replicas: 1000000000',
      '',
    ].join('\n');
    expect(issuesOf(content).map((i) => `${i.line}:${i.column} ${i.path}`)).toEqual([
      '3:12 services.web.image',
      '4:19 services.web.environment',
      '6:17 services.web.deploy.replicas',
    ]);
  });

  it('accepts values at the limits', () => {
    const content = web(
      `    environment:\n      K: ${'x'.repeat(32_766)}\n    deploy:\n      replicas: 100000\n` +
        `      labels:\n        ${'k'.repeat(256)}: ${'v'.repeat(4096)}\n`,
    );
    expect(issuesOf(content)).toEqual([]);
  });
});
