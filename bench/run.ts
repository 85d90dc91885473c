import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot, samplesDir } from '../src-main/paths';
import { editToOutput, greeterEditToOutput, runVsInline, runWarm, traceOverhead, type CaseResult, type Reps } from './cases';
import { HttpBench } from './http-cases';
import { describeMachine } from './machine';
import { startWarmStudio } from './warm-studio';

/**
 * `npm run bench`: the warm studio against the command-line pipeline, medians measured in this
 * run. Writes bench-results.json at the repo root and prints a table.
 * BENCH_QUICK=1 runs fewer repetitions (for trying the harness, not for numbers to keep).
 * BENCH_ONLY=name,name runs only those cases (and does not write bench-results.json).
 */
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean) ?? null;
const quick = process.env.BENCH_QUICK === '1';
const write = !quick && only === null;
const reps: Reps = quick ? { slow: 2, fast: 5, warmup: 1 } : { slow: 7, fast: 40, warmup: 3 };

async function main(): Promise<number> {
  const started = performance.now();
  const machine = describeMachine();
  console.log(`machine: ${machine}`);
  console.log(`repetitions: ${reps.slow} for slow cases and every command-line baseline, ${reps.fast} for fast ones, after ${reps.warmup} warm-up runs\n`);
  const ws = await startWarmStudio();
  const http = new HttpBench(ws);
  const cases: CaseResult[] = [];
  const skipped: [string, string][] = [];
  const step = async (name: string, fn: () => Promise<CaseResult>) => {
    if (only && !only.includes(name)) return;
    const t = performance.now();
    process.stdout.write(`${name} ... `);
    const r = await fn();
    cases.push(r);
    console.log(`${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  try {
    await step('c-hello-edit-to-output', () => editToOutput(ws, reps));
    await step('run-warm-node', () => runWarm(ws, reps, 'node'));
    await step('run-warm-node-vs-inline', () => runVsInline(ws, reps));
    await step('run-warm-browser', () => runWarm(ws, reps, 'browser'));
    await step('trace-overhead', () => traceOverhead(ws, reps));
    await step('js-greeter-edit-to-output', () => greeterEditToOutput(ws, reps));
    await step('http-rps-node', () => http.rps(reps));
    await step('http-cold-request', () => http.cold(reps));
  } finally {
    await http.dispose();
    await ws.dispose();
  }

  const out = { machine, cases: cases.map(({ name, studio_ms, baseline_ms, ratio }) => ({ name, studio_ms, baseline_ms, ratio })) };
  if (write) writeFileSync(join(appRoot, 'bench-results.json'), JSON.stringify(out, null, 2) + '\n');
  printTable(cases, skipped);
  console.log(`\n${!write ? 'BENCH_QUICK or BENCH_ONLY: bench-results.json not written' : `wrote ${join(appRoot, 'bench-results.json')}`} (${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
  return 0;
}

function printTable(cases: CaseResult[], skipped: [string, string][]) {
  const rows = [
    ['case', 'studio ms', 'baseline ms', 'ratio', 'reps (studio/baseline)'],
    ...cases.map((c) => [c.name, c.studio_ms.toFixed(1), c.baseline_ms.toFixed(1), `${c.ratio.toFixed(2)}x`, `${c.studioReps}/${c.baselineReps}`]),
    ...skipped.map(([name, why]) => [name, `skipped: ${why}`, '', '', '']),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.filter((r) => !r[1]!.startsWith('skipped')).map((r) => r[i]!.length)));
  const line = (r: string[]) => (r[1]!.startsWith('skipped') ? `${r[0]!.padEnd(widths[0]!)}  ${r[1]}` : r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  console.log('');
  console.log(line(rows[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
  console.log('\nMedian phases (ms):');
  for (const c of cases) {
    console.log(`\n${c.name}${c.note ? ` — ${c.note}` : ''}`);
    const side = (label: string, phases: [string, number][]) => {
      if (phases.length) console.log(`  ${label}: ${phases.map(([k, v]) => `${k.trim()} ${v}`).join(' | ')}`);
    };
    side('studio', c.studioPhases);
    side('baseline', c.baselinePhases);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`\nbenchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
