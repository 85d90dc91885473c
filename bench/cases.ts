import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { EngineName, RunResult } from '../src-shared/protocol/types';
import type { Studio } from '../src-main/services/studio';
import { nodeShim } from '../src-main/host/engine/shim';
import { transpileComponent } from '../src-main/host/engine/transpile';
import { executeRun } from '../src-shared/engine/execute';
import { capModules, mibToPages } from '../src-shared/engine/memory-limit';
import type { Instantiate } from '../src-shared/engine/run-command';
import { appRoot, samplesDir } from '../src-main/paths';
import { cliEditToOutput, cliGreeter, cliRun } from './baseline';
import { check, median, Phases, round1, timed } from './stats';
import type { WarmStudio } from './warm-studio';

export interface Reps {
  /** Measured repetitions of a case taking seconds (and of every command-line baseline). */
  slow: number;
  /** Measured repetitions of a case taking milliseconds. */
  fast: number;
  warmup: number;
}

export interface CaseResult {
  name: string;
  studio_ms: number;
  baseline_ms: number;
  ratio: number;
  studioReps: number;
  baselineReps: number;
  studioPhases: [string, number][];
  baselinePhases: [string, number][];
  note?: string;
}

export function result(name: string, studio: number[], baseline: number[], sp: Phases, bp: Phases, note?: string): CaseResult {
  const s = median(studio);
  const b = median(baseline);
  return {
    name,
    studio_ms: round1(s),
    baseline_ms: round1(b),
    ratio: Math.round((b / s) * 100) / 100,
    studioReps: studio.length,
    baselineReps: baseline.length,
    studioPhases: sp.medians(),
    baselinePhases: bp.medians(),
    ...(note ? { note } : {}),
  };
}

/**
 * Runs studio and baseline repetitions interleaved (a few studio runs per baseline run), so that
 * load from anything else on the machine falls on both sides alike.
 */
async function interleave(studioReps: number, baselineReps: number, studio: () => Promise<void>, baseline: () => Promise<void>) {
  const per = Math.ceil(studioReps / baselineReps);
  let s = 0;
  for (let b = 0; b < baselineReps || s < studioReps; b++) {
    for (let k = 0; k < per && s < studioReps; k++, s++) await studio();
    if (b < baselineReps) await baseline();
  }
}

const GREETING = 'Hello from a C component!';
const helloSource = () => {
  const src = readFileSync(join(samplesDir(), 'hello-c', 'src', 'main.c'), 'utf8');
  check(src.includes(GREETING), `samples/hello-c/src/main.c no longer prints "${GREETING}"; update bench/cases.ts`);
  return src;
};
/** A one-line edit: the greeting line gets a tag no earlier build has seen. */
const edited = (src: string, tag: string) => src.replace(GREETING, `${GREETING} (${tag})`);
let editSeq = 0;
const newTag = () => `edit ${++editSeq} ${randomUUID().slice(0, 8)}`;

function checkRun(r: RunResult, expect: string, what: string) {
  check(r.exitCode === 0 && !r.error, `${what}: exit code ${r.exitCode}, error ${r.error}`);
  check(r.stdout.includes(expect), `${what}: stdout ${JSON.stringify(r.stdout.slice(0, 200))} lacks ${JSON.stringify(expect)}`);
}

/**
 * What the UI's "Run both" does after an edit (src-renderer/store/runs-slice.ts): save the file,
 * build, then the Node run and (prepare + browser run) at the same time; done when both results are in.
 */
async function studioEditRun(studio: Studio, ws: WarmStudio, content: string, expect: string, phases?: Phases) {
  const h = studio.handlers;
  const t0 = performance.now();
  await h['file.write']({ path: 'src/main.c', content });
  const tWritten = performance.now();
  const build = await h['build.start']({});
  const tBuilt = performance.now();
  check(build.ok, `studio build failed: ${build.log}`);
  check(!build.steps.some((s) => /cache hit/.test(s.name)), 'the edit was answered from the build cache');
  let tPrepared = 0;
  let transpileMs: number | null = null;
  const [node, browser] = await Promise.all([
    h['run.node']({ runId: randomUUID() }).then((r) => ({ r, t: performance.now() })),
    (async () => {
      const prepared = await h['component.prepare']({});
      tPrepared = performance.now();
      transpileMs = prepared.artifacts.transpileMs;
      const r = await ws.chromium.runWarm(randomUUID(), prepared);
      return { r, t: performance.now() };
    })(),
  ]);
  const ms = Math.max(node.t, browser.t) - t0;
  checkRun(node.r, expect, 'studio node run');
  checkRun(browser.r, expect, 'studio browser run');
  check(node.r.stdout === browser.r.stdout, 'the two engines printed different output');
  if (phases) {
    phases.add('write file', tWritten - t0);
    phases.add('build (build.start)', tBuilt - tWritten);
    for (const s of build.steps) phases.add(`  build: ${s.name}`, s.ms);
    phases.add('node engine (run.node)', node.t - tBuilt);
    phases.addAll('  node: ', node.r.timings);
    phases.add('component.prepare', tPrepared - tBuilt);
    phases.add('  jco transpile in the runner (both engines wait for it)', transpileMs ?? undefined);
    phases.add('browser engine (runWarm)', browser.t - tPrepared);
    phases.addAll('  browser: ', browser.r.timings);
  }
  return ms;
}

export async function editToOutput(ws: WarmStudio, reps: Reps): Promise<CaseResult> {
  const src = helloSource();
  const studio = ws.open();
  const flags = studio.workspace.project.build?.flags ?? ['-O2'];
  const args = studio.workspace.project.policy.args;
  const cliDir = ws.tempCopy();
  const sp = new Phases();
  const bp = new Phases();
  const s: number[] = [];
  const b: number[] = [];
  const studioOnce = async (keep: boolean) => {
    const tag = newTag();
    const ms = await studioEditRun(studio, ws, edited(src, tag), tag, keep ? sp : undefined);
    if (keep) s.push(ms);
  };
  const baselineOnce = async (keep: boolean) => {
    const tag = newTag();
    const t0 = performance.now();
    writeFileSync(join(cliDir, 'src', 'main.c'), edited(src, tag));
    const r = await cliEditToOutput(cliDir, flags, args, tag);
    const ms = performance.now() - t0;
    if (!keep) return;
    b.push(ms);
    bp.addAll('', r.steps);
  };
  for (let i = 0; i < reps.warmup; i++) await studioOnce(false);
  await baselineOnce(false);
  await interleave(reps.slow, reps.slow, () => studioOnce(true), () => baselineOnce(true));
  return result('c-hello-edit-to-output', s, b, sp, bp, 'studio: save + build + both engines; baseline: clang, jco new, jco run (Node only), each a fresh process');
}

/**
 * The pause (not timed) before each warm run: a user's clicks are further apart than this, and it
 * lets the runner's spare worker (started as the previous run took one) finish loading, which is
 * what a click in a warm studio finds. Back-to-back runs would measure that start-up instead.
 */
export const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 300);
const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));

/** A warm run of the built hello-c: the UI's Run (build.start, a cache hit, then the engine) vs `jco run` of the same file. */
export async function runWarm(ws: WarmStudio, reps: Reps, engine: EngineName): Promise<CaseResult> {
  const studio = ws.open();
  const h = studio.handlers;
  const engines = ws.engines(studio);
  const built = await h['build.start']({});
  check(built.ok && built.componentPath, `hello-c did not build: ${built.log}`);
  const component = join(studio.workspace.dir, built.componentPath);
  const args = studio.workspace.project.policy.args;
  const sp = new Phases();
  const bp = new Phases();
  const s: number[] = [];
  const b: number[] = [];
  const studioOnce = async (keep: boolean) => {
    await settle();
    const t0 = performance.now();
    const build = await h['build.start']({});
    check(build.ok && build.steps.some((x) => /cache hit/.test(x.name)), 'expected a build cache hit');
    const tBuilt = performance.now();
    const r = await engines[engine].run(randomUUID());
    const ms = performance.now() - t0;
    checkRun(r, GREETING, `studio ${engine} run`);
    if (!keep) return;
    s.push(ms);
    sp.add('build.start (cache hit)', tBuilt - t0);
    // The browser engine's share includes component.prepare (the artifacts and snapshots it is sent).
    sp.add(`${engine} engine run`, ms - (tBuilt - t0));
    sp.addAll(`  ${engine}: `, r.timings);
    const inEngine = Object.values(r.timings).reduce((a: number, v) => a + (v ?? 0), 0);
    sp.add(`  ${engine}: outside the timed phases (worker, glue import, messaging)`, ms - (tBuilt - t0) - inEngine);
  };
  const baselineOnce = async (keep: boolean) => {
    const r = await cliRun(component, args, studio.workspace.dir, GREETING);
    if (keep) b.push(r.ms);
  };
  for (let i = 0; i < reps.warmup; i++) await studioOnce(false);
  await baselineOnce(false);
  await interleave(reps.fast, reps.slow, () => studioOnce(true), () => baselineOnce(true));
  return result(`run-warm-${engine}`, s, b, sp, bp, `studio: warm ${engine} engine; baseline: jco run of the same component (fresh process)`);
}

export const LINES = 20_000;
/** Each line is flushed, so each is one blocking-write-and-flush call the tracer sees. */
const linesSource = `#include <stdio.h>

int main(void) {
    for (int i = 0; i < ${LINES}; i++) {
        printf("line %05d of ${LINES}\\n", i);
        fflush(stdout);
    }
    return 0;
}
`;

/** The warm Node engine with tracing on (studio_ms) vs off (baseline_ms), same component, same path. */
export async function traceOverhead(ws: WarmStudio, reps: Reps): Promise<CaseResult> {
  const studio = ws.open(linesSource);
  const built = await studio.handlers['build.start']({});
  check(built.ok, `the ${LINES}-line program did not build: ${built.log}`);
  const c = await studio.builds.current();
  const on = new Phases();
  const off = new Phases();
  const s: number[] = [];
  const b: number[] = [];
  let tracedCalls = 0;
  const once = async (trace: boolean, keep: boolean) => {
    await settle();
    const { grants, limits } = studio.runs.settings(trace);
    let streamed = 0;
    const { ms, value: r } = await timed(() =>
      ws.runners.run({ runId: randomUUID(), hash: c.hash, name: c.name, bytes: c.bytes, grants, ...limits, trace }, (_s, t) => (streamed += t.length)),
    );
    check(r.exitCode === 0 && !r.error && !r.truncated, `lines run (trace ${trace}): exit ${r.exitCode}, error ${r.error}, truncated ${r.truncated}`);
    check(r.stdout.split('\n').length - 1 === LINES, `lines run printed ${r.stdout.split('\n').length - 1} lines`);
    const calls = Object.values(r.traceCounts).reduce((a, n) => a + n, 0);
    check(trace ? calls >= LINES : calls === 0, `trace ${trace} recorded ${calls} calls`);
    if (!keep) return;
    (trace ? s : b).push(ms);
    const p = trace ? on : off;
    p.addAll('', r.timings);
    p.add('worker (runner side)', r.workerMs);
    const inEngine = Object.values(r.timings).reduce((a: number, v) => a + (v ?? 0), 0);
    p.add('worker outside the timed phases (glue import, result back to the runner)', r.workerMs - inEngine);
    p.add('reply to the studio after the worker', ms - r.workerMs);
    if (trace) tracedCalls = calls;
  };
  for (let i = 0; i < reps.warmup; i++) {
    await once(true, false);
    await once(false, false);
  }
  // Alternate on and off, starting with each in turn, so neither side gets the quieter moments.
  for (let i = 0; i < reps.fast; i++) {
    await once(i % 2 === 0, true);
    await once(i % 2 !== 0, true);
  }
  const cost = (median(s) / median(b) - 1) * 100;
  return result('trace-overhead', s, b, on, off, `tracing costs ${cost >= 0 ? '+' : ''}${cost.toFixed(1)}% (studio = trace on, baseline = trace off; ${tracedCalls} WASI calls traced per run)`);
}

const GREETER_MARK = '(from JavaScript)';
const greeterSource = () => {
  const src = readFileSync(join(samplesDir(), 'greeter-js', 'src', 'main.js'), 'utf8');
  check(src.includes(GREETER_MARK), `samples/greeter-js/src/main.js no longer says "${GREETER_MARK}"; update bench/cases.ts`);
  return src;
};
const editedGreeter = (src: string, tag: string) => src.replace(GREETER_MARK, `(from JavaScript, ${tag})`);

/**
 * What the Calls panel does after an edit of greeter-js (src-renderer/store/calls-slice.ts): save,
 * build, then call greet("world") in the Node engine and (prepare + call) in the browser engine at
 * the same time; done when both values are in. The call form's target is the one it already holds.
 */
export async function greeterEditToOutput(ws: WarmStudio, reps: Reps): Promise<CaseResult> {
  const src = greeterSource();
  const studio = ws.openSample('greeter-js');
  const h = studio.handlers;
  const world = studio.workspace.project.world ?? 'greeter';
  const first = await h['build.start']({});
  check(first.ok, `greeter-js did not build: ${first.log}`);
  const description = await h['component.describe']({});
  const target = description.functions.find((f) => f.label === 'greet');
  check(target, `greeter-js exports no greet (exports: ${description.functions.map((f) => f.label).join(', ')})`);
  const cliDir = ws.tempCopy('greeter-js');
  symlinkSync(join(appRoot, 'node_modules'), join(cliDir, 'node_modules'), 'dir');
  const sp = new Phases();
  const bp = new Phases();
  const s: number[] = [];
  const b: number[] = [];
  const studioOnce = async (keep: boolean) => {
    const tag = newTag();
    const expect = `"Hello, world! (from JavaScript, ${tag})"`;
    const t0 = performance.now();
    await h['file.write']({ path: 'src/main.js', content: editedGreeter(src, tag) });
    const tWritten = performance.now();
    const build = await h['build.start']({});
    const tBuilt = performance.now();
    check(build.ok, `studio build failed: ${build.log}`);
    check(!build.steps.some((x) => /cache hit/.test(x.name)), 'the edit was answered from the build cache');
    let tPrepared = 0;
    const [node, browser] = await Promise.all([
      h['call.node']({ runId: randomUUID(), path: target.path, args: ['"world"'] }).then((r) => ({ r, t: performance.now() })),
      (async () => {
        const prepared = await h['component.prepare']({});
        tPrepared = performance.now();
        const r = await ws.chromium.runWarm(randomUUID(), prepared, undefined, { target, args: ['"world"'] });
        return { r, t: performance.now() };
      })(),
    ]);
    const ms = Math.max(node.t, browser.t) - t0;
    for (const [engine, r] of [['node', node.r], ['browser', browser.r]] as const) {
      check(!r.error && r.value === expect, `studio ${engine} call: value ${r.value}, error ${r.error}; expected ${expect}`);
    }
    if (!keep) return;
    s.push(ms);
    sp.add('write file', tWritten - t0);
    sp.add('build (build.start)', tBuilt - tWritten);
    for (const x of build.steps) sp.add(`  build: ${x.name}`, x.ms);
    sp.add('node engine (call.node)', node.t - tBuilt);
    sp.addAll('  node: ', node.r.timings);
    sp.add('component.prepare', tPrepared - tBuilt);
    sp.add('browser engine (runWarm, call)', browser.t - tPrepared);
    sp.addAll('  browser: ', browser.r.timings);
  };
  const baselineOnce = async (keep: boolean) => {
    const tag = newTag();
    const t0 = performance.now();
    writeFileSync(join(cliDir, 'src', 'main.js'), editedGreeter(src, tag));
    const r = await cliGreeter(cliDir, world, 'world', `Hello, world! (from JavaScript, ${tag})`);
    const ms = performance.now() - t0;
    if (!keep) return;
    b.push(ms);
    bp.addAll('', r.steps);
  };
  for (let i = 0; i < reps.warmup; i++) await studioOnce(false);
  await baselineOnce(false);
  await interleave(reps.slow, reps.slow, () => studioOnce(true), () => baselineOnce(true));
  return result(
    'js-greeter-edit-to-output',
    s,
    b,
    sp,
    bp,
    'studio: save + build (componentize-qjs) + greet("world") called in both engines; baseline: jco componentize --backend quickjs --backend-qjs-disable-async, jco transpile, node importing the glue and calling greet, each a fresh process',
  );
}

/**
 * What the studio's isolation costs a warm run: run.node from request to result (studio → runner
 * process → run worker and back), against the same run inline in this process: the same jco
 * transpile, the same memory-capped compiled modules (compiled once, reused), the same Node shim,
 * policy wrapper and tracing setting, instantiated and run with the same shared engine code.
 */
export async function runVsInline(ws: WarmStudio, reps: Reps): Promise<CaseResult> {
  const studio = ws.open();
  const h = studio.handlers;
  const built = await h['build.start']({});
  check(built.ok, `hello-c did not build: ${built.log}`);
  const c = await studio.builds.current();
  const { grants, limits, trace } = studio.runs.settings();
  const t = await transpileComponent(c.bytes, c.name, limits.maxWasmMiB);
  const dir = mkdtempSync(join(tmpdir(), 'studio-bench-inline-'));
  const glueFile = join(dir, `${c.hash}.mjs`);
  writeFileSync(glueFile, t.glue);
  const glue = (await import(pathToFileURL(glueFile).href)) as { instantiate: Instantiate };
  const capped = capModules(t.modules, mibToPages(limits.maxMemoryMiB));
  const modules: Record<string, WebAssembly.Module> = {};
  for (const [name, { bytes }] of Object.entries(capped)) modules[name] = await WebAssembly.compile(bytes as BufferSource);
  const sp = new Phases();
  const bp = new Phases();
  const s: number[] = [];
  const b: number[] = [];
  const studioOnce = async (keep: boolean) => {
    await settle();
    const t0 = performance.now();
    const r = await h['run.node']({ runId: randomUUID() });
    const ms = performance.now() - t0;
    checkRun(r, GREETING, 'studio node run');
    if (!keep) return;
    s.push(ms);
    sp.addAll('', r.timings);
    const inEngine = Object.values(r.timings).reduce((a: number, v) => a + (v ?? 0), 0);
    sp.add('outside the timed phases (messaging, worker handover)', ms - inEngine);
  };
  const inlineOnce = async (keep: boolean) => {
    await settle();
    const t0 = performance.now();
    const r = await executeRun({
      engine: 'node',
      shim: nodeShim,
      instantiate: glue.instantiate,
      compile: async (name) => modules[name],
      grants,
      maxOutputBytes: limits.maxOutputBytes,
      trace,
      now: () => performance.now(),
      onOutput: () => {},
    });
    const ms = performance.now() - t0;
    check(r.exitCode === 0 && r.stdout.includes(GREETING), `inline run: exit ${r.exitCode}, error ${r.error}`);
    if (!keep) return;
    b.push(ms);
    bp.addAll('', r.timings);
  };
  try {
    for (let i = 0; i < reps.warmup; i++) {
      await studioOnce(false);
      await inlineOnce(false);
    }
    // Alternating, starting with each in turn, as in trace-overhead.
    for (let i = 0; i < reps.fast; i++) {
      if (i % 2) {
        await studioOnce(true);
        await inlineOnce(true);
      } else {
        await inlineOnce(true);
        await studioOnce(true);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const gap = median(s) - median(b);
  return result('run-warm-node-vs-inline', s, b, sp, bp, `the studio's run costs ${gap.toFixed(1)} ms more than the same glue, shim and wrapper run inline (studio = run.node request to result; baseline = inline in the bench process, trace ${trace ? 'on' : 'off'} on both sides)`);
}
