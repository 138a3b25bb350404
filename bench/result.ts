// What a benchmark reports: named metrics, some with a target the run must meet.

export interface BenchTarget {
  /** Whether the value must be at least or at most the bound. */
  op: '>=' | '<=';
  bound: number;
}

export interface BenchMetric {
  name: string;
  value: number;
  unit: string;
  target?: BenchTarget;
}

export interface BenchResult {
  name: string;
  metrics: BenchMetric[];
  /** Every metric with a target meets it. */
  passed: boolean;
}

export function meetsTarget(m: BenchMetric): boolean {
  if (m.target === undefined) return true;
  return m.target.op === '>=' ? m.value >= m.target.bound : m.value <= m.target.bound;
}

export function toBenchResult(name: string, metrics: BenchMetric[]): BenchResult {
  return { name, metrics, passed: metrics.every(meetsTarget) };
}
