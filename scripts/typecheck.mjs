// Type-checks every environment's tsconfig (shared, main, renderer, tools, tests), two at a time:
// each is its own program, and one after another they took ~40 s on two cores.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const configs = ['shared', 'main', 'renderer', 'tools', 'tests'].map((env) => `tsconfig.${env}.json`);
const WIDTH = 2;

function check(config) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('close', (code) => resolve({ config, code, out }));
  });
}

const queue = [...configs];
const results = [];
await Promise.all(
  Array.from({ length: WIDTH }, async () => {
    while (queue.length) results.push(await check(queue.shift()));
  }),
);
// In the configs' order, whatever order they finished in.
results.sort((a, b) => configs.indexOf(a.config) - configs.indexOf(b.config));
for (const r of results) if (r.code !== 0) process.stdout.write(`${r.config}:\n${r.out}`);
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
