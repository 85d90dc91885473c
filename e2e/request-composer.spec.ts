import { expect, test } from '@playwright/test';
import { studioPerTest } from './studio-server';

test.describe('request composer', () => {
  const s = studioPerTest('http-hello');

  test('a request to the http-hello handler answers alike in both engines, JSON pretty-printed', async ({ page }) => {
    test.setTimeout(300_000); // StarlingMonkey builds in 5–60 s, more on a loaded machine
    await page.goto(s.studio.url);
    await page.getByTestId('build-button').click();
    await expect(page.getByTestId('problems-panel')).toContainText('built build/http-hello.wasm', { timeout: 240_000 });
    // Run on a handler runs nothing: it says what the component is and opens Request.
    await page.getByTestId('run-both-button').click();
    await expect(page.getByTestId('notice')).toContainText('This component is an HTTP handler (it exports wasi:http/incoming-handler and no wasi:cli/run)', { timeout: 60_000 });
    await expect(page.getByTestId('request-composer')).toBeVisible();
    for (const engine of ['node', 'browser']) await expect(page.getByTestId(`output-${engine}`)).toContainText('Not run yet.');
    await page.getByTestId('tab-commands').click();
    await expect(page.getByTestId('commands-handler')).toContainText('component-studio request . /');
    await page.getByTestId('tab-request').click();
    const composer = page.getByTestId('request-composer');

    await page.getByTestId('request-path').fill('/json?name=e2e');
    await page.getByTestId('request-send').click();
    for (const engine of ['node', 'browser']) {
      const pane = page.getByTestId(`response-${engine}`);
      await expect(pane).toContainText('"name": "e2e"', { timeout: 60_000 });
      await expect(pane).toContainText('200');
      await expect(pane).toContainText('application/json');
    }
    await expect(composer).toContainText('Both engines agree: same response');
    // Per request and engine: where the time went, and the WASI calls the handler made.
    for (const engine of ['node', 'browser']) {
      await expect(page.getByTestId(`response-timings-${engine}`)).toContainText(/instantiate \d+\.\d ms · handle \d+\.\d ms · first body byte at \d+\.\d ms of handle/);
      const trace = page.getByTestId(`response-trace-${engine}`);
      await trace.locator('summary').click();
      // StarlingMonkey reads the (frozen) clock while it handles a request, and builds its response.
      await expect(trace.getByTestId('response-trace-row').first()).toContainText('clocks/');
      await expect(trace).toContainText('http/types.[constructor]outgoing-response');
      await expect(trace).toContainText('http/types.[static]response-outparam.set');
    }

    await page.getByTestId('request-method').selectOption('POST');
    await page.getByTestId('request-path').fill('/echo');
    await page.getByTestId('request-headers').fill('content-type: text/x-e2e');
    await page.getByTestId('request-body').fill('echo me');
    await page.getByTestId('request-send').click();
    for (const engine of ['node', 'browser']) await expect(page.getByTestId(`response-${engine}`)).toContainText('echo me', { timeout: 60_000 });
    await expect(page.getByTestId('response-browser')).toContainText('text/x-e2e');
    // Node's run worker made this request's instance while it waited after the first one, and says so;
    // the browser engine instantiates on the request's path.
    await expect(page.getByTestId('response-made-ahead-node')).toBeVisible();
    await expect(page.getByTestId('response-made-ahead-browser')).toHaveCount(0);
    await expect(composer).toContainText('Both engines agree: same response');
    await page.screenshot({ path: test.info().outputPath('request-composer.png'), fullPage: true });

    // The history lists both requests, newest first, with each engine's status; it outlives a tab switch.
    const history = page.getByTestId('request-history-row');
    await expect(history).toHaveCount(2);
    await expect(history.nth(0)).toContainText(/POST \/echo\s*N 200\s*B 200/);
    await expect(history.nth(1)).toContainText(/GET \/json\?name=e2e\s*N 200\s*B 200/);
    await page.getByTestId('tab-commands').click();
    await page.getByTestId('tab-request').click();
    await expect(history).toHaveCount(2);
    // Replay puts the request back in the composer and sends it to both engines again.
    await history.nth(1).getByTestId('request-replay').click();
    await expect(page.getByTestId('request-path')).toHaveValue('/json?name=e2e');
    await expect(page.getByTestId('request-method')).toHaveValue('GET');
    await expect(history).toHaveCount(3);
    for (const engine of ['node', 'browser']) await expect(page.getByTestId(`response-${engine}`)).toContainText('"name": "e2e"', { timeout: 60_000 });
    await expect(history.nth(0)).toContainText(/GET \/json\?name=e2e\s*N 200\s*B 200/);
    await page.getByTestId('response-trace-node').locator('summary').click();
    await page.getByTestId('request-history').scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('request-history.png') });

    // An outgoing fetch to an origin the policy does not list: refused in both engines, said in each pane.
    await page.getByTestId('request-path').fill('/fetch?url=http://127.0.0.1:9/');
    await page.getByTestId('request-send').click();
    for (const engine of ['node', 'browser']) {
      await expect(page.getByTestId(`response-${engine}`)).toContainText('502', { timeout: 60_000 });
      await expect(page.getByTestId(`response-notes-${engine}`)).toContainText('refused wasi:http/outgoing-handler.handle');
      await expect(page.getByTestId(`response-trace-${engine}`)).toContainText('1 refused');
    }
    await page.getByTestId('response-notes-node').scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('request-fetch-refused.png') });

    // A handler that throws has no response: both panes say why.
    await page.getByTestId('request-method').selectOption('GET');
    await page.getByTestId('request-path').fill('/fail');
    await page.getByTestId('request-send').click();
    for (const engine of ['node', 'browser']) await expect(page.getByTestId(`response-${engine}`)).toContainText('returned before finishing its body', { timeout: 60_000 });
  });
});
