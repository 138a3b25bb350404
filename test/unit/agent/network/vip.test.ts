// The VIP adapter: what applyVipRules runs (exact argv through the recording runner), and what it
// reports from a real shell.
import { describe, expect, it } from 'vitest';
import { ExecCommandRunner } from '../../../../agent/network/ip';
import { applyVipRules } from '../../../../agent/network/vip';
import { RecordingRunner } from '../../../fakes/recording-runner';

describe('applyVipRules', () => {
  it('runs nothing for no containers', async () => {
    const runner = new RecordingRunner();
    expect(await applyVipRules(runner, [])).toEqual({ applied: new Set(), failed: new Map() });
    expect(runner.calls).toEqual([]);
  });

  it('hands every container to one fixed sh loop as arguments, and reads back which took its rules', async () => {
    const loop = expect.stringContaining('nsenter --net="/proc/$1/ns/net" nft -f -');
    const runner = new RecordingRunner().fail(
      'nsenter --net=/proc/4343/ns/net nft -f -',
      'Error: Could not process rule: No such file or directory',
    );
    const outcome = await applyVipRules(runner, [
      { pid: 4242, script: 'table ip shoal\n' },
      { pid: 4343, script: 'x' },
    ]);
    expect(runner.calls).toEqual([{ argv: ['sh', '-c', loop, 'shoal-vip', '4242', 'table ip shoal\n', '4343', 'x'] }]);
    expect(outcome.applied).toEqual(new Set([4242]));
    expect(outcome.failed).toEqual(new Map([[4343, 'Error: Could not process rule: No such file or directory']]));
  });

  it('in a real shell: a container that is gone is reported failed with the reason, not thrown', async () => {
    const outcome = await applyVipRules(new ExecCommandRunner(), [{ pid: 999_999_999, script: 'table ip shoal\n' }]);
    expect(outcome.applied).toEqual(new Set());
    expect(outcome.failed.get(999_999_999)).toMatch(/nsenter: .*\/proc\/999999999\/ns\/net/);
  });
});
