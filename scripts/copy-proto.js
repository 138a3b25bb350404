// Copies the .proto files next to the compiled loader so a build runs on its own: into dist/, or
// into the build folder given as the argument (the benchmarks' dist-bench/).
const fs = require('node:fs');
const path = require('node:path');
const root = path.join(__dirname, '..');
const src = path.join(root, 'proto');
const dst = path.join(root, process.argv[2] ?? 'dist', 'proto');
fs.mkdirSync(dst, { recursive: true });
for (const f of fs.readdirSync(src)) if (f.endsWith('.proto')) fs.copyFileSync(path.join(src, f), path.join(dst, f));
