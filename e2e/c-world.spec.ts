import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TEMPLATES } from '../src-main/services/templates';
import { buildAndOpenCalls } from './calls-form';
import { cleanup, startStudio, type StudioServer } from './studio-server';

// The c-world template in browser mode: the build generates bindings/ (marked generated, read-only)
// and the calculator's exports are called from the Calls form in both engines.
let dir = '';
let studio: StudioServer | null = null;

test.beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'studio-e2e-c-world-'));
  for (const [rel, text] of Object.entries(TEMPLATES['c-world'].files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text.replaceAll('NAME', 'calc'));
  }
  studio = await startStudio(dir);
});

test.afterEach(async () => {
  await studio?.stop();
  cleanup(dir);
});

test('c-world: stats from the call form returns the same record in both engines; the bindings are generated and read-only', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(studio!.url);
  const form = await buildAndOpenCalls(page, 'calc', 'stats: func(values: list<f64>) -> stats', 'stats');
  const addItem = form.locator('button', { hasText: '+ item' });
  const items = form.locator('.field-list input');
  for (const [i, n] of ['1.5', '2.5', '-1'].entries()) {
    await addItem.click();
    await items.nth(i).fill(n);
  }
  await page.getByTestId('call-both-button').click();
  const stats = '{count: 3, sum: 3, mean: 1}';
  await expect(page.getByTestId('call-result-node')).toContainText(stats, { timeout: 60_000 });
  await expect(page.getByTestId('call-result-browser')).toContainText(stats);
  await expect(form).toContainText('Both engines returned the same value');

  // The build wrote the bindings: shown as generated, without rename or delete, and read-only in the editor.
  const tree = page.getByTestId('file-tree');
  const header = tree.locator('li[data-path="bindings/calculator.h"]');
  await expect(header.getByTestId('generated-file')).toBeVisible();
  await expect(header.getByTestId('rename-file')).toHaveCount(0);
  await header.getByRole('button', { name: /calculator\.h/ }).click();
  const editor = page.getByTestId('editor');
  await expect(editor).toContainText('exports_calculator_divide');
  await editor.locator('.view-lines').click();
  await page.keyboard.type('EDITED');
  await expect(editor).not.toContainText('EDITED');
  await page.screenshot({ path: test.info().outputPath('c-world.png') });
});
