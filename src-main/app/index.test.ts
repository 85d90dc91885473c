/** index.ts is a composition root: it calls the setup steps in order and does nothing else of its own. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const m = vi.hoisted(() => {
  const order: string[] = [];
  let ready: () => void = () => {};
  const readyPromise = new Promise<void>((r) => (ready = r));
  const step = (name: string, value?: unknown) => vi.fn((..._args: unknown[]) => (order.push(name), value));
  return { order, ready: () => ready(), readyPromise, step };
});

vi.mock('electron', () => ({ app: { isPackaged: false, whenReady: () => m.readyPromise, on: vi.fn() } }));
vi.mock('../services/session', () => ({
  openSession: m.step('openSession', { handlers: {}, warm: m.step('warm'), dispose: vi.fn(), error: null }),
}));
vi.mock('./setup', () => ({
  setupScheme: m.step('setupScheme'),
  setupProtocol: m.step('setupProtocol'),
  setupPermissions: m.step('setupPermissions'),
  setupNavigationGuards: m.step('setupNavigationGuards'),
  setupIpc: m.step('setupIpc'),
  createMainWindow: m.step('createMainWindow', {}),
  eventSender: vi.fn(() => () => {}),
  folderDialog: vi.fn(() => async () => null),
}));

describe('src-main/app/index.ts', () => {
  it('registers the scheme before ready, then sets up protocol, permissions, guards and IPC before the window opens', async () => {
    await import('./index');
    expect(m.order).toEqual(['setupScheme']);
    m.ready();
    await vi.waitFor(() => expect(m.order).toContain('warm'));
    expect(m.order).toEqual(['setupScheme', 'openSession', 'setupProtocol', 'setupPermissions', 'setupNavigationGuards', 'setupIpc', 'createMainWindow', 'warm']);
  });

  it('is the only composition root: only setup.ts and index.ts import electron values in src-main/app', () => {
    const dir = import.meta.dirname;
    for (const f of ['security.ts', 'window-options.ts', 'ipc-channels.ts']) {
      const src = readFileSync(join(dir, f), 'utf8');
      expect(/import\s+(?!type\b)[^;]*from\s+'electron'/.test(src), f).toBe(false);
    }
  });
});
