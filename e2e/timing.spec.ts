import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { studioPerTest } from './studio-server';

const s = studioPerTest('hello-c');

test('the timing panel draws the build steps as they finish, then each engine\'s run phases on one scale', async ({ page }) => {
  await page.goto(s.studio.url);
  const build = page.getByTestId('build-timing-numbers');
  await page.getByTestId('build-button').click();
  // Steps arrive while the build is still going: the row says so until the last one.
  await expect(build).toContainText(/cache lookup .*building…/);
  await expect(build).toHaveText(/^cache lookup [\d.]+ · compile src\/main\.c [\d.]+ · link [\d.]+ · adapt \(preview1 → component\) [\d.]+ = [\d.]+ ms$/, { timeout: 60_000 });
  await expect(page.getByTestId('build-timing').locator('.bar')).toHaveCount(4);

  await page.getByTestId('run-both-button').click();
  for (const engine of ['node', 'browser']) {
    const row = page.getByTestId('timing-panel').locator(`.timing-row[data-engine="${engine}"]`);
    await expect(row.getByTestId('timing-numbers')).toContainText(/instantiate [\d.]+ · run [\d.]+ = [\d.]+ ms/);
    await expect(row.locator('.bar.phase-run')).toHaveCount(1);
    // The first run of a component compiles its core modules: each is listed with its size and time.
    await expect(row.getByTestId('timing-compiled')).toHaveText(/^compiled hello-c\.core\.wasm \([\d.]+ KiB\) [\d.]+ ms( · \S+ \([\d.]+ (KiB|B)\) [\d.]+ ms)+$/);
  }
  await page.getByTestId('run-both-button').click();
  // Two runs in each engine in the history; the second paid for no compile.
  await expect(page.locator('.history-bar')).toHaveCount(4);
  await expect(page.getByTestId('timing-compiled')).toHaveCount(0);
  if (process.env.SHOT) await page.screenshot({ path: process.env.SHOT });
});

test('a run in progress shows its finished phases and a live bar that grows, in each engine', async ({ page }) => {
  writeFileSync(join(s.dir, 'src/main.c'), 'int main(void) { volatile int x = 0; for (;;) x++; }\n');
  const config = JSON.parse(readFileSync(join(s.dir, 'studio.json'), 'utf8'));
  writeFileSync(join(s.dir, 'studio.json'), JSON.stringify({ ...config, limits: { timeoutMs: 3000 } }));
  await page.goto(s.studio.url);
  await page.getByTestId('run-both-button').click();
  for (const engine of ['node', 'browser']) {
    const row = page.getByTestId('timing-panel').locator(`.timing-row[data-engine="${engine}"]`);
    const live = row.locator('.bar.live');
    await expect(live).toBeVisible({ timeout: 60_000 });
    // The phases already done arrive as the guest starts: drawn while the run goes on.
    await expect(row.getByTestId('timing-live')).toContainText(/instantiate [\d.]+ · running… [\d.]+ ms/);
    await expect(row.locator('.bar.phase-instantiate')).toHaveCount(1);
    const first = Number(/([\d.]+) ms so far/.exec((await live.getAttribute('title')) ?? '')?.[1]);
    await page.waitForTimeout(300);
    const later = Number(/([\d.]+) ms so far/.exec((await live.getAttribute('title')) ?? '')?.[1]);
    expect(later).toBeGreaterThan(first);
  }
  await expect(page.getByTestId('exit-code-node')).toHaveText('timed out', { timeout: 10_000 });
  await expect(page.getByTestId('exit-code-browser')).toHaveText('timed out', { timeout: 10_000 });
});
