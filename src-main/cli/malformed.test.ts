import { parse as parseWat } from '@bytecodealliance/jco';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../paths';

// Bad input through the built CLI: every refusal is one line on stderr and exit 2, before anything runs.
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(appRoot, 'bin/component-studio.js'), ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const HEADER = { component: [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00], core: [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00] };

let dir: string;
const files: Record<string, string> = {};
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'malformed-'));
  const good = await parseWat('(component (core module $m (func (export "f"))) (core instance (instantiate $m)))');
  const inputs: Record<string, Uint8Array> = {
    empty: new Uint8Array(),
    garbage: new Uint8Array([...HEADER.component, 0x82, 0x45, 0xce, 0xbf, 0x61, 0x91]),
    truncated: good.subarray(0, good.length - 5),
    // A core module whose code section claims a body it does not have: wit-component 0.259 panics on it
    // (range end index 15 out of range for slice of length 14), printing a Rust backtrace hint to stderr.
    'core-panic': new Uint8Array([...HEADER.core, 0x0a, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00].slice(0, 14)),
    'core-bad-section': new Uint8Array([...HEADER.core, 0x01, 0x05, 0x01, 0x60, 0xff]),
    'component-bad-section': new Uint8Array([...HEADER.component, 0x7f, 0x03, 0x61, 0x62, 0x63]),
  };
  for (const [name, bytes] of Object.entries(inputs)) writeFileSync((files[name] = join(dir, `${name}.wasm`)), bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const oneLine = (r: { code: number | null; stdout: string; stderr: string }, command: string) => {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^component-studio ${command}: `));
  expect(r.stderr).not.toMatch(/panicked at|backtrace|Caused by|\n\s+at /);
  return lines[0]!;
};

describe('malformed .wasm files', () => {
  it.each(['run', 'inspect', 'call'])('%s: each is refused in one line with what is wrong, exit 2', (command) => {
    const extra = command === 'call' ? ['f'] : [];
    const say = (name: string) => oneLine(cli(command, files[name]!, ...extra), command);
    expect(say('empty')).toContain('is not WebAssembly (it starts with nothing: the file is empty)');
    expect(say('garbage')).toMatch(/not a valid component: malformed section id \(at offset 0x8\)$/);
    expect(say('truncated')).toMatch(/not a valid component: unexpected end-of-file \(at offset 0x[0-9a-f]+\)$/);
    expect(say('core-panic')).toMatch(/could not be adapted to a component .*: jco crashed reading it \(range end index 15 out of range for slice of length 14\)$/);
    expect(say('core-bad-section')).toMatch(/could not be adapted to a component .*: unexpected end-of-file \(at offset 0xa\)$/);
    expect(say('component-bad-section')).toMatch(/not a valid component: malformed section id: 127 \(at offset 0xa\)$/);
  });
});

describe('the .wasm size limit', () => {
  it('refuses a .wasm over 64 MiB by default, before reading it, naming the size and the limit', () => {
    const big = join(dir, 'big.wasm');
    writeFileSync(big, new Uint8Array(HEADER.component));
    truncateSync(big, 65 * 1024 * 1024); // sparse: no disk, and reading it would be the bug
    for (const command of ['run', 'inspect']) {
      expect(oneLine(cli(command, big), command)).toContain(`${big} is 65 MiB, over the 64 MiB limit on a .wasm`);
    }
    expect(oneLine(cli('call', big, 'f'), 'call')).toContain('over the 64 MiB limit');
  });

  it('--max-wasm sets the limit; it is listed in --help and checked as a number', () => {
    const two = join(dir, 'two.wasm');
    writeFileSync(two, new Uint8Array(HEADER.component));
    truncateSync(two, 2 * 1024 * 1024 + 1);
    expect(oneLine(cli('run', two, '--max-wasm', '2'), 'run')).toMatch(/is 2\.0 MiB \(2097153 bytes\), over the 2 MiB limit on a \.wasm/);
    expect(oneLine(cli('inspect', two, '--max-wasm', '0'), 'inspect')).toContain('--max-wasm takes a whole number from 1 to 1024, not "0"');
    // Under the limit it is read, and refused for what it is instead.
    expect(oneLine(cli('inspect', two, '--max-wasm', '3'), 'inspect')).toContain('not a valid component');
    for (const command of ['run', 'call', 'inspect']) expect(cli(command, '--help').stdout).toContain('--max-wasm MIB');
  });

  it("a project's limits.maxWasmMiB refuses a built component over it", () => {
    const project = join(dir, 'tiny-limit');
    mkdirSync(project);
    writeFileSync(join(project, 'studio.json'), JSON.stringify({ name: 'tiny', language: 'wat', limits: { maxWasmMiB: 1 } }));
    // A component whose core module has a 1.5 MiB data segment: bigger than the project allows.
    mkdirSync(join(project, 'src'));
    writeFileSync(join(project, 'src/main.wat'), `(component (core module (memory 32) (data (i32.const 0) "${'\\00'.repeat(1536 * 1024)}")))`);
    const r = cli('build', project);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/over the 1 MiB limit on a \.wasm/);
  });
});

describe('duplicate guest paths', () => {
  it('two --dir flags at one guest path are a usage error naming it', () => {
    const r = cli('run', files.garbage!, '--dir', `${dir}::/data`, '--dir', `${dir}::/data/`);
    expect(oneLine(r, 'run')).toContain('--dir: two mounts at the guest path "/data/" (the same folder as "/data")');
  });

  it("a --dir at a guest path the project's studio.json already mounts is a usage error", () => {
    const project = join(dir, 'mounts');
    mkdirSync(join(project, 'data'), { recursive: true });
    writeFileSync(join(project, 'studio.json'), JSON.stringify({ name: 'mounts', language: 'wat', policy: { mounts: [{ host: 'data', guest: '/data', mode: 'ro' }] } }));
    mkdirSync(join(project, 'src'));
    writeFileSync(join(project, 'src/main.wat'), '(module (func (export "_start")))');
    const r = cli('run', project, '--dir', `${dir}::/./data`);
    expect(oneLine(r, 'run')).toContain('two mounts at the guest path "/./data" (the same folder as "/data")');
  });
});
