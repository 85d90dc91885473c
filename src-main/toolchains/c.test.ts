import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { commands, type Tree } from '@yowasp/clang';
import { componentNew, preview1AdapterCommandPath } from '@bytecodealliance/jco';
import { buildC } from './c';

const noop = () => {};

describe('C and C++ toolchain', () => {
  it('builds C++ file by file, then links and adapts, with exceptions off by default', async () => {
    const out = await buildC(
      {
        'src/main.cpp': '#include <cstdio>\n#include "greet.h"\nint main(int argc, char **argv) { std::printf("%s %d\\n", greeting(), argc); return 0; }\n',
        'src/greet.cpp': '#include "greet.h"\nconst char *greeting() { try { return "hi"; } catch (...) { return "?"; } }\n',
        'src/greet.h': 'const char *greeting();\n',
      },
      { cpp: true, flags: ['-O2', '-Wall'], output: 'x.core.wasm' },
      noop,
    );
    // -fno-exceptions makes the try/catch an error: proof the default is applied.
    expect(out.ok).toBe(false);
    expect(out.diagnostics[0]).toMatchObject({ file: 'src/greet.cpp', line: 2, severity: 'error' });
    expect(out.diagnostics[0]!.message).toMatch(/exceptions/);
  }, 120_000);

  it('reports the steps compile (each file), link, adapt', async () => {
    const out = await buildC(
      {
        'src/main.cpp': '#include <cstdio>\n#include "greet.h"\nint main(int argc, char **argv) { std::printf("%s %d\\n", greeting(), argc); return 0; }\n',
        'src/greet.cpp': '#include "greet.h"\nconst char *greeting() { return "hi"; }\n',
        'src/greet.h': 'const char *greeting();\n',
      },
      { cpp: true, flags: ['-O2', '-Wall'], output: 'x.core.wasm' },
      noop,
    );
    expect(out.diagnostics).toEqual([]);
    expect(out.ok).toBe(true);
    expect(out.steps.map((s) => s.name)).toEqual(['compile src/main.cpp', 'compile src/greet.cpp', 'link', 'adapt (preview1 → component)']);
    expect(out.component![4]).toBe(0x0d);
  }, 120_000);

  it('a missing include is clang’s own located error', async () => {
    const out = await buildC({ 'src/main.c': '#include "nope.h"\nint main(void) { return 0; }\n' }, { cpp: false, flags: [], output: 'x.wasm' }, noop);
    expect(out.ok).toBe(false);
    expect(out.diagnostics[0]).toMatchObject({ file: 'src/main.c', line: 1, column: 10, severity: 'error', message: "'nope.h' file not found" });
    expect(out.steps.map((s) => s.name)).toEqual(['compile+link src/main.c']);
  }, 120_000);

  it('one C file is compiled and linked in one clang call, to the same module as compile then link', async () => {
    const source = '#include <stdio.h>\nint main(void) { puts("one call"); return 0; }\n';
    const out = await buildC({ 'src/main.c': source }, { cpp: false, flags: ['-O2'], output: 'x.wasm' }, noop);
    expect(out.ok).toBe(true);
    expect(out.steps.map((s) => s.name)).toEqual(['compile+link src/main.c', 'adapt (preview1 → component)']);
    const quiet = { stdout: noop, stderr: noop };
    const compiled = (await commands.clang(['--target=wasm32-wasip1', '-fno-color-diagnostics', '-O2', '-c', 'src/main.c', '-o', 'main.o'], { src: { 'main.c': source } }, quiet)) as Tree;
    const linked = (await commands.clang(['--target=wasm32-wasip1', '-fno-color-diagnostics', '-O2', 'main.o', '-o', 'x.wasm'], { 'main.o': compiled['main.o']! }, quiet)) as Tree;
    const twoSteps = await componentNew(linked['x.wasm'] as Uint8Array, [['wasi_snapshot_preview1', readFileSync(preview1AdapterCommandPath())]]);
    expect(Buffer.from(out.component!).equals(Buffer.from(twoSteps))).toBe(true);
  }, 120_000);

  it('a syntax error in a one-file build points at its file and line', async () => {
    const broken = await buildC({ 'src/main.c': '#include <stdio.h>\n\nint main(void) {\n  puts("x")\n  return 0;\n}\n' }, { cpp: false, flags: ['-O2'], output: 'x.wasm' }, noop);
    expect(broken.ok).toBe(false);
    expect(broken.diagnostics[0]).toMatchObject({ file: 'src/main.c', line: 4, severity: 'error' });
    expect(broken.diagnostics[0]!.message).toMatch(/expected ';'/);
  }, 120_000);
});
