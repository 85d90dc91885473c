import { describe, expect, it } from 'vitest';
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
    expect(out.steps.map((s) => s.name)).toEqual(['compile src/main.c']);
  }, 120_000);
});
