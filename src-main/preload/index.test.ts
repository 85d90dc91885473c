/**
 * The preload exposes exactly the StudioApi client surface (call, on) and nothing that reaches
 * ipcRenderer. `electron` is mocked to capture what exposeInMainWorld receives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC } from '../app/ipc-channels';

const m = vi.hoisted(() => {
  const ipcListeners = new Map<string, (...args: unknown[]) => void>();
  const ipcRenderer = {
    invoke: vi.fn(async (..._args: unknown[]) => ({ kind: 'response', id: 1, ok: true, result: 'r' })),
    on: vi.fn((channel: string, f: (...args: unknown[]) => void) => ipcListeners.set(channel, f)),
    send: vi.fn(),
    sendSync: vi.fn(),
    postMessage: vi.fn(),
    once: vi.fn(),
    removeListener: vi.fn(),
    removeAllListeners: vi.fn(),
  };
  const exposed: [string, unknown][] = [];
  const contextBridge = {
    exposeInMainWorld: vi.fn((key: string, api: unknown) => exposed.push([key, api])),
    exposeInIsolatedWorld: vi.fn(),
  };
  return { ipcRenderer, ipcListeners, contextBridge, exposed };
});

vi.mock('electron', () => ({ contextBridge: m.contextBridge, ipcRenderer: m.ipcRenderer }));

type Bridge = { call: (method: string, params: unknown) => Promise<unknown>; on: (event: string, l: (p: unknown) => void) => () => void };
let bridge: Bridge;

beforeAll(async () => {
  await import('./index');
  bridge = m.exposed[0]![1] as Bridge;
});

/** Every value reachable from `root` through own properties (functions included). */
function reachable(root: unknown): unknown[] {
  const seen = new Set<unknown>();
  const walk = (v: unknown) => {
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null || seen.has(v)) return;
    seen.add(v);
    for (const k of Reflect.ownKeys(v as object)) {
      const d = Object.getOwnPropertyDescriptor(v, k);
      if (d && 'value' in d) walk(d.value);
    }
  };
  walk(root);
  return [...seen];
}

describe('preload', () => {
  it('exposes one object, studioBridge, in the main world only', () => {
    expect(m.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect(m.contextBridge.exposeInIsolatedWorld).not.toHaveBeenCalled();
    expect(m.exposed.map(([k]) => k)).toEqual(['studioBridge']);
  });

  it('exposes exactly the StudioApi client surface: call and on, both functions', () => {
    expect(Reflect.ownKeys(bridge as object).sort()).toEqual(['call', 'on']);
    expect(typeof bridge.call).toBe('function');
    expect(typeof bridge.on).toBe('function');
  });

  it('makes no raw ipcRenderer (nor any of its methods) reachable from what it exposes', () => {
    const values = reachable(bridge);
    const forbidden = new Set<unknown>([m.ipcRenderer, ...Object.values(m.ipcRenderer), m.contextBridge]);
    expect(values.filter((v) => forbidden.has(v))).toEqual([]);
  });

  it('call() sends one request on the request channel and returns the reply, nothing else', async () => {
    const reply = await bridge.call('project.get', {});
    expect(reply).toEqual({ kind: 'response', id: 1, ok: true, result: 'r' });
    expect(m.ipcRenderer.invoke).toHaveBeenCalledWith(IPC.request, { kind: 'request', id: 1, method: 'project.get', params: {} });
    await bridge.call('file.read', { path: 'a' });
    expect(m.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC.request, { kind: 'request', id: 2, method: 'file.read', params: { path: 'a' } });
    // The page cannot choose a channel: whatever it passes, the request channel is used.
    await bridge.call('studio:event' as never, {});
    expect(m.ipcRenderer.invoke.mock.calls.every((c) => c[0] === IPC.request)).toBe(true);
    expect(m.ipcRenderer.send).not.toHaveBeenCalled();
    expect(m.ipcRenderer.sendSync).not.toHaveBeenCalled();
    expect(m.ipcRenderer.postMessage).not.toHaveBeenCalled();
  });

  it('listens on the event channel only, and hands listeners the payload, never the IPC event', () => {
    expect([...m.ipcListeners.keys()]).toEqual([IPC.event]);
    const got: unknown[][] = [];
    const off = bridge.on('build.progress', (...args: unknown[]) => got.push(args));
    const ipcEvent = { sender: m.ipcRenderer, senderId: 0, ports: [] };
    m.ipcListeners.get(IPC.event)!(ipcEvent, { event: 'build.progress', payload: { message: 'm', fraction: 1 } });
    m.ipcListeners.get(IPC.event)!(ipcEvent, { event: 'run.output', payload: 'other event' });
    expect(got).toEqual([[{ message: 'm', fraction: 1 }]]);
    expect(reachable(got).includes(m.ipcRenderer)).toBe(false);
    expect(off()).toBeUndefined();
    m.ipcListeners.get(IPC.event)!(ipcEvent, { event: 'build.progress', payload: 'after off' });
    expect(got).toHaveLength(1);
  });

  it('ignores malformed event messages and refuses a non-function listener', () => {
    const listener = vi.fn();
    bridge.on('run.output', listener);
    for (const bad of [null, undefined, 'x', 1, { payload: 1 }, { event: 1, payload: 1 }]) m.ipcListeners.get(IPC.event)!({}, bad);
    expect(listener).not.toHaveBeenCalled();
    expect(() => bridge.on('run.output', 'not a function' as never)).toThrow(TypeError);
  });

  it('uses the channel names of src-main/app/ipc-channels.ts', () => {
    const src = readFileSync(join(import.meta.dirname, 'index.ts'), 'utf8');
    expect(src).toContain(`'${IPC.request}'`);
    expect(src).toContain(`'${IPC.event}'`);
    expect(src).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });
});
