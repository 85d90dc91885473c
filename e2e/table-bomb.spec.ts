import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repo, studioPerTest } from './studio-server';

// Grows 12 tables towards 10M entries each. Before tables counted against the memory cap, this
// took the whole studio page down in Chromium (a dedicated worker shares its page's process).
const BOMB = readFileSync(join(repo, 'src-main/cli/fixtures/table-bomb/main.wat'), 'utf8');
const HELLO = readFileSync(join(repo, 'samples/hello-wat/src/main.wat'), 'utf8');

const s = studioPerTest('hello-wat', (dir) => {
  writeFileSync(join(dir, 'src/main.wat'), BOMB);
  const config = JSON.parse(readFileSync(join(dir, 'studio.json'), 'utf8'));
  writeFileSync(join(dir, 'studio.json'), JSON.stringify({ ...config, limits: { maxMemoryMiB: 64 } }));
});

test('a table bomb in the browser engine stops at the cap inside the guest; the page lives and a normal run follows', async ({ page }) => {
  let crashed = false;
  page.on('crash', () => (crashed = true));
  await page.goto(s.studio.url);
  await expect(page.getByTestId('editor').locator('.view-lines')).toContainText('A table bomb');
  await page.getByTestId('run-browser-button').click();
  await expect(page.getByTestId('exit-code-browser')).toHaveAttribute('data-exit-code', '0', { timeout: 60_000 });
  const printed = /grew 12 tables to (\d+) entries in all/.exec((await page.getByTestId('output-browser').textContent()) ?? '');
  // 64 MiB / 16 for tables / 96 bytes an entry = 43690 entries for all of them.
  expect(Number(printed?.[1])).toBeGreaterThan(40_000);
  expect(Number(printed?.[1])).toBeLessThanOrEqual(43_690);

  // The page still answers: its own script runs and the editor takes a new program.
  expect(crashed).toBe(false);
  expect(await page.evaluate(() => document.readyState)).toBe('complete');
  await page.getByTestId('editor').locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  // Monaco indents each inserted line after the one before; whitespace means nothing to WAT.
  await page.keyboard.insertText(HELLO);
  await expect(page.getByTestId('editor').locator('.view-lines')).toContainText('"Hello from a hand-written WAT module!\\n"');
  await page.getByTestId('run-browser-button').click();
  await expect(page.getByTestId('output-browser')).toContainText('Hello from a hand-written WAT module!', { timeout: 60_000 });
  await expect(page.getByTestId('exit-code-browser')).toHaveAttribute('data-exit-code', '0');
  expect(crashed).toBe(false);
});
