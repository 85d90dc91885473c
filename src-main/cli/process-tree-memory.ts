import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '../paths';

/**
 * Peak resident memory of a CLI run and every process under it (runner, Chromium), in MiB: each
 * process's high-water mark (VmHWM, Linux), polled until the CLI exits, summed. For the tests that
 * check a guest cannot take the host's memory.
 */
export async function peakTreeMiB(args: string[]): Promise<number> {
  const child = spawn(process.execPath, [join(appRoot, 'bin/component-studio.js'), ...args], { stdio: 'ignore' });
  const peaks = new Map<number, number>();
  const poll = () => {
    for (const pid of descendants(child.pid!)) {
      const kb = Number(/VmHWM:\s+(\d+)/.exec(safeRead(`/proc/${pid}/status`))?.[1] ?? 0);
      peaks.set(pid, Math.max(peaks.get(pid) ?? 0, kb));
    }
  };
  // VmHWM is a high-water mark, so a process need only be read once before it exits; each poll
  // reads every process on the machine, and at 5 ms it took a core from the run it measured.
  const timer = setInterval(poll, 25);
  await new Promise((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  return [...peaks.values()].reduce((a, b) => a + b, 0) / 1024;
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = Number(/PPid:\s+(\d+)/.exec(safeRead(`/proc/${entry}/status`))?.[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]!) ?? []));
  return out;
}

const safeRead = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};
