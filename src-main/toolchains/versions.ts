import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '../paths';

const cache = new Map<string, string>();

/** The installed version of one of our npm dependencies (read from its package.json once). */
export function pkg(name: string): string {
  let v = cache.get(name);
  if (v === undefined) {
    try {
      v = `${name}@${JSON.parse(readFileSync(join(appRoot, 'node_modules', name, 'package.json'), 'utf8')).version}`;
    } catch {
      v = `${name}@unknown`;
    }
    cache.set(name, v);
  }
  return v;
}
