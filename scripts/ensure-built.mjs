// Builds the studio when out/ is missing or older than any source, so `npm start` on a fresh
// clone works and a second start does not pay for a rebuild.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'out/main/cli.js');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = ['src-shared', 'src-main', 'src-renderer'].map((d) => newest(join(root, d)));
const config = ['electron.vite.config.ts', 'package.json'].map((f) => statSync(join(root, f)).mtimeMs);
if (!existsSync(stamp) || Math.max(...sources, ...config) > statSync(stamp).mtimeMs) {
  console.log('Building the studio (a few seconds)…');
  execSync('npx electron-vite build', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
