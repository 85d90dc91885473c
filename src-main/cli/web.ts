import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSession } from '../services/session';
import { rendererDir } from '../paths';
import { startWebServer, type WebServer } from '../web/server';
import { intFlag, parse } from './args';

export const webHelp = `Usage: component-studio web [PROJECT-DIR] [--port N]

Starts the studio in browser mode on 127.0.0.1 and prints its URL with the access token.
Without PROJECT-DIR (or when it cannot be opened) the studio shows its welcome screen:
recent projects, the samples gallery, Open folder and New project. --port 0 (the default)
picks any free port.

Environment: COMPONENT_STUDIO_CONFIG_DIR (default $XDG_CONFIG_HOME/component-studio or
~/.config/component-studio) holds recent.json; COMPONENT_STUDIO_PROJECTS_DIR (default
~/ComponentStudio) is where copies of samples go; COMPONENT_STUDIO_CACHE_DIR (default
$XDG_CACHE_HOME/component-studio or ~/.cache/component-studio) holds the build cache every
project shares.`;

/** Starts browser mode and keeps it running until the process is interrupted. */
export async function webCommand(argv: string[]): Promise<number | null> {
  const { values, positionals } = parse(argv, { port: { type: 'string' } });
  if (values.help) {
    console.log(webHelp);
    return 0;
  }
  const port = intFlag('port', values.port as string | undefined, 0, 65535) ?? 0;
  const server = await serveProject(positionals[0] ?? null, port);
  console.log(`Component Studio (browser mode) is running at ${server.url}`);
  return null;
}

export async function serveProject(dir: string | null, port: number): Promise<WebServer> {
  const uiDir = rendererDir();
  if (!existsSync(join(uiDir, 'index.html'))) {
    throw new Error(`the studio UI is not built (${uiDir}): run "npm run build" first`);
  }
  let server: WebServer | null = null;
  const session = openSession(dir, (event, payload) => server?.broadcast(event, payload));
  if (dir && session.error) console.error(`Could not open the project: ${session.error}`);
  server = await startWebServer({ handlers: session.handlers, uiDir, port });
  session.warm();
  const shutdown = () => {
    session.dispose();
    void server!.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return server;
}
