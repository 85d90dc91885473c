import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { studioPerTest } from './studio-server';

const ctx = studioPerTest('capability-tour');
const saved = () => JSON.parse(readFileSync(join(ctx.dir, 'studio.json'), 'utf8')).policy;

test('the policy text fields split like a shell, show the list they become, refuse a bad env entry and save what they showed', async ({ page }) => {
  await page.goto(ctx.studio.url);
  await page.getByTestId('tab-capabilities').click();
  const args = page.getByTestId('policy-args');
  const env = page.getByTestId('policy-env');
  const mounts = page.getByTestId('policy-mounts');
  const apply = page.getByRole('button', { name: 'Apply and run both' });

  await args.fill(`one "two words" it\\'s`);
  await expect(page.getByTestId('policy-args-list').locator('.chip')).toHaveText(['one', 'two words', "it's"]);

  // Unquoted, the value ends at the blank: the list shows the second word inherited, not hidden.
  await env.fill('GREETING=hi there');
  await expect(page.getByTestId('policy-env-list').locator('.chip')).toHaveText(['GREETING=hi', 'there (from the host)']);
  await env.fill('GREETING=hi two-words');
  await expect(page.getByTestId('policy-env-error')).toHaveText('"two-words" is neither NAME=VALUE nor a variable name to pass from the host');
  await expect(env).toHaveAttribute('aria-invalid', 'true');
  await expect(apply).toBeDisabled();
  await env.fill('GREETING="hi there" HOME=/home/guest');
  await expect(page.getByTestId('policy-env-error')).toHaveCount(0);
  await expect(page.getByTestId('policy-env-list').locator('.chip')).toHaveText(['GREETING=hi there', 'HOME=/home/guest']);

  // One mount syntax: read-write unless ::ro, the guest path as typed.
  await mounts.fill('data::data::rw');
  await expect(page.getByTestId('policy-mounts-error')).toContainText('read-write is the default: leave out ::rw');
  await mounts.fill('data');
  await expect(page.getByTestId('policy-mounts-list').locator('.chip')).toHaveText(['data → data (read-write)']);
  // An allow-list field takes several entries at once, split the same way.
  const sockets = page.getByTestId('policy-sockets');
  await sockets.getByRole('textbox').fill("127.0.0.1:8080 'localhost:*'");
  await sockets.getByRole('button', { name: 'Add' }).click();
  await expect(sockets.locator('.chip')).toHaveText(['127.0.0.1:8080×', 'localhost:*×']);
  await page.locator('form.policy-editor').screenshot({ path: test.info().outputPath('policy-text-fields.png') });

  await apply.click();
  await expect.poll(saved).toMatchObject({
    args: ['one', 'two words', "it's"],
    env: [
      { name: 'GREETING', value: 'hi there' },
      { name: 'HOME', value: '/home/guest' },
    ],
    mounts: [{ host: 'data', guest: 'data', mode: 'rw' }],
    sockets: { mode: 'allow', hosts: ['127.0.0.1:8080', 'localhost:*'] },
  });
  // The sample opens /data/welcome.txt: wasi-libc finds it in the preopen named "data" in both engines.
  for (const engine of ['node', 'browser']) {
    const out = page.getByTestId(`output-${engine}`);
    await expect(out).toContainText(`arguments      3 (one two words it's)`, { timeout: 120_000 });
    await expect(out).toContainText('environment    2 variables, HOME=/home/guest');
    await expect(out).toContainText('file in mount  /data/welcome.txt -> "Welcome');
    await expect(out).toContainText('write          /data/visitors.txt -> appended');
  }
  // The saved policy reads back into the same text, quoted where needed.
  await page.reload();
  await page.getByTestId('tab-capabilities').click();
  await expect(args).toHaveValue(`one 'two words' 'it'\\''s'`);
  await expect(env).toHaveValue(`'GREETING=hi there' HOME=/home/guest`);
  await expect(mounts).toHaveValue('data');
  await page.getByTestId('tab-commands').click();
  await expect(page.getByTestId('command-component-studio')).toContainText(`--dir data --env 'GREETING=hi there' --env HOME=/home/guest`);
});
