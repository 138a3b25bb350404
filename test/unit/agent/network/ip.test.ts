// How ExecCommandRunner reports output and failures of real processes.
import { describe, expect, it } from 'vitest';
import { CommandFailedError, ExecCommandRunner } from '../../../../agent/network/ip';

describe('ExecCommandRunner', () => {
  it('returns stdout, passes stdin, and puts the prefix first', async () => {
    const runner = new ExecCommandRunner({ prefix: ['env', 'LC_ALL=C'] });
    await expect(runner.run(['sh', '-c', 'cat; echo " $LC_ALL"'], 'in')).resolves.toBe('in C\n');
  });

  it('passes arguments without a shell', async () => {
    await expect(new ExecCommandRunner().run(['echo', '$HOME;', '`id`'])).resolves.toBe('$HOME; `id`\n');
  });

  it('fails with the argv, the exit status and stderr', async () => {
    const err = await new ExecCommandRunner()
      .run(['ip', 'link', 'show', 'dev', 'shoal-no-such-dev'])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandFailedError);
    expect((err as CommandFailedError).message).toMatch(
      /^ip link show dev shoal-no-such-dev: exit 1: Device "shoal-no-such-dev" does not exist\.$/,
    );
  });

  it('fails on a program that does not exist', async () => {
    await expect(new ExecCommandRunner().run(['shoal-no-such-program'])).rejects.toThrow(
      /^shoal-no-such-program: did not exit normally: spawn shoal-no-such-program ENOENT/,
    );
  });
});
