import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engines } from '../src-shared/engine/engine';
import { ChromiumEngine, chromiumEngine } from '../src-main/host/chromium-engine';
import { RunnerPool } from '../src-main/host/engine/runner-pool';
import { samplesDir } from '../src-main/paths';
import { createStudio, type Studio } from '../src-main/services/studio';
import { ToolchainHost } from '../src-main/toolchains/toolchain-host';

/**
 * The studio as a user has it after opening a project: services in this process, the toolchain
 * worker with clang loaded, a warm runner process, and Chromium with the engine page loaded.
 */
export interface WarmStudio {
  toolchains: ToolchainHost;
  runners: RunnerPool;
  chromium: ChromiumEngine;
  /** The engines over a studio's current build, as the UI holds them; the browser one runs in the warm Chromium page. */
  engines(studio: Studio): Engines;
  /** Opens a temp copy of samples/hello-c (its build/ folder left out), optionally with another main.c. */
  open(mainC?: string): Studio;
  /** Opens a temp copy of another sample. */
  openSample(sample: string): Studio;
  /** A temp copy for the command-line baseline, which must not share files with the studio's copy. */
  tempCopy(sample?: string): string;
  dispose(): Promise<void>;
}

export async function startWarmStudio(): Promise<WarmStudio> {
  const toolchains = new ToolchainHost();
  const runners = new RunnerPool();
  const dirs: string[] = [];
  const studios: Studio[] = [];
  const copy = (sample = 'hello-c') => {
    const dir = mkdtempSync(join(tmpdir(), 'studio-bench-'));
    dirs.push(dir);
    const from = join(samplesDir(), sample);
    cpSync(from, dir, { recursive: true, filter: (s) => !s.startsWith(join(from, 'build')) && !s.startsWith(join(from, '.studio')) });
    return dir;
  };
  const openDir = (dir: string) => {
    const studio = createStudio(dir, () => {}, { toolchains, runners });
    studios.push(studio);
    studio.warm();
    return studio;
  };
  const chromium = await ChromiumEngine.start();
  const ws: WarmStudio = {
    toolchains,
    runners,
    chromium,
    engines: (studio) => ({
      node: studio.runs.engine,
      browser: chromiumEngine(async () => chromium, () => studio.handlers['component.prepare']({}), true),
    }),
    open(mainC) {
      const dir = copy();
      if (mainC !== undefined) writeFileSync(join(dir, 'src', 'main.c'), mainC);
      return openDir(dir);
    },
    openSample: (sample) => openDir(copy(sample)),
    tempCopy: copy,
    async dispose() {
      for (const s of studios.splice(0)) s.dispose();
      toolchains.dispose();
      runners.dispose();
      await chromium.close().catch(() => {});
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
  await toolchains.warm();
  return ws;
}
