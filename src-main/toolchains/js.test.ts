import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { transpile } from '@bytecodealliance/jco';
import { appRoot, samplesDir } from '../paths';
import { buildJs, componentizeDiagnostic, witDiagnostic } from './js';
import { worldsOf } from './js-world';
import type { ToolchainJob } from './types';

// componentize-qjs's non-async runtime links a core module whose globals use extended constant
// expressions: Node 20's V8 needs this flag (set before any Wasm is compiled in this process).
if (Number(process.versions.node.split('.')[0]) < 22) setFlagsFromString('--experimental-wasm-extended-const');

const noop = () => {};
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (!['build', 'types', '.studio'].includes(name)) walk(p);
      } else if (name !== 'studio.json' && name !== 'README.md') out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

function sampleJob(name: string, change: (s: Record<string, string>) => void = noop): ToolchainJob {
  const dir = join(samplesDir(), name);
  const config = JSON.parse(readFileSync(join(dir, 'studio.json'), 'utf8'));
  const sources = files(dir);
  change(sources);
  return { language: config.language, sources, flags: [], output: 'x.wasm', world: config.world, jsBackend: config.jsBackend };
}

/** Instantiates a component the way both engines do: jco transpile with async instantiation, then call greet. */
async function greetWith(component: Uint8Array, who: string): Promise<string> {
  const { files: out } = await transpile(component, { name: 'greeter', instantiation: 'async', noTypescript: true });
  const dir = mkdtempSync(join(tmpdir(), 'studio-greeter-'));
  dirs.push(dir);
  for (const [name, bytes] of Object.entries(out)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  const { WASIShim } = await import('@bytecodealliance/preview2-shim/instantiation');
  const imports = new WASIShim({ sandbox: { env: {}, args: [], preopens: {}, enableNetwork: false } } as never).getImportObject();
  const glue = await import(/* @vite-ignore */ join(dir, 'greeter.js'));
  const instance = await glue.instantiate((file: string) => WebAssembly.compile(readFileSync(join(dir, file))), imports);
  return instance.greet(who);
}

describe('worldsOf: the worlds of wit/, read with the studio WIT parser', () => {
  it('lists top-level and nested-package worlds, skips wit/deps, comments and strings that only look like worlds', () => {
    const sources = {
      'wit/world.wit': 'package a:b;\n// world commented {}\nworld %first {\n  export f: func();\n}\npackage c:d { world second {} }\n',
      'wit/more.wit': 'package a:b;\ninterface i { /* world nope { */ }\nworld third{}',
      'wit/deps/x/x.wit': 'package x:y;\nworld from-deps {}\n',
    };
    expect(worldsOf(sources, Object.keys(sources))).toEqual(['first', 'second', 'third']);
  });
});

describe('JavaScript and TypeScript toolchain (QuickJS)', () => {
  it('builds greeter-js into a component whose greet("world") works', async () => {
    const out = await buildJs(sampleJob('greeter-js'), noop);
    expect(out.diagnostics).toEqual([]);
    expect(out.ok).toBe(true);
    expect(out.steps.map((s) => s.name)).toEqual(['type-check', 'componentize (quickjs)']);
    expect(out.generated).toBeUndefined();
    expect(await greetWith(out.component!, 'world')).toBe('Hello, world! (from JavaScript)');
  });

  it('builds greeter-ts: type-check, strip types, componentize; writes the world declarations; greet works', async () => {
    const out = await buildJs(sampleJob('greeter-ts'), noop);
    expect(out.diagnostics).toEqual([]);
    expect(out.steps.map((s) => s.name)).toEqual(['type-check', 'strip types', 'componentize (quickjs)']);
    expect(out.generated!['types/greeter.d.ts']).toMatch(/declare module 'studio:greeter\/greeter'[\s\S]*export function greet\(name: string\): string;/);
    expect(await greetWith(out.component!, 'world')).toBe('Hello, world! (from TypeScript)');
  });

  it('builds greeter-js with StarlingMonkey (componentize-js, in a child process) when jsBackend says so', async () => {
    const out = await buildJs({ ...sampleJob('greeter-js'), jsBackend: 'starlingmonkey' }, noop);
    expect(out.diagnostics).toEqual([]);
    expect(out.steps.map((s) => s.name)).toEqual(['type-check', 'componentize (starlingmonkey)']);
    expect(await greetWith(out.component!, 'world')).toBe('Hello, world! (from JavaScript)');
  }, 180_000);

  it('reports a TypeScript type error at its place', async () => {
    const out = await buildJs(
      sampleJob('greeter-ts', (s) => (s['src/main.ts'] = s['src/main.ts']!.replace("const who: string = name.trim() || 'stranger';", 'const who: number = name;'))),
      noop,
    );
    expect(out.ok).toBe(false);
    const err = out.diagnostics.find((d) => d.severity === 'error')!;
    expect(err).toMatchObject({ file: 'src/main.ts', source: 'typescript' });
    expect(err.line).toBe(7);
    expect(err.message).toMatch(/Type 'string' is not assignable to type 'number'/);
  });

  it('reports an export the world asks for and the module lacks (JS and TS), before componentizing', async () => {
    for (const [name, file] of [['greeter-js', 'src/main.js'], ['greeter-ts', 'src/main.ts']] as const) {
      const out = await buildJs(sampleJob(name, (s) => (s[file] = s[file]!.replace('export function greet', 'export function greeet'))), noop);
      expect(out.ok).toBe(false);
      expect(out.steps.map((s) => s.name)).toEqual(['type-check']);
      expect(out.diagnostics[0]).toMatchObject({ file, line: 1, severity: 'error' });
      expect(out.diagnostics[0]!.message).toMatch(/does not match the world "greeter": it must export "greet"/);
    }
  });

  it('reports a wrong return type against the world', async () => {
    const out = await buildJs(sampleJob('greeter-ts', (s) => (s['src/main.ts'] = 'export function greet(name: string): number { return name.length; }\n')), noop);
    expect(out.ok).toBe(false);
    expect(out.diagnostics[0]!.message).toMatch(/does not match the world "greeter"/);
  });

  it('names the worlds there are when studio.json names another', async () => {
    const job = sampleJob('greeter-js');
    const out = await buildJs({ ...job, world: 'greeting' }, noop);
    expect(out.diagnostics[0]).toMatchObject({ file: 'studio.json', message: 'studio.json names the world "greeting", but wit/ defines "greeter"' });
  });

  it('reports a WIT syntax error in jco\'s words, at the place the studio\'s own WIT parser finds (jco gives no position)', async () => {
    const job = sampleJob('greeter-js', (s) => (s['wit/world.wit'] = s['wit/world.wit']!.replace('-> string;', '-> string')));
    const out = await buildJs(job, noop);
    expect(out.ok).toBe(false);
    const line = job.sources['wit/world.wit']!.split('\n').findIndex((l) => l.trim() === '}') + 1;
    expect(out.diagnostics[0]).toMatchObject({ file: 'wit/world.wit', line, source: 'wit', message: "the WIT in wit/ could not be read: expected ';', found '}'" });
  });

  it('maps componentize errors to diagnostics', () => {
    expect(componentizeDiagnostic(': Failed to evaluate user JavaScript module: Failed to declare JavaScript module: Error: unexpected token in expression: \';\'\n    at /src/main.js:1:57\n', 'src/main.js', false, 'greeter'))
      .toMatchObject({ file: 'src/main.js', line: 1, column: 57 });
    expect(componentizeDiagnostic('World `nope` not found in package `studio:greeter`', 'src/main.js', false, 'nope'))
      .toMatchObject({ file: 'studio.json', message: expect.stringMatching(/set "world" in studio.json/) });
  });
});

describe('witDiagnostic', () => {
  it('places an unknown type where the studio finds it, since jco reports no position', () => {
    const wit = { 'wit/world.wit': 'package studio:g;\n\nworld greeter {\n  export greet: func(names: list<strin>) -> string;\n}\n' };
    const d = witDiagnostic('reading WIT dir at [/tmp/x/wit]\n\nCaused by:\n    0: failed to resolve\n    1: type `strin` does not exist', wit);
    expect(d).toMatchObject({ file: 'wit/world.wit', line: 4, column: 34, severity: 'error', source: 'wit' });
    expect(d.message).toBe('the WIT in wit/ could not be read: type `strin` does not exist');
  });
});

interface Run {
  engine: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  error: string | null;
  trace: { interface: string; function: string; denied: boolean }[];
}

/** Runs component bytes through the built CLI in both engines (the studio's own Run), as the CLI tests do. */
function runBoth(component: Uint8Array, ...args: string[]): { code: number | null; runs: Run[]; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'studio-js-command-'));
  dirs.push(dir);
  const file = join(dir, 'cmd.wasm');
  writeFileSync(file, component);
  const r = spawnSync(process.execPath, [join(appRoot, 'bin/component-studio.js'), 'run', file, '--engine', 'both', '--json', '--trace', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, STUDIO_SECRET: 'host-only' },
  });
  return { code: r.status, runs: r.stdout ? (JSON.parse(r.stdout).runs as Run[]) : [], stderr: r.stderr };
}

/** Both engines printed, exited and traced alike; returns the node run. */
function agreed(r: ReturnType<typeof runBoth>): Run {
  expect(r.runs.map((x) => x.engine), r.stderr).toEqual(['node', 'browser']);
  const [node, browser] = r.runs as [Run, Run];
  expect(browser.stdout).toBe(node.stdout);
  expect(browser.stderr).toBe(node.stderr);
  expect(browser.exitCode).toBe(node.exitCode);
  expect(node.error).toBeNull();
  return node;
}

const commandJob = (sources: Record<string, string>, more: Partial<ToolchainJob> = {}): ToolchainJob => ({ language: 'js', sources, flags: [], output: 'cmd.wasm', ...more });

const COMMAND_JS = [
  "import { getArguments, getEnvironment } from 'wasi:cli/environment@0.2.12';",
  "import { exitWithCode } from 'wasi:cli/exit@0.2.12';",
  'export function run() {',
  '  const [, what = "ok"] = getArguments();',
  "  console.log('args', getArguments(), 'env', getEnvironment(), 'ünïcødé ✓', 42n, { nested: [1, null] });",
  "  console.error('to stderr');",
  "  if (what === 'fail') return 2;",
  "  if (what === 'throw') throw new TypeError('it broke');",
  "  if (what === 'long') {",
  "    console.log('x'.repeat(10000));",
  '    exitWithCode(3);',
  '  }',
  '}',
  '',
].join('\n');

describe('JavaScript and TypeScript commands (world wasi:cli/command)', () => {
  let built: Uint8Array;

  it('a JS project without wit/ or a world is a command: run() prints with console.log, reads args and env, identically in both engines', { timeout: 240_000 }, async () => {
    const out = await buildJs(commandJob({ 'src/main.js': COMMAND_JS }), noop);
    expect(out.diagnostics).toEqual([]);
    expect(out.ok).toBe(true);
    built = out.component!;
    const node = agreed(runBoth(built, '--env', 'GREETING=hi', '--', 'ok'));
    expect(node.exitCode).toBe(0);
    expect(node.stdout).toBe('args ["cmd","ok"] env [["GREETING","hi"]] ünïcødé ✓ 42n {"nested":[1,null]}\n');
    expect(node.stderr).toBe('to stderr\n');
    // Its WASI calls are traced like any command's: nothing of the host leaks in.
    expect(node.trace.map((t) => `${t.interface}.${t.function}`)).toEqual(expect.arrayContaining(['wasi:cli/environment.get-arguments', 'wasi:cli/environment.get-environment', 'wasi:cli/stdout.get-stdout']));
    expect(JSON.stringify(node)).not.toContain('host-only');
  });

  it('exit status: run() returning non-zero or throwing is exit 1 (the error on stderr); exit-with-code gives its code; long lines are written whole', () => {
    const fail = agreed(runBoth(built, '--', 'fail'));
    expect(fail.exitCode).toBe(1);
    expect(fail.trace.some((t) => t.interface === 'wasi:cli/exit' && t.function === 'exit')).toBe(true);
    const thrown = agreed(runBoth(built, '--', 'throw'));
    expect(thrown.exitCode).toBe(1);
    expect(thrown.stderr).toMatch(/^to stderr\nUncaught TypeError: it broke\n\s+at run \(\/src\/main\.js:8:/);
    const long = agreed(runBoth(built, '--', 'long'));
    expect(long.stdout.split('\n')[1]).toBe('x'.repeat(10000));
    expect(long.exitCode).toBe(3);
  }, 300_000);

  it('TypeScript: type-checked against run() and the WASI interfaces it imports, whose declarations land in types/', { timeout: 240_000 }, async () => {
    const source = "import { getArguments } from 'wasi:cli/environment@0.2.12';\nexport function run(): number {\n  const args: string[] = getArguments();\n  console.log(`hello ${args.length}`);\n  return 0;\n}\n";
    const out = await buildJs(commandJob({ 'src/main.ts': source }, { language: 'ts' }), noop);
    expect(out.diagnostics).toEqual([]);
    expect(Object.keys(out.generated!)).toEqual(expect.arrayContaining(['types/command.d.ts', 'types/interfaces/wasi-cli-environment.d.ts']));
    expect(agreed(runBoth(out.component!, '--', 'a', 'b')).stdout).toBe('hello 3\n');

    const wrong = await buildJs(commandJob({ 'src/main.ts': source.replace('const args: string[]', 'const args: number') }, { language: 'ts' }), noop);
    expect(wrong.diagnostics[0]).toMatchObject({ file: 'src/main.ts', line: 3, source: 'typescript' });
    const missing = await buildJs(commandJob({ 'src/main.ts': 'export function main() {}\n' }, { language: 'ts' }), noop);
    expect(missing.diagnostics[0]!.message).toMatch(/does not match the world "command": it must export "run"/);
    expect(missing.steps.map((s) => s.name)).toEqual(['type-check']);
  });

  it('a project world that includes wasi:cli/command is a command with its other exports; the WASI WIT comes from the vendored copy', async () => {
    const wit = 'package my:app;\n\nworld app {\n  include wasi:cli/command@0.2.12;\n  export version: func() -> string;\n}\n';
    const js = "export function run() { console.log('ran', version()); }\nexport function version() { return '1.0'; }\n";
    const out = await buildJs(commandJob({ 'wit/world.wit': wit, 'src/main.js': js }), noop);
    expect(out.diagnostics).toEqual([]);
    expect(agreed(runBoth(out.component!)).stdout).toBe('ran 1.0\n');
  }, 240_000);

  it('a world that exports wasi:cli/run without stdout, stderr and exit exports run as the module wrote it (no wrapper)', async () => {
    const wit = 'package my:app;\nworld app {\n  import wasi:cli/environment@0.2.12;\n  export wasi:cli/run@0.2.12;\n}\n';
    const js = "import { getArguments } from 'wasi:cli/environment@0.2.12';\nexport const run = { run() { if (getArguments().length > 99) throw new Error('no'); } };\n";
    const out = await buildJs(commandJob({ 'wit/world.wit': wit, 'src/main.js': js }), noop);
    expect(out.diagnostics).toEqual([]);
    expect(out.generated ?? {}).not.toHaveProperty('studio-command.js');
    expect(agreed(runBoth(out.component!))).toMatchObject({ stdout: '', exitCode: 0 });
  }, 240_000);

  it('a project module named like a generated one is refused, not replaced', async () => {
    const out = await buildJs(commandJob({ 'src/main.js': 'export function run() {}\n', 'studio-command.js': 'export {};\n' }), noop);
    expect(out.ok).toBe(false);
    expect(out.diagnostics[0]).toMatchObject({ file: 'studio-command.js', message: 'studio-command.js is the name of a module the studio generates for a command: rename that file' });
  });

  it('an empty entry says what a command needs', async () => {
    const out = await buildJs(commandJob({ 'src/main.js': '\n' }), noop);
    expect(out.diagnostics[0]!.message).toMatch(/src\/main\.js is empty: export the command's `run\(\)` function/);
  });

  it('StarlingMonkey builds the same command, with its own console (it reads a clock and random at start: granted here)', async () => {
    const out = await buildJs(commandJob({ 'src/main.js': COMMAND_JS }, { jsBackend: 'starlingmonkey' }), noop);
    expect(out.diagnostics).toEqual([]);
    const node = agreed(runBoth(out.component!, '--clocks', 'frozen=2030-01-01T00:00:00Z', '--random', 'seeded=1', '--', 'fail'));
    expect(node.exitCode).toBe(1);
    // StarlingMonkey formats values its own (Node-like) way.
    expect(node.stdout).toBe('args ["cmd", "fail"] env [] ünïcødé ✓ 42n { nested: [1, null] }\n');
  }, 300_000);
});
