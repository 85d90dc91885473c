import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { appRoot } from '../src-main/paths';
import { check } from './stats';

/**
 * The command-line pipeline the studio is compared with: every step a fresh process, the way a
 * user without the studio builds and runs a C component.
 */
export const jcoBin = join(appRoot, 'node_modules', '.bin', 'jco');
const clangScript = join(appRoot, 'bench', 'baseline-clang.mjs');

export interface ProcResult {
  ms: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; wall-clock time from spawn to exit. A non-zero exit fails the benchmark. */
export function proc(file: string, args: string[], cwd: string): Promise<ProcResult> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      const ms = performance.now() - t;
      if (err) reject(new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve({ ms, stdout, stderr });
    });
  });
}

/** `node baseline-clang.mjs` (fresh process), `jco new --wasi-command`, `jco run`: returns each step's time. */
export async function cliEditToOutput(projectDir: string, flags: string[], args: string[], expect: string): Promise<{ ms: number; steps: Record<string, number> }> {
  const clang = await proc(process.execPath, [clangScript, '--target=wasm32-wasip1', ...flags, 'src/main.c', '-o', 'core.wasm'], projectDir);
  const adapt = await proc(jcoBin, ['new', 'core.wasm', '--wasi-command', '-o', 'comp.wasm'], projectDir);
  const run = await cliRun(join(projectDir, 'comp.wasm'), args, projectDir, expect);
  return { ms: clang.ms + adapt.ms + run.ms, steps: { 'clang (fresh node)': clang.ms, 'jco new': adapt.ms, 'jco run': run.ms } };
}

export async function cliRun(component: string, args: string[], cwd: string, expect: string): Promise<ProcResult> {
  const r = await proc(jcoBin, ['run', component, ...args], cwd);
  check(r.stdout.includes(expect), `jco run printed ${JSON.stringify(r.stdout.slice(0, 200))}, expected it to contain ${JSON.stringify(expect)}`);
  return r;
}

const callScript = join(appRoot, 'bench', 'baseline-call-greet.mjs');

/**
 * The JS pipeline without the studio, each step a fresh process: `jco componentize --backend quickjs
 * --backend-qjs-disable-async` (the studio builds with componentize-qjs `sync: true` too: the async
 * output needs JSPI, which Node 20 lacks), `jco transpile`, then a Node process that imports the
 * transpiled module and calls greet. The project folder links node_modules, as a project with jco
 * installed has it, so the glue's preview2-shim imports resolve.
 */
export async function cliGreeter(projectDir: string, world: string, who: string, expect: string): Promise<{ ms: number; steps: Record<string, number> }> {
  // jco 1.35's quickjs backend resolves a relative source path against the source's own folder
  // (src/main.js -> src/src/main.js): an absolute path works.
  const make = await proc(jcoBin, ['componentize', join(projectDir, 'src', 'main.js'), '--wit', 'wit', '--world-name', world, '--backend', 'quickjs', '--backend-qjs-disable-async', '-o', 'greeter.wasm'], projectDir);
  const transpile = await proc(jcoBin, ['transpile', 'greeter.wasm', '-o', 'transpiled', '--quiet'], projectDir);
  // QuickJS's core module uses extended constant expressions: behind a flag in Node 20, as in the studio's runner.
  const flags = Number(process.versions.node.split('.')[0]) < 22 ? ['--experimental-wasm-extended-const'] : [];
  const call = await proc(process.execPath, [...flags, callScript, join(projectDir, 'transpiled', 'greeter.js'), who], projectDir);
  check(call.stdout.includes(expect), `the transpiled greeter printed ${JSON.stringify(call.stdout.slice(0, 200))}, expected ${JSON.stringify(expect)}`);
  return {
    ms: make.ms + transpile.ms + call.ms,
    steps: { 'jco componentize --backend quickjs': make.ms, 'jco transpile': transpile.ms, 'node: import + greet()': call.ms },
  };
}
