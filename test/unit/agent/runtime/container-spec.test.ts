import { describe, expect, it } from 'vitest';
import { toCreateBody } from '../../../../agent/runtime/container-spec';
import { type DockerCreateBody } from '../../../../agent/runtime/engine-api';
import type { Task } from '../../../../proto/types';
import { makeTask } from '../../../fakes/builders';

const LABELS = {
  'shoal.task': 't1',
  'shoal.service': 'web_app',
  'shoal.stack': 'web',
  'shoal.node': 'n1',
  'shoal.slot': '2',
};
const base = { id: 't1', serviceName: 'web_app', slot: 2, nodeId: 'n1' };

const cases: { name: string; task: Task; want: DockerCreateBody }[] = [
  {
    name: 'a plain spec: the image, Shoal labels, the stop timeout, no limits, no Docker restart',
    task: makeTask({ ...base, spec: { stack: 'web', container: { image: 'busybox:latest' } } }),
    want: {
      name: 'web_app.2.t1',
      Image: 'busybox:latest',
      Labels: LABELS,
      Env: [],
      StopTimeout: 10,
      HostConfig: { NanoCpus: 0, Memory: 0, RestartPolicy: { Name: 'no' } },
    },
  },
  {
    name: 'every container field, limits, and a CMD-SHELL healthcheck in nanoseconds',
    task: makeTask({
      ...base,
      spec: {
        stack: 'web',
        container: {
          image: 'busybox:latest',
          entrypoint: ['/bin/sh', '-c'],
          command: ['httpd -f'],
          env: ['A=1', 'B=two'],
          labels: { team: 'blue', 'shoal.task': 'forged' },
          user: 'nobody',
          workingDir: '/var/www',
          hostname: 'web-host',
          stopSignal: 'SIGINT',
          stopGracePeriodMs: 2500,
          healthcheck: {
            test: ['CMD-SHELL', 'nc -z 127.0.0.1 80'],
            intervalMs: 1000,
            timeoutMs: 500,
            retries: 3,
            startPeriodMs: 2000,
            startIntervalMs: 0,
          },
        },
        resources: { limits: { nanoCpus: 500_000_000, memoryBytes: 64 * 2 ** 20 }, reservations: { nanoCpus: 1e8 } },
      },
    }),
    want: {
      name: 'web_app.2.t1',
      Image: 'busybox:latest',
      Labels: { team: 'blue', ...LABELS },
      Entrypoint: ['/bin/sh', '-c'],
      Cmd: ['httpd -f'],
      Env: ['A=1', 'B=two'],
      User: 'nobody',
      WorkingDir: '/var/www',
      Hostname: 'web-host',
      StopSignal: 'SIGINT',
      StopTimeout: 3,
      Healthcheck: {
        Test: ['CMD-SHELL', 'nc -z 127.0.0.1 80'],
        Interval: 1e9,
        Timeout: 5e8,
        Retries: 3,
        StartPeriod: 2e9,
      },
      HostConfig: { NanoCpus: 500_000_000, Memory: 64 * 2 ** 20, RestartPolicy: { Name: 'no' } },
    },
  },
  {
    name: 'a CMD healthcheck with a start interval',
    task: makeTask({
      ...base,
      spec: {
        stack: 'web',
        container: {
          image: 'busybox:latest',
          healthcheck: {
            test: ['CMD', 'true'],
            intervalMs: 0,
            timeoutMs: 0,
            retries: 0,
            startPeriodMs: 0,
            startIntervalMs: 250,
          },
        },
      },
    }),
    want: {
      name: 'web_app.2.t1',
      Image: 'busybox:latest',
      Labels: LABELS,
      Env: [],
      StopTimeout: 10,
      Healthcheck: { Test: ['CMD', 'true'], Interval: 0, Timeout: 0, Retries: 0, StartPeriod: 0, StartInterval: 2.5e8 },
      HostConfig: { NanoCpus: 0, Memory: 0, RestartPolicy: { Name: 'no' } },
    },
  },
  {
    name: "healthcheck NONE disables the image's own; a zero grace period kills at once",
    task: makeTask({
      ...base,
      spec: {
        stack: 'web',
        container: {
          image: 'busybox:latest',
          stopGracePeriodMs: 0,
          healthcheck: {
            test: ['NONE'],
            intervalMs: 0,
            timeoutMs: 0,
            retries: 0,
            startPeriodMs: 0,
            startIntervalMs: 0,
          },
        },
      },
    }),
    want: {
      name: 'web_app.2.t1',
      Image: 'busybox:latest',
      Labels: LABELS,
      Env: [],
      StopTimeout: 0,
      Healthcheck: { Test: ['NONE'], Interval: 0, Timeout: 0, Retries: 0, StartPeriod: 0 },
      HostConfig: { NanoCpus: 0, Memory: 0, RestartPolicy: { Name: 'no' } },
    },
  },
  {
    name: 'a global task (slot 0) is named by its node; a service outside a stack has an empty stack label',
    task: makeTask({
      id: 't9',
      serviceName: 'agentd',
      slot: 0,
      nodeId: 'n7',
      spec: { container: { image: 'busybox:latest' } },
    }),
    want: {
      name: 'agentd.n7.t9',
      Image: 'busybox:latest',
      Labels: {
        'shoal.task': 't9',
        'shoal.service': 'agentd',
        'shoal.stack': '',
        'shoal.node': 'n7',
        'shoal.slot': '0',
      },
      Env: [],
      StopTimeout: 10,
      HostConfig: { NanoCpus: 0, Memory: 0, RestartPolicy: { Name: 'no' } },
    },
  },
];

describe('toCreateBody', () => {
  it.each(cases)('$name', ({ task, want }) => {
    expect(toCreateBody(task)).toStrictEqual(want);
  });
});
