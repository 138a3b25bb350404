// `stack ls`: stacks as a table and as JSON.
import type { StackSummary__Output } from '../../proto/generated/shoal/v1/StackSummary';
import { naturalCompare } from './natural-compare';
import { renderTable } from './table';

export interface StackJson {
  name: string;
  services: number;
}

export function sortStacks(stacks: readonly StackSummary__Output[]): StackJson[] {
  return stacks.map((s) => ({ name: s.name, services: s.services })).sort((a, b) => naturalCompare(a.name, b.name));
}

/** NAME SERVICES, sorted naturally by name; `quiet` prints only the names. */
export function renderStackTable(stacks: readonly StackSummary__Output[], opts: { quiet: boolean }): string[] {
  const sorted = sortStacks(stacks);
  if (opts.quiet) return sorted.map((s) => s.name);
  return renderTable(
    ['NAME', 'SERVICES'],
    sorted.map((s) => [s.name, String(s.services)]),
  );
}
