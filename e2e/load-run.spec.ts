import { expect, test } from '@playwright/test';
import { studioPerTest } from './studio-server';

test.describe('load runs in the Request tab', () => {
  const s = studioPerTest('http-hello');

  test('N requests at concurrency C per engine: a progress bar while it runs, then requests/s, percentiles and a histogram', async ({ page }) => {
    test.setTimeout(400_000); // StarlingMonkey builds in 5–60 s, more on a loaded machine
    await page.goto(s.studio.url);
    await page.getByTestId('build-button').click();
    await expect(page.getByTestId('problems-panel')).toContainText('built build/http-hello.wasm', { timeout: 240_000 });
    await page.getByTestId('tab-request').click();
    await page.getByTestId('request-path').fill('/json?name=load');
    await page.getByTestId('load-count').fill('6');
    await page.getByTestId('load-concurrency').fill('2');
    await page.getByTestId('load-button').click();
    await expect(page.getByTestId('load-progress-node')).toBeVisible();
    await expect(page.getByTestId('load-button')).toBeDisabled();
    await page.screenshot({ path: test.info().outputPath('load-running.png') });
    for (const engine of ['node', 'browser']) {
      const pane = page.getByTestId(`load-${engine}`);
      await expect(pane).toContainText('requests/s', { timeout: 150_000 });
      await expect(pane).toContainText('6 / 6');
      await expect(pane).toContainText(/p50 [\d.]+ ms · p90 [\d.]+ ms · p99 [\d.]+ ms/);
      await expect(pane).not.toContainText('failed');
      // Every request lands in one bin of the histogram.
      const counts = await pane.locator('.histogram-bin').evaluateAll((bins) => bins.map((b) => Number(/: (\d+)$/.exec(b.getAttribute('title') ?? '')?.[1])));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(6);
    }
    await expect(page.getByTestId('load-button')).toBeEnabled();
    // The Request tab scrolls inside its panel: shoot the load run itself.
    await page.getByTestId('load-run').screenshot({ path: test.info().outputPath('load-histogram.png') });
  });
});
