import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { studioPerTest } from './studio-server';

const ctx = studioPerTest('hello-c');

async function openStudio(page: Page) {
  await page.goto(ctx.studio.url);
  await expect(page.getByTestId('editor').locator('.view-lines')).toContainText('Hello from a C component');
}

test('builds hello-c and runs the same component in both engines with identical output', async ({ page }) => {
  await openStudio(page);
  await expect(page.getByTestId('file-tree')).toContainText('main.c');
  // The token moved from the address bar into a cookie.
  expect(page.url()).not.toContain('token=');

  await page.getByTestId('build-button').click();
  await expect(page.getByTestId('problems-panel')).toContainText('built build/hello-c.wasm');

  await page.getByTestId('run-both-button').click();
  await expect(page.getByTestId('exit-code-node')).toHaveAttribute('data-exit-code', '0');
  await expect(page.getByTestId('exit-code-browser')).toHaveAttribute('data-exit-code', '0');
  const node = await page.getByTestId('output-node').textContent();
  const browser = await page.getByTestId('output-browser').textContent();
  expect(node).toContain('Hello from a C component!');
  expect(node).toContain('argv[1] = Ada');
  expect(browser).toBe(node);
  await expect(page.getByTestId('engines-verdict')).toContainText('Both engines agree');
  await page.screenshot({ path: test.info().outputPath('after-run-both.png') });
});

test('a C syntax error is listed with file:line:col and nothing stale is run', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('run-both-button').click();
  await expect(page.getByTestId('exit-code-node')).toHaveAttribute('data-exit-code', '0');

  // Break the return statement the way a user would: click it, type, save.
  const source = readFileSync(join(ctx.dir, 'src/main.c'), 'utf8');
  const broken = source.replace('return 0;', 'return 0 +;');
  const editor = page.getByTestId('editor');
  await editor.getByText('return 0;').click();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type(' +');
  await expect(page.getByTestId('file-tree')).toContainText('●');
  await page.keyboard.press('ControlOrMeta+S');
  await expect.poll(() => readFileSync(join(ctx.dir, 'src/main.c'), 'utf8')).toBe(broken);

  await page.getByTestId('build-button').click();
  const problems = page.getByTestId('problems-panel');
  const line = broken.split('\n').findIndex((l) => l.includes('return 0 +;')) + 1;
  await expect(problems).toContainText(new RegExp(`src/main\\.c:${line}:\\d+`));
  await expect(problems).toContainText('expected expression');
  await expect(problems).toContainText('previous component is stale');

  await page.getByTestId('run-both-button').click();
  await expect(page.getByTestId('output-node')).toContainText('build failed');
  await expect(page.getByTestId('output-browser')).toContainText('build failed');
  await expect(page.getByTestId('output-node')).not.toContainText('Hello from a C component');
  // The editor marks the line.
  await expect(editor.locator('.squiggly-error').first()).toBeVisible();
  writeFileSync(join(ctx.dir, 'src/main.c'), source);
});

test('a project folder that does not exist gives a clear message and the studio stays up', async ({ page }) => {
  await ctx.restart(join(ctx.dir, 'no-such-folder'));
  await page.goto(ctx.studio.url);
  await expect(page.getByTestId('no-project')).toContainText('does not exist');
  await expect(page.getByTestId('build-button')).toBeVisible();
});
