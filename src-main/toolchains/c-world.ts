import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { stagingFolder } from './staging';
import { dirname, join, relative } from 'node:path';
import type { Diagnostic } from '../../src-shared/protocol/types';
import { BindgenError, BINDINGS_DIR, generateCBindings, type CBindings, type WitSource } from '../../src-shared/wit/c-bindgen';
import { appRoot } from '../paths';
import { studioError } from './types';

/**
 * A C or C++ project that implements a WIT world (studio.json's `world` plus wit/): the studio
 * generates the world's bindings (bindings/<world>.h and its glue <world>.c), the sources and the
 * glue are compiled and linked as a reactor, then the world is embedded and the module adapted
 * with the preview1 reactor adapter. A world exporting wasi:cli/run is no exception: the module
 * exports `run` itself through the bindings (the command adapter would want a `_start` instead),
 * and the reactor's `_initialize` still runs the C constructors first.
 */
export type PreparedWorld =
  | { ok: false; diagnostics: Diagnostic[] }
  | {
      ok: true;
      /** The project's C/C++ sources (no WIT, no stale copy of the bindings). */
      sources: Record<string, string>;
      /** bindings/<world>.h and bindings/<world>.c: compiled from memory, and written to the project for the user to read. */
      generated: Record<string, string>;
      /** The glue's path among `generated`. */
      glue: string;
      compileFlags: string[];
      linkFlags: string[];
      componentize(core: Uint8Array): Promise<Uint8Array>;
      /** The linker's "undefined symbol: exports_…", located on the export's declaration in the header. */
      explain(diagnostics: Diagnostic[]): Diagnostic[];
    };

let vendored: WitSource[] | null = null;
let reactor: Uint8Array | null = null;

/** The studio's vendored WASI WIT, one source per file, marked as dependencies. */
function vendoredWit(): WitSource[] {
  if (vendored) return vendored;
  const root = join(appRoot, 'wit');
  vendored = existsSync(root)
    ? readdirSync(root, { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile() && e.name.endsWith('.wit'))
        .map((e) => {
          const full = join(e.parentPath, e.name);
          return { path: `vendored/${relative(root, full)}`, text: readFileSync(full, 'utf8'), dependency: true };
        })
    : [];
  return vendored;
}

const packageOf = (text: string) => /^\s*package\s+([\w-]+:[\w-]+)/m.exec(text.replace(/\/\/.*$/gm, ''))?.[1];

/**
 * The bindings of the world for the project's WIT (bindings/<world>.h and .c), or what stops
 * them: light enough for the studio to regenerate them whenever a WIT file is saved.
 */
export function worldBindings(sources: Record<string, string>, world: string): { ok: false; diagnostics: Diagnostic[] } | { ok: true; own: WitSource[]; deps: WitSource[]; bindings: CBindings } {
  const witPaths = Object.keys(sources).filter((f) => f.startsWith('wit/') && f.endsWith('.wit'));
  if (witPaths.length === 0) {
    return { ok: false, diagnostics: [studioError(`studio.json names the world "${world}": add its WIT to wit/ (e.g. wit/world.wit with \`package local:app; world ${world} { export add: func(a: s32, b: s32) -> s32; }\`)`, 'studio.json', 1, 1)] };
  }
  // wit/deps/ holds the packages the project's own WIT uses, as wit-parser reads a folder.
  const own: WitSource[] = witPaths.map((path) => ({ path, text: sources[path]!, dependency: path.startsWith('wit/deps/') }));
  // The vendored WASI packages the project does not bring itself (in wit/deps/).
  const provided = new Set(own.map((s) => packageOf(s.text)).filter(Boolean));
  const deps = vendoredWit().filter((s) => !provided.has(packageOf(s.text)));
  try {
    const bindings = generateCBindings([...own, ...deps], world.includes('/') ? world.slice(world.lastIndexOf('/') + 1).split('@')[0] : world);
    if (bindings.problems.length) {
      return { ok: false, diagnostics: bindings.problems.map((p) => ({ ...studioError(p.message, p.file, p.line, p.column), source: 'c-bindings' })) };
    }
    return { ok: true, own, deps, bindings };
  } catch (err) {
    if (!(err instanceof BindgenError)) throw err;
    const loc = /^(wit\/[^:]+):(\d+):(\d+): /.exec(err.message);
    return { ok: false, diagnostics: [loc ? studioError(`the WIT could not be read: ${err.message.slice(loc[0].length)}`, loc[1], Number(loc[2]), Number(loc[3])) : studioError(err.message, 'studio.json', 1, 1)] };
  }
}

/** The generated files of `bindings`, by project path. */
export function bindingFiles(bindings: CBindings): Record<string, string> {
  return { [`${BINDINGS_DIR}/${bindings.name}.h`]: bindings.header, [`${BINDINGS_DIR}/${bindings.name}.c`]: bindings.glue };
}

export async function prepareWorld(sources: Record<string, string>, world: string): Promise<PreparedWorld> {
  const found = worldBindings(sources, world);
  if (!found.ok) return found;
  const { own, deps, bindings } = found;
  const header = `${BINDINGS_DIR}/${bindings.name}.h`;
  const glue = `${BINDINGS_DIR}/${bindings.name}.c`;
  const code = Object.fromEntries(Object.entries(sources).filter(([f]) => !f.startsWith('wit/') && !f.startsWith(`${BINDINGS_DIR}/`)));
  return {
    ok: true,
    sources: code,
    generated: bindingFiles(bindings),
    glue,
    compileFlags: [`-I${BINDINGS_DIR}`],
    // A reactor: no main; the world's exports are the entry points.
    linkFlags: ['-mexec-model=reactor'],
    explain: (diagnostics) => diagnostics.map((d) => unimplemented(d, header, bindings.header) ?? d),
    componentize: async (core) => {
      const dir = await stagingFolder('w-');
      try {
        for (const s of own) put(join(dir, s.path), s.text);
        for (const s of deps) put(join(dir, 'wit', 'deps', s.path.replace(/^vendored\//, '').replace(/\//g, '-').replace(/-(?=[^-]*$)/, '/')), s.text);
        const { componentEmbed, componentNew, preview1AdapterReactorPath } = await import('@bytecodealliance/jco');
        const embedded = await componentEmbed({ binary: core, witPath: join(dir, 'wit'), world, stringEncoding: 'utf8' });
        reactor ??= readFileSync(preview1AdapterReactorPath());
        return await componentNew(embedded, [['wasi_snapshot_preview1', reactor]]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** An export the sources do not define: said where the header declares it, with the line to write. */
function unimplemented(d: Diagnostic, headerPath: string, header: string): Diagnostic | null {
  const symbol = /undefined symbol: (\w+)$/.exec(d.message)?.[1];
  if (!symbol) return null;
  const lines = header.split('\n');
  const line = lines.findIndex((l) => !l.startsWith('extern ') && l.includes(` ${symbol}(`) && l.endsWith(';'));
  if (line < 0) return null;
  return { ...d, file: headerPath, line: line + 1, column: 1, message: `the world exports this function, and no source defines it: implement \`${lines[line]!.slice(0, -1)}\`` };
}

function put(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

