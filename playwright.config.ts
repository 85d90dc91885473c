import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a Playwright browser download (none can be fetched here).
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

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
