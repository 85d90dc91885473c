import { expect, test } from '@playwright/test';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, repo, startStudio, type StudioServer } from './studio-server';

// The sockets allow-list through the UI: a refused connect in the trace offers "Allow HOST:PORT",
// which grants exactly that and runs again; the policy editor lists, adds and checks entries.
let server: Server;
let port = 0;
const seen: string[] = [];
let dir = '';
let studio: StudioServer | null = null;

test.beforeEach(async () => {
  server = createServer((c) => {
    c.on('error', () => {});
    c.once('data', (d) => {
      seen.push(String(d));
      c.end(`hello ${d}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
  dir = mkdtempSync(join(tmpdir(), 'studio-e2e-net-'));
  cpSync(join(repo, 'src-main/host/fixtures/net-probe'), dir, { recursive: true });
  cpSync(join(repo, 'wit/wasi'), join(dir, 'wit/deps'), { recursive: true, filter: (s) => !s.endsWith('.md') });
  const policy = { args: ['tcp', '127.0.0.1', String(port), 'from-the-ui'], sockets: { mode: 'allow', hosts: ['127.0.0.1:1'] } };
  writeFileSync(join(dir, 'studio.json'), JSON.stringify({ name: 'net-probe', language: 'js', world: 'probe', jsBackend: 'quickjs', policy }));
  studio = await startStudio(dir);
});
test.afterEach(async () => {
  await studio?.stop();
  server.close();
  if (existsSync(dir)) cleanup(dir);
});

test('a refused connect offers "Allow HOST:PORT"; applying it reaches the server; the editor checks entries', async ({ page }) => {
  await page.goto(studio!.url);
  // studio.json lists an allow-list, which goes beyond the project's folder: the studio asks first.
  await page.getByTestId('trust-prompt').getByTestId('trust-accept').click();
  await page.getByTestId('run-node-button').click();
  const out = page.getByTestId('output-node');
  await expect(out).toContainText(`tcp 127.0.0.1 ${port} from-the-ui -> error: access-denied`, { timeout: 60_000 });

  await page.getByTestId('tab-trace').click();
  await page.getByTestId('trace-denied-only').check();
  const row = page.getByTestId('trace-row').first();
  await expect(row).toContainText(`connect to 127.0.0.1:${port}: not in the allow-list`);
  await page.screenshot({ path: test.info().outputPath('trace-fixit.png') });
  await row.getByRole('button', { name: `Allow 127.0.0.1:${port}` }).click();
  await expect(out).toContainText(`-> reply "hello from-the-ui"`, { timeout: 60_000 });
  expect(seen).toContain('from-the-ui');

  await page.getByTestId('tab-capabilities').click();
  const sockets = page.getByTestId('policy-sockets');
  await expect(sockets.locator('.chip')).toHaveText([/127\.0\.0\.1:1\b/, new RegExp(`127\\.0\\.0\\.1:${port}`)]);
  await sockets.getByRole('textbox').fill('*:80');
  await sockets.getByRole('button', { name: 'Add' }).click();
  await expect(sockets.getByRole('alert')).toContainText('"*:80" is not a socket entry: hosts have no wildcard');
  await sockets.getByRole('alert').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('allow-list-error.png') });
  await sockets.getByRole('textbox').fill('[::1]:8443');
  await sockets.getByRole('textbox').press('Enter');
  await sockets.getByRole('button', { name: 'Remove 127.0.0.1:1' }).click();
  const http = page.getByTestId('policy-http');
  await http.getByRole('textbox').fill('http://127.0.0.1:9/path');
  await http.getByRole('button', { name: 'Add' }).click();
  await expect(http.getByRole('alert')).toContainText('is not an origin');
  await http.getByRole('textbox').fill('http://127.0.0.1:9');
  await http.getByRole('button', { name: 'Add' }).click();
  await page.getByRole('button', { name: 'Apply and run both' }).click();
  await expect(page.getByTestId('capability-inspector').locator('tr[data-capability=sockets]')).toContainText(`allow 127.0.0.1:${port}, [::1]:8443`);
  await page.screenshot({ path: test.info().outputPath('network-policy.png') });
  const { readFileSync } = await import('node:fs');
  const saved = JSON.parse(readFileSync(join(dir, 'studio.json'), 'utf8')).policy;
  expect(saved.sockets).toEqual({ mode: 'allow', hosts: [`127.0.0.1:${port}`, '[::1]:8443'] });
  expect(saved.http).toEqual({ mode: 'allow', origins: ['http://127.0.0.1:9'] });
});
