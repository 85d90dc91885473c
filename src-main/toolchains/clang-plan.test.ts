import { describe, expect, it, vi } from 'vitest';
import type { RunOptions, Tree } from '@yowasp/clang';

const calls: string[][] = [];
vi.mock('@yowasp/clang', async (importOriginal) => {
  const real = await importOriginal<typeof import('@yowasp/clang')>();
  return {
    ...real,
    runLLVM: (args: string[] | null, files?: Tree, options?: RunOptions) => {
      if (args) calls.push(args);
      return real.runLLVM(args as string[], files, options);
    },
  };
});
const { commands } = await import('@yowasp/clang');
const { runClangPlanned } = await import('./clang-plan');

const quiet = { stdout: () => {}, stderr: () => {} };
const hello = (text: string) => ({ src: { 'main.c': `#include <stdio.h>\nint main(void) { puts("${text}"); return 0; }\n` } });
const driverPasses = () => calls.filter((a) => a.includes('-###')).length;

describe('clang with a kept driver plan', () => {
  it('runs the driver once per argument list, builds each edit from its own source, to the bytes runClang makes', async () => {
    const args = ['clang', '--target=wasm32-wasip1', '-O2', 'src/main.c', '-o', 'a.wasm'];
    calls.length = 0;
    const first = await runClangPlanned(args, hello('first'), quiet);
    const second = await runClangPlanned(args, hello('second'), quiet);
    expect(driverPasses()).toBe(1);
    // cc1 and wasm-ld for each build, one driver pass in all.
    expect(calls.length).toBe(5);
    const text = (t: Tree) => Buffer.from(t['a.wasm'] as Uint8Array).toString('latin1');
    expect(text(first)).toContain('first');
    expect(text(second)).toContain('second');
    expect(text(second)).not.toContain('first');
    expect(second.tmp).toBeUndefined();
    const reference = (await commands.clang(args.slice(1), hello('second'), quiet)) as Tree;
    expect(Buffer.from(second['a.wasm'] as Uint8Array).equals(Buffer.from(reference['a.wasm'] as Uint8Array))).toBe(true);
  }, 120_000);

  it('a driver pass that fails is reported, ends in Exit and is never kept', async () => {
    const args = ['clang', '--target=wasm32-wasip1', '-fno-such-flag', '-c', 'src/main.c', '-o', 'main.o'];
    calls.length = 0;
    for (let i = 0; i < 2; i++) {
      let log = '';
      const collect = { stdout: () => {}, stderr: (b: Uint8Array | null) => void (b && (log += new TextDecoder().decode(b))) };
      await expect(runClangPlanned(args, hello('x'), collect)).rejects.toMatchObject({ code: 1 });
      expect(log).toMatch(/unknown argument: '-fno-such-flag'/);
    }
    expect(driverPasses()).toBe(2);
    expect(calls.length).toBe(2);
  }, 120_000);

  it('an error in a job is an Exit carrying the files, and the next build with those arguments still runs', async () => {
    const args = ['clang', '--target=wasm32-wasip1', '-c', 'src/main.c', '-o', 'main.o'];
    let log = '';
    const collect = { stdout: () => {}, stderr: (b: Uint8Array | null) => void (b && (log += new TextDecoder().decode(b))) };
    await expect(runClangPlanned(args, { src: { 'main.c': 'int main(void) { return 0 }\n' } }, collect)).rejects.toMatchObject({ code: 1 });
    expect(log).toMatch(/src\/main\.c:1:26: error: expected ';'/);
    const ok = await runClangPlanned(args, hello('fixed'), quiet);
    expect(ok['main.o']).toBeInstanceOf(Uint8Array);
  }, 120_000);
});
