import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { studioPerTest } from './studio-server';

// The project already mounts data at /data: adding a second mount at /data/ must be named, not saved.
const ctx = studioPerTest('capability-tour', (dir) => {
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(join(dir, 'other'));
  const config = JSON.parse(readFileSync(join(dir, 'studio.json'), 'utf8'));
  writeFileSync(join(dir, 'studio.json'), JSON.stringify({ ...config, policy: { mounts: [{ host: 'data', guest: '/data', mode: 'ro' }] } }, null, 2));
});

test('the policy editor names a mount whose guest path is taken and does not save it', async ({ page }) => {
  await page.goto(ctx.studio.url);
  await page.getByTestId('tab-capabilities').click();
  const mounts = page.getByTestId('policy-mounts');
  await expect(mounts).toHaveValue('data::/data::ro');
  await expect(page.getByTestId('policy-mounts-error')).toHaveCount(0);

  await mounts.fill('data::/data::ro other::/data/');
  const error = page.getByTestId('policy-mounts-error');
  await expect(error).toHaveText('two mounts at the guest path "/data/" (the same folder as "/data"): each guest path can be mounted once');
  await expect(mounts).toHaveAttribute('aria-invalid', 'true');
  const apply = page.getByRole('button', { name: 'Apply and run both' });
  await expect(apply).toBeDisabled();
  await error.scrollIntoViewIfNeeded();
  await page.locator('form.policy-editor').screenshot({ path: test.info().outputPath('policy-mounts-duplicate.png') });
  // Enter in the field submits the form: still nothing is saved.
  await mounts.press('Enter');
  expect(JSON.parse(readFileSync(join(ctx.dir, 'studio.json'), 'utf8')).policy.mounts).toEqual([{ host: 'data', guest: '/data', mode: 'ro' }]);

  // A free guest path clears the message and saves.
  await mounts.fill('data::/data::ro other::/other');
  await expect(error).toHaveCount(0);
  await apply.click();
  await expect.poll(() => JSON.parse(readFileSync(join(ctx.dir, 'studio.json'), 'utf8')).policy.mounts).toEqual([
    { host: 'data', guest: '/data', mode: 'ro' },
    { host: 'other', guest: '/other', mode: 'rw' },
  ]);
});
