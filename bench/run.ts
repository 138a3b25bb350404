// Runs every benchmark, prints one line per metric, and exits non-zero when a target is missed.
// Run with `node --expose-gc` so that memory figures do not carry one run's garbage into the next.
import { meetsTarget, type BenchResult } from './result';
import { benchControlPlane } from './control-plane-bench';
import { benchDatapath } from './datapath-bench';
import { benchDns } from './dns-bench';
import { benchScheduler } from './scheduler-bench';
import { benchTestbed } from './testbed-bench';

const BENCHES: readonly (() => Promise<BenchResult>)[] = [
  benchScheduler,
  benchControlPlane,
  benchTestbed,
  benchDns,
  benchDatapath,
];

async function main(): Promise<void> {
  let missed = 0;
  for (const bench of BENCHES) {
    const result = await bench();
    for (const m of result.metrics) {
      const target = m.target
        ? `  (target ${m.target.op} ${m.target.bound})  ${meetsTarget(m) ? 'target met' : 'TARGET MISSED'}`
        : '';
      console.log(`${result.name}  ${m.name}  ${m.value} ${m.unit}${target}`);
    }
    if (!result.passed) missed += 1;
  }
  process.exitCode = missed > 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
