// Fails when proto/generated/ is not what proto-loader-gen-types makes from proto/*.proto now.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-proto-'));
const bin = path.join(root, 'node_modules', '.bin', 'proto-loader-gen-types');
execFileSync(
  bin,
  [
    '--longs=Number',
    '--enums=String',
    '--defaults',
    '--oneofs',
    '--grpcLib=@grpc/grpc-js',
    `--outDir=${tmp}`,
    'proto/shoal.proto',
  ],
  { cwd: root, stdio: 'inherit' },
);

function listFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p).map((f) => path.join(e.name, f)));
    else out.push(e.name);
  }
  return out.sort();
}
const want = listFiles(tmp);
const have = listFiles(path.join(root, 'proto', 'generated'));
const stale = [];
for (const f of new Set([...want, ...have])) {
  const a = want.includes(f) ? fs.readFileSync(path.join(tmp, f), 'utf8') : null;
  const b = have.includes(f) ? fs.readFileSync(path.join(root, 'proto', 'generated', f), 'utf8') : null;
  if (a !== b) stale.push(f);
}
fs.rmSync(tmp, { recursive: true, force: true });
if (stale.length) {
  console.error(`proto/generated is stale (run "npm run proto:gen"): ${stale.join(', ')}`);
  process.exit(1);
}
console.log('proto/generated is up to date');
