import { test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repo = join(import.meta.dirname, '..');

/** A copy of a sample in a temporary folder, so builds and edits never touch the repository. */
export function copySample(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `studio-e2e-${name}-`));
  cpSync(join(repo, 'samples', name), dir, { recursive: true, filter: (src) => !src.includes('/build') });
  return dir;
}

/**
 * A prepare step for a spec that watches a real compile: its sources made unlike any other copy's,
 * so the build cache the whole test run shares (scripts/test-global-setup.ts) cannot answer it.
 */
export const compiledAfresh =
  (...sources: string[]) =>
  (dir: string): void => {
    for (const f of sources) appendFileSync(join(dir, f), `\n// ${randomUUID()}\n`);
  };

export interface StudioServer {
  url: string;
  origin: string;
  token: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The studio's per-user folders (recent projects, copies of samples), kept out of the real home folder. */
export interface UserDirs {
  configDir: string;
  projectsDir: string;
}

/** Fresh per-user folders in a temporary folder. */
export function tempUserDirs(): UserDirs {
  const root = mkdtempSync(join(tmpdir(), 'studio-e2e-user-'));
  return { configDir: join(root, 'config'), projectsDir: join(root, 'projects') };
}

/** Starts `component-studio web` on a free port (on a project, or none: the welcome screen) and waits for the URL it prints. */
export async function startStudio(projectDir: string | null, user: UserDirs = defaultUserDirs()): Promise<StudioServer> {
  const args = [join(repo, 'bin/component-studio.js'), 'web', ...(projectDir ? [projectDir] : []), '--port', '0'];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, COMPONENT_STUDIO_CONFIG_DIR: user.configDir, COMPONENT_STUDIO_PROJECTS_DIR: user.projectsDir },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the studio did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the studio exited with ${code}:\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        // Already gone (an exit code, or killed by a signal): nothing to wait for.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

let shared: UserDirs | null = null;
/** Specs that do not look at recents share one temporary set, so a test run never writes to the real ~/.config. */
function defaultUserDirs(): UserDirs {
  if (!shared) {
    const dirs = tempUserDirs();
    // The test worker's own exit removes them: no spec owns them, so no afterEach would.
    process.once('exit', () => rmSync(join(dirs.configDir, '..'), { recursive: true, force: true }));
    shared = dirs;
  }
  return shared;
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface StudioPerTest {
  readonly dir: string;
  readonly studio: StudioServer;
  /** Starts the studio again, on the same project or another folder. */
  restart(projectDir?: string): Promise<void>;
}

/** A fresh copy of a sample and a studio on it for every test of the file, stopped and removed after. */
export function studioPerTest(sample: string, prepare?: (dir: string) => void): StudioPerTest {
  let dir = '';
  let studio: StudioServer | null = null;
  test.beforeEach(async () => {
    dir = copySample(sample);
    prepare?.(dir);
    studio = await startStudio(dir);
  });
  test.afterEach(async () => {
    await studio?.stop();
    cleanup(dir);
  });
  return {
    get dir() {
      return dir;
    },
    get studio() {
      return studio!;
    },
    async restart(projectDir = dir) {
      await studio?.stop();
      studio = await startStudio(projectDir);
    },
  };
}
