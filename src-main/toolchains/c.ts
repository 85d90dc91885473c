import { commands, Exit, runLLVM, type Tree } from '@yowasp/clang';
import { componentNew, preview1AdapterCommandPath } from '@bytecodealliance/jco';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../../src-shared/protocol/types';
import { parseClangOutput } from './diagnostics';
import type { ProgressReporter, ToolchainOutput } from './types';

let adapter: Uint8Array | null = null;
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

/**
 * C and C++ through the clang that ships with the studio (LLVM compiled to Wasm), targeting
 * wasm32-wasip1, then adapted to a component with the preview1 command adapter.
 */
export async function buildC(
  sources: Record<string, string>,
  opts: { cpp: boolean; flags: string[]; output: string },
  progress: ProgressReporter,
): Promise<ToolchainOutput> {
  const steps: ToolchainOutput['steps'] = [];
  let log = '';
  const collect = (bytes: Uint8Array | null) => {
    if (bytes) log += new TextDecoder().decode(bytes);
  };
  const tree: Record<string, string | Record<string, unknown>> = {};
  for (const [path, text] of Object.entries(sources)) setPath(tree, path, text);
  const files = Object.keys(sources).filter((f) => /\.(c|cc|cpp|cxx)$/.test(f));
  if (files.length === 0) {
    return { ok: false, steps, log, diagnostics: [noSources()] };
  }
  await loadClang(progress);
  const tool = opts.cpp ? commands['clang++'] : commands.clang;
  const args = ['--target=wasm32-wasip1', '-fno-color-diagnostics', ...opts.flags, ...files, '-o', opts.output];
  const t = performance.now();
  let outTree: Record<string, unknown> | undefined;
  try {
    outTree = (await tool(args, tree as Tree, {
      stdout: collect,
      stderr: collect,
    })) as Record<string, unknown> | undefined;
  } catch (err) {
    if (!(err instanceof Exit)) throw err;
  }
  steps.push({ name: 'compile & link', ms: performance.now() - t });
  const diagnostics = parseClangOutput(stripRoot(log));
  const core = outTree?.[opts.output];
  if (!(core instanceof Uint8Array)) {
    if (!diagnostics.some((d) => d.severity === 'error')) {
      diagnostics.push({ file: '', line: 0, column: 0, severity: 'error', message: `clang produced no output: ${log.trim() || 'no message'}`, source: 'clang' });
    }
    return { ok: false, steps, log, diagnostics };
  }
  const t2 = performance.now();
  adapter ??= readFileSync(preview1AdapterCommandPath());
  const component = await componentNew(core, [['wasi_snapshot_preview1', adapter]]);
  steps.push({ name: 'adapt (preview1 → component)', ms: performance.now() - t2 });
  return { ok: true, steps, log, diagnostics, component, coreSize: core.length };
}

function setPath(tree: Record<string, unknown>, path: string, text: string) {
  const parts = path.split('/');
  let node = tree;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = text;
}

/** clang runs in a virtual filesystem rooted at "/": report project-relative paths. */
function stripRoot(log: string): string {
  return log.replace(/^\//gm, '');
}

function noSources(): Diagnostic {
  return { file: '', line: 0, column: 0, severity: 'error', message: 'no C or C++ source files found (expected src/*.c)', source: 'studio' };
}
