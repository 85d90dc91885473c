import { expect, test } from '@playwright/test';
import { studioPerTest } from './studio-server';

// A composition run in the studio: both engines link the members, each with its own grants, and the
// Composition tab draws the members, the wire between them and the calls that crossed it.
test.describe('compose-polyglot runs linked', () => {
  const s = studioPerTest('compose-polyglot');

  test('Run both: the same output; the Composition tab shows each member, its grants, and the calls over the wire', async ({ page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(s.studio.url);
    await page.getByTestId('run-both-button').click();
    for (const engine of ['node', 'browser']) {
      await expect(page.getByTestId(`exit-code-${engine}`)).toHaveAttribute('data-exit-code', '0', { timeout: 200_000 });
      const out = page.getByTestId(`output-${engine}`);
      await expect(out).toContainText('the library read 5 words; the longest is "capability"');
      await expect(out).toContainText('EACH COMPONENT GETS ONLY ITS OWN GRANTS');
      await expect(out).toContainText('(no folder was granted to the app)');
    }
    await expect(page.getByTestId('engines-verdict')).toContainText('Both engines agree');

    await page.getByTestId('tab-composition').click();
    const view = page.getByTestId('composition-view');
    await expect(view.getByTestId('composition-member')).toHaveCount(2);
    const lib = view.locator('[data-testid="composition-member"][data-member="lib"]');
    const app = view.locator('[data-testid="composition-member"][data-member="app"]');
    await expect(lib).toContainText('JavaScript');
    await expect(lib).toContainText('/data');
    await expect(app).toContainText('deny all');
    // summarize and shout: two calls from app into lib, in the engine picked.
    const wire = view.getByTestId('composition-wire');
    await expect(wire).toHaveAttribute('data-from', 'lib');
    await expect(wire).toHaveAttribute('data-to', 'app');
    await expect(wire.getByTestId('wire-count')).toHaveText('2 calls');
    await page.getByTestId('composition-engine-browser').click();
    await expect(wire.getByTestId('wire-count')).toHaveText('2 calls');
    await page.locator('.bottom-panel').screenshot({ path: test.info().outputPath('composition.png') });
    await page.screenshot({ path: test.info().outputPath('studio.png') });

    // The trace names who made each call: lib alone opened /data.
    await page.getByTestId('tab-trace').click();
    await page.getByTestId('trace-component').selectOption('lib');
    await expect(page.getByTestId('trace-row').filter({ hasText: 'open-at' }).first()).toBeVisible();
    await page.getByTestId('trace-component').selectOption('app');
    await expect(page.getByTestId('trace-row').filter({ hasText: 'open-at' })).toHaveCount(0);
    await expect(page.getByTestId('trace-row').filter({ hasText: 'get-directories' }).first()).toContainText('[]');

    // The Commands tab gives the WAC document that would make one binary of it.
    await page.getByTestId('tab-commands').click();
    await expect(page.getByTestId('command-wac-document')).toContainText('let lib = new');
    await expect(page.getByTestId('command-wac-compose')).toContainText('wac compose');

    // A box opens its member's source.
    await page.getByTestId('tab-composition').click();
    await lib.click();
    await expect(page.getByTestId('file-tree').locator('li[data-path="src/lib/words.js"] button.file.active')).toBeVisible();
  });
});
