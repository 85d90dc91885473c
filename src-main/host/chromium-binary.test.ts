import { describe, expect, it } from 'vitest';
import { chromiumArgs } from './chromium-binary';

describe('chromiumArgs', () => {
  it('turns off V8\'s trap handler in a headless shell only (its renderer dies on an out-of-bounds access with it)', () => {
    const off = '--disable-features=WebAssemblyTrapHandler';
    for (const shell of ['/usr/bin/chromium-headless-shell', '/usr/lib/chromium/chromium-headless-shell', '/opt/chrome-headless-shell', '/x/headless_shell']) {
      expect(chromiumArgs(shell), shell).toContain(off);
    }
    for (const full of ['/usr/bin/chromium', '/usr/bin/google-chrome']) expect(chromiumArgs(full), full).not.toContain(off);
  });
});
