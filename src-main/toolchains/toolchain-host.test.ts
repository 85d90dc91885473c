import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ToolchainHost } from './toolchain-host';
import type { ToolchainJob } from './types';

/**
 * The studio's side of the toolchain hop against a worker that misbehaves on purpose (a plain
 * script speaking the channel's wire format): progress and steps reach the build that asked,
 * a malformed output is refused where it arrives, and a worker that dies fails the build clearly.
 */
const dir = mkdtempSync(join(tmpdir(), 'studio-fake-toolchain-'));
const entry = join(dir, 'worker.mjs');
writeFileSync(
  entry,
  `
import { parentPort } from 'node:worker_threads';
parentPort.on('message', (m) => {
  const output = m.params.output;
  if (output === 'die.wasm') process.exit(5);
  parentPort.postMessage({ kind: 'progress', id: m.id, payload: { type: 'progress', message: 'compiling', fraction: 0.5 } });
  parentPort.postMessage({ kind: 'progress', id: m.id, payload: { type: 'step', step: { name: 'compile main.c', ms: -1 } } });
  parentPort.postMessage({ kind: 'progress', id: m.id, payload: { type: 'step', step: { name: 'link', ms: 3 } } });
  const result = output === 'malformed.wasm'
    ? { ok: true, steps: [], log: '', diagnostics: [{ file: 'a.c', line: 'one' }] }
    : { ok: true, steps: [{ name: 'link', ms: 3 }], log: 'built ' + output, diagnostics: [], component: new Uint8Array([0, 97, 115, 109]) };
  parentPort.postMessage({ kind: 'response', id: m.id, ok: true, result });
});
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const job = (output: string): ToolchainJob => ({ language: 'c', sources: { 'main.c': '' }, flags: [], output });

describe('ToolchainHost over the channel', () => {
  it('hands progress and well-formed steps to the build that asked, refuses a malformed output, and a dead worker fails clearly', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const host = new ToolchainHost(entry);
    try {
      const progress: string[] = [];
      const steps: string[] = [];
      const out = await host.build(job('a.wasm'), (m, f) => progress.push(`${m} ${f}`), (s) => steps.push(s.name));
      expect(out).toMatchObject({ ok: true, log: 'built a.wasm' });
      expect(out.component).toBeInstanceOf(Uint8Array);
      expect(progress).toEqual(['compiling 0.5']);
      expect(steps).toEqual(['link']);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/malformed progress of build/));
      await expect(host.build(job('malformed.wasm'), () => {})).rejects.toThrow(/^malformed reply to build: .*diagnostics/s);
      await expect(host.build(job('die.wasm'), () => {})).rejects.toThrow('the toolchain worker stopped (exit code 5)');
      // A new worker for the next build.
      await expect(host.build(job('b.wasm'), () => {})).resolves.toMatchObject({ log: 'built b.wasm' });
    } finally {
      host.dispose();
      warn.mockRestore();
    }
  });
});
