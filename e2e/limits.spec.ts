import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { studioPerTest } from './studio-server';

// Allocates until refused, then floods its output: both limits are hit in both engines.
const BOMB_THEN_FLOOD =
  '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  int mib = 0;\n  void *head = 0, *p;\n' +
  '  while ((p = malloc(1 << 20))) { *(void **)p = head; head = p; mib++; }\n' +
  '  printf("allocated %d MiB\\n", mib);\n  for (int i = 0; i < 10000; i++) printf("line %d\\n", i);\n  return 0;\n}\n';

const s = studioPerTest('hello-c', (dir) => {
  writeFileSync(join(dir, 'src/main.c'), BOMB_THEN_FLOOD);
  const config = JSON.parse(readFileSync(join(dir, 'studio.json'), 'utf8'));
  writeFileSync(join(dir, 'studio.json'), JSON.stringify({ ...config, limits: { maxMemoryMiB: 48, maxOutputBytes: 4096 } }));
});

test('a run that reaches the memory cap and the output limit says so in each engine, apart from its exit code', async ({ page }) => {
  await page.goto(s.studio.url);
  await page.getByTestId('run-both-button').click();
  for (const engine of ['node', 'browser']) {
    await expect(page.getByTestId(`exit-code-${engine}`)).toHaveAttribute('data-exit-code', '0', { timeout: 60_000 });
    await expect(page.getByTestId(`limits-${engine}`)).toHaveText(/^memory limit reached \(4[67](\.\d)? of 48 MiB\) · output truncated$/);
    await expect(page.getByTestId(`output-${engine}`)).toContainText('[output truncated: limit reached]');
  }
  await expect(page.getByTestId('engines-verdict')).toContainText('Both engines agree');
});
