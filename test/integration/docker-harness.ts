// Starts a private Docker engine for an integration test: its own network namespace (so containers
// only ever reach addresses inside it), its state in a temp directory, and a teardown that removes
// both. The engine comes from deploy/lib/engine.sh, the one way to run an engine in this repo.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ENGINE_SH = resolve(__dirname, '../../deploy/lib/engine.sh');
/** Debian's docker.io client, the same version as the engine. */
const DOCKER_CLI = '/usr/bin/docker';
/** Starting dockerd and importing busybox takes a few seconds; engine.sh itself gives up after 30 s. */
const START_TIMEOUT_MS = 45_000;

let counter = 0;

export interface DockerEngineHandle {
  /** Path of the engine's unix socket. */
  socket: string;
  /** The engine's network namespace (`ip netns` name), where its containers' networks are. */
  netns: string;
  /** Runs the docker CLI against this engine; resolves with its stdout, trimmed. */
  docker(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startDockerEngine(name: string): Promise<DockerEngineHandle> {
  const netns = `shoal-it-${process.pid}-${++counter}`;
  const dir = mkdtempSync(join(tmpdir(), `shoal-engine-${name}-`));
  await run('ip', ['netns', 'add', netns]);
  const teardown = async () => {
    await run(ENGINE_SH, ['remove', dir]).catch(() => undefined);
    await run('ip', ['netns', 'del', netns]).catch(() => undefined);
  };
  try {
    await run('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
    await run(ENGINE_SH, ['start', netns, dir], { timeout: START_TIMEOUT_MS });
  } catch (err) {
    await teardown();
    throw err;
  }
  const socket = join(dir, 'docker.sock');
  return {
    socket,
    netns,
    async docker(args) {
      const { stdout } = await run(DOCKER_CLI, ['-H', `unix://${socket}`, ...args]);
      return stdout.trim();
    },
    stop: teardown,
  };
}
