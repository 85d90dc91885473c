import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_ENDPOINT_ENV, chromiumPath } from '../src-main/host/chromium-engine';

/**
 * Global setup of vitest: one Chromium for the whole run, which every CLI command the tests start
 * (and every in-process ChromiumEngine) opens its pages in, instead of starting a Chromium each:
 * ~0.6 s of CPU per browser-engine command. The tests that measure a command's own process tree
 * (process-tree-memory.ts) take it out of their command's environment.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const exe = chromiumPath();
  if (!exe) return undefined; // each browser-engine test then says no Chromium was found
  const server = await chromium.launchServer({ executablePath: exe, args: CHROMIUM_ARGS });
  process.env[CHROMIUM_ENDPOINT_ENV] = server.wsEndpoint();
  return () => server.close();
}
