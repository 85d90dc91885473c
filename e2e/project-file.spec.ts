import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { studioPerTest } from './studio-server';

// studio.json edited by hand is what every panel shows and what every later change builds on;
// a broken one is a problem at its line, saved as typed, never a banner that contradicts the tree.
const ctx = studioPerTest('capability-tour');

async function replaceStudioJson(page: Page, text: string) {
  await page.locator('[data-path="studio.json"] button.file').click();
  await expect(page.getByTestId('editor').locator('.view-lines')).toContainText('capability-tour');
  await page.getByTestId('editor').locator('.view-lines').click();
  // Pasted, as a user would bring in a whole file: typing would auto-close brackets and indent.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  // Monaco draws spaces as non-breaking ones.
  const shown = async () => (await page.getByTestId('editor').locator('.view-lines').textContent())!.replace(/\u00a0/g, ' ');
  await expect.poll(shown).toContain(text.split('\n')[4]!.trim());
  await page.keyboard.press('ControlOrMeta+S');
}

const withPolicy = (policy: string) =>
  `{\n  "name": "capability-tour",\n  "language": "c",\n  "build": { "flags": ["-O2", "-Wall"] },\n  "policy": ${policy}\n}\n`;

test('a hand edit of studio.json shows in the policy editor, the inspector and Commands, and a fix-it keeps it', async ({ page }) => {
  await page.goto(ctx.studio.url);
  await replaceStudioJson(page, withPolicy('{ "args": ["from", "the-file"], "stdin": "typed by hand" }'));
  await expect(page.locator('[data-path="studio.json"]')).not.toContainText('●');

  await page.getByTestId('tab-capabilities').click();
  await expect(page.getByTestId('policy-args')).toHaveValue('from the-file');
  await expect(page.getByTestId('capability-inspector').locator('tr[data-capability=args]')).toHaveAttribute('data-state', /granted|unused/);
  await page.screenshot({ path: test.info().outputPath('capabilities-after-hand-edit.png') });
  await page.getByTestId('tab-commands').click();
  await expect(page.getByTestId('command-component-studio')).toContainText('from the-file');

  await page.getByTestId('run-both-button').click();
  for (const engine of ['node', 'browser']) await expect(page.getByTestId(`output-${engine}`)).toContainText('arguments      2 (from the-file)', { timeout: 120_000 });

  // A fix-it changes one field of what the file says now, not of what the studio first read.
  await page.getByTestId('tab-trace').click();
  await page.getByTestId('trace-denied-only').check();
  await page.getByTestId('trace-row').first().getByRole('button', { name: 'Seed random' }).click();
  await expect.poll(() => JSON.parse(readFileSync(join(ctx.dir, 'studio.json'), 'utf8')).policy.random?.mode).toBe('seeded');
  const saved = JSON.parse(readFileSync(join(ctx.dir, 'studio.json'), 'utf8')).policy;
  expect(saved.args).toEqual(['from', 'the-file']);
  expect(saved.stdin).toBe('typed by hand');
});

test('a broken studio.json is saved as typed, listed at its line in Problems, refuses Build, and clears when fixed', async ({ page }) => {
  await page.goto(ctx.studio.url);
  await replaceStudioJson(page, withPolicy('{ "args": 7 }'));
  await expect(page.locator('[data-path="studio.json"]')).not.toContainText('●');
  expect(readFileSync(join(ctx.dir, 'studio.json'), 'utf8')).toContain('"args": 7');
  await page.getByTestId('tab-problems').click();
  const problems = page.getByTestId('problems-panel');
  const entry = problems.locator('li[data-source="studio.json"]');
  await expect(entry).toHaveCount(1);
  await expect(entry.locator('.where')).toHaveText('studio.json:5:15');
  await expect(entry).toContainText('policy.args');
  await expect(page.getByTestId('notice')).toHaveCount(0);

  await page.getByTestId('build-button').click();
  await expect(problems).toContainText('build failed');
  await expect(entry).toHaveCount(1);
  await expect(problems.locator('.count')).toHaveText('1');

  await replaceStudioJson(page, withPolicy('{}'));
  await expect(entry).toHaveCount(0);
  await page.getByTestId('build-button').click();
  await expect(problems).toContainText('built build/capability-tour.wasm', { timeout: 120_000 });
});
