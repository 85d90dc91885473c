import { expect, test, type Page } from '@playwright/test';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, copySample, startStudio, type StudioServer } from './studio-server';

// Each language's syntax error, typed into the editor the way a user would, is listed in the
// Problems panel at its file:line after Build and marked in the editor; WIT syntax errors show
// up live, without building.

interface Case {
  sample: string;
  file: string;
  /** Text on the line to break (unique in the file). */
  anchor: string;
  /** Where on the line to type: before its last character, or at its first non-blank one. */
  at: 'before-end' | 'home';
  typed: string;
}

const CASES: Case[] = [
  { sample: 'hello-cpp', file: 'src/main.cpp', anchor: 'return 0;', at: 'before-end', typed: ' +' },
  { sample: 'hello-wat', file: 'src/main.wat', anchor: 'iov.buf_len', at: 'home', typed: 'i32.bogus ' },
  { sample: 'greeter-js', file: 'src/main.js', anchor: "const who = name.trim() || 'stranger';", at: 'before-end', typed: ' +' },
  { sample: 'greeter-ts', file: 'src/main.ts', anchor: "const who: string = name.trim() || 'stranger';", at: 'before-end', typed: ' +' },
];

let dir: string | undefined;
let studio: StudioServer | undefined;

test.afterEach(async () => {
  await studio?.stop();
  if (dir) cleanup(dir);
  studio = undefined;
  dir = undefined;
});

async function open(page: Page, sample: string, file: string) {
  dir = copySample(sample);
  studio = await startStudio(dir);
  await page.goto(studio.url);
  await page.locator(`[data-path="${file}"] button.file`).click();
  await expect(page.locator(`[data-path="${file}"] button.file`)).toHaveClass(/active/);
  return page.getByTestId('editor');
}

/** Clicks the anchor's line in Monaco, moves the cursor and types. */
async function typeAt(page: Page, anchor: string, at: Case['at'], text: string) {
  const editor = page.getByTestId('editor');
  await editor.locator('.view-line', { hasText: anchor }).first().click();
  await page.keyboard.press(at === 'home' ? 'Home' : 'End');
  if (at === 'before-end') await page.keyboard.press('ArrowLeft');
  await page.keyboard.type(text);
}

const lineOf = (source: string, anchor: string) => source.split('\n').findIndex((l) => l.includes(anchor)) + 1;

for (const c of CASES) {
  test(`${c.sample}: a syntax error in ${c.file} is listed at its line after Build and marked in the editor`, async ({ page }) => {
    test.setTimeout(240_000);
    const editor = await open(page, c.sample, c.file);
    const line = lineOf(readFileSync(join(dir!, c.file), 'utf8'), c.anchor);
    expect(line).toBeGreaterThan(0);
    await expect(editor.locator('.view-lines')).toContainText(c.anchor);

    await typeAt(page, c.anchor, c.at, c.typed);
    await expect(page.getByTestId('file-tree')).toContainText('●');

    await page.getByTestId('build-button').click();
    const problems = page.getByTestId('problems-panel');
    await expect(problems).toContainText('build failed', { timeout: 180_000 });
    // Build saved the edit first.
    expect(readFileSync(join(dir!, c.file), 'utf8')).toContain(c.typed.trim());
    const where = new RegExp(`${c.file.replace(/\./g, '\\.')}:${line}:\\d+`);
    const entry = problems.locator('li', { has: page.locator('.where', { hasText: where }) }).first();
    await expect(entry).toBeVisible();
    // The editor marks the line with the build's diagnostic (its hover shows the same message).
    const text = (await entry.textContent())!;
    const severity = (await entry.locator('.sev').textContent())!;
    const message = text.slice(text.indexOf(severity) + severity.length).trim().split('\n')[0]!.slice(0, 40);
    await expect(editor.locator('.squiggly-error').first()).toBeVisible();
    // Monaco's own TS service marks other things too (a hover over any squiggle would not prove
    // much): hover the end of the broken line, which the build's marker covers.
    const broken = editor.locator('.view-line', { hasText: c.anchor.slice(0, -1) }).first().locator(':scope > span');
    const box = (await broken.boundingBox())!;
    await page.mouse.move(box.x + box.width - 3, box.y + box.height / 2);
    await expect(page.locator('.monaco-hover').filter({ hasText: message }).first()).toBeVisible();
  });
}

test('greeter-js: an invalid WIT edit is listed live (no build) at its line, marked, and cleared when fixed', async ({ page }) => {
  const file = 'wit/world.wit';
  const anchor = 'export greet: func(name: string) -> string;';
  const editor = await open(page, 'greeter-js', file);
  const line = lineOf(readFileSync(join(dir!, file), 'utf8'), anchor);
  await expect(editor.locator('.view-lines')).toContainText(anchor);
  const problems = page.getByTestId('problems-panel');
  await expect(problems.locator('[data-source="wit"]')).toHaveCount(0);

  await typeAt(page, anchor, 'home', 'xyz ');
  const entry = problems.locator('li[data-source="wit"]');
  await expect(entry.first()).toBeVisible();
  await expect(entry.first().locator('.where')).toHaveText(`${file}:${line}:3`);
  await expect(entry.first()).toContainText('found identifier `xyz`');
  await expect(editor.locator('.squiggly-error').first()).toBeVisible();
  // Live: nothing was built or saved.
  await expect(problems).toContainText('Press Build to compile the project.');
  expect(readFileSync(join(dir!, file), 'utf8')).not.toContain('xyz');

  // A click on the problem opens its file with the cursor on the problem's line and column (3,
  // where `xyz` starts), as for build problems: what is typed next lands there.
  await page.locator('[data-path="src/main.js"] button.file').click();
  await expect(editor.locator('.view-lines')).toContainText('export function greet');
  await entry.first().locator('button').click();
  await expect(page.locator(`[data-path="${file}"] button.file`)).toHaveClass(/active/);
  await expect(editor.locator('.view-lines')).toContainText('xyz export greet');
  await page.keyboard.type('Q');
  await expect(editor.locator('.view-lines')).toContainText('  Qxyz export greet');
  await page.keyboard.press('Backspace');
  // Again with the file already open and the cursor elsewhere.
  await page.keyboard.press('ControlOrMeta+Home');
  await entry.first().locator('button').click();
  await page.keyboard.type('Q');
  await expect(editor.locator('.view-lines')).toContainText('  Qxyz export greet');
  await page.keyboard.press('Backspace');
  await expect(editor.locator('.view-lines')).toContainText('  xyz export greet');

  // Fixing the line clears the problem and the marker.
  await editor.locator('.view-line', { hasText: 'xyz export greet' }).first().click();
  await page.keyboard.press('Home');
  for (let i = 0; i < 4; i++) await page.keyboard.press('Delete');
  await expect(editor.locator('.view-lines')).toContainText(`  ${anchor}`);
  await expect(entry).toHaveCount(0);
  await expect(editor.locator('.squiggly-error')).toHaveCount(0);
});

test('greeter-js: an unknown type in WIT is marked live at its name, before any build', async ({ page }) => {
  const file = 'wit/world.wit';
  const editor = await open(page, 'greeter-js', file);
  const line = lineOf(readFileSync(join(dir!, file), 'utf8'), 'export greet: func(name: string) -> string;');
  // The parameter's type, `string` -> `strin`: end of the line, back over `) -> string;`, one Backspace.
  await editor.locator('.view-line', { hasText: 'export greet' }).first().click();
  await page.keyboard.press('End');
  for (let i = 0; i < ') -> string;'.length; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Backspace');
  await expect(editor.locator('.view-lines')).toContainText('func(name: strin) -> string;');
  const entry = page.getByTestId('problems-panel').locator('li[data-source="wit"]');
  await expect(entry).toHaveCount(1);
  await expect(entry.locator('.where')).toHaveText(`${file}:${line}:28`);
  await expect(entry).toContainText('type `strin` is not defined in `greeter`');
  await expect(editor.locator('.squiggly-error').first()).toBeVisible();
});

test('greeter-ts: the declarations a build generates appear in the file tree', async ({ page }) => {
  dir = copySample('greeter-ts');
  rmSync(join(dir, 'types'), { recursive: true, force: true });
  studio = await startStudio(dir);
  await page.goto(studio.url);
  await expect(page.getByTestId('file-tree')).toContainText('main.ts');
  await expect(page.locator('[data-path="types/greeter.d.ts"]')).toHaveCount(0);
  await page.getByTestId('build-button').click();
  await expect(page.getByTestId('problems-panel')).toContainText('built build/greeter-ts.wasm', { timeout: 180_000 });
  await expect(page.locator('[data-path="types/greeter.d.ts"]')).toHaveCount(1);
});
