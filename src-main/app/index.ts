import { app, type BrowserWindow } from 'electron';
import { openSession } from '../services/session';
import { createMainWindow, eventSender, folderDialog, setupIpc, setupNavigationGuards, setupPermissions, setupProtocol, setupScheme } from './setup';

// Composition root: each setup step in order. The decisions live in security.ts and
// window-options.ts (unit-tested); setup.ts wires them to Electron.
setupScheme();

let mainWindow: BrowserWindow | null = null;

/** The folder named on the command line; none: the welcome screen. */
function projectArg(): string | null {
  const args = process.argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('-'));
  return args[0] ?? null;
}

void app.whenReady().then(() => {
  const dir = projectArg();
  const s = openSession(dir, eventSender(() => mainWindow), { pickFolder: folderDialog(() => mainWindow) });
  if (dir && s.error) console.error(`Could not open the project: ${s.error}`);
  setupProtocol();
  setupPermissions();
  setupNavigationGuards();
  setupIpc(s.handlers, () => mainWindow);
  mainWindow = createMainWindow();
  s.warm();
  app.on('window-all-closed', () => {
    s.dispose();
    app.quit();
  });
});
