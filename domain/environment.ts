// A service's environment as its spec stores it: "KEY=value" entries, one per key (the last given
// wins, as Compose reads a list and `docker service update --env-add` replaces), sorted by key in
// code-unit order. The stack loader and `service update` both write this form, and specs are compared
// as canonical JSON: an environment written in another order would read as a change.
// What an entry may hold (a name, its size) is limits.ts's envEntryProblem.
import { splitKeyValue } from './labels';

/** The entries in the stored form: the last entry of each key, sorted by key. */
export function canonicalEnv(entries: Iterable<string>): string[] {
  const byKey = new Map<string, string>();
  for (const e of entries) byKey.set(splitKeyValue(e).key, e);
  // sort() without a comparator orders strings by code unit, as `<` does.
  return [...byKey.keys()].sort().map((key) => byKey.get(key)!);
}
