import { expect, type Locator, type Page } from '@playwright/test';

/** Builds the open project in the UI and opens the Calls tab on export `name` (or on the one export there is). */
export async function buildAndOpenCalls(page: Page, component: string, signature: string, name?: string): Promise<Locator> {
  await page.getByTestId('build-button').click();
  await expect(page.getByTestId('problems-panel')).toContainText(`built build/${component}.wasm`, { timeout: 60_000 });
  await page.getByTestId('tab-calls').click();
  const form = page.getByTestId('call-form');
  if (name) await form.getByLabel('Exported function').selectOption({ label: name });
  await expect(form).toContainText(signature);
  return form;
}
