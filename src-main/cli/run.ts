import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { StreamName } from '../../src-shared/engine/output';
import { duplicateGuestPath, duplicateGuestPathMessage } from '../../src-shared/capabilities/guest-paths';
import { limitsHit } from '../../src-shared/engine/memory-limit';
import type { RunResult } from '../../src-shared/protocol/types';
import { engineFlag } from './engine-flag';
import { intFlag, MAX_WASM_HELP, maxWasmFlag, networkFlags, parse, UsageError } from './args';
import { openTarget } from './targets';
import { trustHelp } from './trust';

export const runHelp = `Usage: component-studio run <FILE.wasm | PROJECT-DIR> [options] [-- ARGS...]

Runs a command component with nothing granted but what the flags (or the project's policy) grant.
A WASI preview1 core module is adapted to a component first.
  --engine node|browser|both   which engine runs it (default node); both compares the two
  --dir HOST[::GUEST]          mount a host folder read-write (as wasmtime does; GUEST defaults to HOST);
                               append ::ro (HOST::GUEST::ro) for read-only; repeatable
  --env NAME[=VALUE]           pass one variable (NAME alone: the host's value); repeatable
  --allow-net HOST:PORT        let the guest open TCP/UDP sockets to this address only; repeatable.
                               HOST is an IPv4 address, [IPv6] or a name (localhost is 127.0.0.1 and ::1;
                               other names allow what the guest's own lookup of them returns); PORT a
                               number or *. Names listed here may be looked up. Nothing may listen.
                               (Node engine: the browser engine has no sockets.)
  --allow-http ORIGIN          let the guest send HTTP requests to this origin only, e.g.
                               http://127.0.0.1:8080 or https://example.com; repeatable
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
    env: { type: 'string', multiple: true },
    dir: { type: 'string', multiple: true },
    'allow-net': { type: 'string', multiple: true },
    'allow-http': { type: 'string', multiple: true },
    timeout: { type: 'string' },
    'max-memory': { type: 'string' },
    'max-wasm': { type: 'string' },
    trace: { type: 'boolean' },
    json: { type: 'boolean' },
    trust: { type: 'boolean' },
  });
  if (values.help) {
    console.log(runHelp);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('run takes exactly one component file or project folder (guest arguments go after --)');
  const engines = engineFlag(values.engine);
  const mounts = (values.dir ?? []).map(parseDir);
  const dup = duplicateGuestPath(mounts);
  if (dup) throw new UsageError(`--dir: ${duplicateGuestPathMessage(dup)}`);
  const timeoutS = intFlag('timeout', values.timeout, 1, 3600);
  const maxMemoryMiB = intFlag('max-memory', values['max-memory'], 1, 4096);
  const maxWasmMiB = maxWasmFlag(values['max-wasm']);
  const env = (values.env ?? []).map((e) => {
    const eq = e.indexOf('=');
    if (eq === 0) throw new UsageError(`--env needs a NAME, not "${e}"`);
    return eq < 0 ? { name: e } : { name: e.slice(0, eq), value: e.slice(eq + 1) };
  });
  const network = networkFlags(values['allow-net'], values['allow-http']);
  const path = positionals[0]!;
  if (!existsSync(path)) throw new UsageError(`no such file or folder: ${path}`);

  const json = Boolean(values.json);
  const target = await openTarget(
    path,
    {
      policy: { args: guestArgs, env, mounts, ...network },
      limits: { ...(timeoutS ? { timeoutMs: timeoutS * 1000 } : {}), ...(maxMemoryMiB ? { maxMemoryMiB } : {}), ...(maxWasmMiB ? { maxWasmMiB } : {}) },
      trace: Boolean(values.trace),
      trust: Boolean(values.trust),
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
  const differences = second ? compare(first, second) : [];
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
      if (o.trace) for (const t of r.trace) console.error(`[trace ${r.engine}] ${t.interface}.${t.function}(${t.args})${t.count ? ` ×${t.count} calls` : ` -> ${t.result}`}${t.denied ? '  DENIED' : ''}`);
      if (r.error) console.error(`${r.engine}: ${r.error}`);
      for (const hit of limitsHit(r)) console.error(`${r.engine}: ${hit}`);
      if (!o.streamed) console.log(`── ${r.engine} exit code: ${r.exitCode ?? (r.timedOut ? 'timed out' : 'none (trapped)')}`);
    }
    if (second) console.log(differences.length ? `The engines differ in ${differences.join(', ')}.` : 'Both engines agree: same exit code, stdout and stderr.');
  }
  if (results.some((r) => r.timedOut)) return 124;
  if (second) return differences.length === 0 && first.exitCode === 0 ? 0 : differences.length ? 3 : (first.exitCode ?? 1);
  return first.exitCode ?? 1;
}

function compare(a: RunResult, b: RunResult): string[] {
  const out: string[] = [];
  if (a.exitCode !== b.exitCode) out.push('exit code');
  if (a.stdout !== b.stdout) out.push('stdout');
  if (a.stderr !== b.stderr) out.push('stderr');
  return out;
}

/** wasmtime's --dir HOST[::GUEST], plus an optional ::ro. */
function parseDir(spec: string): { host: string; guest: string; mode: 'ro' | 'rw' } {
  const parts = spec.split('::');
  const ro = parts.length === 3 && parts[2] === 'ro';
  if (parts.length > 3 || (parts.length === 3 && !ro) || !parts[0]) throw new UsageError(`--dir takes HOST[::GUEST[::ro]], not "${spec}"`);
  if (!existsSync(parts[0])) throw new UsageError(`--dir: no such folder: ${parts[0]}`);
  const guest = parts[1] ?? parts[0];
  return { host: parts[0], guest: guest.startsWith('/') ? guest : '/' + guest, mode: ro ? 'ro' : 'rw' };
}
