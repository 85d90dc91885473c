import { interfaceIn, type WorldInterfaces } from '../../src-shared/wit/world-interfaces';

/**
 * JavaScript and TypeScript commands: a world that exports wasi:cli/run (wasi:cli/command, the
 * default world of a JS or TS project whose wit/ defines none) is built from a module exporting a
 * plain `run()` function. The studio generates the module the componentizer sees: it exports
 * `run` as the wasi:cli/run interface, turns run's outcome into the exit status, and gives the
 * guest a `console` where the runtime has none (QuickJS has neither `console` nor `TextEncoder`;
 * StarlingMonkey has both and keeps its own).
 */

/**
 * The generated modules, at the root of the staging folder: StarlingMonkey reads modules only in
 * and below the entry's folder. Their names show in guest stack traces; a project file staged
 * under the same name is refused (see buildJs), never replaced.
 */
export const COMMAND_ENTRY = 'studio-command.js';
const CONSOLE_MODULE = 'studio-console.js';

/** The interfaces the generated modules import: a command's world must import them. */
const NEEDED = ['wasi:cli/stdout', 'wasi:cli/stderr', 'wasi:cli/exit'] as const;

/** What a command build needs of its world, or why the world cannot be built as a command. */
export function commandImports(world: WorldInterfaces): { stdout: string; stderr: string; exit: string } | { missing: string[] } {
  const [stdout, stderr, exit] = NEEDED.map((n) => interfaceIn(world.imports, n));
  if (stdout && stderr && exit) return { stdout, stderr, exit };
  return { missing: NEEDED.filter((n) => !interfaceIn(world.imports, n)) };
}

export const isCommand = (world: WorldInterfaces): boolean => interfaceIn(world.exports, 'wasi:cli/run') !== undefined;

/**
 * The generated modules, keyed by their staging path. `entry` is the user's entry module (its
 * staged .js path). Everything else the user module exports is exported too, for worlds that
 * export more than wasi:cli/run.
 *
 * Exit status: `run()` returning nothing or 0 is exit 0; any other value, or an exception (printed
 * to stderr as "Uncaught …"), is exit 1 through wasi:cli/exit's stable `exit(err)`. Other codes
 * need `exit-with-code`, unstable in WASI 0.2 (wasmtime needs `-S cli-exit-with-code`): a command
 * that wants them imports it itself, so a command that does not stays runnable everywhere.
 */
export function commandModules(entry: string, imports: { stdout: string; stderr: string; exit: string }): Record<string, string> {
  // Specifiers and messages as JSON string literals: a file name may hold any character.
  const user = JSON.stringify(`./${entry}`);
  const noRun = JSON.stringify(`${entry} does not export a run() function: the command has nothing to run`);
  return {
    [CONSOLE_MODULE]: consoleModule(imports.stdout, imports.stderr),
    [COMMAND_ENTRY]: [
      `import { beginRun } from './${CONSOLE_MODULE}';`,
      `import * as main from ${user};`,
      `import { exit } from ${JSON.stringify(imports.exit)};`,
      `export * from ${user};`,
      '',
      'export const run = {',
      '  run() {',
      '    beginRun();',
      "    if (typeof main.run !== 'function') {",
      `      console.error(${noRun});`,
      "      exit({ tag: 'err' });",
      '    }',
      '    let status;',
      '    try {',
      '      status = main.run();',
      '    } catch (error) {',
      "      console.error('Uncaught', error);",
      "      exit({ tag: 'err' });",
      '    }',
      "    if (status !== null && typeof status === 'object' && typeof status.then === 'function') {",
      "      console.error('run() returned a Promise: a command runs synchronously here, so run() must not be async');",
      "      exit({ tag: 'err' });",
      '    }',
      "    if (status !== undefined && status !== 0) exit({ tag: 'err' });",
      '  },',
      '};',
      '',
    ].join('\n'),
  };
}

/**
 * console.log/info/debug to stdout, warn/error to stderr, one line per call, written and flushed
 * before the call returns (nothing is lost when the command exits). Streams are fetched on first
 * use in each run, never at module top level: top-level code runs once at build time, inside the
 * componentizer's snapshot, and a stream fetched there would be a dead handle at run time.
 */
function consoleModule(stdout: string, stderr: string): string {
  return `import { getStdout } from ${JSON.stringify(stdout)};
import { getStderr } from ${JSON.stringify(stderr)};

let streams = {};
export function beginRun() {
  streams = {};
}

function utf8(text) {
  if (typeof TextEncoder === 'function') return new TextEncoder().encode(text);
  const bytes = [];
  for (const ch of text) {
    let c = ch.codePointAt(0);
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(bytes);
}

function show(value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value + 'n';
  if (value instanceof Error) return value.stack ? String(value) + '\\n' + String(value.stack).trimEnd() : String(value);
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v + 'n' : v));
    } catch {
      return String(value);
    }
  }
  return String(value);
}

function writer(name, open) {
  return (...args) => {
    const bytes = utf8(args.map(show).join(' ') + '\\n');
    const stream = (streams[name] ??= open());
    // blocking-write-and-flush takes at most 4096 bytes a call.
    for (let i = 0; i < bytes.length; i += 4096) stream.blockingWriteAndFlush(bytes.subarray(i, i + 4096));
  };
}

if (typeof globalThis.console === 'undefined') {
  const out = writer('stdout', getStdout);
  const err = writer('stderr', getStderr);
  globalThis.console = { log: out, info: out, debug: out, warn: err, error: err };
}
`;
}

/** The TypeScript shape a command's entry module must have (checked instead of the world's `run` interface). */
export const COMMAND_RUN_TYPE = '{ run(): void | number }';
