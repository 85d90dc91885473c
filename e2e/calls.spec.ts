import { expect, test } from '@playwright/test';
import { cleanup, copySample, startStudio, type StudioServer } from './studio-server';

let dir: string;
let studio: StudioServer;

test.beforeEach(async () => {
  dir = copySample('greeter-js');
  studio = await startStudio(dir);
});

test.afterEach(async () => {
  await studio.stop();
  cleanup(dir);
});

test('greet("world") from the call form returns the same value in both engines', async ({ page }) => {
  await page.goto(studio.url);
  await page.getByTestId('build-button').click();
  await expect(page.getByTestId('problems-panel')).toContainText('built build/greeter-js.wasm', { timeout: 60_000 });
  await page.getByTestId('tab-calls').click();
  const form = page.getByTestId('call-form');
  await expect(form).toContainText('greet: func(name: string) -> string');

  // An invalid value is refused at the form and never sent.
  await form.getByRole('checkbox', { name: 'WAVE text' }).check();
  await page.getByTestId('call-wave').fill('world');
  await page.getByTestId('call-both-button').click();
  await expect(form.getByRole('alert')).toContainText('expected a string');
  await expect(page.getByTestId('call-result-node')).toHaveCount(0);

  await page.getByTestId('call-wave').fill('"world"');
  await page.getByTestId('call-both-button').click();
  await expect(page.getByTestId('call-result-node')).toContainText('"Hello, world! (from JavaScript)"', { timeout: 30_000 });
  await expect(page.getByTestId('call-result-browser')).toContainText('"Hello, world! (from JavaScript)"');
  await expect(form).toContainText('Both engines returned the same value');
  await page.screenshot({ path: test.info().outputPath('call.png') });
});
