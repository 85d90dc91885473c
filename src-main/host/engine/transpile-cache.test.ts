import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { componentWit, transpile } from '@bytecodealliance/jco';
import { afterAll, describe, expect, it } from 'vitest';
import { appRoot } from '../../paths';
import { buildC } from '../../toolchains/c';
import { TranspileCache } from './transpile-cache';
import { parseComponent } from './transpile-reuse';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'studio-transpile-cache-'));
  dirs.push(d);
  return d;
};

async function helloComponent(text: string): Promise<Uint8Array> {
  const out = await buildC({ 'src/main.c': `#include <stdio.h>\nint main(void) { puts("${text}"); return 0; }\n` }, { cpp: false, flags: ['-O2'], output: 'x.wasm' }, () => {});
  expect(out.ok).toBe(true);
  return out.component!;
}

async function jco(bytes: Uint8Array, name: string) {
  const out = await transpile(bytes, { name, instantiation: 'async', noTypescript: true, quiet: true });
  const modules = Object.fromEntries(Object.entries(out.files).filter(([f]) => f.endsWith('.wasm')));
  return { glue: new TextDecoder().decode(out.files[`${name}.js`]!), modules, wit: await componentWit(bytes) };
}

describe('the transpile cache across processes', () => {
  it('answers the same bytes under the same name with what jco made, and nothing else', async () => {
    const cache = new TranspileCache(temp());
    const bytes = await helloComponent('one');
    const { modules } = parseComponent(bytes)!;
    const made = await jco(bytes, 'hello');
    cache.put('hello', bytes, modules, made);

    const hit = cache.get('hello', bytes, modules)!;
    expect(hit.glue).toBe(made.glue);
    expect(hit.wit).toBe(made.wit);
    expect(Object.keys(hit.modules).sort()).toEqual(Object.keys(made.modules).sort());
    for (const [f, m] of Object.entries(made.modules)) expect(Buffer.from(hit.modules[f]!).equals(Buffer.from(m)), f).toBe(true);

    // Another name is other glue (the name is in its file names); other bytes are another component.
    expect(cache.get('other', bytes, modules)).toBeNull();
    const two = await helloComponent('two');
    expect(cache.get('hello', two, parseComponent(two)!.modules)).toBeNull();
  });

  it('a torn entry, or one naming a module the component does not have, is a miss', async () => {
    const dir = temp();
    const cache = new TranspileCache(dir);
    const bytes = await helloComponent('three');
    const { modules } = parseComponent(bytes)!;
    cache.put('hello', bytes, modules, await jco(bytes, 'hello'));
    const [entry] = readdirSync(dir);
    const path = join(dir, entry!);
    writeFileSync(path, '{"glue": "half');
    expect(cache.get('hello', bytes, modules)).toBeNull();
    writeFileSync(path, JSON.stringify({ glue: 'x', wit: 'y', files: { 'hello.core.wasm': 99 } }));
    expect(cache.get('hello', bytes, modules)).toBeNull();
  });

  it('is not written when a module file is not exactly one of the component\'s module sections', async () => {
    const dir = temp();
    const cache = new TranspileCache(dir);
    const bytes = await helloComponent('four');
    const { modules } = parseComponent(bytes)!;
    const made = await jco(bytes, 'hello');
    const [first] = Object.keys(made.modules);
    cache.put('hello', bytes, modules, { ...made, modules: { ...made.modules, [first!]: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]) } });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a second CLI process reads what the first transpiled, and runs the same', async () => {
    const cacheDir = temp();
    const wasm = join(cacheDir, 'hello.wasm');
    writeFileSync(wasm, await helloComponent('from the cache'));
    const run = () =>
      spawnSync(process.execPath, [join(appRoot, 'bin/component-studio.js'), 'run', wasm, '--engine', 'node'], { encoding: 'utf8', env: { ...process.env, COMPONENT_STUDIO_CACHE_DIR: cacheDir } });
    const first = run();
    expect(first.stdout).toBe('from the cache\n');
    const entries = readdirSync(join(cacheDir, 'transpiled'));
    expect(entries).toHaveLength(1);
    const entry = join(cacheDir, 'transpiled', entries[0]!);
    // Reading an entry marks it used: the second process read it.
    utimesSync(entry, new Date('2001-01-01'), new Date('2001-01-01'));
    const second = run();
    expect(second.stdout).toBe('from the cache\n');
    expect(statSync(entry).mtime.getFullYear()).toBeGreaterThan(2001);
  });
});
