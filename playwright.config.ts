import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './src-main/host/chromium-binary';

// Debian's Chromium (its headless shell where installed), never a Playwright browser download
// (none can be fetched here); the browser engine's CLI picks the same (src-main/host/chromium-binary.ts).
const found = chromiumPath();
if (!found) throw new Error('no Chromium found: apt-get install chromium-headless-shell (or chromium), or set CHROMIUM_PATH');
export const CHROMIUM = found;
export const CHROMIUM_ARGS = chromiumArgs(CHROMIUM);

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './scripts/test-global-setup.ts',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  // Runaway specs keep both engines busy; on a 2-core CI machine one spec at a time keeps timings honest.
  workers: process.env.CI ? 1 : 2,
  reporter: [['list']],
  use: {
    viewport: { width: 1440, height: 860 },
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
  },
});
