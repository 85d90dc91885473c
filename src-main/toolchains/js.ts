import { stepLog, type StepReporter } from './steps';
import { stagingFolder } from './staging';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../../src-shared/protocol/types';
import { appRoot } from '../paths';
import { runCommand } from './rust';
import { wasiDeps } from './wasi-deps';
import { checkTypes, stripTypes } from './typescript';
import { COMMAND_ENTRY, commandModules } from './js-command';
import { chooseWorld } from './js-world';
import { parsePath } from '../../src-shared/wit/parser';
import { WitResolver, pathProblems, witFile } from '../../src-shared/wit/resolver';
import { studioError, type ProgressReporter, type ToolchainJob, type ToolchainOutput } from './types';

/**
 * JavaScript and TypeScript against a WIT world (which one: js-world.ts; a command when it exports
 * wasi:cli/run: js-command.ts): type-check (TS: the whole program; JS: that the module exports
 * what the world asks for), strip types, then componentize with QuickJS (componentize-qjs,
 * default) or StarlingMonkey (componentize-js). Sources are staged in a temporary folder with the
 * vendored WASI WIT as deps, never written into the project.
 */


const ENTRY = /^src\/(main|index)\.(js|mjs|ts|mts)$/;

export async function buildJs(job: ToolchainJob, progress: ProgressReporter, onStep?: StepReporter): Promise<ToolchainOutput> {
  const { steps, done } = stepLog(onStep);
  const ts = job.language === 'ts';
  const code = Object.keys(job.sources).filter((f) => (ts ? /\.(m?ts)$/.test(f) && !f.endsWith('.d.ts') : /\.(m?js)$/.test(f)));
  const witFiles = Object.keys(job.sources).filter((f) => f.startsWith('wit/') && f.endsWith('.wit'));
  const kind = ts ? 'TypeScript' : 'JavaScript';
  const entry = code.length === 1 ? code[0] : code.find((f) => ENTRY.test(f));
  if (!entry) {
    const message = code.length === 0 ? `no ${kind} sources found: add src/main.${ts ? 'ts' : 'js'}` : `several ${kind} files and none is src/main.${ts ? 'ts' : 'js'}: name the entry module main.${ts ? 'ts' : 'js'}`;
    return { ok: false, steps, log: '', diagnostics: [studioError(message)] };
  }
  const chosen = chooseWorld(job.sources, witFiles, job.world);
  if ('problem' in chosen) return { ok: false, steps, log: '', diagnostics: [chosen.problem] };
  const { world, command } = chosen;
  if (!job.sources[entry]!.trim()) {
    const wanted = command ? 'export the command\'s `run()` function, e.g. `export function run() { console.log("hello"); }`' : `export the functions of the world "${world}", e.g. \`export function greet(name) { … }\``;
    return { ok: false, steps, log: '', diagnostics: [studioError(`${entry} is empty: ${wanted}`, entry, 1, 1)] };
  }
  const shortWorld = parsePath(world)?.name ?? world;

  const dir = await stagingFolder('b-');
  try {
    // A command's world comes whole from the vendored WASI WIT (worlds included: it includes
    // wasi:cli/command); any other world gets the WASI packages it names, at the versions it names
    // (wasi-deps.ts: StarlingMonkey's wasi:http needs its own 0.2.10).
    const wit = command ? chosen.wit : { ...Object.fromEntries(witFiles.map((f) => [f, job.sources[f]!])), ...wasiDeps(job.sources) };
    for (const [f, text] of Object.entries(wit)) put(dir, f, text);

    // Declarations of the world, for the type-check and for the editor (written to types/ by the studio).
    let t = performance.now();
    progress(`Reading the WIT world ${world}`, null);
    let declarations: Record<string, string>;
    try {
      declarations = await worldDeclarations(join(dir, 'wit'), world, shortWorld);
    } catch (err) {
      done('read WIT', t);
      const log = errorText(err);
      return { ok: false, steps, log, diagnostics: [witDiagnostic(log, Object.fromEntries(witFiles.map((f) => [f, job.sources[f]!])))] };
    }

    progress(ts ? 'Type-checking' : 'Checking the exports against the world', null);
    // StarlingMonkey serves a world exporting wasi:http/incoming-handler with the module's fetch event
    // listener when the module does not export incomingHandler itself.
    const fetchEvent = (job.jsBackend ?? 'quickjs') === 'starlingmonkey' && Object.values(declarations).some((d) => /\bincomingHandler\b/.test(d));
    const check = checkTypes({ sources: job.sources, code, entry, declarations, world: shortWorld, js: !ts, command: Boolean(command), optional: fetchEvent ? ['incomingHandler'] : [] });
    done('type-check', t);
    const diagnostics: Diagnostic[] = [...check.diagnostics];
    const generated = ts ? Object.fromEntries(Object.entries(declarations).map(([p, text]) => [`types/${p}`, text])) : undefined;
    if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, steps, log: '', diagnostics, generated };

    t = performance.now();
    const modules = ts ? stripTypes(job.sources, code) : Object.fromEntries(code.map((f) => [f, job.sources[f]!]));
    if (ts) done('strip types', t);
    const userEntry = ts ? entry.replace(/\.(m?)ts$/, '.$1js') : entry;
    // A command's componentizer entry is the generated module that runs the user's run().
    if (command) {
      const wrapper = commandModules(userEntry, command);
      const taken = Object.keys(wrapper).find((f) => f in modules);
      if (taken) return { ok: false, steps, log: '', diagnostics: [studioError(`${taken} is the name of a module the studio generates for a command: rename that file`, taken, 1, 1)], generated };
      Object.assign(modules, wrapper);
    }
    const entryJs = command ? COMMAND_ENTRY : userEntry;
    for (const [f, text] of Object.entries(modules)) put(dir, f, text);

    t = performance.now();
    const backend = job.jsBackend ?? 'quickjs';
    progress(`Componentizing with ${backend === 'quickjs' ? 'QuickJS' : 'StarlingMonkey (takes 5–15 s)'}`, null);
    let component: Uint8Array;
    try {
      component =
        backend === 'quickjs'
          ? await componentizeQuickJs(dir, entryJs, modules[entryJs]!, world)
          : await componentizeStarlingMonkey(dir, entryJs, world);
    } catch (err) {
      done('componentize', t);
      const log = errorText(err);
      return { ok: false, steps, log, diagnostics: [...diagnostics, componentizeDiagnostic(log, entry, ts, world)], generated };
    }
    done(`componentize (${backend})`, t);
    return { ok: true, steps, log: '', diagnostics, component, generated };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * QuickJS through componentize-qjs, with its non-async runtime (`sync: true`): the default output
 * uses the component-model async ABI, which jco transpiles to JSPI (`WebAssembly.Suspending`),
 * absent from Node 20. The sync output runs in Node 20 (with --experimental-wasm-extended-const,
 * as its dynamically linked core module uses extended constant expressions) and in Chromium.
 */
async function componentizeQuickJs(dir: string, entry: string, source: string, world: string): Promise<Uint8Array> {
  const { componentize } = await import('componentize-qjs');
  const { component } = await componentize({
    witPath: join(dir, 'wit'),
    jsSource: source,
    jsPath: join(dir, entry),
    moduleRoot: dir,
    world,
    sync: true,
  });
  return new Uint8Array(component.buffer, component.byteOffset, component.byteLength);
}

/**
 * StarlingMonkey through componentize-js, in a child Node process: it runs wizer with
 * `spawnSync(…, {stdio: [null, process.stdout, …]})`, which a worker thread's stdout cannot be
 * handed to. The child preopens the staging folder for componentize-js's WIT reader (a component
 * on preview2-shim's process-wide filesystem, which has no preopens of its own). 5–15 s, ~12 MB.
 */
async function componentizeStarlingMonkey(dir: string, entry: string, world: string): Promise<Uint8Array> {
  const out = join(dir, 'component.wasm');
  const script = [
    "import { _addPreopen } from '@bytecodealliance/preview2-shim/filesystem';",
    "import { componentize } from '@bytecodealliance/componentize-js';",
    "import { writeFileSync } from 'node:fs';",
    'const o = JSON.parse(process.argv[1]);',
    '_addPreopen(o.dir, o.dir);',
    'const { component } = await componentize({ sourcePath: o.sourcePath, witPath: o.witPath, worldName: o.world });',
    'writeFileSync(o.out, component);',
  ].join('\n');
  const args = JSON.stringify({ dir, sourcePath: join(dir, entry), witPath: join(dir, 'wit'), world, out });
  // Bare specifiers of an --eval module resolve from the working directory: the app's root.
  const ran = await runCommand(process.execPath, ['--input-type=module', '--eval', script, args], {
    cwd: appRoot,
    timeoutMs: 120_000,
    env: { ELECTRON_RUN_AS_NODE: '1' },
  });
  if (ran.timedOut) throw new Error('componentize-js did not finish within 120 s');
  if (ran.code !== 0 || !existsSync(out)) {
    const text = ran.stderr.replace(/^.*\[eval\d*\].*$/gm, '').trim();
    throw new Error(text || ran.error || `componentize-js exited with code ${ran.code}`);
  }
  return new Uint8Array(readFileSync(out));
}

/** The world's guest declarations from jco's type generator, keyed by path (`<world>.d.ts`, `interfaces/…`). */
async function worldDeclarations(witDir: string, world: string, name: string): Promise<Record<string, string>> {
  const { $init, generateTypes } = await import('@bytecodealliance/jco-transpile/component');
  await $init;
  const files = generateTypes(name, { wit: { tag: 'path', val: witDir }, world, guest: true, features: { tag: 'list', val: [] } });
  const decoder = new TextDecoder();
  return Object.fromEntries(files.map(([path, bytes]) => [path, decoder.decode(bytes)]));
}

function put(root: string, rel: string, text: string): void {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * A WIT error. jco's WIT reader reports a cause chain without positions
 * (`reading WIT dir at [/tmp/…/wit]\n\nCaused by:\n    0: failed to parse package: …\n    1: expected ';', found '}'`):
 * the last cause is what the user must fix; a `--> file:line:col`, where present, places it, and
 * otherwise the first error the studio's WIT parser and resolver (the editor's too) find in the files.
 */
export function witDiagnostic(log: string, wit: Record<string, string>): Diagnostic {
  const witFiles = Object.keys(wit);
  const causes = [...log.matchAll(/^\s*\d+: (.*)$/gm)].map((m) => m[1]!.trim());
  const reason = (causes.at(-1) ?? log.split('\n')[0]!).replace(/\/\S*?\/b-[^/\s]+\//g, '');
  const message = `the WIT in wit/ could not be read: ${reason}`;
  const loc = /-->\s*(?:\S*\/)?(wit\/[^\s:]+|[^\s:/]+\.wit):(\d+):(\d+)/.exec(log);
  if (loc) {
    const name = loc[1]!.startsWith('wit/') ? loc[1]! : (witFiles.find((f) => f.endsWith(`/${loc[1]}`)) ?? loc[1]!);
    return { file: name, line: Number(loc[2]), column: Number(loc[3]), severity: 'error', message, source: 'wit' };
  }
  // jco's reader drops the position of a syntax error or an unknown name: the studio's own WIT
  // parser and resolver (the editor's too) find it again.
  const files = witFiles.map((f) => witFile(f, wit[f]!));
  const resolver = new WitResolver(files);
  for (const file of files) {
    const error = [...file.doc.errors, ...pathProblems(resolver, file)].find((e) => e.severity === 'error');
    if (error) return { file: file.uri, line: error.line, column: error.column, severity: 'error', message, source: 'wit' };
  }
  return { file: witFiles.length === 1 ? witFiles[0]! : '', line: witFiles.length === 1 ? 1 : 0, column: witFiles.length === 1 ? 1 : 0, severity: 'error', message, source: 'wit' };
}

/** componentize errors in words a user can act on, located where the text says. */
export function componentizeDiagnostic(log: string, entry: string, ts: boolean, world: string): Diagnostic {
  const text = log.replace(/^\s*:\s*/, '').trim();
  const at = /at \/?([^\s:]+\.m?js):(\d+):(\d+)/.exec(text);
  const first = text.split('\n')[0]!.trim();
  if (/World `[^`]+` not found/.test(text) || /no world named/i.test(text)) {
    return { file: 'studio.json', line: 1, column: 1, severity: 'error', message: `${first}: set "world" in studio.json to a world of wit/`, source: 'componentize' };
  }
  if (at) {
    const file = ts ? at[1]!.replace(/\.(m?)js$/, '.$1ts') : at[1]!;
    // Line numbers refer to the stripped JavaScript; TS type stripping keeps lines in place only roughly.
    return { file, line: Number(at[2]), column: ts ? 1 : Number(at[3]), severity: 'error', message: first.replace(/^Failed to evaluate user JavaScript module: /, ''), source: 'componentize' };
  }
  const missing = /(?:export|function)\s+[`'"]?([\w:/.-]+)[`'"]?.*(?:not (?:found|exported)|missing)/i.exec(text);
  const message = missing
    ? `${entry} does not match the world "${world}": ${first}`
    : `componentize failed: ${first}`;
  return { file: entry, line: 1, column: 1, severity: 'error', message, source: 'componentize' };
}
