import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '../paths';
import { parseWit } from '../../src-shared/wit/parser';

/** One package of the vendored WASI WIT (wit/wasi/<folder>/package.wit). */
export interface WasiPackage {
  /** `wasi:cli` */
  name: string;
  version?: string;
  /** The folder under wit/wasi, e.g. `cli`. */
  folder: string;
  text: string;
}

let vendored: WasiPackage[] | null = null;

/** The vendored WASI 0.2 WIT that ships with the studio (see wit/README.md), read once. */
export function vendoredWasi(): WasiPackage[] {
  if (vendored) return vendored;
  const root = join(appRoot, 'wit', 'wasi');
  const out: WasiPackage[] = [];
  for (const folder of existsSync(root) ? readdirSync(root).sort() : []) {
    const file = join(root, folder, 'package.wit');
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const pkg = parseWit(text).package;
    if (pkg) out.push({ name: pkg.name, version: pkg.version, folder, text });
  }
  vendored = out;
  return out;
}
