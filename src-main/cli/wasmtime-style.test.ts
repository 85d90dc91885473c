import { commands } from '@yowasp/clang';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appRoot } from '../paths';

// A wasip1 program that finds its preopen by the exact name it was given (fixtures/wasmtime-style),
// run with the flags a wasmtime user types, from the folder they type them in: both engines print
// the same, byte for byte, and the host folder holds what the guest wrote.
let dir: string;
let wasm: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-wasmtime-style-'));
  const src = readFileSync(join(__dirname, 'fixtures/wasmtime-style/main.c'), 'utf8');
  const out = (await commands.clang(['--target=wasm32-wasip1', '-O2', 'p.c', '-o', 'p.wasm'], { 'p.c': src }, { stderr: () => {} })) as Record<string, Uint8Array>;
  wasm = join(dir, 'p.wasm');
  writeFileSync(wasm, out['p.wasm']!);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  rmSync(join(dir, 'data'), { recursive: true, force: true });
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data/in.txt'), 'hello from the host\n');
});

const FLAGS = ['--clocks', 'frozen=2030-01-01T00:00:00Z', '--random', 'seeded=7', '--env', 'GREETING=hi there'];
function run(args: string[]) {
  const r = spawnSync(process.execPath, [join(appRoot, 'bin/component-studio.js'), 'run', wasm, '--engine', 'both', '--json', ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  const runs = JSON.parse(r.stdout).runs as { engine: string; exitCode: number | null; stdout: string; error: string | null }[];
  expect(runs.map((x) => x.engine)).toEqual(['node', 'browser']);
  expect(runs[1]!.stdout).toBe(runs[0]!.stdout);
  expect(runs[1]!.exitCode).toBe(runs[0]!.exitCode);
  expect(runs[1]!.error).toBe(runs[0]!.error);
  return { status: r.status, stdout: runs[0]!.stdout, exitCode: runs[0]!.exitCode, error: runs[0]!.error };
}

const expected = (name: string, wrote: string) =>
  `arg 1: ${name}\npreopen 3: "${name}"\nin.txt: hello from the host\n${wrote}\nclock: read\nseconds: 1893456000\n`;

describe('a wasip1 program with wasmtime-style flags', () => {
  it('--dir data preopens "data", as given, and the guest finds it by that name in both engines', () => {
    const r = run(['--dir', 'data', ...FLAGS, '--', 'data']);
    expect(r.stdout).toMatch(new RegExp(`^${escape(expected('data', 'wrote out.txt'))}random: read [0-9a-f]{8}\nGREETING=hi there\n$`));
    expect(r).toMatchObject({ status: 0, exitCode: 0 });
    expect(readFileSync(join(dir, 'data/out.txt'), 'utf8')).toBe('written\n');
  });

  it('--dir ./data::/y preopens "/y"', () => {
    const r = run(['--dir', './data::/y', ...FLAGS, '--', '/y']);
    expect(r.stdout.startsWith(expected('/y', 'wrote out.txt'))).toBe(true);
    expect(r.exitCode).toBe(0);
  });

  it('--dir data::data::ro lets the guest read and refuses its write; the host folder is unchanged', () => {
    const r = run(['--dir', 'data::data::ro', ...FLAGS, '--', 'data']);
    expect(r.stdout).toMatch(/^arg 1: data\npreopen 3: "data"\nin.txt: hello from the host\nwrite refused: errno \d+\n/);
    expect(existsSync(join(dir, 'data/out.txt'))).toBe(false);
  });

  it('without --clocks, then without --random, the first read is refused in both engines, named, not faked', () => {
    // wall-clock.now and get-random-bytes have no error to return, so a refusal is a trap.
    const noClock = run(['--dir', 'data', '--', 'data']);
    expect(noClock.exitCode).toBeNull();
    expect(noClock.error).toContain('clocks capability denied by policy (wasi:clocks/wall-clock.now)');
    const noRandom = run(['--dir', 'data', '--clocks', 'real', '--', 'data']);
    expect(noRandom.exitCode).toBeNull();
    expect(noRandom.error).toContain('random capability denied by policy (wasi:random/random.get-random-bytes)');
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
