import { stepLog, type StepReporter } from './steps';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../src-shared/protocol/types';
import { studioError, type ProgressReporter, type ToolchainJob, type ToolchainOutput } from './types';

const TARGET = 'wasm32-wasip2';
const INSTALL = `install Rust with rustup (https://rustup.rs), then run \`rustup target add ${TARGET}\``;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  error?: string;
  timedOut: boolean;
}

/** Runs a command without a shell, with a time limit; never throws. */
export function runCommand(cmd: string, args: string[], opts: { cwd?: string; timeoutMs: number; env?: Record<string, string>; onStderr?: (text: string) => void }): Promise<Ran> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let child;
    try {
      child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CARGO_TERM_COLOR: 'never', ...opts.env } });
    } catch (err) {
      return resolve({ code: null, stdout, stderr, error: (err as Error).message, timedOut });
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => {
      const text = b.toString();
      stderr += text;
      opts.onStderr?.(text);
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr, error: err.message, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

export interface RustAvailability {
  ok: boolean;
  /** Why not, and how to fix it, when not ok. */
  reason?: string;
  version?: string;
}

/** Whether cargo exists and the wasm32-wasip2 target is installed (through rustup). */
export async function rustAvailability(run: typeof runCommand = runCommand): Promise<RustAvailability> {
  const cargo = await run('cargo', ['--version'], { timeoutMs: 15_000 });
  if (cargo.code !== 0) {
    return { ok: false, reason: `Rust is unavailable: cargo was not found (${cargo.error ?? (cargo.stderr.trim() || `exit code ${cargo.code}`)}); ${INSTALL}` };
  }
  const rustup = await run('rustup', ['target', 'list', '--installed'], { timeoutMs: 15_000 });
  if (rustup.code !== 0) {
    return {
      ok: false,
      reason: `Rust is unavailable: ${cargo.stdout.trim()} is installed, but rustup is not, so the ${TARGET} target cannot be checked or added (${rustup.error ?? rustup.stderr.trim()}); ${INSTALL}`,
    };
  }
  const targets = rustup.stdout.split(/\s+/).filter(Boolean);
  if (!targets.includes(TARGET)) {
    return {
      ok: false,
      reason: `Rust is unavailable: ${cargo.stdout.trim()} is installed, but not its ${TARGET} target (installed targets: ${targets.join(', ') || 'none'}); run \`rustup target add ${TARGET}\` (it downloads the target's standard library, so it needs a network connection)`,
    };
  }
  return { ok: true, version: cargo.stdout.trim() };
}

/** cargo's `error[E0425]: message` followed by `  --> src/main.rs:3:5`. */
export function parseCargoOutput(text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  let pending: { severity: Diagnostic['severity']; message: string } | null = null;
  for (const line of text.split(/\r?\n/)) {
    const head = /^(error|warning)(?:\[(\w+)\])?: (.*)$/.exec(line);
    if (head) {
      if (pending) out.push({ file: '', line: 0, column: 0, ...pending, source: 'cargo' });
      pending = { severity: head[1] === 'warning' ? 'warning' : 'error', message: head[2] ? `${head[3]} [${head[2]}]` : head[3]! };
      continue;
    }
    const at = /^\s*--> ([^:]+):(\d+):(\d+)/.exec(line);
    if (at && pending) {
      out.push({ file: at[1]!, line: Number(at[2]), column: Number(at[3]), ...pending, source: 'cargo' });
      pending = null;
    }
  }
  // A summary such as "could not compile `x`" has no location; keep it only if nothing else explains the failure.
  if (pending && !(out.some((d) => d.severity === 'error') && /^could not compile|aborting due to/.test(pending.message))) {
    out.push({ file: '', line: 0, column: 0, ...pending, source: 'cargo' });
  }
  return out.filter((d) => !(d.file === '' && /^(could not compile|aborting due to)/.test(d.message) && out.some((o) => o.file && o.severity === 'error')));
}

/** The package name of Cargo.toml: cargo names the artifact after it, with "-" as "_". */
function crateName(toml: string): string | null {
  const pkg = /\[package\][^[]*?\bname\s*=\s*"([^"]+)"/s.exec(toml);
  return pkg ? pkg[1]!.replace(/-/g, '_') : null;
}

/**
 * Rust with the user's cargo for wasm32-wasip2 (which emits a component directly). Rust is not
 * bundled with the studio: where cargo or the target is missing, the build says so and how to
 * install it.
 */
export async function buildRust(
  job: ToolchainJob,
  progress: ProgressReporter,
  run: typeof runCommand = runCommand,
  onStep?: StepReporter,
): Promise<ToolchainOutput> {
  const { steps, done } = stepLog(onStep);
  let t = performance.now();
  const available = await rustAvailability(run);
  done('check Rust toolchain', t);
  if (!available.ok) return { ok: false, steps, log: available.reason!, diagnostics: [studioError(available.reason!)] };
  const toml = job.sources['Cargo.toml'];
  if (!toml) return { ok: false, steps, log: '', diagnostics: [studioError('a Rust project needs a Cargo.toml next to studio.json (`cargo init --name my-component`)')] };
  const name = crateName(toml);
  if (!name) return { ok: false, steps, log: '', diagnostics: [studioError('Cargo.toml has no [package] name', 'Cargo.toml', 1, 1)] };
  if (!job.projectDir) throw new Error('a Rust build needs the project folder');

  t = performance.now();
  progress(`cargo build --release --target ${TARGET}`, null);
  const args = ['build', '--release', '--target', TARGET, '--message-format', 'human', ...job.flags];
  const ran = await run('cargo', args, {
    cwd: job.projectDir,
    timeoutMs: job.timeoutMs ?? 600_000,
    onStderr: (text) => {
      const last = text.trim().split('\n').pop();
      if (last) progress(last.trim(), null);
    },
  });
  done('cargo build', t);
  const log = ran.stderr + ran.stdout;
  const diagnostics = parseCargoOutput(ran.stderr);
  if (ran.timedOut) {
    diagnostics.push(studioError(`cargo build did not finish within ${Math.round((job.timeoutMs ?? 600_000) / 1000)} s and was stopped`));
    return { ok: false, steps, log, diagnostics };
  }
  if (ran.code !== 0) {
    if (!diagnostics.some((d) => d.severity === 'error')) diagnostics.push(studioError(`cargo build failed (${ran.error ?? `exit code ${ran.code}`}): ${ran.stderr.trim().split('\n').pop() ?? ''}`));
    return { ok: false, steps, log, diagnostics };
  }
  const artifact = join(job.projectDir, 'target', TARGET, 'release', `${name}.wasm`);
  if (!existsSync(artifact)) {
    diagnostics.push(studioError(`cargo succeeded but produced no ${`target/${TARGET}/release/${name}.wasm`}: is the crate a binary (src/main.rs) or a cdylib?`));
    return { ok: false, steps, log, diagnostics };
  }
  return { ok: true, steps, log, diagnostics, component: new Uint8Array(readFileSync(artifact)) };
}
