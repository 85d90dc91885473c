/**
 * Which world a name means and which interfaces that world imports and exports, by qualified name
 * (`wasi:cli/run@0.2.12`), `include`s followed, through the one resolver: a build decides from
 * this whether a world is a command (it exports wasi:cli/run) and which versions to import.
 */

import { parsePath } from './parser';
import { isResolved, siteIn, WitResolver, type Resolved, type WitFile } from './resolver';
import { itemsOf } from './syntax';

export interface WorldInterfaces {
  /** Qualified names of the interfaces the world imports, e.g. `wasi:cli/stdout@0.2.12`. */
  imports: string[];
  exports: string[];
  /** Interface paths (and included worlds) that did not resolve, with why. */
  unresolved: string[];
}

/**
 * The world `name` names: a world of `roots` (the project's own files, by its short name), or a
 * qualified `ns:pkg/world[@version]` anywhere in the resolver's files (the vendored WASI WIT too).
 */
export function findWorld(resolver: WitResolver, roots: readonly WitFile[], name: string): Resolved | { reason: string } {
  const path = parsePath(name);
  if (!path) return { reason: `"${name}" is not a world name` };
  if (!path.package) {
    for (const file of roots) {
      const decl = file.doc.items.find((d) => d.kind === 'world' && !d.owner && d.name === path.name);
      if (decl) return { file, decl };
    }
    return { reason: `no world "${name}" in wit/` };
  }
  const any = roots[0] ?? resolver.files[0];
  if (!any) return { reason: `no WIT to look "${name}" up in` };
  const found = resolver.lookupPath(path, { file: any }, 'world');
  return isResolved(found) ? found : { reason: found.reason };
}

/**
 * `world` and every world it includes, transitively, each once: included worlds before the world
 * that includes them, in `include` order (the order their items appear in the world).
 */
export function includedWorlds(resolver: WitResolver, world: Resolved): { worlds: Resolved[]; unresolved: string[] } {
  const worlds: Resolved[] = [];
  const unresolved: string[] = [];
  const seen = new Set<Resolved['decl']>();
  const walk = (w: Resolved) => {
    if (seen.has(w.decl)) return;
    seen.add(w.decl);
    for (const inc of w.decl.includes ?? []) {
      const target = resolver.lookupPath(inc, siteIn(w), 'world');
      if (isResolved(target)) walk(target);
      else unresolved.push(`${inc.text}: ${target.reason}`);
    }
    worlds.push(w);
  };
  walk(world);
  return { worlds, unresolved };
}

/** The interfaces `world` imports and exports, following its `include`s (named items and inline interfaces are not listed). */
export function worldInterfaces(resolver: WitResolver, world: Resolved): WorldInterfaces {
  const { worlds, unresolved } = includedWorlds(resolver, world);
  const out: WorldInterfaces = { imports: [], exports: [], unresolved };
  for (const w of worlds) {
    const site = siteIn(w);
    for (const item of itemsOf(w.file.doc, w.decl)) {
      if ((item.kind !== 'import' && item.kind !== 'export') || item.extern !== 'path') continue;
      const path = (item.path ?? item.target)!;
      const target = resolver.lookupPath(path, site);
      if (!isResolved(target)) {
        out.unresolved.push(`${path.text}: ${target.reason}`);
        continue;
      }
      const list = item.kind === 'import' ? out.imports : out.exports;
      const name = WitResolver.qualifiedName(target.decl);
      if (!list.includes(name)) list.push(name);
    }
  }
  return out;
}

/** The qualified name in `names` of interface `ns:pkg/name` at whatever version, if any. */
export function interfaceIn(names: readonly string[], unversioned: string): string | undefined {
  return names.find((n) => n === unversioned || n.startsWith(`${unversioned}@`));
}
