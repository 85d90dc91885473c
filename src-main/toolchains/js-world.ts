import type { Diagnostic } from '../../src-shared/protocol/types';
import { parsePath, parseWit } from '../../src-shared/wit/parser';
import { witFile, WitResolver } from '../../src-shared/wit/resolver';
import { findWorld, worldInterfaces } from '../../src-shared/wit/world-interfaces';
import { commandImports, isCommand } from './js-command';
import { studioError } from './types';
import { vendoredWasi } from './wasi-wit';

/**
 * Which world a JavaScript or TypeScript project builds, and the WIT folder its build reads.
 *
 * The rule: `world` in studio.json names it (a world of wit/ by its name, or any world by its
 * qualified name, e.g. `wasi:cli/command@0.2.12`); without one, the only world wit/ defines; when
 * wit/ defines none (or there is no wit/), `wasi:cli/command` — the project is a command. Several
 * worlds and no `world` is an error. A world that exports wasi:cli/run and imports stdout, stderr
 * and exit (wasi:cli/command, or a world that includes it) is built as a command (js-command.ts);
 * one without them exports wasi:cli/run as the module wrote it.
 *
 * The vendored WASI WIT (wit/wasi) is added as wit/deps for every package the project's own WIT
 * does not declare, so a project names `wasi:*` interfaces without copying their WIT.
 */
export type ChosenWorld =
  | { world: string; command: { stdout: string; stderr: string; exit: string } | null; wit: Record<string, string> }
  | { problem: Diagnostic };

/** The package of the generated root file of a project whose wit/ has none (wit-parser needs a root package). */
const EMPTY_ROOT = 'package studio:command;\n';

export function chooseWorld(sources: Record<string, string>, witFiles: string[], configured: string | undefined): ChosenWorld {
  const own = worldsOf(sources, witFiles);
  const commandWorld = defaultCommandWorld();
  const world = configured ?? (own.length === 1 ? own[0] : own.length === 0 ? commandWorld : undefined);
  if (!world) return { problem: studioError(`the wit/ folder defines several worlds (${own.join(', ')}): choose one with "world" in studio.json`) };

  const wit: Record<string, string> = Object.fromEntries(witFiles.map((f) => [f, sources[f]!]));
  if (!witFiles.some((f) => !f.startsWith('wit/deps/'))) wit['wit/studio-command.wit'] = EMPTY_ROOT;
  const declared = new Set(Object.values(wit).flatMap((text) => parseWit(text).packages.map((p) => p.name)));
  for (const p of vendoredWasi()) {
    const path = `wit/deps/studio-wasi-${p.folder}/package.wit`;
    if (!declared.has(p.name) && !(path in wit)) wit[path] = p.text;
  }

  const files = Object.entries(wit).map(([f, text]) => witFile(f, text));
  const roots = files.filter((f) => !f.uri.startsWith('wit/deps/'));
  const resolver = new WitResolver(files);
  const found = findWorld(resolver, roots, world);
  if ('reason' in found) {
    const defined = own.length ? own.map((w) => `"${w}"`).join(', ') : 'no world';
    const message = parsePath(world)?.package
      ? `studio.json names the world "${world}", which neither wit/ nor the vendored WASI WIT defines: ${found.reason}`
      : `studio.json names the world "${world}", but wit/ defines ${defined}`;
    return { problem: studioError(message, 'studio.json', 1, 1) };
  }
  const interfaces = worldInterfaces(resolver, found);
  if (!isCommand(interfaces)) return { world, command: null, wit };
  const imports = commandImports(interfaces);
  // Without them the studio's run() wrapper could not print an uncaught error or set the exit
  // status: the module implements wasi:cli/run itself, as any other export (`export const run = { run() {…} }`).
  if ('missing' in imports) return { world, command: null, wit };
  return { world, command: imports, wit };
}

/** `wasi:cli/command@<the vendored version>`. */
export function defaultCommandWorld(): string {
  const cli = vendoredWasi().find((p) => p.name === 'wasi:cli');
  return `wasi:cli/command${cli?.version ? `@${cli.version}` : ''}`;
}

/** World names declared in the project's WIT files (not its deps), read with the studio's WIT parser. */
export function worldsOf(sources: Record<string, string>, witFiles: string[]): string[] {
  const out: string[] = [];
  for (const f of witFiles) {
    if (f.startsWith('wit/deps/')) continue;
    for (const d of parseWit(sources[f]!).items) if (d.kind === 'world' && !d.owner) out.push(d.name);
  }
  return [...new Set(out)];
}
