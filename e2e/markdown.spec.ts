import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { studioPerTest } from './studio-server';

// A README opens as a page (tables and all), switches to its text for editing, and renders no
// HTML of its own: a hostile README runs nothing in the studio's page.
const ctx = studioPerTest('capability-tour', (dir) =>
  writeFileSync(
    join(dir, 'NOTES.md'),
    '# Notes\n\n<img src=x onerror="window.pwned=1">\n\n<script>window.pwned=2</script>\n\n[click](javascript:window.pwned=3)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
  ),
);

test('a README opens as a rendered page, with a switch to its text', async ({ page }) => {
  await page.goto(ctx.studio.url);
  await page.locator('[data-path="README.md"] button.file').click();
  const preview = page.getByTestId('markdown-preview');
  await expect(preview.getByRole('heading', { name: 'capability-tour' })).toBeVisible();
  await expect(preview.getByRole('table')).toContainText('"args": ["hello", "world"]');
  await page.screenshot({ path: test.info().outputPath('readme.png') });
  await page.getByTestId('markdown-toggle').click();
  await expect(preview).toHaveCount(0);
  await expect(page.getByTestId('editor').locator('.view-lines')).toContainText('# capability-tour');
});

test('HTML and javascript: links in a Markdown file are not run', async ({ page }) => {
  await page.goto(ctx.studio.url);
  await page.locator('[data-path="NOTES.md"] button.file').click();
  const preview = page.getByTestId('markdown-preview');
  await expect(preview.getByRole('heading', { name: 'Notes' })).toBeVisible();
  await expect(preview.locator('img, script')).toHaveCount(0);
  const link = preview.getByText('click');
  expect(await link.getAttribute('href')).not.toMatch(/javascript/i);
  await link.click({ modifiers: [] }).catch(() => {});
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
});
