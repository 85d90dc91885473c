import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { studioPerTest } from './studio-server';

// A project allowing 1 MiB per .wasm, so an oversized file stays small enough to hand to the page.
const ctx = studioPerTest('hello-c', (dir) => {
  const config = JSON.parse(readFileSync(join(dir, 'studio.json'), 'utf8'));
  writeFileSync(join(dir, 'studio.json'), JSON.stringify({ ...config, limits: { maxWasmMiB: 1 } }));
});

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

test('Open .wasm refuses a malformed component in one line and an oversized one before sending it', async ({ page }) => {
  await page.goto(ctx.studio.url);
  await expect(page.getByTestId('editor').locator('.view-lines')).toContainText('Hello from a C component');
  const input = page.getByTestId('open-wasm-input');

  await input.setInputFiles({ name: 'garbage.wasm', mimeType: 'application/wasm', buffer: Buffer.from([...HEADER, 0x82, 0x45, 0xce, 0xbf, 0x61, 0x91]) });
  await expect(page.getByRole('alert').filter({ hasText: 'garbage.wasm' })).toContainText('garbage.wasm is not a valid component: malformed section id (at offset 0x8)');
  await expect(page.getByTestId('opened-component')).toHaveCount(0);

  const big = Buffer.alloc(1024 * 1024 + 1);
  big.set(HEADER);
  await input.setInputFiles({ name: 'big.wasm', mimeType: 'application/wasm', buffer: big });
  await expect(page.getByRole('alert').filter({ hasText: 'big.wasm' })).toContainText('big.wasm is 1.0 MiB (1048577 bytes), over the 1 MiB limit on a .wasm');
  await expect(page.getByTestId('opened-component')).toHaveCount(0);

  // The studio still runs the project.
  await page.getByTestId('run-node-button').click();
  await expect(page.getByTestId('output-node')).toContainText('Hello from a C component!', { timeout: 60_000 });
});
