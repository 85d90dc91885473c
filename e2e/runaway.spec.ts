import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { studioPerTest } from './studio-server';

const s = studioPerTest('hello-c', (dir) =>
  writeFileSync(join(dir, 'src/main.c'), '// spins until stopped\nint main(void) {\n    volatile int x = 0;\n    for (;;) x++;\n}\n'),
);

test('while both engines spin, the editor keeps answering, and Stop ends both runs within a second', async ({ page }) => {
  await page.goto(s.studio.url);
  const editor = page.getByTestId('editor');
  await expect(editor.locator('.view-lines')).toContainText('spins until stopped');
  await page.getByTestId('run-both-button').click();
  await expect(page.getByTestId('exit-code-node')).toHaveText('running…');
  await expect(page.getByTestId('exit-code-browser')).toHaveText('running…');
  // Give the browser engine's worker time to be inside the guest's loop.
  await page.waitForTimeout(500);

  // The longest the page's event loop is blocked, sampled for 1.5 s while typing into Monaco.
  const lag = page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let worst = 0;
        let last = performance.now();
        const end = last + 1500;
        const tick = () => {
          const now = performance.now();
          worst = Math.max(worst, now - last);
          last = now;
          if (now < end) setTimeout(tick, 0);
          else resolve(worst);
        };
        setTimeout(tick, 0);
      }),
  );
  await editor.getByText('spins until stopped').click();
  await page.keyboard.press('End');
  const typed = ' and still typing';
  const t0 = Date.now();
  await page.keyboard.type(typed);
  await expect(editor.locator('.view-lines')).toContainText('spins until stopped' + typed);
  const typingMs = Date.now() - t0;
  expect(await lag).toBeLessThan(100);
  expect(typingMs).toBeLessThan(typed.length * 100);

  const stopAt = Date.now();
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('exit-code-node')).toHaveText('stopped', { timeout: 1000 });
  await expect(page.getByTestId('exit-code-browser')).toHaveText('stopped', { timeout: 1000 });
  expect(Date.now() - stopAt).toBeLessThan(1000);

  // After a stopped run, a normal one works in both engines (Run saves the editor's text first).
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('int main(void) { return 0; }');
  await page.getByTestId('run-both-button').click();
  await expect(page.getByTestId('exit-code-node')).toHaveAttribute('data-exit-code', '0');
  await expect(page.getByTestId('exit-code-browser')).toHaveAttribute('data-exit-code', '0');
});
