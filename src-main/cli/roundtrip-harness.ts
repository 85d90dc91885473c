// The WIT type round trip of calls, shared by every guest of the inlineall world
// (src-shared/wit/fixtures/inlineall: a componentize-qjs guest, a C guest): the guest's project is
// built with the studio's own CLI, then every exported function is called with representative
// WAVE text, in the Node engine (RunService.call, as `call` and the UI do) and in the browser
// engine (headless Chromium through ChromiumEngine.call, as `call --engine browser` does), and
// both must return exactly the text that was sent. A few calls also go through
// `call --engine both --json` itself.
//
// One CLI process per call would start Chromium ~70 times, so the bulk runs in-process with one
// Chromium (one engine page) and one studio; the CLI checks are grouped into a few processes run
// side by side.
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallableFunction } from '../../src-shared/engine/calls';
import type { ComponentArtifacts, RunResult, RunSettings } from '../../src-shared/protocol/types';
import { ChromiumEngine } from '../host/chromium-engine';
import { appRoot } from '../paths';
import { createStudio, type Studio } from '../services/studio';

const run = promisify(execFile);
const cli = join(appRoot, 'bin/component-studio.js');
export const fixtures = join(appRoot, 'src-shared/wit/fixtures/inlineall');

/** [function label, arguments as WAVE text, result as printed if it is not the first argument]. */
export type RoundTripCase = [string, string[], string?];

// [function label, arguments as WAVE text, result as printed if it is not the first argument].
// One representative value per export (the hardest of those src-shared/wit/jco.test.ts pins for
// jco's glue: extremes, escapes, nan, err cases, keywords as names), a second only where a second
// shape matters; each call loads the component afresh in both engines, so more would be slow.
//
// Skipped, because the QuickJS guest cannot echo them: 64-bit integers beyond ±(2^53 - 1).
// componentize-qjs hands s64/u64 to the guest as JS numbers (and a guest returning a BigInt traps),
// so e.g. echo-s64(9223372036854775807) or echo-u64(18446744073709551615) come back rounded.
// Everything else the world exports is covered (checked by "every export has a case" below).
export const CASES: RoundTripCase[] = [
  ['echo-bool', ['true']],
  ['echo-s8', ['-128']],
  ['echo-s16', ['-32768']],
  ['echo-u16', ['65535']],
  ['echo-s32', ['-2147483648']],
  ['echo-u32', ['4294967295']],
  ['echo-u8', ['255']],
  ['echo-s64', ['-9007199254740991']],
  ['echo-u64', ['9007199254740991']],
  ['echo-f32', ['0.1']],
  ['echo-f64', ['6.02e+23']],
  ['echo-char', ["'😀'"]],
  ['echo-string', ['"a\\u{0}b\\n😀 \\"q\\""']],
  ['echo-bytes', ['[0, 1, 255]']],
  ['echo-list', ['[-1, 2]']],
  ['echo-nested-list', ['[["a"], []]']],
  ['echo-tuple', ['(1, "x", true)']],
  ['echo-option', ['some(5)']],
  ['echo-option-option', ['some(none)']],
  ['echo-result', ['err("bad")']],
  ['echo-result-unit', ['err']],
  ['echo-result-ok-only', ['ok("x")']],
  ['echo-result-err-only', ['err("e")']],
  // Returns a list of its argument.
  ['echo-nested-result', ['err(err("deep"))'], '[err(err("deep"))]'],
  ['echo-option3', ['some(some(none))']],
  ['echo-list-u64', ['[1, 9007199254740991]']],
  ['echo-list-f32', ['[1.5, nan]']],
  ['echo-list-char', ["['a', '😀']"]],
  // Several parameters come back as a tuple.
  ['many', ['1', '"b"', 'some(5)'], '(1, "b", some(5))'],
  ['nothing', [], ''],
  ['api.echo-point', ['{x: 1, y: -2}']],
  ['api.echo-person', ['{first-name: "Ada", age-in-years: 36, nick: some("c"), tags: [], home: {x: 0, y: 0}}']],
  ['api.echo-empty-ish', ['{:}']],
  ['api.echo-shape', ['rect({x: 1, y: 2})']],
  ['api.echo-shape', ['%result("r")'], 'result("r")'], // `result` is no WAVE keyword: % is allowed, not printed
  ['api.echo-color', ['HTTP-GET']],
  ['api.echo-perms', ['{read, exec-all}']],
  ['api.echo-meters', ['2.5']],
  ['api.echo-two', ['(1.5, "m")']],
  ['api.echo-shapes', ['[dot, circle(2), two-words(1)]']],
  // Returns option<result<shape, color>>: ok() around its argument.
  ['api.echo-option-shape', ['some(rect({x: 3, y: 4}))'], 'some(ok(rect({x: 3, y: 4})))'],
  ['api.no-args', [], ''],
];

const expected = ([, args, result]: RoundTripCase) => result ?? args[0]!;
/** WAVE text of a result, '' for a function without one (the CLI prints "(no result)"). */
const valueOf = (r: RunResult) => r.value ?? '';

/** Runs fn over items, at most `width` at a time, results in order. */
async function pooled<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/**
 * The round trip of `cases` through a guest, as a describe block of its own: the project folder
 * gets the fixture's wit/world.wit and an empty src/, then `writeProject` adds the guest's
 * sources and studio.json.
 */
export function describeRoundTrip(title: string, writeProject: (dir: string) => void, cases: RoundTripCase[], buildTimeoutMs = 120_000): void {
  let dir = '';
  let studio: Studio | null = null;
  let chromium: ChromiumEngine | null = null;
  let functions: CallableFunction[] = [];
  let prepared: { artifacts: ComponentArtifacts; settings: RunSettings };

  function find(label: string): CallableFunction {
    const f = functions.find((c) => c.label === label || c.label.endsWith(`/${label}`) || c.path.join('.') === label);
    if (!f) throw new Error(`no export ${label} among ${functions.map((c) => c.label).join(', ')}`);
    return f;
  }

  describe(title, () => {
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'studio-call-roundtrip-'));
      mkdirSync(join(dir, 'wit'));
      mkdirSync(join(dir, 'src'));
      cpSync(join(fixtures, 'world.wit'), join(dir, 'wit', 'world.wit'));
      writeProject(dir);
      // The studio's own CLI build, as a user would run it.
      const built = await run(process.execPath, [cli, 'build', dir], { encoding: 'utf8', timeout: buildTimeoutMs });
      expect(built.stdout).toContain('inlineall.wasm');
      studio = createStudio(dir, () => {});
      const [described, engine] = await Promise.all([studio.runs.describe(), ChromiumEngine.start()]);
      chromium = engine;
      functions = described.functions;
      prepared = await studio.runs.prepare();
    }, buildTimeoutMs + 60_000);

    afterAll(async () => {
      await chromium?.close();
      studio?.dispose();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('every export has a case', () => {
      const covered = new Set(cases.map(([label]) => find(label).label));
      expect(functions.map((f) => f.label).filter((l) => !covered.has(l))).toEqual([]);
    });

    it('every echo returns exactly the WAVE text sent, in Node and in the browser', async () => {
      const outcomes = await pooled(cases, 4, async (c) => {
        const [label, args] = c;
        const target = find(label);
        // The browser side goes through one engine page kept loaded, as the studio's renderer
        // holds one: a page per call would cost ~1 s of page load each and test nothing more.
        const [node, browser] = await Promise.all([
          studio!.runs.call(randomUUID(), target.path, args),
          chromium!.runWarm(randomUUID(), prepared, undefined, { target, args }),
        ]);
        return { call: `${label}(${args.join(', ')})`, want: expected(c), node: node.error ? `error: ${node.error}` : valueOf(node), browser: browser.error ? `error: ${browser.error}` : valueOf(browser) };
      });
      // One assertion over all cases, so a failure lists every mismatch at once.
      const wrong = outcomes.filter((o) => o.node !== o.want || o.browser !== o.want);
      expect(wrong).toEqual([]);
      expect(outcomes).toHaveLength(cases.length);
      // Each call instantiates the component afresh in both engines.
    }, 300_000);

    it('`call --engine both --json` returns the same text from both engines', async () => {
      // One case each of a few shapes (a string with escapes, several parameters, a record in an option
      // around a result), one CLI process each, side by side; the other shapes are the in-process test's.
      const picked = ['echo-string', 'many', 'api.echo-option-shape'].map((l) => cases.find(([label]) => label === l)!);
      const outcomes = await Promise.all(
        picked.map(async (c) => {
          const [label, args] = c;
          const { stdout } = await run(process.execPath, [cli, 'call', dir, find(label).label, ...args, '--engine', 'both', '--json'], { encoding: 'utf8', timeout: 90_000 });
          const { calls } = JSON.parse(stdout) as { calls: RunResult[] };
          return { call: `${label}(${args.join(', ')})`, values: calls.map((r) => `${r.engine}: ${r.error ?? valueOf(r)}`) };
        }),
      );
      expect(outcomes).toEqual(picked.map((c) => ({ call: `${c[0]}(${c[1].join(', ')})`, values: [`node: ${expected(c)}`, `browser: ${expected(c)}`] })));
    }, 120_000);
  });
}
