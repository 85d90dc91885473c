import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '@yowasp/clang';
import { CHROMIUM_ENDPOINT_ENV } from '../host/chromium-engine';
import { appRoot } from '../paths';
import { descendants } from './process-tree-memory';

const dir = mkdtempSync(join(tmpdir(), 'studio-endpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI, noting every program name seen under it while it runs. */
async function runWatched(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [join(appRoot, 'bin/component-studio.js'), ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const seen = new Set<string>();
  const timer = setInterval(() => {
    for (const pid of descendants(child.pid!)) {
      try {
        seen.add(readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
      } catch {
        // gone meanwhile
      }
    }
  }, 20);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  return { code, stdout, stderr, seen };
}

describe(`${CHROMIUM_ENDPOINT_ENV}`, () => {
  it('the browser engine opens its page in the Chromium given and starts none of its own; one not there is a clear error', async () => {
    const endpoint = process.env[CHROMIUM_ENDPOINT_ENV];
    expect(endpoint, 'the vitest run shares one Chromium (scripts/vitest-chromium.ts)').toMatch(/^ws:\/\//);
    const out = (await commands.clang(['--target=wasm32-wasip1', '-O2', 'p.c', '-o', 'p.wasm'], { 'p.c': '#include <stdio.h>\nint main(void) { puts("in the shared one"); return 0; }\n' }, { stderr: () => {} })) as Record<string, Uint8Array>;
    const wasm = join(dir, 'p.wasm');
    writeFileSync(wasm, out['p.wasm']!);

    const shared = await runWatched(['run', wasm, '--engine', 'browser'], { ...process.env, [CHROMIUM_ENDPOINT_ENV]: endpoint });
    expect(shared.code, shared.stderr).toBe(0);
    expect(shared.stdout).toBe('in the shared one\n');
    expect([...shared.seen].filter((c) => /chrom/i.test(c))).toEqual([]);

    // The control: without it, the command starts Chromium under itself.
    const { [CHROMIUM_ENDPOINT_ENV]: _given, ...own } = process.env;
    const alone = await runWatched(['run', wasm, '--engine', 'browser'], own);
    expect(alone.stdout).toBe('in the shared one\n');
    expect([...alone.seen].some((c) => /chrom/i.test(c))).toBe(true);

    const gone = await runWatched(['run', wasm, '--engine', 'browser'], { ...process.env, [CHROMIUM_ENDPOINT_ENV]: 'ws://127.0.0.1:9/nothing-here' });
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(new RegExp(`the Chromium at ws://127\\.0\\.0\\.1:9/nothing-here \\(${CHROMIUM_ENDPOINT_ENV}\\) could not be reached`));
  }, 120_000);
});
