import { expect, test, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { studioPerTest } from './studio-server';

const ctx = studioPerTest('hello-c');

const MAIN = 'src/main.c';
const backupsDir = () => join(ctx.dir, '.studio/backups');
const backupCount = () => (existsSync(backupsDir()) ? readdirSync(backupsDir()).filter((f) => f.endsWith('.json')).length : 0);

async function openStudio(page: Page) {
  await page.goto(ctx.studio.url);
  await expect(page.getByTestId('editor').locator('.view-lines')).toContainText('Hello from a C component');
}

/** Puts the cursor at the end of the line holding `text` and types. */
async function typeAfter(page: Page, text: string, typed: string) {
  await page.getByTestId('editor').getByText(text).click();
  await page.keyboard.press('End');
  await page.keyboard.type(typed);
}

const editorText = (page: Page) => page.getByTestId('editor').locator('.view-lines');

test('no lost work: an edit survives kill -9 of the server and closing the page, and comes back unsaved', async ({ page, browser }) => {
  await openStudio(page);
  const original = readFileSync(join(ctx.dir, MAIN), 'utf8');
  await typeAfter(page, 'return 0;', ' // typed before the crash');
  const stoppedTyping = Date.now();
  await expect.poll(backupCount, { intervals: [50], timeout: 5000 }).toBe(1);
  const latency = Date.now() - stoppedTyping;
  test.info().annotations.push({ type: 'backup latency', description: `${latency} ms after the last keystroke` });
  console.log(`backup on disk ${latency} ms after the last keystroke`);
  expect(latency).toBeLessThan(2000);
  await page.waitForTimeout(1500 - Math.min(latency, 1500));

  ctx.studio.process.kill('SIGKILL');
  await new Promise((r) => ctx.studio.process.once('exit', r));
  await page.close();
  expect(readFileSync(join(ctx.dir, MAIN), 'utf8')).toBe(original); // never saved

  await ctx.restart();
  const again = await browser.newPage();
  await again.goto(ctx.studio.url);
  await expect(editorText(again)).toContainText('// typed before the crash');
  await expect(again.getByTestId('notice')).toContainText(`Restored unsaved changes to ${MAIN} from before the studio stopped`);
  await expect(again.getByTestId('file-tree')).toContainText('●');
  await expect(again.getByTestId('status-unsaved')).toContainText('1 unsaved');
  await again.screenshot({ path: test.info().outputPath('restored.png') });

  // Saving writes it and discards the backup.
  await again.getByTestId('editor').getByText('return 0;').click();
  await again.keyboard.press('ControlOrMeta+S');
  await expect.poll(() => readFileSync(join(ctx.dir, MAIN), 'utf8')).toContain('// typed before the crash');
  await expect.poll(backupCount).toBe(0);
  await expect(again.getByTestId('file-tree')).not.toContainText('●');
  await again.context().close();
});

test('a backup older than the file on disk is not offered as newer', async ({ page, browser }) => {
  await openStudio(page);
  await typeAfter(page, 'return 0;', ' // stale edit');
  await expect.poll(backupCount).toBe(1);
  await ctx.studio.stop();
  await page.close();
  await new Promise((r) => setTimeout(r, 50));
  writeFileSync(join(ctx.dir, MAIN), readFileSync(join(ctx.dir, MAIN), 'utf8').replace('Hello from a C component', 'Hello, edited elsewhere later'));
  await ctx.restart();
  const again = await browser.newPage();
  await again.goto(ctx.studio.url);
  await expect(editorText(again)).toContainText('Hello, edited elsewhere later');
  await expect(editorText(again)).not.toContainText('// stale edit');
  await expect(again.getByTestId('notice')).toContainText('were not restored');
  await expect(again.getByTestId('file-tree')).not.toContainText('●');
  await again.context().close();
});

test('a file changed on disk: reloads when clean; when dirty the user keeps theirs or loads the disk', async ({ page }) => {
  await openStudio(page);
  const file = join(ctx.dir, MAIN);
  const original = readFileSync(file, 'utf8');

  // Clean buffer: reloads silently.
  writeFileSync(file, original.replace('Hello from a C component', 'Hello from outside'));
  await expect(editorText(page)).toContainText('Hello from outside');
  await expect(page.getByTestId('conflict-bar')).toHaveCount(0);
  await expect(page.getByTestId('file-tree')).not.toContainText('●');

  // Dirty buffer, "Keep mine": the edit stays, unsaved; saving replaces the disk version.
  await typeAfter(page, 'return 0;', ' // mine');
  writeFileSync(file, original.replace('Hello from a C component', 'Hello, theirs'));
  const bar = page.getByTestId('conflict-bar');
  await expect(bar).toContainText(`${MAIN} changed on disk`);
  await page.screenshot({ path: test.info().outputPath('conflict.png') });
  await page.getByTestId('keep-mine').click();
  await expect(bar).toHaveCount(0);
  await expect(editorText(page)).toContainText('// mine');
  await expect(page.getByTestId('file-tree')).toContainText('●');
  await page.getByTestId('editor').getByText('return 0;').click();
  await page.keyboard.press('ControlOrMeta+S');
  await expect.poll(() => readFileSync(file, 'utf8')).toContain('// mine');
  expect(readFileSync(file, 'utf8')).toContain('Hello from outside');

  // Dirty buffer, "Load theirs": the disk version replaces the edit.
  await typeAfter(page, 'return 0;', ' // to be dropped');
  writeFileSync(file, original.replace('Hello from a C component', 'Hello, theirs again'));
  await expect(bar).toBeVisible();
  await page.getByTestId('load-theirs').click();
  await expect(bar).toHaveCount(0);
  await expect(editorText(page)).toContainText('Hello, theirs again');
  await expect(editorText(page)).not.toContainText('// to be dropped');
  await expect(page.getByTestId('file-tree')).not.toContainText('●');
  expect(readFileSync(file, 'utf8')).toContain('Hello, theirs again');
});

test('New folder asks for the folder, then for its first file in it', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('new-folder-button').click();
  const folder = page.getByTestId('new-folder-input');
  await folder.fill('src/lib');
  await folder.press('Enter');
  const name = page.getByTestId('new-file-input');
  await expect(name).toHaveValue('src/lib/');
  await name.fill('src/lib/math.h');
  await name.press('Enter');
  await expect(page.getByTestId('file-tree').locator('li[data-path="src/lib/math.h"]')).toBeVisible();
  await expect(page.getByTestId('file-tree')).toContainText('lib/');
  expect(readFileSync(join(ctx.dir, 'src/lib/math.h'), 'utf8')).toBe('');
});

test('files: create, rename and delete from the tree, delete asks first', async ({ page }) => {
  await openStudio(page);
  const tree = page.getByTestId('file-tree');
  await page.getByTestId('new-file-button').click();
  const name = page.getByTestId('new-file-input');
  await expect(name).toHaveValue('src/');
  await name.fill('src/util.h');
  await name.press('Enter');
  await expect(tree).toContainText('util.h');
  expect(readFileSync(join(ctx.dir, 'src/util.h'), 'utf8')).toBe('');
  // The new file is open, empty, with the cursor in it.
  await expect(tree.locator('li[data-path="src/util.h"] .file')).toHaveClass(/active/);
  await expect(editorText(page)).not.toContainText('Hello from a C component');
  await expect(page.locator('.monaco-editor').first()).toHaveClass(/\bfocused\b/);
  await page.keyboard.type('#define UTIL 1\n');
  await page.keyboard.press('ControlOrMeta+S');
  await expect.poll(() => readFileSync(join(ctx.dir, 'src/util.h'), 'utf8')).toContain('#define UTIL 1');

  const row = tree.locator('li[data-path="src/util.h"]');
  await row.hover();
  await row.getByTestId('rename-file').click();
  const rename = page.getByTestId('rename-input');
  await rename.fill('src/helpers.h');
  await rename.press('Enter');
  await expect(tree.locator('li[data-path="src/helpers.h"]')).toBeVisible();
  expect(existsSync(join(ctx.dir, 'src/util.h'))).toBe(false);
  expect(readFileSync(join(ctx.dir, 'src/helpers.h'), 'utf8')).toContain('#define UTIL 1');

  const helpers = tree.locator('li[data-path="src/helpers.h"]');
  await helpers.hover();
  await helpers.getByTestId('delete-file').click();
  await expect(page.getByTestId('confirm-delete')).toContainText('Delete helpers.h?');
  await page.screenshot({ path: test.info().outputPath('confirm-delete.png') });
  await page.getByRole('button', { name: 'Cancel' }).click();
  expect(existsSync(join(ctx.dir, 'src/helpers.h'))).toBe(true);
  await helpers.hover();
  await helpers.getByTestId('delete-file').click();
  await page.getByTestId('confirm-delete-button').click();
  await expect(tree.locator('li[data-path="src/helpers.h"]')).toHaveCount(0);
  expect(existsSync(join(ctx.dir, 'src/helpers.h'))).toBe(false);

  // A file created outside the studio shows up in the tree.
  writeFileSync(join(ctx.dir, 'src/outside.c'), '');
  await expect(tree.locator('li[data-path="src/outside.c"]')).toBeVisible();
});

test.describe('shortcuts work in the editor and outside it', () => {
  for (const where of ['editor', 'page'] as const) {
    const focus = async (page: Page) => {
      if (where === 'editor') await page.getByTestId('editor').getByText('return 0;').click();
      else await page.locator('.sidebar h2').click();
    };

    test(`Ctrl+S saves, Ctrl+B builds, F5 runs both, Ctrl+Shift+P opens the palette (focus: ${where})`, async ({ page }) => {
      await openStudio(page);
      // Ctrl+S
      await typeAfter(page, 'return 0;', ' ');
      await focus(page);
      await page.keyboard.press('ControlOrMeta+S');
      await expect.poll(() => readFileSync(join(ctx.dir, MAIN), 'utf8')).toContain('return 0; ');
      // Ctrl+B
      await focus(page);
      await page.keyboard.press('ControlOrMeta+B');
      await expect(page.getByTestId('problems-panel')).toContainText('built build/hello-c.wasm');
      await expect(page.getByTestId('status-build')).toContainText('Built in');
      // F5 (would reload the page if not taken)
      await focus(page);
      await page.keyboard.press('F5');
      await expect(page.getByTestId('exit-code-node')).toHaveAttribute('data-exit-code', '0');
      await expect(page.getByTestId('exit-code-browser')).toHaveAttribute('data-exit-code', '0');
      // Ctrl+Shift+P, then a palette command
      await focus(page);
      await page.keyboard.press('ControlOrMeta+Shift+P');
      const palette = page.getByTestId('command-palette');
      await expect(palette).toBeVisible();
      await expect(palette).toContainText('Build');
      await expect(palette).toContainText('Shift+F5');
      await page.keyboard.type('show trace');
      await page.keyboard.press('Enter');
      await expect(palette).toHaveCount(0);
      await expect(page.getByTestId('tab-trace')).toHaveAttribute('aria-selected', 'true');
      // Alt+N: new file
      await focus(page);
      await page.keyboard.press('Alt+N');
      await expect(page.getByTestId('new-file-input')).toBeFocused();
      await page.keyboard.press('Escape');
    });
  }

  test('Shift+F5 stops a run that never ends (focus in the editor, then outside)', async ({ page }) => {
    writeFileSync(join(ctx.dir, MAIN), '#include <stdio.h>\nint main(void) {\n    volatile unsigned long n = 0;\n    for (;;) n++;\n    return 0;\n}\n');
    await page.goto(ctx.studio.url);
    await expect(editorText(page)).toContainText('for (;;) n++;');
    await page.getByTestId('editor').getByText('for (;;) n++;').click();
    await page.keyboard.press('F5');
    await expect(page.getByTestId('exit-code-node')).toHaveText('running…');
    await expect(page.getByTestId('status-engine-node')).toContainText('running');
    await page.waitForTimeout(500);
    await page.keyboard.press('Shift+F5');
    await expect(page.getByTestId('exit-code-node')).toHaveText('stopped');
    await expect(page.getByTestId('exit-code-browser')).toHaveText('stopped');
    await expect(page.getByTestId('status-engine-node')).toContainText('idle');

    await page.locator('.sidebar h2').click();
    await page.keyboard.press('F5');
    await expect(page.getByTestId('exit-code-browser')).toHaveText('running…');
    await page.keyboard.press('Shift+F5');
    await expect(page.getByTestId('exit-code-browser')).toHaveText('stopped');
  });
});

test('theme follows the system live, the palette overrides it and the choice persists', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openStudio(page);
  const html = page.locator('html');
  const monaco = page.locator('.monaco-editor').first();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(monaco).not.toHaveClass(/vs-dark/);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(monaco).toHaveClass(/vs-dark/);

  await page.keyboard.press('ControlOrMeta+Shift+P');
  await page.keyboard.type('theme: light');
  await page.keyboard.press('Enter');
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(monaco).not.toHaveClass(/vs-dark/);
  await page.reload();
  await expect(editorText(page)).toContainText('Hello from a C component');
  await expect(html).toHaveAttribute('data-theme', 'light'); // still dark system, light chosen
  await expect(page.getByTestId('status-theme')).toContainText('Light');
});

test('panels resize by dragging and keep their sizes after a reload', async ({ page }) => {
  await openStudio(page);
  const sidebar = page.locator('.sidebar');
  const before = (await sidebar.boundingBox())!.width;
  const split = (await page.getByTestId('splitter-sidebar').boundingBox())!;
  await page.mouse.move(split.x + split.width / 2, split.y + 200);
  await page.mouse.down();
  await page.mouse.move(split.x + 120, split.y + 200, { steps: 5 });
  await page.mouse.up();
  const after = (await sidebar.boundingBox())!.width;
  expect(after).toBeGreaterThan(before + 80);

  const bottom = page.locator('.bottom-panel');
  const bottomBefore = (await bottom.boundingBox())!.height;
  const hsplit = (await page.getByTestId('splitter-bottom').boundingBox())!;
  await page.mouse.move(hsplit.x + 100, hsplit.y + 2);
  await page.mouse.down();
  await page.mouse.move(hsplit.x + 100, hsplit.y - 100, { steps: 5 });
  await page.mouse.up();
  const bottomAfter = (await bottom.boundingBox())!.height;
  expect(bottomAfter).toBeGreaterThan(bottomBefore + 60);

  const right = page.locator('.run-panel');
  const rightBefore = (await right.boundingBox())!.width;
  await page.getByTestId('splitter-right').focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
  expect((await right.boundingBox())!.width).toBeGreaterThan(rightBefore + 50);
  const rightAfter = (await right.boundingBox())!.width;

  await page.reload();
  await expect(editorText(page)).toContainText('Hello from a C component');
  expect(Math.abs((await sidebar.boundingBox())!.width - after)).toBeLessThan(2);
  expect(Math.abs((await bottom.boundingBox())!.height - bottomAfter)).toBeLessThan(2);
  expect(Math.abs((await right.boundingBox())!.width - rightAfter)).toBeLessThan(2);
  await page.screenshot({ path: test.info().outputPath('resized.png') });
});
