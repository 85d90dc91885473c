// Round trips through jco's real glue: WAVE text -> value -> JS arguments -> the exported
// function of a component (an echo built with componentize-qjs from fixtures/inlineall) ->
// JS result -> value -> WAVE text. This pins the JS conventions wave.ts assumes to jco 1.35.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorld } from './parse-world';
import type { WitFunction, WitWorldExports } from './types';
import { callWithValues, parseWave, printWave } from './wave';

// componentize-qjs's sync runtime uses extended constant expressions: Node 20 needs the flag.
if (Number(process.versions.node.split('.')[0]) < 22) setFlagsFromString('--experimental-wasm-extended-const');

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
type Exports = Record<string, unknown> & { api: Record<string, unknown> };

let dir = '';
let witText = '';
let world: WitWorldExports;
let instance: Exports;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'studio-wit-'));
  mkdirSync(join(dir, 'wit'));
  writeFileSync(join(dir, 'wit', 'world.wit'), fixture('inlineall/world.wit'));
  const source = fixture('inlineall/main.js');
  writeFileSync(join(dir, 'main.js'), source);
  const { componentize } = await import('componentize-qjs');
  const { component } = await componentize({ witPath: join(dir, 'wit'), jsSource: source, jsPath: join(dir, 'main.js'), moduleRoot: dir, world: 'inlineall', sync: true });
  const { componentWit, transpile } = await import('@bytecodealliance/jco');
  witText = await componentWit(component);
  world = parseWorld(witText);
  const { files } = await transpile(component, { name: 'inlineall', instantiation: 'async', noTypescript: true, quiet: true });
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, 'out', name)), { recursive: true });
    writeFileSync(join(dir, 'out', name), bytes);
  }
  const { WASIShim } = await import('@bytecodealliance/preview2-shim/instantiation');
  const imports = new WASIShim({ sandbox: { env: {}, args: [], preopens: {}, enableNetwork: false } } as never).getImportObject();
  const glue = await import(/* @vite-ignore */ join(dir, 'out', 'inlineall.js'));
  instance = await glue.instantiate((file: string) => WebAssembly.compile(readFileSync(join(dir, 'out', file))), imports);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function lookup(name: string): { fn: WitFunction; f: (...args: unknown[]) => unknown } {
  const [iface, fname] = name.includes('/') ? name.split('/') : [null, name];
  const fns = iface ? world.interfaces.find((i) => i.name === iface)!.functions : world.functions;
  const fn = fns.find((f) => f.name === fname)!;
  const holder = iface ? (instance[world.interfaces.find((i) => i.name === iface)!.jsName] as Record<string, unknown>) : instance;
  return { fn, f: holder[fn.jsName] as (...args: unknown[]) => unknown };
}

async function echo(name: string, argText: string): Promise<string> {
  const { fn, f } = lookup(name);
  const parsed = parseWave(argText, fn.params[0]!.type);
  if (!parsed.ok) throw new Error(parsed.error);
  const out = await callWithValues(f, fn, [parsed.value]);
  return printWave(out!, fn.result!);
}

describe('through jco glue and back', () => {
  it('componentWit of the built component is the fixture', () => {
    expect(witText).toBe(fixture('inlineall.wit'));
  });

  // [function, argument, result as printed]; an echo returns its argument.
  const cases: [string, string, string?][] = [
    ['echo-bool', 'true'],
    ['echo-s8', '-128'],
    ['echo-s8', '127'],
    ['echo-s16', '-32768'],
    ['echo-u16', '65535'],
    ['echo-s32', '-2147483648'],
    ['echo-u32', '4294967295'],
    ['echo-u8', '255'],
    ['echo-s64', '-9007199254740991'], // QuickJS guests hold 64-bit integers as numbers: ±2^53 is their limit
    ['echo-u64', '9007199254740991'],
    ['echo-f32', '0.1'],
    ['echo-f32', 'nan'],
    ['echo-f64', '-inf'],
    ['echo-f64', '6.02e+23'],
    ['echo-f64', '-0'],
    ['echo-char', "'😀'"],
    ['echo-char', "'\\n'"],
    ['echo-string', '"a\\u{0}b\\n😀 \\"q\\""', '"a\\u{0}b\\n😀 \\"q\\""'],
    ['echo-bytes', '[0, 1, 255]'],
    ['echo-list', '[-1, 2]'],
    ['echo-list', '[]'],
    ['echo-list-u64', '[1, 9007199254740991]'],
    ['echo-list-f32', '[1.5, nan]'],
    ['echo-list-char', "['a', '😀']"],
    ['echo-nested-list', '[["a"], []]'],
    ['echo-tuple', '(1, "x", true)'],
    ['echo-option', 'none'],
    ['echo-option', 'some(5)'],
    ['echo-option-option', 'none'],
    ['echo-option-option', 'some(none)'],
    ['echo-option-option', 'some(some(7))'],
    ['echo-result', 'ok(3)'],
    ['echo-result', 'err("bad")'],
    ['echo-result-unit', 'ok'],
    ['echo-result-unit', 'err'],
    ['echo-result-ok-only', 'ok("x")'],
    ['echo-result-ok-only', 'err'],
    ['echo-result-err-only', 'ok'],
    ['echo-result-err-only', 'err("e")'],
    ['echo-nested-result', 'err(err("deep"))', '[err(err("deep"))]'],
    ['echo-nested-result', 'ok(none)', '[ok(none)]'],
    ['echo-nested-result', 'ok(some(1))', '[ok(some(1))]'],
    ['api/echo-point', '{x: 1, y: -2}'],
    ['api/echo-person', '{first-name: "Ada", age-in-years: 36, tags: ["a"], home: {x: 0, y: 0}}'],
    ['api/echo-person', '{first-name: "Ada", age-in-years: 36, nick: some("c"), tags: [], home: {x: 0, y: 0}}'],
    ['api/echo-empty-ish', '{:}'],
    ['api/echo-empty-ish', '{maybe: some(4)}'],
    ['api/echo-shape', 'circle(1.5)'],
    ['api/echo-shape', 'rect({x: 1, y: 2})'],
    ['api/echo-shape', 'dot'],
    ['api/echo-shape', '%result("r")', 'result("r")'], // `result` is no WAVE keyword: % is allowed, not needed
    ['api/echo-shape', '%ok'],
    ['api/echo-shape', '%none'],
    ['api/echo-shape', 'two-words(9)'],
    ['api/echo-color', 'green-blue'],
    ['api/echo-color', 'HTTP-GET'],
    ['api/echo-color', '%none'],
    ['api/echo-perms', '{}'],
    ['api/echo-perms', '{read, exec-all}'],
    ['api/echo-meters', '2.5'],
    ['api/echo-two', '(1.5, "m")'],
    ['api/echo-shapes', '[dot, circle(2), two-words(1)]'],
    ['api/echo-option-shape', 'none'],
    ['api/echo-option-shape', 'some(rect({x: 3, y: 4}))', 'some(ok(rect({x: 3, y: 4})))'],
  ];
  for (const [name, arg, expected] of cases) {
    it(`${name}(${arg})`, async () => {
      expect(await echo(name, arg)).toBe(expected ?? arg);
    });
  }

  it('several parameters and no result', async () => {
    const many = lookup('many');
    const args = ['1', '"b"', 'some(5)'].map((t, i) => {
      const r = parseWave(t, many.fn.params[i]!.type);
      if (!r.ok) throw new Error(r.error);
      return r.value;
    });
    expect(printWave((await callWithValues(many.f, many.fn, args))!, many.fn.result!)).toBe('(1, "b", some(5))');
    const nothing = lookup('nothing');
    expect(await callWithValues(nothing.f, nothing.fn, [])).toBeNull();
  });
});
