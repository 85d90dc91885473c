import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repo, studioPerTest } from './studio-server';

const ctx = studioPerTest('hello-c');

test('an opened .wasm runs in both engines: a wasip1 module is adapted and says so; anything else is refused by name', async ({ page }) => {
  await page.goto(ctx.studio.url);
  await expect(page.getByTestId('editor').locator('.view-lines')).toContainText('Hello from a C component');
  const input = page.getByTestId('open-wasm-input');

  // A core module from another toolchain: adapted, then run under the project's policy.
  const module = readFileSync(join(repo, 'src-main/cli/fixtures/assemblyscript/as-wasi.wasm'));
  await input.setInputFiles({ name: 'as-wasi.wasm', mimeType: 'application/wasm', buffer: module });
  await expect(page.getByRole('alert').filter({ hasText: 'Opened as-wasi.wasm' })).toContainText('adapted to a component');
  await expect(page.getByTestId('opened-component')).toContainText('as-wasi.wasm (adapted)');
  await page.getByTestId('run-both-button').click();
  for (const engine of ['node', 'browser']) {
    await expect(page.getByTestId(`exit-code-${engine}`)).toHaveAttribute('data-exit-code', '0', { timeout: 30_000 });
    await expect(page.getByTestId(`output-${engine}`)).toContainText('AssemblyScript here, 2 argument(s): Ada Lovelace');
  }

  // Not WebAssembly at all: a clear error naming what was found, and nothing replaced.
  await input.setInputFiles({ name: 'notes.wasm', mimeType: 'application/wasm', buffer: Buffer.from('hello world') });
  await expect(page.getByRole('alert').filter({ hasText: 'notes.wasm' })).toContainText('is not WebAssembly (it starts with 68 65 6c 6c 6f 20 77 6f)');
  await expect(page.getByTestId('opened-component')).toContainText('as-wasi.wasm');

  // Build returns to the project's own sources.
  await page.getByTestId('build-button').click();
  await expect(page.getByTestId('opened-component')).toHaveCount(0);
  await page.getByTestId('run-node-button').click();
  await expect(page.getByTestId('output-node')).toContainText('Hello from a C component!');
});
