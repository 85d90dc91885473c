import { app, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { samplesDir } from '../paths';
import { openSession } from '../services/session';
import { createMainWindow, eventSender, setupIpc, setupNavigationGuards, setupPermissions, setupProtocol, setupScheme } from './setup';

// Composition root: each setup step in order. The decisions live in security.ts and
// window-options.ts (unit-tested); setup.ts wires them to Electron.
setupScheme();

let mainWindow: BrowserWindow | null = null;

function projectArg(): string {
  const args = process.argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('-'));
  return args[0] ?? join(samplesDir(), 'hello-c');
}

void app.whenReady().then(() => {
  const s = openSession(projectArg(), eventSender(() => mainWindow));
  if (s.error) console.error(`Could not open the project: ${s.error}`);
  setupProtocol();
  setupPermissions();
  setupNavigationGuards();
  setupIpc(s.handlers, () => mainWindow);
  mainWindow = createMainWindow();
  s.studio?.warm();
  app.on('window-all-closed', () => {
    s.studio?.dispose();
    app.quit();
  });
});
