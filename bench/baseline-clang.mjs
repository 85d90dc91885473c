// The baseline's compile step: @yowasp/clang in a fresh Node process, as a command-line user
// would run it. Usage (from the project folder): node baseline-clang.mjs CLANG-ARGS... -o OUT
// Source files named in the arguments are read from the current folder; the -o output is written there.
import { commands, Exit } from '@yowasp/clang';
import { readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const out = args[args.indexOf('-o') + 1];
if (!out || args.indexOf('-o') < 0) {
  console.error('usage: node baseline-clang.mjs CLANG-ARGS... -o OUT');
  process.exit(2);
}
const tree = {};
for (const a of args) {
  if (!/\.(c|cc|cpp)$/.test(a)) continue;
  let node = tree;
  const parts = a.split('/');
  for (const p of parts.slice(0, -1)) node = node[p] ??= {};
  node[parts.at(-1)] = readFileSync(a, 'utf8');
}
let files;
try {
  files = await commands.clang(['clang', ...args].slice(1), tree, { stdout: (b) => b && process.stdout.write(b), stderr: (b) => b && process.stderr.write(b) });
} catch (err) {
  if (err instanceof Exit) process.exit(err.code || 1);
  throw err;
}
const bytes = files?.[out];
if (!(bytes instanceof Uint8Array)) {
  console.error(`clang produced no ${out}`);
  process.exit(1);
}
writeFileSync(out, bytes);
