import { expect, test, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, copySample, repo, startStudio, tempUserDirs, type StudioServer, type UserDirs } from './studio-server';

// The Commands tab's component-studio lines, typed in a shell in the project folder, print byte for
// byte what the studio's own Run printed, in both engines: the tab's promise, checked as a user would.

let dir = '';
let bin = '';
const user: UserDirs = tempUserDirs();
let studio: StudioServer | null = null;
test.afterEach(async () => {
  await studio?.stop();
  for (const folder of [dir, bin, join(user.configDir, '..')]) if (folder) cleanup(folder);
});

/** Every grant the policy has, with words a shell must quote. */
const POLICY = {
  args: ['two words', "it's"],
  env: [
    { name: 'HOME', value: '/home/guest' },
    { name: 'GREETING', value: 'hi there' },
  ],
  mounts: [{ host: 'data', guest: '/data', mode: 'rw' }],
  stdin: "Ada Lovelace\nsecond 'line'\n",
  clocks: { mode: 'frozen', at: '2030-01-01T00:00:00Z' },
  random: { mode: 'seeded', seed: 7 },
};

interface Printed {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** What a pane shows: stdout as text, then stderr in its own span (nothing else, for a run that ended normally). */
async function paneOutput(page: Page, engine: string): Promise<Printed> {
  const pane = page.getByTestId(`output-${engine}`);
  const { stdout, stderr, other } = await pane.evaluate((pre) => ({
    stdout: Array.from(pre.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(''),
    stderr: pre.querySelector('.stderr')?.textContent ?? '',
    other: Array.from(pre.children).filter((e) => !e.classList.contains('stderr')).map((e) => e.outerHTML),
  }));
  expect(other, `${engine}: nothing but the guest's output`).toEqual([]);
  const code = await page.getByTestId(`exit-code-${engine}`).getAttribute('data-exit-code');
  return { stdout, stderr, exitCode: code === '' || code === null ? null : Number(code) };
}

/** A line run by sh in the project folder, `component-studio` found on the PATH as `npm link` puts it there. */
function shell(line: string): Promise<Printed> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', line], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, COMPONENT_STUDIO_CONFIG_DIR: user.configDir, COMPONENT_STUDIO_PROJECTS_DIR: user.projectsDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ stdout, stderr, exitCode }));
  });
}

test('each component-studio line of the Commands tab, run in a shell in the project folder, prints what Run printed, in both engines', async ({ page }) => {
  test.setTimeout(300_000);
  dir = copySample('capability-tour');
  // A line on stderr too, so both streams are compared.
  const main = join(dir, 'src/main.c');
  writeFileSync(main, readFileSync(main, 'utf8').replace(/return 0;\n}\s*$/, 'fprintf(stderr, "done, on stderr\\n");\n    return 0;\n}\n'));
  const config = JSON.parse(readFileSync(join(dir, 'studio.json'), 'utf8'));
  // Limits other than the CLI's defaults, which the flags line must carry too.
  writeFileSync(join(dir, 'studio.json'), JSON.stringify({ ...config, policy: POLICY, limits: { timeoutMs: 30_000, maxMemoryMiB: 256 } }, null, 2));
  bin = mkdtempSync(join(tmpdir(), 'studio-e2e-bin-'));
  symlinkSync(join(repo, 'bin/component-studio.js'), join(bin, 'component-studio'));
  studio = await startStudio(dir, user);

  await page.goto(studio.url);
  await page.getByTestId('run-both-button').click();
  for (const engine of ['node', 'browser']) await expect(page.getByTestId(`exit-code-${engine}`)).toHaveAttribute('data-exit-code', /\d/, { timeout: 120_000 });
  const ui = { node: await paneOutput(page, 'node'), browser: await paneOutput(page, 'browser') };
  // The run really used every grant, so a line that dropped one could not print the same.
  for (const want of ['arguments      2 (two words it\'s)', 'HOME=/home/guest', '"Welcome, visitor', 'appended', 'stdin          "Ada Lovelace"', 'clock          2030-01-01 00:00:00 UTC']) {
    expect(ui.node.stdout).toContain(want);
  }
  expect(ui.node).toEqual({ ...ui.browser });
  expect(ui.node.stderr).toBe('done, on stderr\n');

  await page.getByTestId('tab-commands').click();
  await page.screenshot({ path: test.info().outputPath('commands-tab.png') });
  await page.getByTestId('command-wasmtime').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('commands-tab-end.png') });
  const shown = async (id: string) => (await page.getByTestId(`command-${id}`).textContent())!;
  const project = await shown('project');
  const flags = await shown('component-studio');
  expect(project).toBe('component-studio run .');
  // Every grant as a flag (their order and spelling are the registry's business; the run below is the proof).
  expect(flags).toMatch(/^printf '%s' .* \| component-studio run .* build\/capability-tour\.wasm -- 'two words' 'it'\\''s'$/s);
  for (const flag of ['--timeout 30', '--max-memory 256', '--stdin -', '--clocks frozen=2030-01-01T00:00:00Z', '--random seeded=7', '--dir data', "--env 'GREETING=hi there'"]) expect(flags).toContain(flag);
  for (const id of ['project', 'component-studio', 'wasmtime']) expect(await shown(id)).not.toMatch(/\bnpx\b/);
  await expect(page.getByTestId('commands-library')).toHaveCount(0);

  for (const line of [project, flags]) {
    for (const engine of ['node', 'browser'] as const) {
      // As shown for the default engine (node); the other engine is one flag more.
      const typed = engine === 'node' ? line : line.replace('component-studio run ', 'component-studio run --engine browser ');
      expect(await shell(typed), typed).toEqual(ui[engine]);
    }
  }
  // On the host: each Node run appended one line to the mount; the browser engine wrote into its snapshot only.
  expect(readFileSync(join(dir, 'data/visitors.txt'), 'utf8')).toBe('a visitor was here\n'.repeat(3));
});

test("a library's Commands tab says its run lines cannot run it and gives the call line, which calls it", async ({ page }) => {
  test.setTimeout(180_000);
  dir = copySample('greeter-js');
  bin = mkdtempSync(join(tmpdir(), 'studio-e2e-bin-'));
  symlinkSync(join(repo, 'bin/component-studio.js'), join(bin, 'component-studio'));
  studio = await startStudio(dir, user);
  await page.goto(studio.url);
  await page.getByTestId('build-button').click();
  await page.getByTestId('tab-commands').click();
  const note = page.getByTestId('commands-library');
  await expect(note).toContainText('component-studio call . greet ARGS…', { timeout: 120_000 });
  await page.screenshot({ path: test.info().outputPath('commands-tab-library.png') });
  const called = await shell(`component-studio call . greet '"world"'`);
  expect(called).toEqual({ stdout: '"Hello, world! (from JavaScript)"\n', stderr: '', exitCode: 0 });
});
