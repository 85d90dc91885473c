import { describe, expect, it } from 'vitest';
import { windowOptions } from './window-options';

describe('windowOptions: the Electron security checklist', () => {
  const options = windowOptions('/app/out/preload/index.cjs');
  const prefs = options.webPreferences!;

  it('isolates the preload from the page (contextIsolation)', () => {
    expect(prefs.contextIsolation).toBe(true);
  });

  it('sandboxes the renderer', () => {
    expect(prefs.sandbox).toBe(true);
  });

  it('gives no Node.js to the page, its workers or its subframes', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps webSecurity on and refuses insecure content', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
  });

  it('enables no experimental or extra Blink features, no <webview>, no WebSQL', () => {
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.enableWebSQL).toBe(false);
  });

  it('does not navigate on a dropped file and lets the user stop dialog loops', () => {
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.safeDialogs).toBe(true);
  });

  it('uses exactly the given preload and nothing that loads other code', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(prefs).not.toHaveProperty('additionalArguments');
    expect(prefs).not.toHaveProperty('partition');
    expect(prefs).not.toHaveProperty('session');
  });

  it('sets nothing else security-relevant than what this test knows about', () => {
    expect(Object.keys(prefs).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'enableWebSQL',
        'experimentalFeatures',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'preload',
        'safeDialogs',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    );
  });

  it('starts hidden (shown on ready-to-show) and returns a fresh object each call', () => {
    expect(options.show).toBe(false);
    const again = windowOptions('/x');
    expect(again).not.toBe(options);
    expect(again.webPreferences).not.toBe(prefs);
  });
});
