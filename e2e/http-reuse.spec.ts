import { expect, test } from '@playwright/test';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, repo, startStudio, studioPerTest, type StudioServer } from './studio-server';

// The Request tab's reuse toggle in both engines, with a C handler that answers how many requests
// its instance has seen (src-main/cli/fixtures/http-counter): the Node engine's runner worker and
// the browser engine's Web Worker each keep their instance while the toggle is on.
test.describe('reusing handler instances', () => {
  let dir = '';
  let studio: StudioServer | null = null;
  test.beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'studio-e2e-http-counter-'));
    cpSync(join(repo, 'src-main/cli/fixtures/http-counter'), dir, { recursive: true, filter: (src) => !/\/(build|bindings|\.studio)(\/|$)/.test(src.slice(repo.length)) });
    studio = await startStudio(dir);
  });
  test.afterEach(async () => {
    await studio?.stop();
    cleanup(dir);
  });

  test('fresh by default (1 every time); with the toggle on, each engine counts up in its kept instance; off again, 1', async ({ page }) => {
    test.setTimeout(400_000); // clang builds in 10–60 s, more on a loaded machine
    await page.goto(studio!.url);
    await page.getByTestId('build-button').click();
    await expect(page.getByTestId('problems-panel')).toContainText('built build/', { timeout: 300_000 });
    await page.getByTestId('tab-request').click();
    const send = async (want: string) => {
      await page.getByTestId('request-send').click();
      for (const engine of ['node', 'browser']) await expect(page.getByTestId(`response-${engine}`).locator('.response-body')).toHaveText(want, { timeout: 60_000 });
      await expect(page.getByTestId('request-send')).toBeEnabled();
    };
    await send('seen 1');
    await send('seen 1');
    await expect(page.getByTestId('reuse-toggle')).not.toBeChecked();
    await page.getByTestId('reuse-toggle').check();
    // The first request with the toggle on instantiates (and its instance is kept); the next ones reuse it.
    await send('seen 1');
    await send('seen 2');
    await send('seen 3');
    for (const engine of ['node', 'browser']) await expect(page.getByTestId(`response-reused-${engine}`)).toHaveText('reused instance');
    await page.getByTestId('load-run').screenshot({ path: test.info().outputPath('reuse-toggle.png') });
    await page.getByTestId('reuse-toggle').uncheck();
    await send('seen 1');
    for (const engine of ['node', 'browser']) await expect(page.getByTestId(`response-timings-${engine}`)).toContainText('instantiate');
  });
});

test.describe('a handler that cannot answer twice', () => {
  const s = studioPerTest('http-hello');

  test('StarlingMonkey with reuse on: every request answered in both engines, the notice said once', async ({ page }) => {
    test.setTimeout(400_000); // StarlingMonkey builds in 5–60 s, more on a loaded machine
    await page.goto(s.studio.url);
    await page.getByTestId('build-button').click();
    await expect(page.getByTestId('problems-panel')).toContainText('built build/http-hello.wasm', { timeout: 240_000 });
    await page.getByTestId('tab-request').click();
    await page.getByTestId('reuse-toggle').check();
    const send = async () => {
      await page.getByTestId('request-send').click();
      for (const engine of ['node', 'browser']) await expect(page.getByTestId(`response-${engine}`).locator('.status')).toHaveText('200', { timeout: 60_000 });
      await expect(page.getByTestId('request-send')).toBeEnabled();
    };
    await send();
    for (const engine of ['node', 'browser']) await expect(page.getByTestId(`response-notice-${engine}`)).toHaveCount(0);
    // The kept instance cannot answer: the request is served again fresh, and the pane says why once.
    await send();
    for (const engine of ['node', 'browser']) await expect(page.getByTestId(`response-notice-${engine}`)).toContainText('cannot answer twice from one instance');
    await send();
    for (const engine of ['node', 'browser']) {
      await expect(page.getByTestId(`response-notice-${engine}`)).toHaveCount(0);
      await expect(page.getByTestId(`response-timings-${engine}`)).toContainText('instantiate');
    }
  });
});
