import { commands } from '@yowasp/clang';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../paths';

// --clocks, --random and --stdin through the built CLI: each flag grants what its registry entry
// parses, the guest sees exactly that, and nothing is granted without it.
const cli = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, [join(appRoot, 'bin/component-studio.js'), ...args], { encoding: 'utf8', timeout: 120_000, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

let dir: string;
let wasm: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-capability-flags-'));
  const src =
    '#include <stdio.h>\n#include <stdlib.h>\n#include <time.h>\n' +
    'int main(int argc, char** argv) {\n' +
    '  char line[64] = "EOF\\n";\n  if (argv[1][0] == \'i\') { if (!fgets(line, sizeof line, stdin)) line[0] = 0; printf("stdin=%s", line); }\n' +
    '  if (argv[1][0] == \'c\') printf("time=%lld\\n", (long long)time(NULL));\n' +
    '  if (argv[1][0] == \'r\') printf("random=%u\\n", (unsigned)arc4random());\n' +
    '  return 0;\n}\n';
  const out = (await commands.clang(['--target=wasm32-wasip1', '-O2', 'p.c', '-o', 'p.wasm'], { 'p.c': src }, { stderr: () => {} })) as Record<string, Uint8Array>;
  wasm = join(dir, 'p.wasm');
  writeFileSync(wasm, out['p.wasm']!);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('run --clocks, --random and --stdin', () => {
  it('--clocks frozen=INSTANT: both engines read that instant; without the flag the clock is refused', () => {
    const r = cli(['run', wasm, '--engine', 'both', '--clocks', 'frozen=2030-01-01T00:00:00Z', '--', 'clock']);
    expect(r.stdout.match(/time=1893456000\n/g)).toHaveLength(2);
    expect(r.code).toBe(0);
    const denied = cli(['run', wasm, '--json', '--trace', '--', 'clock']);
    const [run] = JSON.parse(denied.stdout).runs;
    expect(run.stdout).not.toContain('time=');
    expect(run.trace.some((t: { interface: string; denied: boolean }) => t.interface.startsWith('wasi:clocks/') && t.denied)).toBe(true);
  });

  it('--random seeded=N draws the same in both engines and every run; another seed draws otherwise', () => {
    const draw = (seed: string) => cli(['run', wasm, '--engine', 'both', '--random', `seeded=${seed}`, '--', 'random']).stdout.match(/random=\d+/g);
    const first = draw('7');
    expect(first).toHaveLength(2);
    expect(first![0]).toBe(first![1]);
    expect(draw('7')).toEqual(first);
    expect(draw('8')![0]).not.toBe(first![0]);
  });

  it('--stdin FILE and --stdin - give the guest that text; without it the guest reads end of file', () => {
    writeFileSync(join(dir, 'in.txt'), 'from a file\n');
    expect(cli(['run', wasm, '--stdin', join(dir, 'in.txt'), '--', 'in']).stdout).toBe('stdin=from a file\n');
    expect(cli(['run', wasm, '--stdin', '-', '--', 'in'], 'piped in\n').stdout).toBe('stdin=piped in\n');
    // The CLI's own input is not the guest's unless --stdin - says so.
    expect(cli(['run', wasm, '--', 'in'], 'not for the guest\n').stdout).toBe('stdin=');
  });

  it('--stdin reads at most 16 MiB: an endless input is a usage error, not a hang', () => {
    const r = cli(['run', wasm, '--stdin', '/dev/zero', '--', 'in']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('component-studio run: --stdin: /dev/zero is larger than 16 MiB, the most a run\'s stdin may hold\n');
  });

  it('a bad value is one line and exit 2; --help lists the flags', () => {
    for (const flag of [['--clocks', 'frozen=soon'], ['--random', 'seeded=x'], ['--stdin', join(dir, 'missing.txt')], ['--stdin', dir]]) {
      const r = cli(['run', wasm, ...flag]);
      expect(r.code, flag.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(flag[0]);
    }
    const help = cli(['run', '--help']).stdout;
    for (const f of ['--clocks real|frozen[=RFC3339]|denied', '--random real|seeded[=N]|denied', '--stdin FILE|-', '--dir HOST[::GUEST[::ro]]', '--allow-http ORIGIN']) expect(help).toContain(f);
  });
});
