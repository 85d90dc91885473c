import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { StreamName } from '../../src-shared/engine/output';
import { capabilityFlagHelp, capabilityFlagOptions } from '../../src-shared/capabilities/registry';
import { compareRuns, describeComparison } from '../../src-shared/engine/compare-runs';
import { limitsHit } from '../../src-shared/engine/memory-limit';
import type { TraceEntry } from '../../src-shared/capabilities/trace';
import type { RunResult } from '../../src-shared/protocol/types';
import { engineFlag } from './engine-flag';
import { capabilityFlags, intFlag, MAX_WASM_HELP, maxWasmFlag, parse, UsageError } from './args';
import { LINK_HELP } from './links';
import { openTarget } from './targets';
import { trustHelp } from './trust';

export const runHelp = `Usage: component-studio run <FILE.wasm | PROJECT-DIR> [options] [-- ARGS...]

Runs a command component with nothing granted but what the flags (or the project's policy) grant.
A WASI preview1 core module is adapted to a component first.
  --engine node|browser|both   which engine runs it (default node); both compares the two
${capabilityFlagHelp()}
${LINK_HELP}
  --timeout SECONDS            wall-clock limit (default 10); a timeout exits 124
  --max-memory MIB             cap on linear memory (default 1024)
${MAX_WASM_HELP}
  --trace                      print every WASI call the component made (in --json: include it)
  --json                       print {"runs":[...]} instead of the output
${trustHelp}`;

export async function runCommand(argv: string[]): Promise<number> {
  const dash = argv.indexOf('--');
  const guestArgs = dash >= 0 ? argv.slice(dash + 1) : [];
  const { values, positionals } = parse(dash >= 0 ? argv.slice(0, dash) : argv, {
    engine: { type: 'string' },
    ...capabilityFlagOptions(),
    timeout: { type: 'string' },
    'max-memory': { type: 'string' },
    'max-wasm': { type: 'string' },
    trace: { type: 'boolean' },
    json: { type: 'boolean' },
    trust: { type: 'boolean' },
    link: { type: 'string', multiple: true },
  });
  if (values.help) {
    console.log(runHelp);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('run takes exactly one component file or project folder (guest arguments go after --)');
  const engines = engineFlag(values.engine);
  const timeoutS = intFlag('timeout', values.timeout, 1, 3600);
  const maxMemoryMiB = intFlag('max-memory', values['max-memory'], 1, 4096);
  const maxWasmMiB = maxWasmFlag(values['max-wasm']);
  const granted = capabilityFlags(values);
  const path = positionals[0]!;
  if (!existsSync(path)) throw new UsageError(`no such file or folder: ${path}`);

  const json = Boolean(values.json);
  const target = await openTarget(
    path,
    {
      policy: { ...granted, args: guestArgs },
      limits: { ...(timeoutS ? { timeoutMs: timeoutS * 1000 } : {}), ...(maxMemoryMiB ? { maxMemoryMiB } : {}), ...(maxWasmMiB ? { maxWasmMiB } : {}) },
      trace: Boolean(values.trace),
      trust: Boolean(values.trust),
      links: values.link ?? [],
    },
    (line) => console.error(line),
  );
  // One engine streams its output as it comes; two are printed one after the other, then compared.
  const live = !json && engines.length === 1 ? (s: StreamName, t: string) => void process[s].write(t) : undefined;
  let results: RunResult[];
  try {
    results = await Promise.all(engines.map((e) => target.engines[e].run(randomUUID(), { onOutput: live })));
  } finally {
    await target.dispose();
  }
  return report(results, { json, trace: Boolean(values.trace), streamed: Boolean(live) });
}

function report(results: RunResult[], o: { json: boolean; trace: boolean; streamed: boolean }): number {
  const [first, second] = results as [RunResult, RunResult | undefined];
  const comparison = second ? compareRuns(first, second) : null;
  const differ = comparison?.verdict === 'differ';
  if (o.json) {
    const runs = results.map(({ engine, exitCode, stdout, stderr, timedOut, error, timings, trace, truncated, memory }) => ({
      engine, exitCode, stdout, stderr, timedOut, error, timings, trace: o.trace ? trace : [], truncated: truncated ?? false, memory: memory ?? null,
    }));
    console.log(JSON.stringify({ runs }));
  } else {
    for (const r of results) {
      if (!o.streamed) {
        console.log(`── ${r.engine} ${'─'.repeat(40)}`);
        process.stdout.write(r.stdout);
        process.stderr.write(r.stderr);
      }
      if (o.trace) for (const t of r.trace) console.error(`[trace ${traceWho(r.engine, t)}] ${t.interface}.${t.function}(${t.args})${t.count ? ` ×${t.count} calls` : ` -> ${t.result}`}${t.denied ? '  DENIED' : ''}`);
      if (r.error) console.error(`${r.engine}: ${r.error}`);
      for (const hit of limitsHit(r)) console.error(`${r.engine}: ${hit}`);
      if (!o.streamed) console.log(`── ${r.engine} exit code: ${r.exitCode ?? (r.timedOut ? 'timed out' : 'none (trapped)')}`);
    }
    if (comparison) console.log(`${describeComparison(comparison)}.`);
  }
  if (results.some((r) => r.timedOut)) return 124;
  if (second) return !differ && first.exitCode === 0 ? 0 : differ ? 3 : (first.exitCode ?? 1);
  return first.exitCode ?? 1;
}


/** `node`, and in a composition the member that made the call (`node app`) and the one that answered it (`node app→lib`). */
function traceWho(engine: string, t: TraceEntry): string {
  return [engine, t.component && `${t.component}${t.callee ? `→${t.callee}` : ''}`].filter(Boolean).join(' ');
}
