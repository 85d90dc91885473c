import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { samplesDir } from '../../paths';
import { buildC } from '../../toolchains/c';
import { transpileComponent } from './transpile';
import { parseComponent, reuseTranspile } from './transpile-reuse';

const noop = () => {};
const hello = (text: string) => `#include <stdio.h>\nint main(void) { puts("${text}"); return 0; }\n`;
/** Reads the environment: the core module imports more of WASI, so the component's shape differs. */
const withEnv = `#include <stdio.h>\n#include <stdlib.h>\nint main(void) { const char *h = getenv("HOME"); puts(h ? h : "none"); return 0; }\n`;

async function component(source: string): Promise<Uint8Array> {
  const out = await buildC({ 'src/main.c': source }, { cpp: false, flags: ['-O2'], output: 'x.wasm' }, noop);
  expect(out.ok).toBe(true);
  return out.component!;
}

/** A transpile nothing was reused for: a name no earlier transpile used. */
let fresh = 0;
const full = (bytes: Uint8Array, name: string) => transpileComponent(bytes, name, 64).then(({ transpileMs: _, ...r }) => r);
const rename = (r: Awaited<ReturnType<typeof full>>, from: string, to: string) => ({
  wit: r.wit,
  glue: r.glue.replaceAll(from, to),
  modules: Object.fromEntries(Object.entries(r.modules).map(([f, m]) => [f.replace(from, to), m])),
});

/** Transpiles a in full, then b by reuse, and checks b's reuse against b's own full transpile. */
async function reusedAfter(a: Uint8Array, b: Uint8Array, as: string) {
  await full(a, as);
  const reused = reuseTranspile(as, parseComponent(b));
  expect(reused).not.toBeNull();
  const name = `other${++fresh}`;
  const reference = rename(await full(b, name), name, as);
  expect(reused!.glue).toBe(reference.glue);
  expect(reused!.wit).toBe(reference.wit);
  expect(Object.keys(reused!.modules).sort()).toEqual(Object.keys(reference.modules).sort());
  for (const [f, m] of Object.entries(reference.modules)) expect(Buffer.from(reused!.modules[f]!).equals(Buffer.from(m)), f).toBe(true);
  return reused!;
}

describe('reusing the last transpile after an edit', () => {
  it('an edit of the code alone gives exactly what a full transpile gives, without one', async () => {
    const [a, b] = [await component(hello('first')), await component(hello('second'))];
    const reused = await reusedAfter(a, b, 'hello');
    // The module that changed really is the new one.
    expect(Object.values(reused.modules).some((m) => Buffer.from(m).includes('second'))).toBe(true);
    expect(Object.values(reused.modules).some((m) => Buffer.from(m).includes('first'))).toBe(false);
  }, 120_000);

  it('a JavaScript edit (componentize-qjs nests its modules in inner components) reuses it too, exactly', async () => {
    // QuickJS's modules use extended constant expressions, as in the runner (run-in-worker.ts).
    if (Number(process.versions.node.split('.')[0]) < 22) setFlagsFromString('--experimental-wasm-extended-const');
    const { componentize } = await import('componentize-qjs');
    const dir = join(samplesDir(), 'greeter-js');
    const src = readFileSync(join(dir, 'src', 'main.js'), 'utf8');
    const build = async (tag: string) => {
      const { component } = await componentize({ witPath: join(dir, 'wit'), jsSource: src.replace('Hello', `Hello ${tag}`), jsPath: join(dir, 'src', 'main.js'), moduleRoot: dir, world: 'greeter', sync: true });
      return new Uint8Array(component);
    };
    const [a, b] = [await build('one'), await build('two')];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    await reusedAfter(a, b, 'greeter');
  }, 120_000);

  it('a component whose shape changed, another name, or a changed module that is not valid Wasm is transpiled in full', async () => {
    const [a, env] = [await component(hello('a')), await component(withEnv)];
    await full(a, 'shape');
    expect(reuseTranspile('shape', parseComponent(env))).toBeNull();
    expect(reuseTranspile(`unseen${++fresh}`, parseComponent(a))).toBeNull();

    // The same component with its first core module's code overwritten: same shape, invalid module.
    const broken = a.slice();
    const first = parseComponent(a)!.modules[0]!;
    const at = first.byteOffset - a.byteOffset;
    broken.fill(0xff, at + 8, at + first.length);
    expect(parseComponent(broken)!.shape).toBe(parseComponent(a)!.shape);
    expect(reuseTranspile('shape', parseComponent(broken))).toBeNull();
    expect(parseComponent(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))).toBeNull(); // a core module, not a component
  }, 120_000);
});
