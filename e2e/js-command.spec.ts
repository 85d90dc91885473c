import { expect, test } from '@playwright/test';
import { dirname, join } from 'node:path';
import { cleanup, startStudio, tempUserDirs, type StudioServer, type UserDirs } from './studio-server';

let user: UserDirs;
let studio: StudioServer | null = null;

test.beforeEach(() => {
  user = tempUserDirs();
});
test.afterEach(async () => {
  await studio?.stop();
  studio = null;
  cleanup(dirname(user.configDir));
});

test('a JavaScript command from New Project builds and runs in both engines with the same output, its WASI calls traced', async ({ page }) => {
  test.setTimeout(180_000);
  studio = await startStudio(null, user);
  await page.goto(studio.url);

  await page.getByTestId('new-project').click();
  await page.getByTestId('new-project-language').selectOption('js-command');
  await expect(page.getByTestId('new-project-summary')).toContainText('wasi:cli command');
  await page.getByTestId('new-project-folder').fill(join(user.projectsDir, 'greet-cmd'));
  await page.getByTestId('new-project-create').click();
  await expect(page.getByTestId('editor').locator('.view-lines')).toContainText('export function run()');
  // No wit/: the world is wasi:cli/command, whose WIT the studio brings.
  await expect(page.getByTestId('file-tree')).not.toContainText('wit');

  await page.getByTestId('run-both-button').click();
  await expect(page.getByTestId('exit-code-node')).toHaveAttribute('data-exit-code', '0', { timeout: 120_000 });
  await expect(page.getByTestId('exit-code-browser')).toHaveAttribute('data-exit-code', '0', { timeout: 60_000 });
  const greeting = 'Hello, Ada! (from greet-cmd, a JavaScript command)';
  await expect(page.getByTestId('output-node')).toContainText(greeting);
  await expect(page.getByTestId('output-node')).toContainText('Hello, Grace! (from greet-cmd, a JavaScript command)');
  expect(await page.getByTestId('output-browser').textContent()).toBe(await page.getByTestId('output-node').textContent());

  await expect(page.getByTestId('engines-verdict')).toContainText('Both engines agree');

  await page.getByTestId('tab-trace').click();
  await expect(page.getByTestId('trace-row').filter({ hasText: 'get-arguments' }).first()).toBeVisible();
  await expect(page.getByTestId('trace-row').filter({ hasText: 'blocking-write-and-flush' }).first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('js-command-ran.png'), fullPage: true });
});
