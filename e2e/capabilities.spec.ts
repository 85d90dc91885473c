import { expect, test } from '@playwright/test';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { studioPerTest } from './studio-server';

const ctx = studioPerTest('capability-tour');

/** The tour with `data/` mounted (and clocks and random made deterministic, so it runs to its end). */
function grantData(mode: 'ro' | 'rw') {
  const file = join(ctx.dir, 'studio.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  config.policy = { mounts: [{ host: 'data', guest: '/data', mode }], random: { mode: 'seeded', seed: 7 }, clocks: { mode: 'frozen', at: '2030-01-01T00:00:00Z' } };
  writeFileSync(file, JSON.stringify(config));
}

test('deny by default in both engines; the inspector shows it; a fix-it grant makes the next run get further', async ({ page }) => {
  await page.goto(ctx.studio.url);
  await page.getByTestId('run-both-button').click();
  for (const engine of ['node', 'browser']) {
    await expect(page.getByTestId(`exit-code-${engine}`)).toHaveText('trapped', { timeout: 60_000 });
    const out = page.getByTestId(`output-${engine}`);
    await expect(out).toContainText('arguments      0 ()');
    await expect(out).toContainText('environment    0 variables, HOME=(not set)');
    await expect(out).toContainText('random capability denied by policy (wasi:random/random.get-random-bytes)');
  }
  await expect(page.getByTestId('engines-verdict')).toContainText('Both engines agree');

  await page.getByTestId('tab-capabilities').click();
  const inspector = page.getByTestId('capability-inspector');
  await expect(inspector.locator('tr[data-capability=random]')).toHaveAttribute('data-state', 'denied');
  await expect(inspector.locator('tr[data-capability=sockets]')).toHaveAttribute('data-state', 'unused');

  // The trace shows the refusal in both engines, marked denied.
  await page.getByTestId('tab-trace').click();
  await page.getByTestId('trace-denied-only').check();
  await expect(page.getByTestId('trace-row')).toHaveCount(2);
  await expect(page.getByTestId('trace-row').first()).toContainText('get-random-bytes');

  // Apply the fix-it beside the denial: random is seeded and both engines run again.
  await page.getByTestId('trace-row').first().getByRole('button', { name: 'Seed random' }).click();
  for (const engine of ['node', 'browser']) {
    await expect(page.getByTestId(`output-${engine}`)).toContainText(/random\s+\d+/, { timeout: 60_000 });
    await expect(page.getByTestId(`output-${engine}`)).toContainText('clocks capability denied by policy');
  }
  const node = await page.getByTestId('output-node').textContent();
  expect(await page.getByTestId('output-browser').textContent()).toBe(node);
  await page.getByTestId('tab-capabilities').click();
  await expect(inspector.locator('tr[data-capability=random]')).toHaveAttribute('data-state', 'granted');
  await page.screenshot({ path: test.info().outputPath('inspector.png') });
});

test('a read-write mount in the browser engine is a snapshot: its writes are shown and can be written back', async ({ page }) => {
  grantData('rw');
  await ctx.restart();
  await page.goto(ctx.studio.url);
  await page.getByTestId('run-browser-button').click();
  await expect(page.getByTestId('exit-code-browser')).toHaveAttribute('data-exit-code', '0', { timeout: 60_000 });
  await expect(page.getByTestId('output-browser')).toContainText('write          /data/visitors.txt -> appended');
  // The browser engine wrote into its snapshot, not the disk.
  expect(existsSync(join(ctx.dir, 'data/visitors.txt'))).toBe(false);
  const changes = page.getByTestId('snapshot-changes');
  await expect(changes).toContainText('added /data/visitors.txt');
  await expect(changes).toContainText('+ a visitor was here');
  await changes.getByRole('button', { name: 'Write back to the host folder' }).click();
  await expect(changes).toContainText('written to');
  expect(readFileSync(join(ctx.dir, 'data/visitors.txt'), 'utf8')).toBe('a visitor was here\n');
  rmSync(join(ctx.dir, 'data/visitors.txt'));
});

test('the snapshot diff shows only what the guest changed; writing back over the Node engine\'s write of the same run asks first', async ({ page }) => {
  grantData('rw');
  writeFileSync(join(ctx.dir, 'data/visitors.txt'), 'first visitor\n\nsecond visitor\n');
  await ctx.restart();
  await page.goto(ctx.studio.url);
  await page.getByTestId('run-both-button').click();
  for (const engine of ['node', 'browser']) await expect(page.getByTestId(`exit-code-${engine}`)).toHaveAttribute('data-exit-code', '0', { timeout: 60_000 });
  // Node appended to the real file; the browser engine to its snapshot of the file as it was.
  const appended = 'first visitor\n\nsecond visitor\na visitor was here\n';
  expect(readFileSync(join(ctx.dir, 'data/visitors.txt'), 'utf8')).toBe(appended);
  const changes = page.getByTestId('snapshot-changes');
  await expect(changes).toContainText('modified /data/visitors.txt');
  const diff = changes.locator('pre.diff');
  await expect(diff.locator('.add')).toHaveText(['+ a visitor was here\n']);
  await expect(diff.locator('.del')).toHaveCount(0);
  await expect(diff.locator('.same')).toHaveText(['  first visitor\n', '  \n', '  second visitor\n']);

  await changes.getByRole('button', { name: 'Write back to the host folder' }).click();
  await expect(page.getByTestId('write-back-conflict')).toContainText('/data/visitors.txt changed on the host since the browser engine\'s snapshot was taken');
  expect(readFileSync(join(ctx.dir, 'data/visitors.txt'), 'utf8')).toBe(appended);
  await page.getByTestId('write-back-conflict').getByRole('button', { name: 'Overwrite anyway' }).click();
  await expect(changes).toContainText('written to');
  // The snapshot's version replaces the file: the browser engine's one append on the original.
  expect(readFileSync(join(ctx.dir, 'data/visitors.txt'), 'utf8')).toBe(appended);
});

test('a path out of a mount is refused at the sandbox\'s walls: traced as denied, with no fix-it to offer', async ({ page }) => {
  grantData('ro');
  await ctx.restart();
  await page.goto(ctx.studio.url);
  await page.getByTestId('run-both-button').click();
  for (const engine of ['node', 'browser']) await expect(page.getByTestId(`output-${engine}`)).toContainText('escape by ..', { timeout: 60_000 });
  await page.getByTestId('tab-trace').click();
  await page.getByTestId('trace-denied-only').check();
  const escape = page.getByTestId('trace-row').filter({ hasText: 'climbs out of the mount' });
  await expect(escape).toHaveCount(2); // one per engine
  for (const row of await escape.all()) {
    await expect(row).toContainText('no grant lifts this');
    await expect(row.locator('button.fixit')).toHaveCount(0);
  }
});

test('clocks and random have their own controls: deterministic mode shows the real seed, and changing one keeps the other', async ({ page }) => {
  const policy = () => JSON.parse(readFileSync(join(ctx.dir, 'studio.json'), 'utf8')).policy;
  await page.goto(ctx.studio.url);
  await page.getByTestId('tab-capabilities').click();
  await page.getByRole('button', { name: 'Make deterministic' }).click();
  await expect(page.getByTestId('deterministic')).toContainText('random is seeded with 42');
  for (const engine of ['node', 'browser']) await expect(page.getByTestId(`output-${engine}`)).toContainText('clock          2030-01-01 00:00:00 UTC', { timeout: 60_000 });
  const first = await page.getByTestId('output-node').textContent();
  expect(await page.getByTestId('output-browser').textContent()).toBe(first);

  // Another seed, typed in the editor: the label follows it, the clock stays frozen, the numbers change.
  await page.getByTestId('policy-random-seed').fill('8');
  await page.getByRole('button', { name: 'Apply and run both' }).click();
  await expect(page.getByTestId('deterministic')).toContainText('random is seeded with 8');
  await expect.poll(() => policy().random).toEqual({ mode: 'seeded', seed: 8 });
  expect(policy().clocks).toEqual({ mode: 'frozen', at: '2030-01-01T00:00:00Z' });
  await expect(page.getByTestId('output-node')).not.toHaveText(first!, { timeout: 60_000 });

  // The real clock: random keeps its seed, nothing is set back to denied.
  await page.getByTestId('policy-clocks').selectOption('real');
  await page.getByRole('button', { name: 'Apply and run both' }).click();
  await expect.poll(() => policy().clocks).toEqual({ mode: 'real' });
  expect(policy().random).toEqual({ mode: 'seeded', seed: 8 });
  await expect(page.getByTestId('deterministic')).toContainText('Make deterministic');

  // A frozen instant that is not a date-time is named and never saved.
  await page.getByTestId('policy-clocks').selectOption('frozen');
  await page.getByTestId('policy-clocks-at').fill('tomorrow');
  await expect(page.getByRole('alert').filter({ hasText: 'the frozen clock needs a date and time' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Apply and run both' })).toBeDisabled();
});
