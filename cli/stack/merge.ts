// Several stack files (`-c base.yml -c prod.yml`) merged into one, as `docker stack deploy` merges them:
// a later file overrides an earlier one; mappings merge key by key; lists are replaced, except a
// service's ports, where a later file adds ports and replaces an identical one.
import { toPlain, type YNode } from './yaml-tree';

function isServicePorts(keys: readonly string[]): boolean {
  return keys.length === 3 && keys[0] === 'services' && keys[2] === 'ports';
}

function mergeNode(base: YNode, over: YNode, keys: readonly string[]): YNode {
  if (base.kind === 'map' && over.kind === 'scalar' && over.value === null) return base;
  if (base.kind === 'map' && over.kind === 'map') {
    const entries = base.entries.map((b) => {
      const o = over.entries.find((e) => e.key === b.key);
      return o ? { ...o, value: mergeNode(b.value, o.value, [...keys, b.key]) } : b;
    });
    for (const o of over.entries) if (!base.entries.some((b) => b.key === o.key)) entries.push(o);
    return { ...over, entries };
  }
  if (base.kind === 'seq' && over.kind === 'seq' && isServicePorts(keys)) {
    const identity = (n: YNode): string => JSON.stringify(toPlain(n));
    const overIds = new Set(over.items.map(identity));
    return { ...over, items: [...base.items.filter((b) => !overIds.has(identity(b))), ...over.items] };
  }
  return over;
}

/** Merges normalized file trees, first to last. */
export function mergeFiles(roots: readonly YNode[]): YNode | undefined {
  return roots.reduce<YNode | undefined>((acc, root) => (acc ? mergeNode(acc, root, []) : root), undefined);
}
