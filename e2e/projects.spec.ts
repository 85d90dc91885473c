import { expect, test, type Page } from '@playwright/test';
import { buildAndOpenCalls } from './calls-form';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cleanup, copySample, repo, startStudio, tempUserDirs, type StudioServer, type UserDirs } from './studio-server';

let user: UserDirs;
let studio: StudioServer | null = null;
const extra: string[] = [];

test.beforeEach(() => {
  user = tempUserDirs();
});
test.afterEach(async () => {
  await studio?.stop();
  studio = null;
  cleanup(dirname(user.configDir));
  for (const d of extra.splice(0)) cleanup(d);
});

const editorText = (page: Page) => page.getByTestId('editor').locator('.view-lines');

async function runBoth(page: Page, expected: string, timeout = 60_000) {
  await page.getByTestId('run-both-button').click();
  await expect(page.getByTestId('exit-code-node')).toHaveAttribute('data-exit-code', '0', { timeout });
  await expect(page.getByTestId('exit-code-browser')).toHaveAttribute('data-exit-code', '0');
  await expect(page.getByTestId('output-node')).toContainText(expected);
  expect(await page.getByTestId('output-browser').textContent()).toBe(await page.getByTestId('output-node').textContent());
}

const samples = readdirSync(join(repo, 'samples')).filter((n) => existsSync(join(repo, 'samples', n, 'studio.json')));

test('first start shows the gallery; a sample opens as a copy, runs in both engines; recents switch projects, unsaved edits kept; a template builds and runs', async ({ page }) => {
  test.setTimeout(180_000);
  studio = await startStudio(null, user);
  await page.goto(studio.url);

  // The welcome screen, not an error.
  await expect(page.getByTestId('welcome')).toBeVisible();
  await expect(page.getByTestId('no-project')).toHaveCount(0);
  await expect(page.getByTestId('sample-card')).toHaveCount(samples.length);
  await expect(page.getByTestId('samples-gallery')).toContainText(user.projectsDir);
  await expect(page.locator('[data-testid=sample-card][data-sample=hello-c]')).toContainText('The smallest C command component');
  await expect(page.getByTestId('recent-projects')).toContainText('Projects you open are listed here');
  await expect(page.getByTestId('build-button')).toBeDisabled();

  // Open a sample: a copy in the projects folder; the shipped sample is left alone.
  const shipped = readFileSync(join(repo, 'samples/hello-c/src/main.c'), 'utf8');
  await page.locator('[data-testid=sample-card][data-sample=hello-c]').getByRole('button', { name: 'Open a copy of hello-c' }).click();
  await expect(editorText(page)).toContainText('Hello from a C component');
  await expect(page.getByTestId('welcome')).toHaveCount(0);
  const copy = join(user.projectsDir, 'hello-c');
  expect(existsSync(join(copy, 'studio.json'))).toBe(true);
  await runBoth(page, 'Hello from a C component!');
  expect(existsSync(join(copy, 'build/hello-c.wasm'))).toBe(true);
  expect(readFileSync(join(repo, 'samples/hello-c/src/main.c'), 'utf8')).toBe(shipped);

  // An unsaved edit, backed up, then another project: the edit waits in the first project's backups.
  await page.getByTestId('editor').getByText('return 0;').click();
  await page.keyboard.press('End');
  await page.keyboard.type(' // unsaved before the switch');
  await expect.poll(() => (existsSync(join(copy, '.studio/backups')) ? readdirSync(join(copy, '.studio/backups')).length : 0)).toBe(1);
  await page.getByTestId('show-welcome').click();
  await page.locator('[data-testid=sample-card][data-sample=hello-wat]').getByRole('button').click();
  await expect(editorText(page)).toContainText('hello-wat');
  await expect(page.getByTestId('file-tree')).not.toContainText('main.c');
  await expect(page.getByTestId('exit-code-node')).toHaveAttribute('data-exit-code', ''); // the run panel starts clean
  await expect(page.getByTestId('output-node')).not.toContainText('Hello from a C component');
  await runBoth(page, 'Hello from a hand-written WAT module!');

  // Back through the recent list: the unsaved edit comes back, still unsaved.
  await page.getByTestId('show-welcome').click();
  const recent = page.getByTestId('recent-project');
  await expect(recent).toHaveCount(2);
  await expect(recent.first()).toHaveAttribute('data-dir', join(user.projectsDir, 'hello-wat'));
  await page.locator(`[data-testid=recent-project][data-dir="${copy}"] button`).first().click();
  await expect(editorText(page)).toContainText('// unsaved before the switch');
  await expect(page.getByTestId('status-unsaved')).toContainText('1 unsaved');
  expect(readFileSync(join(copy, 'src/main.c'), 'utf8')).not.toContain('unsaved before the switch');

  // Open Recent in the palette lists both, the open one greyed.
  await page.keyboard.press('Escape');
  await page.getByTestId('status-bar').getByText('Commands').click();
  await page.getByTestId('command-palette').locator('input').fill('open recent');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('command-palette')).toContainText('hello-wat');
  await page.keyboard.press('Escape');

  // A new project from the C template, into a folder that does not exist yet.
  await page.getByTestId('show-welcome').click();
  await page.getByTestId('new-project').click();
  await page.getByTestId('new-project-language').selectOption('c');
  const fresh = join(user.projectsDir, 'my first');
  await page.getByTestId('new-project-folder').fill(fresh);
  await page.getByTestId('new-project-create').click();
  await expect(editorText(page)).toContainText('Hello from my-first, a C component!');
  await runBoth(page, 'Hello from my-first, a C component!');
  await page.screenshot({ path: test.info().outputPath('template-ran.png') });
});

test('new project refuses a folder that is not empty, and from TypeScript builds a component whose export runs in both engines', async ({ page }) => {
  test.setTimeout(120_000);
  studio = await startStudio(null, user);
  const busy = join(user.projectsDir, 'busy');
  mkdirSync(busy, { recursive: true });
  writeFileSync(join(busy, 'notes.txt'), 'keep me');
  await page.goto(studio.url);
  await page.getByTestId('new-project').click();
  await page.getByTestId('new-project-language').selectOption('ts');
  await page.getByTestId('new-project-folder').fill(busy);
  await page.getByTestId('new-project-create').click();
  await expect(page.getByTestId('new-project-error')).toContainText('is not empty (notes.txt)');
  expect(readdirSync(busy)).toEqual(['notes.txt']);

  await page.getByTestId('new-project-folder').fill(join(user.projectsDir, 'hello-ts'));
  await page.getByTestId('new-project-create').click();
  await expect(editorText(page)).toContainText('export function greet');
  const form = await buildAndOpenCalls(page, 'hello-ts', 'greet: func(name: string) -> string');
  await form.getByRole('checkbox', { name: 'WAVE text' }).check();
  await page.getByTestId('call-wave').fill('"Ada"');
  await page.getByTestId('call-both-button').click();
  await expect(page.getByTestId('call-result-node')).toContainText('"Hello, Ada! (from TypeScript)"', { timeout: 30_000 });
  await expect(page.getByTestId('call-result-browser')).toContainText('"Hello, Ada! (from TypeScript)"');
});

test('browser mode folder picker: lists folders only, completes typed paths, offers a new project where there is no studio.json', async ({ page }) => {
  const dir = copySample('hello-cpp');
  extra.push(dir);
  const plain = join(dirname(user.configDir), 'plain');
  mkdirSync(join(plain, 'sub-one'), { recursive: true });
  writeFileSync(join(plain, 'file.txt'), '');
  studio = await startStudio(null, user);
  await page.goto(studio.url);
  await page.getByTestId('open-folder').click();
  const picker = page.getByTestId('folder-picker');
  await expect(picker).toBeVisible();

  // Typed path with Tab completion, then Enter lists it: folders only.
  const input = page.getByTestId('folder-picker-path');
  await expect(input).not.toHaveValue(''); // the first listing (the copies folder, else home) is shown
  await input.fill(join(dirname(plain), 'pla'));
  await expect.poll(async () => (await input.press('Tab'), await input.inputValue()), { timeout: 5000 }).toBe(plain + '/');
  await input.press('Enter');
  await expect(page.getByTestId('folder-entry')).toHaveText(['sub-one']);
  await expect(picker).not.toContainText('file.txt');

  await page.getByTestId('folder-picker-open').click();
  await expect(page.getByTestId('folder-picker-error')).toContainText('has no studio.json');
  await page.getByTestId('create-here').click();
  await expect(page.getByTestId('new-project-folder')).toHaveValue(join(plain, 'my-component'));
  await page.keyboard.press('Escape');

  // A project folder opens.
  await page.getByTestId('open-folder').click();
  await input.fill(dir);
  await input.press('Enter');
  await page.getByTestId('folder-picker-open').click();
  await expect(editorText(page)).toContainText('Hello from a C++ component');
  await expect(page.getByTestId('folder-picker')).toHaveCount(0);
});

test('F12 on a type declared in another .wit file of the project opens that file at the declaration', async ({ page }) => {
  const dir = copySample('greeter-js');
  extra.push(dir);
  writeFileSync(join(dir, 'wit/world.wit'), 'package studio:greeter;\n\nworld greeter {\n  use names.{person-name};\n  export greet: func(name: person-name) -> string;\n}\n');
  writeFileSync(join(dir, 'wit/names.wit'), 'interface names {\n  /// Who is greeted.\n  type person-name = string;\n}\n');
  studio = await startStudio(dir, user);
  await page.goto(studio.url);
  await page.getByTestId('file-tree').getByText('world.wit').click();
  await expect(editorText(page)).toContainText('export greet');
  await page.getByTestId('editor').getByText('export greet').click();
  await page.keyboard.press('End');
  for (let i = 0; i < 14; i++) await page.keyboard.press('ArrowLeft'); // into "person-name"
  await page.keyboard.press('F12');
  await expect(editorText(page)).toContainText('type person-name = string;');
  await expect(page.getByTestId('file-tree').locator('.file.active')).toContainText('names.wit');
});

test('a recent project whose folder is gone is marked missing, cannot be opened, and can be removed from the list', async ({ page }) => {
  const dir = copySample('hello-wat');
  extra.push(dir);
  const gone = join(dirname(user.configDir), 'gone-project');
  mkdirSync(user.configDir, { recursive: true });
  writeFileSync(join(user.configDir, 'recent.json'), JSON.stringify({ version: 1, projects: [{ dir: gone, name: 'gone-project', openedAt: 2 }, { dir, name: 'hello-wat', openedAt: 1 }] }));
  studio = await startStudio(null, user);
  await page.goto(studio.url);
  const missing = page.locator(`[data-testid=recent-project][data-dir="${gone}"]`);
  await expect(missing).toHaveAttribute('data-missing', 'true');
  await expect(missing).toContainText('missing');
  await expect(missing.locator('button.link')).toBeDisabled();
  await missing.getByRole('button', { name: 'Remove gone-project from the recent projects' }).click();
  await expect(page.getByTestId('recent-project')).toHaveCount(1);
  expect(JSON.parse(readFileSync(join(user.configDir, 'recent.json'), 'utf8')).projects.map((p: { name: string }) => p.name)).toEqual(['hello-wat']);
  await page.locator(`[data-testid=recent-project][data-dir="${dir}"] button`).first().click();
  await expect(editorText(page)).toContainText('hello-wat');
});

test('new project: the default folder is a free one after a sample took hello-c, and a relative folder goes into the projects folder', async ({ page }) => {
  test.setTimeout(120_000);
  studio = await startStudio(null, user);
  await page.goto(studio.url);
  await page.locator('[data-testid=sample-card][data-sample=hello-c]').getByRole('button', { name: 'Open a copy of hello-c' }).click();
  await expect(editorText(page)).toContainText('Hello from a C component');

  // The copy took <projects>/hello-c: the form offers hello-c-2, and Create works the first time.
  await page.getByTestId('show-welcome').click();
  await page.getByTestId('new-project').click();
  await page.getByTestId('new-project-language').selectOption('c');
  await expect(page.getByTestId('new-project-folder')).toHaveValue(join(user.projectsDir, 'hello-c-2'));
  await page.getByTestId('new-project-create').click();
  await expect(editorText(page)).toContainText('Hello from hello-c-2, a C component!');
  expect(existsSync(join(user.projectsDir, 'hello-c-2/studio.json'))).toBe(true);

  // A relative folder lands in the projects folder, never in the studio's own folder (its working folder).
  await page.getByTestId('show-welcome').click();
  await page.getByTestId('new-project').click();
  // The default folder comes from a listing. Filled before it arrived, the field was empty when fill
  // selected its text, and the typed path then went in after the default: the project landed in
  // <projects>/hello-c-3typed/relative-one (seen in CI). A user sees the default before typing over it.
  await expect(page.getByTestId('new-project-folder')).toHaveValue(join(user.projectsDir, 'hello-c-3'));
  await page.getByTestId('new-project-folder').fill('typed/relative-one');
  await page.getByTestId('new-project-create').click();
  await expect(editorText(page)).toContainText('Hello from relative-one');
  const where = () => `projects folder holds: ${readdirSync(user.projectsDir, { recursive: true }).join(', ')}`;
  await expect.poll(() => existsSync(join(user.projectsDir, 'typed/relative-one/studio.json')), { message: where(), timeout: 5_000 }).toBe(true);
  expect(existsSync(join(repo, 'typed'))).toBe(false);
});

/** A fresh studio, and a project from one of the command templates through New Project. */
async function newCommand(page: Page, template: 'js-command' | 'ts-command', folder: string) {
  test.setTimeout(180_000);
  studio = await startStudio(null, user);
  await page.goto(studio.url);
  await page.getByTestId('new-project').click();
  await page.getByTestId('new-project-language').selectOption(template);
  await page.getByTestId('new-project-folder').fill(join(user.projectsDir, folder));
  await page.getByTestId('new-project-create').click();
}

test('new project from the js-command template: a JavaScript command builds and runs in both engines with the same output, its WASI calls traced', async ({ page }) => {
  await newCommand(page, 'js-command', 'greet-cmd');
  await expect(editorText(page)).toContainText('export function run()');
  // No wit/: the world is wasi:cli/command, whose WIT the studio brings.
  await expect(page.getByTestId('file-tree')).not.toContainText('wit');

  // The first build loads the componentizer: longer than a run.
  await runBoth(page, 'Hello, Ada! (from greet-cmd, a JavaScript command)\nHello, Grace! (from greet-cmd, a JavaScript command)', 120_000);
  await expect(page.getByTestId('engines-verdict')).toContainText('Both engines agree');

  await page.getByTestId('tab-trace').click();
  await expect(page.getByTestId('trace-row').filter({ hasText: 'get-arguments' }).first()).toBeVisible();
  await expect(page.getByTestId('trace-row').filter({ hasText: 'blocking-write-and-flush' }).first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('js-command-ran.png'), fullPage: true });
});

test('new project from the ts-command template: once built, the editor resolves the WASI imports from types/ (no error marker); Run agrees', async ({ page }) => {
  await newCommand(page, 'ts-command', 'ts-cmd');
  await expect(editorText(page)).toContainText("from 'wasi:cli/environment@0.2.12'");
  // Before the first build there are no declarations: the checker marks the import.
  const errors = page.getByTestId('editor').locator('.squiggly-error');
  await expect(errors).toHaveCount(1);
  await runBoth(page, 'Hello, Grace! (from ts-cmd, a TypeScript command)', 120_000);
  // The build wrote the world's declarations to types/; the editor's checker reads them.
  await expect(page.getByTestId('file-tree')).toContainText('wasi-cli-environment.d.ts');
  await expect(errors).toHaveCount(0);
});
