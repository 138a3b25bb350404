// Fails when an import breaks the direction of dependencies, or closes a cycle between modules.
// The rules (ARCHITECTURE.md, "Where to find"): proto/ is the wire and imports only itself; domain/
// (shared rules) imports proto/; lib/ (runtime building blocks) imports nothing of Shoal's; cli/,
// manager/ and agent/ use domain/, lib/ and proto/ but never each other; testkit/ (what tests and
// benchmarks share) may use product code; bench/ may use testkit/ but not test/ (tests may test a
// benchmark's pure parts); nothing but test/ imports test/. No modules import each other, in a ring of
// any length, and neither do subfolders (agent/runtime/ and agent/network/, say; the files at the top of
// cli/, manager/ and agent/ wire their subfolders and may be imported by them). Type-only imports count
// too: a cycle of types is still two modules that cannot be read apart.
// Usage: node scripts/check-deps.js [ROOT] (default: this checkout).
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
const FOLDERS = ['proto', 'domain', 'lib', 'cli', 'manager', 'agent', 'testkit', 'bench', 'test'];

/** What each top-level folder may import, besides itself. */
const ALLOWED = {
  proto: [],
  domain: ['proto'],
  lib: [],
  cli: ['domain', 'lib', 'proto'],
  manager: ['domain', 'lib', 'proto'],
  agent: ['domain', 'lib', 'proto'],
  testkit: ['domain', 'lib', 'proto', 'cli', 'manager', 'agent'],
  bench: ['domain', 'lib', 'proto', 'cli', 'manager', 'agent', 'testkit'],
  test: ['domain', 'lib', 'proto', 'cli', 'manager', 'agent', 'testkit', 'bench'],
};

/**
 * Static imports and re-exports start a line; dynamic imports, require and vi.mock may stand anywhere.
 * Anchoring the static form keeps source text inside a string (a test's sample file) from counting.
 */
const IMPORT = new RegExp(
  [
    /^\s*(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]/.source,
    /^\s*import\s+['"](\.[^'"]+)['"]/.source,
    /(?:\bimport|\brequire|\bvi\.mock)\(\s*['"](\.[^'"]+)['"]/.source,
  ].join('|'),
  'gm',
);

function listTs(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(p));
    else if (entry.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function resolveModule(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const candidate of [base + '.ts', path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/**
 * cli/, manager/, agent/ themselves: their files wire the subfolders together, so edges to and from
 * them are no folder cycle.
 */
function isTopFolder(dir) {
  return path.dirname(dir) === ROOT;
}

function topFolder(file) {
  return path.relative(ROOT, file).split(path.sep)[0];
}

/** Strongly connected components of more than one module (or a module importing itself): Tarjan. */
function cycles(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  function visit(v) {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), indices.get(w)));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? new Set()).has(v)) found.push(component.sort());
    }
  }
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

function main() {
  const files = FOLDERS.filter((f) => fs.existsSync(path.join(ROOT, f))).flatMap((f) =>
    listTs(path.join(ROOT, f)).filter((p) => !p.includes(`${path.sep}generated${path.sep}`)),
  );
  const problems = [];
  const graph = new Map();
  const folderGraph = new Map();
  for (const file of files) {
    const edges = new Set();
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const target = resolveModule(file, spec);
      const rel = path.relative(ROOT, file);
      if (!target) {
        problems.push(`${rel}: imports ${spec}, which is not a module of this tree`);
        continue;
      }
      const from = topFolder(file);
      const to = topFolder(target);
      if (from !== to && !(ALLOWED[from] ?? []).includes(to)) {
        problems.push(`${rel}: ${from}/ may not import ${to}/ (${spec})`);
      }
      edges.add(target);
      const fromDir = path.dirname(file);
      const toDir = path.dirname(target);
      if (fromDir !== toDir && !isTopFolder(fromDir) && !isTopFolder(toDir)) {
        if (!folderGraph.has(fromDir)) folderGraph.set(fromDir, new Set());
        folderGraph.get(fromDir).add(toDir);
      }
    }
    graph.set(file, edges);
  }
  for (const component of cycles(graph)) {
    problems.push(`import cycle: ${component.map((f) => path.relative(ROOT, f)).join(' <-> ')}`);
  }
  for (const component of cycles(folderGraph)) {
    problems.push(`folders import each other: ${component.map((d) => path.relative(ROOT, d) + '/').join(' <-> ')}`);
  }
  if (problems.length > 0) {
    for (const p of problems) console.error(p);
    process.exit(1);
  }
  console.log(`dependencies: ${files.length} modules, one-way, no cycles`);
}

main();
