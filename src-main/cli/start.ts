import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { appRoot } from '../paths';
import { webCommand } from './web';

/**
 * `npm start`: the Electron app where Electron can run; browser mode, said in one sentence,
 * where it cannot (no binary could be downloaded, or no display to open a window on).
 */
export async function startCommand(argv: string[]): Promise<number | null> {
  const why = electronUnavailable();
  if (why) {
    console.log(`Electron cannot start here (${why}), so Component Studio starts in browser mode instead.`);
    return webCommand(argv);
  }
  const electron = electronPath()!;
  const child = spawn(electron, [join(appRoot, 'out/main/index.js'), ...argv], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

function electronUnavailable(): string | null {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display';
  return electronPath() ? null : 'its binary is not installed and could not be downloaded';
}

let cached: string | null | undefined;
/** Resolving the electron package fetches its binary on first use; done in a child so a failure stays quiet. */
export function electronPath(): string | null {
  if (cached !== undefined) return cached;
  const pkg = createRequire(join(appRoot, 'package.json')).resolve('electron');
  const r = spawnSync(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(pkg)}))`], {
    encoding: 'utf8',
    timeout: 300_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cached = r.status === 0 && r.stdout ? r.stdout : null;
  return cached;
}
