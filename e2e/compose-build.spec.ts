import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compiledAfresh, studioPerTest } from './studio-server';

// A composition's build in the studio: every member built, each row and problem saying whose it is.
test.describe('compose-polyglot', () => {
  const s = studioPerTest('compose-polyglot', compiledAfresh('src/app/main.c', 'src/lib/words.js'));

  test('Build builds both members; the timing rows and problems name their member', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto(s.studio.url);
    await page.getByTestId('build-button').click();
    const problems = page.getByTestId('problems-panel');
    await expect(problems).toContainText(/built build\/app\.wasm \([\d.]+ KiB\), build\/lib\.wasm \([\d.]+ (KiB|MiB)\)/, { timeout: 150_000 });
    const steps = page.getByTestId('build-timing-numbers').locator('.step');
    await expect(steps.first()).toHaveText(/^app: cache lookup /);
    await expect(steps.filter({ hasText: /^lib: / }).first()).toBeVisible();
    await page.getByTestId('build-timing').screenshot({ path: test.info().outputPath('build-timing.png') });

    // A broken library: its problem says it is the library's, and the app's row is a cache hit.
    writeFileSync(join(s.dir, 'src/lib/words.js'), 'export const words = {\n');
    await page.getByTestId('build-button').click();
    await expect(problems).toContainText('build failed', { timeout: 150_000 });
    await expect(problems.locator('li .member').first()).toHaveText('lib');
    await expect(steps.first()).toHaveText(/^app: cache hit \(sources unchanged\)/);
    await problems.screenshot({ path: test.info().outputPath('problems.png') });
  });
});
