import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAndOpenCalls } from './calls-form';
import { compiledAfresh, repo, studioPerTest } from './studio-server';

const D = String.raw`[\d.]+ (ms|s)`; // a duration, always with its unit
const row = (page: Page, engine: string) => page.getByTestId('timing-panel').locator(`.timing-row[data-engine="${engine}"]`);
const shot = (page: Page, name: string) => page.getByTestId('timing-panel').screenshot({ path: test.info().outputPath(`${name}.png`) });
const ms = (text: string) => {
  const m = /([\d.]+) (ms|s)/.exec(text);
  return m ? Number(m[1]) * (m[2] === 's' ? 1000 : 1) : NaN;
};
/** The background colours of the elements, as the browser paints them. */
const colours = (l: Locator) => l.evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));

test.describe('hello-c', () => {
  const s = studioPerTest('hello-c', compiledAfresh('src/main.c'));

  test('the timing panel draws the build steps as they finish, then each engine\'s run phases on one scale', async ({ page }) => {
    test.setTimeout(150_000);
    await page.goto(s.studio.url);
    const build = page.getByTestId('build-timing-numbers');
    await page.getByTestId('build-button').click();
    // Steps arrive while the build is still going: the row says so until the last one.
    await expect(build).toContainText(/cache lookup .*building…/);
    await expect(build.locator('.step')).toHaveText(
      // One file is compiled and linked in one clang call (src-main/toolchains/c.ts).
      [new RegExp(`^cache lookup ${D}$`), new RegExp(`^compile\\+link src/main\\.c ${D}$`), new RegExp(`^adapt \\(preview1 → component\\) ${D}$`)],
      { timeout: 90_000 },
    );
    await expect(build).toContainText(new RegExp(`= ${D}$`));
    await expect(page.getByTestId('build-timing').locator('.bar')).toHaveCount(3);

    await page.getByTestId('run-both-button').click();
    for (const engine of ['node', 'browser']) {
      await expect(row(page, engine).getByTestId('timing-numbers')).toContainText(new RegExp(`instantiate ${D} · run ${D}$`), { timeout: 60_000 });
      await expect(row(page, engine).locator('.bar.phase-run')).toHaveCount(1);
      // The first run of a component compiles its core modules: the row says cold and what it compiled.
      await expect(row(page, engine)).toHaveAttribute('data-temperature', 'cold');
      await expect(row(page, engine).getByTestId('timing-what')).toContainText('run · ❄ cold');
      await expect(row(page, engine).getByTestId('timing-compiled')).toHaveText(/^: compiled 4 core modules \([\d.]+ KiB\) in [\d.]+ ms$/);
      await expect(row(page, engine).getByTestId('timing-what')).toHaveAttribute('title', /^hello-c\.core\.wasm \([\d.]+ KiB\) [\d.]+ ms\n/);
    }
    await shot(page, 'timing-cold');
    await page.getByTestId('run-both-button').click();
    // Two runs in each engine in the chart; the second paid for no compile and says warm.
    const chart = page.getByTestId('recent-runs');
    await expect(chart.locator('.history-bar')).toHaveCount(4, { timeout: 60_000 });
    await expect(page.getByTestId('timing-compiled')).toHaveCount(0);
    for (const engine of ['node', 'browser']) {
      await expect(row(page, engine)).toHaveAttribute('data-temperature', 'warm');
      await expect(row(page, engine).getByTestId('timing-what')).toHaveText('run · warm: reused the compiled modules');
    }
    await expect(chart.locator('.who')).toHaveText([/^[NB]❄$/, /^[NB]❄$/, /^[NB]$/, /^[NB]$/]);
    await expect(chart.locator('.y-axis span').last()).toHaveText(/^[\d.]+ m?s$/);
    await shot(page, 'timing-warm');
  });

  test('the panel reads at a glance: units everywhere, visible scales that hold the bars, one colour per meaning', async ({ page }) => {
    test.setTimeout(150_000);
    await page.goto(s.studio.url);
    await page.getByTestId('run-both-button').click();
    for (const engine of ['node', 'browser']) await expect(row(page, engine).getByTestId('timing-numbers')).toContainText('run', { timeout: 90_000 });
    const panel = page.getByTestId('timing-panel');

    // Every number on the panel has a unit (ms, s, KiB, B, MiB), except the axes' zero.
    const text = (await panel.locator('.numbers, .total, .what, .sizes').allTextContents()).join(' ');
    // (Names with digits in them, such as preview1 or hello-c.core2.wasm, and the count of core modules are not quantities.)
    const bare = text.replace(/[\d.]+ (ms|s|KiB|MiB|B)/g, '').replace(/[a-zA-Z][\w.-]*\d[\w.-]*/g, '').replace(/\d+ core modules?/g, '');
    expect(bare).not.toMatch(/\d/);

    // The build row and the run rows each show their scale, and it ends at or past their longest bar.
    for (const [axis, totals] of [['build-axis', page.getByTestId('build-timing').locator('.total')], ['run-axis', panel.locator('.timing-row[data-engine] .total')]] as const) {
      const labels = await page.getByTestId(axis).locator('span').allTextContents();
      expect(labels.length).toBeGreaterThanOrEqual(3);
      expect(labels.slice(1).every((l) => /^[\d.]+ (ms|s)$/.test(l))).toBe(true);
      const longest = Math.max(...(await totals.allTextContents()).map(ms));
      expect(ms(labels.at(-1)!)).toBeGreaterThanOrEqual(longest);
    }

    // Build steps and run phases mean different things, so no colour is shared between them.
    const stepColours = await colours(page.getByTestId('build-timing').locator('.bar'));
    const phaseColours = await colours(page.getByTestId('phase-legend').locator('.swatch'));
    expect(phaseColours).toHaveLength(5);
    expect(stepColours.length).toBeGreaterThanOrEqual(3);
    expect(stepColours.filter((c) => phaseColours.includes(c))).toEqual([]);
    // Each build colour has its legend entry in the build row's numbers.
    expect(new Set(await colours(page.getByTestId('build-timing-numbers').locator('.swatch')))).toEqual(new Set(stepColours));
  });

  test('after Open .wasm the project\'s build is not shown under the opened component; its runs chart on their own', async ({ page }) => {
    test.setTimeout(150_000);
    await page.goto(s.studio.url);
    await page.getByTestId('run-both-button').click();
    await expect(row(page, 'browser').getByTestId('timing-numbers')).toContainText('run', { timeout: 90_000 });
    await expect(row(page, 'node').getByTestId('timing-numbers')).toContainText('run', { timeout: 60_000 });
    await expect(page.getByTestId('build-timing').locator('.bar')).not.toHaveCount(0);

    const module = readFileSync(join(repo, 'src-main/cli/fixtures/assemblyscript/as-wasi.wasm'));
    await page.getByTestId('open-wasm-input').setInputFiles({ name: 'as-wasi.wasm', mimeType: 'application/wasm', buffer: module });
    await expect(page.getByTestId('timing-panel').locator('h2')).toContainText('as-wasi.wasm');
    await expect(page.getByTestId('build-timing-numbers')).toHaveText('none: as-wasi.wasm was opened, not built here');
    await expect(page.getByTestId('build-timing').locator('.bar')).toHaveCount(0);
    // The rows still hold hello-c's runs until the next one, and say so.
    for (const engine of ['node', 'browser']) await expect(row(page, engine).getByTestId('timing-what')).toContainText('ran the component before this one');
    await shot(page, 'timing-opened');

    await page.getByTestId('run-both-button').click();
    for (const engine of ['node', 'browser']) {
      await expect(row(page, engine).getByTestId('timing-compiled')).toContainText('compiled', { timeout: 60_000 });
      await expect(row(page, engine).getByTestId('timing-what')).not.toContainText('before this one');
    }
    // The chart shows the opened component's runs only (hello-c's belong to another component).
    await expect(page.getByTestId('recent-runs').locator('.history-bar')).toHaveCount(2);
    await shot(page, 'timing-opened-run');
  });

  test('a run in progress shows its finished phases and a live bar that grows, in each engine', async ({ page }) => {
    writeFileSync(join(s.dir, 'src/main.c'), 'int main(void) { volatile int x = 0; for (;;) x++; }\n');
    const config = JSON.parse(readFileSync(join(s.dir, 'studio.json'), 'utf8'));
    writeFileSync(join(s.dir, 'studio.json'), JSON.stringify({ ...config, limits: { timeoutMs: 3000 } }));
    await page.goto(s.studio.url);
    await page.getByTestId('run-both-button').click();
    for (const engine of ['node', 'browser']) {
      const live = row(page, engine).locator('.bar.live');
      await expect(live).toBeVisible({ timeout: 60_000 });
      // The phases already done arrive as the guest starts: drawn while the run goes on.
      await expect(row(page, engine).getByTestId('timing-live')).toContainText(new RegExp(`instantiate ${D} · running… ${D} since Run`));
      await expect(row(page, engine).locator('.bar.phase-instantiate')).toHaveCount(1);
      const first = Number(await live.getAttribute('data-elapsed-ms'));
      await page.waitForTimeout(300);
      const later = Number(await live.getAttribute('data-elapsed-ms'));
      expect(later).toBeGreaterThan(first);
    }
    await expect(page.getByTestId('exit-code-node')).toHaveText('timed out', { timeout: 10_000 });
    await expect(page.getByTestId('exit-code-browser')).toHaveText('timed out', { timeout: 10_000 });
  });
});

test.describe('greeter-js', () => {
  const s = studioPerTest('greeter-js');

  test('a call shows in the engine rows as the call it was, not as a run', async ({ page }) => {
    test.setTimeout(150_000);
    await page.goto(s.studio.url);
    const form = await buildAndOpenCalls(page, 'greeter-js', 'greet: func(name: string) -> string');
    await form.getByRole('checkbox', { name: 'WAVE text' }).check();
    await page.getByTestId('call-wave').fill('"world"');
    await page.getByTestId('call-both-button').click();
    for (const engine of ['node', 'browser']) {
      await expect(row(page, engine).getByTestId('timing-what')).toContainText('call greet("world") · ❄ cold', { timeout: 60_000 });
      await expect(row(page, engine).getByTestId('timing-numbers')).toContainText(new RegExp(`run ${D}$`));
    }
    await shot(page, 'timing-call');
    await page.getByTestId('call-both-button').click();
    for (const engine of ['node', 'browser']) await expect(row(page, engine).getByTestId('timing-what')).toContainText('call greet("world") · warm', { timeout: 60_000 });
  });
});
