// Runs the benchmarks, prints one line per metric, and exits non-zero when a target is missed: every one,
// or those named as arguments (`npm run bench -- scheduler control-plane`).
// Run with `node --expose-gc` so that memory figures do not carry one run's garbage into the next.
import { meetsTarget, type BenchResult } from './result';
import { benchControlPlane } from './control-plane-bench';
import { benchDatapath } from './datapath-bench';
import { benchDns } from './dns-bench';
import { benchScheduler } from './scheduler-bench';
import { benchTestbed } from './testbed-bench';

/** Each benchmark by the name it is picked with, in the order a full run takes them. */
const BENCHES: ReadonlyMap<string, () => Promise<BenchResult>> = new Map([
  ['scheduler', benchScheduler],
  ['control-plane', benchControlPlane],
  ['testbed', benchTestbed],
  ['dns', benchDns],
  ['datapath', benchDatapath],
]);

/** The benchmarks the arguments name (all without any); an unknown name is an error that names the known ones. */
function pick(args: readonly string[]): (() => Promise<BenchResult>)[] {
  const unknown = args.filter((a) => !BENCHES.has(a));
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${[...BENCHES.keys()].join(', ')}`);
  }
  return args.length === 0 ? [...BENCHES.values()] : args.map((a) => BENCHES.get(a)!);
}

async function main(): Promise<void> {
  let missed = 0;
  for (const bench of pick(process.argv.slice(2))) {
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
