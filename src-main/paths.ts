import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or app) root: the folder of our package.json, found from this file whether built or not. */
export const appRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'component-studio') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the component-studio package root');
    dir = up;
  }
})();

/** A bundled Node entry (runner, workers): always the built file, as child processes cannot run TypeScript. */
export const builtEntry = (name: string): string => join(appRoot, 'out', 'main', `${name}.js`);
export const rendererDir = (): string => join(appRoot, 'out', 'renderer');
export const samplesDir = (): string => join(appRoot, 'samples');
