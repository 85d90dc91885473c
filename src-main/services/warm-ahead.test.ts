import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunnerPool } from '../host/engine/runner-pool';
import { samplesDir } from '../paths';
import type { ToolchainHost } from '../toolchains/toolchain-host';
import { createStudio } from './studio';

// clang is loaded ahead only where a Build will need it. A stand-in toolchain counts the loads and
// "builds" a component header, so the shared build cache of the test run holds the result.
const COMPONENT = new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 0x01, 0]);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function open(main: string) {
  const dir = mkdtempSync(join(tmpdir(), 'warm-ahead-'));
  dirs.push(dir);
  cpSync(join(samplesDir(), 'hello-c'), dir, { recursive: true, filter: (s) => !s.includes('/build') });
  writeFileSync(join(dir, 'src/main.c'), main);
  const loads = { count: 0 };
  const toolchains = {
    warm: async () => void loads.count++,
    build: async () => ({ ok: true, component: COMPONENT, diagnostics: [], steps: [], log: '' }),
    dispose: () => {},
  } as unknown as ToolchainHost;
  const runners = { warm: () => {}, dispose: () => {} } as unknown as RunnerPool;
  return { studio: createStudio(dir, () => {}, { toolchains, runners }), loads };
}

describe('clang is loaded ahead of the Build that needs it', () => {
  it('at open when the sources are in no cache; not when they are, until the first edit', async () => {
    const main = `${readFileSync(join(samplesDir(), 'hello-c/src/main.c'), 'utf8')}\n// ${randomUUID()}\n`;
    const fresh = open(main);
    await fresh.studio.warm();
    expect(fresh.loads.count).toBe(1);
    expect((await fresh.studio.builds.build()).ok).toBe(true);
    fresh.studio.dispose();

    const again = open(main);
    await again.studio.warm();
    expect(again.loads.count).toBe(0);
    await again.studio.handlers['backup.save']({ path: 'src/main.c', content: `${main} `, baseHash: 'x' });
    expect(again.loads.count).toBe(1);
    again.studio.dispose();
  });

  it('never outside an interactive session (the CLI does not warm)', async () => {
    const cli = open(`int main(void) { return 0; } // ${randomUUID()}\n`);
    await cli.studio.handlers['file.write']({ path: 'src/main.c', content: 'int main(void) { return 1; }\n' });
    expect(cli.loads.count).toBe(0);
    cli.studio.dispose();
  });
});
