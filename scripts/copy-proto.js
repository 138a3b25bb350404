// Copies the .proto files next to the compiled loader so dist/ runs on its own.
const fs = require('node:fs');
const path = require('node:path');
const src = path.join(__dirname, '..', 'proto');
const dst = path.join(__dirname, '..', 'dist', 'proto');
fs.mkdirSync(dst, { recursive: true });
for (const f of fs.readdirSync(src)) if (f.endsWith('.proto')) fs.copyFileSync(path.join(src, f), path.join(dst, f));
