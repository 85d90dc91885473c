import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { studioPerTest } from './studio-server';

// Busy for a moment (so its first write is posted at once: output is posted in batches by time at
// each write), then writes 300 lines one write each (milliseconds), says so on stderr, and spins.
const WRITE_THEN_SPIN =
  '#include <stdio.h>\n#include <unistd.h>\nint main(void) {\n  char line[16];\n' +
  '  for (volatile int j = 0; j < 100000000; j++);\n' +
  '  for (int i = 0; i < 300; i++) write(1, line, snprintf(line, sizeof line, "line %04d\\n", i));\n' +
  '  write(2, "now spinning\\n", 13);\n  volatile int x = 0;\n  for (;;) x++;\n}\n';

const s = studioPerTest('hello-c', (dir) => writeFileSync(join(dir, 'src/main.c'), WRITE_THEN_SPIN));

test('Stop keeps everything the guest wrote before it, in both engines, and the pane shows its end', async ({ page }) => {
  await page.goto(s.studio.url);
  // The browser engine's run journal is shared memory, which needs a cross-origin isolated page.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.getByTestId('run-both-button').click();
  for (const engine of ['node', 'browser']) await expect(page.getByTestId(`output-${engine}`)).toContainText('line 0000', { timeout: 60_000 });
  // Long after the writes are done, the guest is spinning; what it wrote last was never posted.
  await page.waitForTimeout(2000);
  await page.getByTestId('stop-button').click();
  for (const engine of ['node', 'browser']) {
    await expect(page.getByTestId(`exit-code-${engine}`)).toHaveText('stopped');
    const pane = page.getByTestId(`output-${engine}`);
    const text = await pane.textContent();
    const lines = [...(text ?? '').matchAll(/line (\d{4})/g)].map((m) => Number(m[1]));
    expect(lines, engine).toEqual(Array.from({ length: 300 }, (_, i) => i));
    await expect(pane).toContainText('now spinning');
    // The pane follows its tail: the reason the run ended is in view, not below the fold.
    await expect(pane.locator('.run-error').last()).toHaveText('stopped by the user');
    await expect(pane.locator('.run-error').last()).toBeInViewport();
  }
  // The timing panel keeps each engine's phases, the run lasting until the Stop (2 s and more).
  const numbers = page.getByTestId('timing-panel').getByTestId('timing-numbers');
  await expect(numbers).toHaveCount(2);
  for (const text of await numbers.allTextContents()) {
    const run = /run ([\d.]+) (ms|s)/.exec(text);
    expect(run, text).not.toBeNull();
    expect(Number(run![1]) * (run![2] === 's' ? 1000 : 1)).toBeGreaterThan(1500);
  }
  // The trace keeps the calls made before the Stop, in both engines.
  await page.getByTestId('tab-trace').click();
  for (const engine of ['node', 'browser']) {
    await expect(page.getByTestId('trace-row').filter({ hasText: engine }).filter({ hasText: 'write' }).first()).toBeVisible();
  }
  // Long arguments wrap between words, never inside one.
  expect(await page.getByTestId('trace-row').first().locator('td.call').evaluate((td) => getComputedStyle(td).wordBreak)).toBe('normal');
  await page.screenshot({ path: test.info().outputPath('stopped-run.png') });
});
