import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Global setup of vitest and Playwright alike. One build cache for the whole run, in place of the
 * user's (src-main/services/build-cache.ts): test files that build the same fixture compile it
 * once, and nothing reaches ~/.cache. Every worker and process the tests start inherits it.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'studio-test-cache-'));
  process.env.COMPONENT_STUDIO_CACHE_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
