import { existsSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * The system Chromium: CHROMIUM_PATH, else Debian's headless shell, else Debian's Chromium. The
 * headless shell (package chromium-headless-shell, "old headless") is the same Blink and V8 as the
 * chromium package of its version without the browser around them: a CLI run in the browser
 * engine costs ~0.35 s of CPU in Chromium with it against ~1.35 s with the full browser (hello-c).
 */
export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium-headless-shell', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p): p is string => Boolean(p && existsSync(p))) ?? null;
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Flags for `exe`. The headless shell's renderer dies on a Wasm out-of-bounds access when V8's
 * trap handler catches it (Debian's 156: "Target crashed" where Chromium reports the trap), so
 * there V8 checks bounds in code instead: the same traps and results, a little slower per access.
 */
export function chromiumArgs(exe: string): string[] {
  return /headless.shell/.test(basename(exe)) ? [...ARGS, '--disable-features=WebAssemblyTrapHandler'] : ARGS;
}
