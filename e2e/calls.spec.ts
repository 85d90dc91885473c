import { expect, test, type Page } from '@playwright/test';
import { buildAndOpenCalls } from './calls-form';
import { studioPerTest } from './studio-server';

/** Opens the studio, builds the project and opens the Calls tab on export `name`. */
async function openCalls(page: Page, url: string, sample: string, name: string, signature: string) {
  await page.goto(url);
  return buildAndOpenCalls(page, sample, signature, name);
}

test.describe('greeter-js', () => {
  const s = studioPerTest('greeter-js');

  test('greet("world") from the call form returns the same value in both engines', async ({ page }) => {
    await page.goto(s.studio.url);
    const form = await buildAndOpenCalls(page, 'greeter-js', 'greet: func(name: string) -> string');

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
});

test.describe('stats-js', () => {
  const s = studioPerTest('stats-js');

  test('stats of a list built in the form fields returns the same record in both engines', async ({ page }) => {
    const form = await openCalls(page, s.studio.url, 'stats-js', 'stats', 'stats: func(values: list<f64>) -> summary');
    const addItem = form.locator('button', { hasText: '+ item' });
    const items = form.locator('.field-list input');
    for (const [i, n] of ['1.5', '2.5', '-1'].entries()) {
      await addItem.click();
      await items.nth(i).fill(n);
    }
    await expect(items).toHaveCount(3);
    await expect(form).toContainText('stats([1.5, 2.5, -1])');
    await page.getByTestId('call-both-button').click();
    const summary = '{count: 3, mean: 1, min: -1, max: 2.5}';
    await expect(page.getByTestId('call-result-node')).toContainText(summary, { timeout: 30_000 });
    await expect(page.getByTestId('call-result-browser')).toContainText(summary);
    await expect(form).toContainText('Both engines returned the same value');
    // The form keeps what was typed, for the next call.
    await expect(items).toHaveCount(3);
    await expect(items.nth(1)).toHaveValue('2.5');
    // The run panes show the call like a run: what was called, what it returned, both engines compared.
    for (const engine of ['node', 'browser']) {
      await expect(page.getByTestId(`call-line-${engine}`)).toHaveText(`stats([1.5, 2.5, -1]) → ${summary}`);
      await expect(page.getByTestId(`exit-code-${engine}`)).toHaveText('returned');
    }
    await expect(page.getByTestId('engines-verdict')).toContainText('Both engines agree: same returned value, stdout and stderr');
    // Another function's form does not show this function's results.
    await form.getByLabel('Exported function').selectOption({ label: 'parse-number' });
    await expect(page.getByTestId('call-result-node')).toHaveCount(0);
    await form.getByLabel('Exported function').selectOption({ label: 'stats' });
    await expect(page.getByTestId('call-result-node')).toContainText(summary);
  });

  test('a malformed number in a form field is refused and never sent', async ({ page }) => {
    const form = await openCalls(page, s.studio.url, 'stats-js', 'stats', 'stats: func(values: list<f64>) -> summary');
    const addItem = form.locator('button', { hasText: '+ item' });
    const items = form.locator('.field-list input');
    await addItem.click();
    await items.nth(0).fill('2');
    await addItem.click();
    await items.nth(1).fill('1.2.3');
    await expect(items.nth(1)).toHaveAttribute('aria-invalid', 'true');
    await expect(items.nth(0)).toHaveAttribute('aria-invalid', 'false');
    await expect(form).toContainText('Fix 1 field to call.');
    await expect(page.getByTestId('call-both-button')).toBeDisabled();
    await expect(form.getByRole('button', { name: 'Call Node' })).toBeDisabled();
    await expect(form.getByRole('button', { name: 'Call browser' })).toBeDisabled();
    await expect(page.getByTestId('call-result-node')).toHaveCount(0);
    await expect(page.getByTestId('call-result-browser')).toHaveCount(0);

    // Fixed, the same form calls.
    await items.nth(1).fill('4');
    await expect(page.getByTestId('call-both-button')).toBeEnabled();
    await page.getByTestId('call-both-button').click();
    await expect(page.getByTestId('call-result-node')).toContainText('{count: 2, mean: 3, min: 2, max: 4}', { timeout: 30_000 });
    await expect(page.getByTestId('call-result-browser')).toContainText('{count: 2, mean: 3, min: 2, max: 4}');
  });

  test('parse-number in WAVE text returns ok and err alike in both engines; a malformed text is never sent', async ({ page }) => {
    const form = await openCalls(page, s.studio.url, 'stats-js', 'parse-number', 'parse-number: func(text: string) -> result<s64, parse-error>');
    await form.getByRole('checkbox', { name: 'WAVE text' }).check();
    const wave = page.getByTestId('call-wave');

    // Refused at the form: a bare word is no WAVE string, and an s64 literal is not a string either.
    for (const bad of ['abc', '42', '"42", "43"']) {
      await wave.fill(bad);
      await page.getByTestId('call-both-button').click();
      await expect(form.getByRole('alert')).toBeVisible();
      await expect(page.getByTestId('call-result-node')).toHaveCount(0);
      await expect(page.getByTestId('call-result-browser')).toHaveCount(0);
    }
    await wave.fill('abc');
    await page.getByTestId('call-both-button').click();
    await expect(form.getByRole('alert')).toContainText('expected a string');

    await wave.fill('"42"');
    await page.getByTestId('call-both-button').click();
    await expect(form.getByRole('alert')).toHaveCount(0);
    await expect(page.getByTestId('call-result-node')).toContainText('ok(42)', { timeout: 30_000 });
    await expect(page.getByTestId('call-result-browser')).toContainText('ok(42)');
    await expect(form).toContainText('Both engines returned the same value');

    await wave.fill('"abc"');
    await page.getByTestId('call-both-button').click();
    await expect(page.getByTestId('call-result-node')).toContainText('err(not-a-number("abc"))', { timeout: 30_000 });
    await expect(page.getByTestId('call-result-browser')).toContainText('err(not-a-number("abc"))');
    await expect(form).toContainText('Both engines returned the same value');

    // Beyond what the QuickJS guest holds exactly: an error case without a payload.
    await wave.fill('"9007199254740992"');
    await page.getByTestId('call-both-button').click();
    await expect(page.getByTestId('call-result-node')).toContainText('err(out-of-range)', { timeout: 30_000 });
    await expect(page.getByTestId('call-result-browser')).toContainText('err(out-of-range)');
    await expect(form).toContainText('Both engines returned the same value');
    await page.screenshot({ path: test.info().outputPath('parse-number.png') });
  });
});
