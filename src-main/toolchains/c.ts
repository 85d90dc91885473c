import { stepLog, type StepReporter } from './steps';
import { Exit, runLLVM, type Tree } from '@yowasp/clang';
import { runClangPlanned } from './clang-plan';
import { componentNew, preview1AdapterCommandPath } from '@bytecodealliance/jco';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../../src-shared/protocol/types';
import { parseClangOutput } from './diagnostics';
import type { ProgressReporter, ToolchainOutput } from './types';

let adapter: Uint8Array | null = null;
/** The last world glue compiled in this worker, by the bindings it was compiled from. */
let glueObject: { key: string; bytes: Uint8Array } | null = null;
let loaded: Promise<unknown> | null = null;

/**
 * Loads LLVM's modules once per worker, reporting progress. Done apart from the first compile
 * because clang's own "-###" pre-pass does not forward fetchProgress and would print instead.
 */
function loadClang(progress: ProgressReporter): Promise<unknown> {
  loaded ??= Promise.resolve(
    runLLVM(null as unknown as string[], {}, {
      fetchProgress: ({ doneLength, totalLength }) =>
        progress(`Loading the C toolchain: ${Math.round(doneLength / 1e6)} of ${Math.round(totalLength / 1e6)} MB`, totalLength ? doneLength / totalLength : null),
    }),
  ).catch((err) => {
    loaded = null;
    throw err;
  });
  return loaded;
}

/** Flags only the linker wants, and flags only the compiler wants; every other flag goes to both. */
const LINK_ONLY = /^-(l|L|Wl,|z$|nostartfiles|nostdlib|mexec-model=|shared|static)/;
const COMPILE_ONLY = /^-(I|D|U|std=|include|isystem|W(?!l,)|f(?:no-)?diagnostics|x$|c$)/;

type Collect = { log: string };

type Clang = 'clang' | 'clang++';

/** Runs one clang invocation in its virtual filesystem; the returned tree holds every file after the run. */
async function run(tool: Clang, args: string[], tree: Tree, out: Collect): Promise<Tree | undefined> {
  const decoder = new TextDecoder();
  const collect = (bytes: Uint8Array | null) => {
    if (bytes) out.log += decoder.decode(bytes, { stream: true });
  };
  try {
    return await runClangPlanned([tool, ...args], tree, { stdout: collect, stderr: collect });
  } catch (err) {
    if (!(err instanceof Exit)) throw err;
    return undefined;
  }
}

/**
 * C and C++ through the clang that ships with the studio (LLVM compiled to Wasm), targeting
 * wasm32-wasip1: each source is compiled to an object file, the objects are linked (a one-file
 * command in one clang call), and the core module is adapted to a component with the preview1
 * command adapter (a world: embedded and adapted with the reactor adapter, c-world.ts).
 */
export async function buildC(
  sources: Record<string, string>,
  opts: { cpp: boolean; flags: string[]; output: string; world?: string },
  progress: ProgressReporter,
  onStep?: StepReporter,
): Promise<ToolchainOutput> {
  const { steps, done } = stepLog(onStep);
  const world = opts.world === undefined ? null : await (await import('./c-world')).prepareWorld(sources, opts.world);
  if (world && !world.ok) return { ok: false, steps, log: '', diagnostics: world.diagnostics };
  const all = world ? { ...world.sources, ...world.generated } : sources;
  const out: Collect = { log: '' };
  const tree: Record<string, string | Record<string, unknown>> = {};
  for (const [path, text] of Object.entries(all)) setPath(tree, path, text);
  const files = Object.keys(world ? world.sources : sources).filter((f) => (opts.cpp ? /\.(c|cc|cpp|cxx)$/ : /\.c$/).test(f));
  if (files.length === 0) {
    return { ok: false, steps, log: '', diagnostics: [noSources(opts.cpp)] };
  }
  await loadClang(progress);
  const tool: Clang = opts.cpp ? 'clang++' : 'clang';
  const base = ['--target=wasm32-wasip1', '-fno-color-diagnostics'];
  // Exceptions need the exception-handling proposal and a libc++abi built for it; off unless asked for.
  if (opts.cpp && !opts.flags.some((f) => /^-f(no-)?exceptions$/.test(f))) base.push('-fno-exceptions');
  const compileFlags = [...opts.flags.filter((f) => !LINK_ONLY.test(f)), ...(world?.compileFlags ?? [])];
  const linkFlags = [...opts.flags.filter((f) => !COMPILE_ONLY.test(f)), ...(world?.linkFlags ?? [])];

  let core: Tree[string] | undefined;
  if (!world && files.length === 1) {
    // One file: compile and link in one clang call. Each clang call is a driver pass plus one
    // LLVM instance per job; this saves a driver pass, an instance and the object's round trip.
    const t = performance.now();
    const linked = await run(tool, [...base, ...opts.flags.filter((f) => f !== '-c'), files[0]!, '-o', opts.output], tree as Tree, out);
    done(`compile+link ${files[0]}`, t);
    core = linked ? getPath(linked, opts.output) : undefined;
    if (!(core instanceof Uint8Array)) return finish(out, steps, 'clang produced no module');
  } else {
    const objects: Record<string, Uint8Array> = {};
    let failed = false;
    // The generated glue is C whatever the project's language (clang++ would read it as C++).
    const units = [...files.map((file) => ({ file, tool, flags: [...base, ...compileFlags] })), ...(world ? [{ file: world.glue, tool: 'clang' as Clang, flags: ['--target=wasm32-wasip1', '-fno-color-diagnostics', '-O2'] }] : [])];
    // The glue changes only with the WIT: an edit of the user's code reuses its object.
    const glueKey = world ? JSON.stringify(world.generated) : '';
    for (const { file, tool, flags } of units) {
      const obj = `.obj/${file}.o`;
      const t = performance.now();
      if (world && file === world.glue && glueObject?.key === glueKey) {
        objects[obj] = glueObject.bytes;
        done(`reuse ${file} (bindings unchanged)`, t);
        continue;
      }
      const after = await run(tool, [...flags, '-c', file, '-o', obj], tree as Tree, out);
      done(`compile ${file}`, t);
      const bytes = after ? getPath(after, obj) : undefined;
      if (bytes instanceof Uint8Array) objects[obj] = bytes;
      else failed = true;
      if (world && file === world.glue && bytes instanceof Uint8Array) glueObject = { key: glueKey, bytes };
    }
    if (failed) return { ...finish(out, steps, 'the compiler produced no object file'), generated: world?.generated };

    const linkTree: Record<string, unknown> = {};
    for (const [path, bytes] of Object.entries(objects)) setPath(linkTree, path, bytes);
    const t = performance.now();
    const linked = await run(tool, [...base, ...linkFlags, ...Object.keys(objects), '-o', opts.output], linkTree as Tree, out);
    done('link', t);
    core = linked ? getPath(linked, opts.output) : undefined;
    if (!(core instanceof Uint8Array)) {
      const failed = finish(out, steps, 'the linker produced no module');
      return world ? { ...failed, diagnostics: world.explain(failed.diagnostics), generated: world.generated } : failed;
    }
  }

  const diagnostics = parseClangOutput(stripRoot(out.log));
  const t2 = performance.now();
  if (world) {
    const component = await world.componentize(core);
    done('embed the world and adapt (reactor)', t2);
    return { ok: true, steps, log: out.log, diagnostics, component, coreSize: core.length, generated: world.generated };
  }
  adapter ??= readFileSync(preview1AdapterCommandPath());
  const component = await componentNew(core, [['wasi_snapshot_preview1', adapter]]);
  done('adapt (preview1 → component)', t2);
  return { ok: true, steps, log: out.log, diagnostics, component, coreSize: core.length };
}

function finish(out: Collect, steps: ToolchainOutput['steps'], what: string): ToolchainOutput {
  const diagnostics = parseClangOutput(stripRoot(out.log));
  for (const d of diagnostics) {
    if (/undefined symbol: main\b/.test(d.message)) d.message += ' (a command needs a `int main(void)` or `int main(int argc, char **argv)` function)';
  }
  if (!diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push({ file: '', line: 0, column: 0, severity: 'error', message: `${what}: ${out.log.trim() || 'no message'}`, source: 'clang' });
  }
  return { ok: false, steps, log: out.log, diagnostics };
}

function getPath(tree: Tree, path: string): Tree[string] | undefined {
  let node: Tree[string] | undefined = tree;
  for (const part of path.split('/')) {
    if (!node || typeof node === 'string' || node instanceof Uint8Array) return undefined;
    node = node[part];
  }
  return node;
}

function setPath(tree: Record<string, unknown>, path: string, text: string | Uint8Array) {
  const parts = path.split('/');
  let node = tree;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = text;
}

/** clang runs in a virtual filesystem rooted at "/": report project-relative paths. */
function stripRoot(log: string): string {
  return log.replace(/^\//gm, '');
}

function noSources(cpp: boolean): Diagnostic {
  const message = cpp
    ? 'no C++ source files found: add src/main.cpp (or list the files in "sources" in studio.json)'
    : 'no C source files found: add src/main.c (or list the files in "sources" in studio.json)';
  return { file: '', line: 0, column: 0, severity: 'error', message, source: 'studio' };
}
