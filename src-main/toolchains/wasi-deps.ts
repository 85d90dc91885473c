import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '../paths';

/**
 * WIT packages of WASI that a project's world names but does not supply in wit/deps, staged for
 * the build. StarlingMonkey (componentize-js 0.22) implements WASI 0.2.10 and merges the project's
 * world into its own, so a world exporting wasi:http/incoming-handler@0.2.10 needs those packages
 * at exactly that version. jco ships 0.2.10's io, clocks and sockets; any other package comes from
 * the studio's vendored 0.2.12 (wit/wasi, the same declarations bar what later 0.2 releases added)
 * with its version written as asked. Worlds are left out: they include packages the build does
 * not need (cli, filesystem, sockets), whose newer declarations the engine's copies would not merge.
 */
const JCO_BUILTIN = join(appRoot, 'node_modules', '@bytecodealliance', 'jco', 'lib', 'wit', 'builtin');
const VENDORED = join(appRoot, 'wit', 'wasi');
const VENDORED_VERSION = '0.2.12';
const REFERENCE = /\bwasi:([a-z][a-z0-9-]*)\/[a-z][a-z0-9-]*@(\d+\.\d+\.\d+)/g;

export function wasiDeps(sources: Record<string, string>): Record<string, string> {
  const wit = Object.entries(sources).filter(([f]) => f.startsWith('wit/') && f.endsWith('.wit'));
  const provided = new Set(wit.flatMap(([, text]) => [...text.matchAll(/^\s*package\s+wasi:([a-z][a-z0-9-]*)@/gm)].map((m) => m[1]!)));
  const staged: Record<string, string> = {};
  const queue = wit.filter(([f]) => !f.startsWith('wit/deps/')).map(([, text]) => text);
  for (let text = queue.shift(); text !== undefined; text = queue.shift()) {
    for (const [, pkg, version] of text.matchAll(REFERENCE)) {
      const path = `wit/deps/wasi-${pkg}/package.wit`;
      if (provided.has(pkg!) || staged[path] !== undefined) continue;
      const found = packageText(pkg!, version!);
      if (found === null) continue; // the WIT reader names the missing package
      staged[path] = found;
      queue.push(found);
    }
  }
  return staged;
}

function packageText(pkg: string, version: string): string | null {
  const builtin = join(JCO_BUILTIN, version, `wasi-${pkg}`, 'package.wit');
  if (existsSync(builtin)) return withoutWorlds(readFileSync(builtin, 'utf8'));
  const vendored = join(VENDORED, pkg, 'package.wit');
  if (!existsSync(vendored) || !version.startsWith('0.2.')) return null;
  return withoutWorlds(readFileSync(vendored, 'utf8').replaceAll(`@${VENDORED_VERSION}`, `@${version}`));
}

/** The package's interfaces only: each top-level `world … { … }` block dropped, by brace depth. */
export function withoutWorlds(text: string): string {
  const out: string[] = [];
  let depth = 0;
  let inWorld = false;
  for (const line of text.split('\n')) {
    if (!inWorld && depth === 0 && /^\s*world\s/.test(line)) inWorld = true;
    const before = depth;
    depth += (line.match(/{/g) ?? []).length - (line.match(/}/g) ?? []).length;
    if (inWorld) {
      if (depth === 0 && before > 0) inWorld = false;
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}
