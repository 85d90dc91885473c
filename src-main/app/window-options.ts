import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Every security-relevant window setting in one place, so a unit test can hold it to the
 * checklist. Type imports only: scripts/electronegativity.mjs transpiles this file on its own
 * and scans the object it returns.
 */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Component Studio',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      enableWebSQL: false,
      safeDialogs: true,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  };
}
