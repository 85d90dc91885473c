import { describe, expect, it } from 'vitest';
import { buildRust, parseCargoOutput, runCommand, rustAvailability } from './rust';

const job = { language: 'rust' as const, sources: { 'Cargo.toml': '[package]\nname = "hello-rust"\nversion = "0.1.0"\n', 'src/main.rs': 'fn main() {}\n' }, flags: [], output: 'x', projectDir: '/nonexistent' };
const real = await rustAvailability();

describe('Rust toolchain', () => {
  it('never fails silently: without cargo the build says Rust is unavailable and how to install it', async () => {
    const noCargo: typeof runCommand = async () => ({ code: null, stdout: '', stderr: '', error: 'spawn cargo ENOENT', timedOut: false });
    const out = await buildRust(job, () => {}, noCargo);
    expect(out.ok).toBe(false);
    expect(out.diagnostics[0]!.message).toMatch(/^Rust is unavailable: cargo was not found \(spawn cargo ENOENT\); install Rust with rustup .*rustup target add wasm32-wasip2/);
  });

  it('without the wasm32-wasip2 target it says so, and how to add it', async () => {
    const noTarget: typeof runCommand = async (cmd) =>
      cmd === 'cargo' ? { code: 0, stdout: 'cargo 1.93.0\n', stderr: '', timedOut: false } : { code: 0, stdout: 'x86_64-unknown-linux-gnu\n', stderr: '', timedOut: false };
    const out = await buildRust(job, () => {}, noTarget);
    expect(out.ok).toBe(false);
    expect(out.diagnostics[0]!.message).toBe(
      'Rust is unavailable: cargo 1.93.0 is installed, but not its wasm32-wasip2 target (installed targets: x86_64-unknown-linux-gnu); run `rustup target add wasm32-wasip2` (it downloads the target\'s standard library, so it needs a network connection)',
    );
  });

  it.runIf(!real.ok)(`on this machine the real build reports why Rust is unavailable (${real.reason ?? ''})`, async () => {
    const out = await buildRust(job, () => {});
    expect(out.ok).toBe(false);
    expect(out.diagnostics[0]!.message).toMatch(/^Rust is unavailable: .*(rustup target add wasm32-wasip2|rustup)/);
    expect(out.log).toBe(out.diagnostics[0]!.message);
  });

  // Skipped here: cargo exists but the wasm32 targets are not installed and cannot be downloaded.
  it.skipIf(!real.ok)('builds a Rust command with cargo for wasm32-wasip2 (needs `rustup target add wasm32-wasip2`)', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'studio-rust-'));
    try {
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'Cargo.toml'), job.sources['Cargo.toml']);
      writeFileSync(join(dir, 'src/main.rs'), 'fn main() { println!("hi"); }\n');
      const out = await buildRust({ ...job, projectDir: dir, timeoutMs: 300_000 }, () => {});
      expect(out.ok).toBe(true);
      expect(out.component![4]).toBe(0x0d);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('parses cargo errors with their --> file:line:col', () => {
    const stderr = [
      '   Compiling hello v0.1.0 (/p)',
      'error[E0425]: cannot find value `x` in this scope',
      ' --> src/main.rs:2:20',
      '  |',
      '2 |     println!("{}", x);',
      '  |                    ^ not found in this scope',
      '',
      'warning: unused variable: `y`',
      ' --> src/lib.rs:5:9',
      '',
      'error: could not compile `hello` (bin "hello") due to 1 previous error',
    ].join('\n');
    expect(parseCargoOutput(stderr)).toEqual([
      { file: 'src/main.rs', line: 2, column: 20, severity: 'error', message: 'cannot find value `x` in this scope [E0425]', source: 'cargo' },
      { file: 'src/lib.rs', line: 5, column: 9, severity: 'warning', message: 'unused variable: `y`', source: 'cargo' },
    ]);
    expect(parseCargoOutput('error: linker `rust-lld` not found\n')).toEqual([{ file: '', line: 0, column: 0, severity: 'error', message: 'linker `rust-lld` not found', source: 'cargo' }]);
  });
});
