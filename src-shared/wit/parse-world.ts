// Exported functions of a world, with every type resolved, from WIT text: the text jco's
// `componentWit(bytes)` prints for a component, or WIT sources. It reads the one syntax tree
// (parser.ts) and resolves names with the one resolver (resolver.ts), as the editor does.
//
// jco's `componentWit` prints only the component's root package: an exported interface of a
// named package (`export wasi:cli/run@0.2.3;`, `export my:pkg/api;`) appears by name only. Its
// functions resolve when that package's WIT is passed in `deps` (the project's wit/ folder, the
// vendored WASI WIT); otherwise the interface is reported with `unresolved` set.

import { isResolved, siteIn, siteOf, witFile, WitResolver, type Resolved, type Site, type WitFile } from './resolver';
import { itemsOf, type WitDecl } from './syntax';
import { typeModel } from './type-model';
import { includedWorlds } from './world-interfaces';
import { camelCase, type WitInterfaceExport, type WitWorldExports } from './types';

export interface ParseWorldOptions {
  /** Which world to read when the text has several (default: the only world of `text`). */
  world?: string;
  /** Further WIT texts (packages) in which `use`d and exported interfaces of other packages are looked up. */
  deps?: readonly string[];
}

export class WitSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
    /** 0 for `text`, 1.. for `deps[i - 1]`. */
    readonly source: number,
  ) {
    super(`${message} (line ${line}, column ${column}${source ? ` of dependency ${source}` : ''})`);
  }
}

/** Parses one text; a syntax error (not a warning) is thrown: a type model of broken WIT would mislead. */
function parsed(text: string, source: number): WitFile {
  const file = witFile(`wit-source:${source}`, text);
  const error = file.doc.errors.find((e) => e.severity === 'error');
  if (error) throw new WitSyntaxError(error.message, error.start, error.line, error.column, source);
  return file;
}

const worldsOf = (file: WitFile): WitDecl[] => file.doc.items.filter((d) => d.kind === 'world' && !d.owner);

/**
 * The exported functions of a world — top-level `export f: func(...)` and the functions of
 * exported interfaces — with all types resolved. Throws WitSyntaxError on malformed text.
 */
export function parseWorld(text: string, options: ParseWorldOptions = {}): WitWorldExports {
  const main = parsed(text, 0);
  const deps = (options.deps ?? []).map((d, i) => parsed(d, i + 1));
  const resolver = new WitResolver([main, ...deps]);
  const mainWorlds = worldsOf(main);
  let world: Resolved | undefined;
  if (options.world) {
    const decl = mainWorlds.find((w) => w.name === options.world);
    if (decl) world = { file: main, decl };
    else {
      for (const f of deps) {
        const d = worldsOf(f).find((w) => w.name === options.world);
        if (d) world = { file: f, decl: d };
        if (world) break;
      }
    }
    if (!world) throw new Error(`no world named \`${options.world}\` in the WIT text`);
  } else if (mainWorlds.length === 1) world = { file: main, decl: mainWorlds[0]! };
  else if (mainWorlds.length === 0) throw new Error('the WIT text defines no world');
  else throw new Error(`the WIT text defines several worlds (${mainWorlds.map((w) => w.name).join(', ')}): say which one`);

  const model = typeModel(resolver);
  const out: WitWorldExports = { world: world.decl.name, functions: [], interfaces: [] };
  for (const w of includedWorlds(resolver, world).worlds) {
    const site = siteIn(w);
    for (const e of itemsOf(w.file.doc, w.decl)) {
      if (e.kind !== 'export') continue;
      if (e.extern === 'func') out.functions.push(model.func(e, siteOf(w.file, e)));
      else if (e.extern === 'interface') out.interfaces.push(interfaceExport(e.name, camelCase(e.name), { file: w.file, decl: e }, model));
      else if (e.extern === 'path') out.interfaces.push(pathExport(e, site, resolver, model));
    }
  }
  return out;
}

function pathExport(e: WitDecl, site: Site, resolver: WitResolver, model: ReturnType<typeof typeModel>): WitInterfaceExport {
  const path = (e.path ?? e.target)!;
  const name = e.path ? path.text : e.name;
  const jsName = camelCase(e.path ? path.name : e.name);
  const target = resolver.lookupPath(path, site);
  if (isResolved(target)) return interfaceExport(name, jsName, target, model);
  return { name, jsName, functions: [], unresolved: `the WIT of \`${path.text}\` is not available: its functions cannot be listed` };
}

/** An interface's freestanding functions (resource methods have no call form). */
function interfaceExport(name: string, jsName: string, iface: Resolved, model: ReturnType<typeof typeModel>): WitInterfaceExport {
  const funcs = itemsOf(iface.file.doc, iface.decl).filter((d) => d.kind === 'func' && d.funcKind === 'freestanding');
  return { name, jsName, functions: funcs.map((f) => model.func(f, siteOf(iface.file, f))) };
}
