import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsBackend, Language } from '../../src-shared/protocol/types';
import { appRoot } from '../paths';
import { runCommand } from './rust';

const cache = new Map<string, string>();

/** The installed version of one of our npm dependencies (read from its package.json once). */
function pkg(name: string): string {
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

/**
 * Identifies the toolchain a build of this language uses, for the build cache key: a new clang,
 * componentizer or rustc must not be answered with a component the old one made.
 */
export async function toolchainVersion(language: Language, jsBackend: JsBackend = 'quickjs'): Promise<string> {
  switch (language) {
    case 'c':
    case 'cpp':
      return [pkg('@yowasp/clang'), pkg('@bytecodealliance/jco')].join(' ');
    case 'wat':
      return pkg('@bytecodealliance/jco');
    case 'js':
    case 'ts':
      return [
        jsBackend === 'quickjs' ? pkg('componentize-qjs') : pkg('@bytecodealliance/componentize-js'),
        pkg('@bytecodealliance/jco-transpile'),
        pkg('typescript'),
      ].join(' ');
    case 'rust': {
      const r = await runCommand('rustc', ['--version', '--verbose'], { timeoutMs: 15_000 });
      return r.code === 0 ? r.stdout.trim() : 'rustc unavailable';
    }
  }
}
