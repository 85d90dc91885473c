import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { denyAll, resolveGrants, type Policy } from '../../src-shared/capabilities/policy';
import { DEFAULT_LIMITS } from '../../src-shared/protocol/project';
import type { RunResult } from '../../src-shared/protocol/types';
import { RunnerPool } from '../host/runner-pool';
import { createStudio } from '../services/studio';
import { intFlag, parse, UsageError } from './args';

export const runHelp = `Usage: component-studio run <FILE.wasm | PROJECT-DIR> [options] [-- ARGS...]

Runs a command component with nothing granted but what the flags (or the project's policy) grant.
  --engine node|browser|both   which engine runs it (default node)
  --env NAME[=VALUE]           pass one variable (NAME alone: the host's value)
  --timeout SECONDS            wall-clock limit (default 10); a timeout exits 124
  --trace                      print every WASI call the component made
  --json                       print {"runs":[...]} instead of the output`;

export async function runCommand(argv: string[]): Promise<number> {
  const dash = argv.indexOf('--');
  const guestArgs = dash >= 0 ? argv.slice(dash + 1) : [];
  const { values, positionals } = parse(dash >= 0 ? argv.slice(0, dash) : argv, {
    engine: { type: 'string' },
    env: { type: 'string', multiple: true },
    dir: { type: 'string', multiple: true },
    timeout: { type: 'string' },
    'max-memory': { type: 'string' },
    trace: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    console.log(runHelp);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('run takes exactly one component file or project folder (guest arguments go after --)');
  const engine = (values.engine as string | undefined) ?? 'node';
  if (!['node', 'browser', 'both'].includes(engine)) throw new UsageError(`--engine is node, browser or both, not "${engine}"`);
  if (engine !== 'node') throw new UsageError(`--engine ${engine} is not available yet in this version; use --engine node`);
  if (values.dir?.length) throw new UsageError('--dir (file mounts) is not available yet in this version');
  if (values['max-memory'] !== undefined) throw new UsageError('--max-memory is not available yet in this version');
  const timeoutS = intFlag('timeout', values.timeout as string | undefined, 1, 3600);
  const env = ((values.env as string[] | undefined) ?? []).map((e) => {
    const eq = e.indexOf('=');
    if (eq === 0) throw new UsageError(`--env needs a NAME, not "${e}"`);
    return eq < 0 ? { name: e } : { name: e.slice(0, eq), value: e.slice(eq + 1) };
  });

  const target = positionals[0]!;
  if (!existsSync(target)) throw new UsageError(`no such file or folder: ${target}`);
  const runId = randomUUID();
  const live = !values.json;
  const onOutput = live ? (stream: 'stdout' | 'stderr', text: string) => process[stream].write(text) : undefined;
  let result: RunResult;

  if (statSync(target).isDirectory()) {
    const studio = createStudio(target, () => {});
    try {
      const p = studio.workspace.project;
      const policy: Policy = { ...p.policy, args: [...p.policy.args, ...guestArgs], env: [...p.policy.env, ...env] };
      (p as { policy: Policy }).policy = policy;
      if (timeoutS) p.limits.timeoutMs = timeoutS * 1000;
      result = await studio.runs.runNode(runId, onOutput);
    } finally {
      studio.dispose();
    }
  } else {
    const bytes = new Uint8Array(readFileSync(target));
    const pool = new RunnerPool();
    try {
      const name = basename(target).replace(/\.wasm$/, '').replace(/[^a-zA-Z0-9_-]/g, '_') || 'component';
      const grants = resolveGrants({ ...denyAll(), args: guestArgs, env }, name, process.env);
      const reply = await pool.run(
        {
          runId,
          hash: createHash('sha256').update(bytes).digest('hex'),
          name,
          bytes,
          grants,
          maxOutputBytes: DEFAULT_LIMITS.maxOutputBytes,
          maxMemoryMiB: DEFAULT_LIMITS.maxMemoryMiB,
          timeoutMs: (timeoutS ?? DEFAULT_LIMITS.timeoutMs / 1000) * 1000,
          trace: Boolean(values.trace || values.json),
        },
        onOutput,
      );
      result = { engine: 'node', ...reply };
    } finally {
      pool.dispose();
    }
  }

  if (values.json) {
    const { engine: e, exitCode, stdout, stderr, timedOut, error, timings, trace } = result;
    console.log(JSON.stringify({ runs: [{ engine: e, exitCode, stdout, stderr, timedOut, error, timings, trace: values.trace ? trace : [] }] }));
  } else {
    if (values.trace) for (const t of result.trace) console.error(`[trace] ${t.interface}.${t.function}(${t.args}) -> ${t.result}${t.denied ? ' DENIED' : ''}`);
    if (result.error) console.error(`error (${result.engine}): ${result.error}`);
  }
  if (result.timedOut) return 124;
  return result.exitCode ?? 1;
}
