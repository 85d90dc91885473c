import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, copySample, startStudio, type StudioServer } from './studio-server';

// The run panes tell the truth about a comparison: where the engines first part, and nothing
// compared or "trapped" when there is nothing to compare or run.

let dir = '';
let studio: StudioServer | null = null;
test.afterEach(async () => {
  await studio?.stop();
  cleanup(dir);
});

test('where the engines differ, the verdict names the first differing line and both panes mark it', async ({ page }) => {
  dir = copySample('hello-c');
  // The same first line in both engines, then real random bytes, which no two runs share.
  writeFileSync(
    join(dir, 'src/main.c'),
    '#include <stdio.h>\n#include <unistd.h>\nint main(void) {\n    unsigned char b[8];\n    getentropy(b, sizeof b);\n    printf("same in both\\n");\n    for (int i = 0; i < 8; i++) printf("%02x", b[i]);\n    printf("\\nafter\\n");\n    return 0;\n}\n',
  );
  const config = JSON.parse(readFileSync(join(dir, 'studio.json'), 'utf8'));
  writeFileSync(join(dir, 'studio.json'), JSON.stringify({ ...config, policy: { ...config.policy, random: { mode: 'real' } } }));
  studio = await startStudio(dir);
  await page.goto(studio.url);
  await page.getByTestId('run-both-button').click();
  await expect(page.getByTestId('engines-verdict')).toContainText('The engines differ in stdout (stdout first differs at line 2)', { timeout: 120_000 });
  for (const engine of ['node', 'browser']) {
    const mark = page.getByTestId(`output-${engine}`).getByTestId('first-difference');
    await expect(mark).toHaveText(/^[0-9a-f]{16}\n$/);
    await expect(page.getByTestId(`output-${engine}`)).toContainText('same in both');
  }
});

test('Run on a library runs nothing: it says the component is a library and opens Calls', async ({ page }) => {
  dir = copySample('greeter-js');
  studio = await startStudio(dir);
  await page.goto(studio.url);
  await page.getByTestId('run-both-button').click();
  await expect(page.getByTestId('notice')).toContainText('This component is a library: it exports greet and no wasi:cli/run', { timeout: 120_000 });
  await expect(page.getByTestId('call-form')).toBeVisible();
  for (const engine of ['node', 'browser']) {
    await expect(page.getByTestId(`exit-code-${engine}`)).toHaveText('');
    await expect(page.getByTestId(`output-${engine}`)).toContainText('Not run yet.');
  }
  await expect(page.getByTestId('engines-verdict')).toHaveText('Run both engines to compare them');
});

test('output wraps long lines or scrolls sideways, as the user chooses, and the choice is kept', async ({ page }) => {
  dir = copySample('hello-c');
  writeFileSync(join(dir, 'src/main.c'), '#include <stdio.h>\nint main(void) {\n    for (int i = 0; i < 60; i++) printf("word%02d ", i);\n    printf("\\n");\n    return 0;\n}\n');
  studio = await startStudio(dir);
  await page.goto(studio.url);
  await page.getByTestId('run-node-button').click();
  const out = page.getByTestId('output-node');
  await expect(out).toContainText('word59', { timeout: 120_000 });
  const overflows = () => out.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
  expect(await overflows()).toBe(false);
  await page.getByTestId('wrap-output').uncheck();
  await expect.poll(overflows).toBe(true);
  await page.reload();
  await expect(page.getByTestId('wrap-output')).not.toBeChecked();
  // The reloaded window also remembers the last build.
  await expect(page.getByTestId('problems-panel')).toContainText('built build/hello-c.wasm');
});
