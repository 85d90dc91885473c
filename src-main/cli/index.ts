import { UsageError } from './args';
import { buildCommand } from './build';
import { callCommand } from './call';
import { inspectCommand } from './inspect';
import { newCommand } from './new';
import { requestCommand } from './request';
import { runCommand } from './run';
import { serveCommand } from './serve';
import { startCommand } from './start';
import { templatesCommand } from './templates';
import { webCommand } from './web';

const HELP = `Usage: component-studio <command> [options]

Commands:
  build <project-dir> [--trust]       build the project's component
  run <file.wasm | project-dir>       run a command component, deny by default
  inspect <file.wasm> [--json]        world, imports, exports, capabilities, core modules
  call <project-dir> <export> [ARGS]  call an exported function (arguments and result as WAVE)
  new <dir> --template NAME           a new project from a template, in a new or empty folder
  templates                           the templates new starts from, one a line
  request <file.wasm | project-dir> [PATH]  one HTTP request to a wasi:http handler, in each engine
  serve <file.wasm | project-dir>     serve a wasi:http handler on 127.0.0.1 (Node engine)
  web [project-dir] [--port N]        start the studio in browser mode
  start [project-dir]                 start the desktop app (browser mode where Electron cannot run)

A project whose studio.json asks for more than its own folder (a mount outside it, a host
variable, the network, a native build) is refused with exit 2 and the list of what it asks for,
unless the folder was trusted in the studio or --trust is given (build, run, call).

--link FILE.wasm (run, call, inspect) links a library component to a .wasm at instantiation;
the grant flags grant the .wasm named first only, every linked file gets nothing.

Run "component-studio <command> --help" for a command's options.`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number | null>> = {
  build: buildCommand,
  run: runCommand,
  inspect: inspectCommand,
  call: callCommand,
  new: newCommand,
  templates: templatesCommand,
  request: requestCommand,
  serve: serveCommand,
  web: webCommand,
  start: startCommand,
};

/** Returns the exit code, or null for a command that keeps running (a server). */
export async function main(argv: string[]): Promise<number | null> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    console.error(`component-studio: unknown command "${command}" (try --help)`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`component-studio ${command}: ${err.message}`);
      return 2;
    }
    console.error(`component-studio ${command}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (code !== null) {
  process.exitCode = code;
  // Runner processes and workers are gone by now; exit does not wait on stray handles. It waits for
  // stdout and stderr to drain: a reader of a pipe that lags behind would get a large --json cut at 64 KiB.
  process.stdout.write('', () => process.stderr.write('', () => setImmediate(() => process.exit(code))));
}
