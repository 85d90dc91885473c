import { describe, expect, it } from 'vitest';
import { electronClient, type PreloadBridge } from './electron-client';

/** The Electron client checks each result and event as it arrives, as the WebSocket client does. */
describe('electronClient', () => {
  it('resolves a well-formed result, rejects a malformed one naming the request, and keeps a refusal\'s code', async () => {
    const results: Record<string, unknown> = { 'file.read': { content: 'x' }, 'file.write': { bytes: 'many' } };
    const bridge: PreloadBridge = {
      call: async (method) =>
        method === 'run.stop'
          ? { kind: 'response', id: 1, ok: false, error: { code: 'not-open', message: 'No project is open' } }
          : { kind: 'response', id: 1, ok: true, result: results[method] },
      on: () => () => {},
    };
    const client = electronClient(bridge);
    await expect(client.call('file.read', { path: 'a' })).resolves.toEqual({ content: 'x' });
    await expect(client.call('file.write', { path: 'a', content: '' })).rejects.toMatchObject({ code: 'bad-reply', message: expect.stringMatching(/^malformed reply to file\.write: .*bytes/s) });
    await expect(client.call('run.stop', { runId: 'r' })).rejects.toMatchObject({ code: 'not-open', message: 'No project is open' });
  });

  it('hands listeners only events that match their schema', () => {
    let emit: (payload: unknown) => void = () => {};
    const client = electronClient({ call: async () => ({ kind: 'response', id: 1, ok: true, result: null }), on: (_e, l) => ((emit = l), () => {}) });
    const heard: unknown[] = [];
    client.on('file.changed', (p) => heard.push(p));
    emit({ path: 'a', deleted: 'no' });
    emit({ path: 'a', deleted: false });
    expect(heard).toEqual([{ path: 'a', deleted: false }]);
  });
});
