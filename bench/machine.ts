import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { basename } from 'node:path';
import { chromiumPath } from '../src-main/host/chromium-binary';

/** One line naming what the numbers were measured on. */
export function describeMachine(): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  const mem = `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`;
  const exe = chromiumPath();
  let chromium = 'no Chromium';
  if (exe) {
    try {
      // The headless shell prints the same version line as the browser: the binary tells them apart.
      chromium = `${execFileSync(exe, ['--version'], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim()} (${basename(exe)})`;
    } catch (err) {
      chromium = `Chromium at ${exe} (version unknown: ${(err as Error).message.split('\n')[0]})`;
    }
  }
  return `${model}, ${cpu.length} cores, ${mem}, Node ${process.version}, ${chromium}`;
}
