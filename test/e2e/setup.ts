// The set-up every end-to-end file shares: a fresh 3-host testbed before the file's tests (and what the
// file deploys on it), torn down after them, and a folder for the stack files the file writes.
// testbed.test.ts has its own hooks: it tests `up` and `down` themselves.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { testbed } from '../../testkit/testbed';

/** `up` takes 14-26 s for 3 hosts here (and may first wait for the testbed's lock); the rest is for `setup`. */
const SETUP_TIMEOUT_MS = 180_000;
/** `down` stops every engine and agent and removes the hosts. */
const TEARDOWN_TIMEOUT_MS = 120_000;

export interface TestbedOptions {
  /** Names the folder of stack files: `shoal-e2e-<name>-XXXXXX` in the system's temp folder. */
  name: string;
  /** What the file deploys and waits for once the testbed is up, before its first test. */
  setup?: () => Promise<void>;
  /** How long `up` and `setup` may take together. */
  setupTimeoutMs?: number;
}

export interface StackFiles {
  /** Writes `yaml` to `file` in the folder; its path, for `shoal stack deploy -c`. */
  write(file: string, yaml: string): string;
}

/**
 * Brings the machine's testbed up (3 hosts) before the calling file's tests, then runs `setup`; takes
 * it down and removes the folder after them. Call once, at the top of an end-to-end test file.
 */
export function useTestbed({ name, setup, setupTimeoutMs = SETUP_TIMEOUT_MS }: TestbedOptions): StackFiles {
  let dir: string | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), `shoal-e2e-${name}-`));
    await testbed.up(3);
    await setup?.();
  }, setupTimeoutMs);

  afterAll(async () => {
    try {
      await testbed.down();
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }, TEARDOWN_TIMEOUT_MS);

  return {
    write(file, yaml) {
      if (!dir) throw new Error('the testbed is not set up: write stack files in setup or in a test');
      const filePath = path.join(dir, file);
      writeFileSync(filePath, yaml);
      return filePath;
    },
  };
}
