import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repo = join(import.meta.dirname, '..');

/** A copy of a sample in a temporary folder, so builds and edits never touch the repository. */
export function copySample(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `studio-e2e-${name}-`));
  cpSync(join(repo, 'samples', name), dir, { recursive: true, filter: (src) => !src.includes('/build') });
  return dir;
}

export interface StudioServer {
  url: string;
  origin: string;
  token: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `component-studio web` on a free port and waits for the URL it prints. */
export async function startStudio(projectDir: string): Promise<StudioServer> {
  const child = spawn(process.execPath, [join(repo, 'bin/component-studio.js'), 'web', projectDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
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
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
