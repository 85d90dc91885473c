import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import { encodeJson } from '../../src-shared/protocol/json-codec';
import { websocketClient } from './websocket-client';

/**
 * The browser-mode client against a server that says what the test tells it to: every reply and
 * event is checked where the client receives it, and the socket's end rejects what is waiting.
 */
let wss: WebSocketServer;
let url: string;
let answer: (request: { id: number; method: string }, socket: NodeWebSocket) => void;

beforeEach(async () => {
  // The UI's WebSocket is the browser's; ws's class has the same event interface.
  vi.stubGlobal('WebSocket', NodeWebSocket);
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}/rpc`;
  wss.on('connection', (socket) => socket.on('message', (data) => answer(JSON.parse(String(data)), socket)));
});

afterEach(async () => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  for (const c of wss.clients) c.terminate();
  await new Promise((r) => wss.close(r));
});

const project = { dir: '/p', config: { name: 'p', language: 'c', policy: {}, limits: {} }, configProblem: null, files: ['a.c'] };

describe('websocketClient', () => {
  it('resolves a well-formed reply and rejects a malformed one, naming the request', async () => {
    answer = ({ id, method }, s) => {
      if (method === 'file.read') s.send(encodeJson({ kind: 'response', id, ok: true, result: { content: 42 } }));
      else s.send(encodeJson({ kind: 'response', id, ok: true, result: project }));
    };
    const client = websocketClient(url);
    const info = await client.call('project.get', {});
    expect(info.files).toEqual(['a.c']);
    // Defaults of the project schema are applied as the reply is checked.
    expect(info.config.limits.timeoutMs).toBe(10_000);
    await expect(client.call('file.read', { path: 'a.c' })).rejects.toMatchObject({ code: 'bad-reply', message: expect.stringMatching(/^malformed reply to file\.read: .*content/s) });
  });

  it('matches replies that come back out of order, and keeps a refusal\'s code', async () => {
    const held: [number, NodeWebSocket][] = [];
    answer = ({ id }, s) => {
      held.push([id, s]);
      if (held.length < 3) return;
      const [a, b, c] = held;
      c![1].send(encodeJson({ kind: 'response', id: c![0], ok: false, error: { code: 'not-open', message: 'No project is open' } }));
      b![1].send(encodeJson({ kind: 'response', id: b![0], ok: true, result: { content: 'second' } }));
      a![1].send(encodeJson({ kind: 'response', id: a![0], ok: true, result: { content: 'first' } }));
    };
    const client = websocketClient(url);
    const first = client.call('file.read', { path: 'a' });
    const second = client.call('file.read', { path: 'b' });
    const third = client.call('file.read', { path: 'c' });
    await expect(first).resolves.toEqual({ content: 'first' });
    await expect(second).resolves.toEqual({ content: 'second' });
    await expect(third).rejects.toMatchObject({ code: 'not-open', message: 'No project is open' });
  });

  it('hands listeners only events that match their schema; junk frames are logged, not thrown', async () => {
    answer = ({ id }, s) => {
      s.send('not json');
      s.send(encodeJson({ kind: 'event', event: 'file.changed', payload: { path: 'x', deleted: 'yes' } }));
      s.send(encodeJson({ kind: 'event', event: 'no.such', payload: {} }));
      s.send(encodeJson({ kind: 'event', event: 'file.changed', payload: { path: 'a.c', deleted: false } }));
      s.send(encodeJson({ kind: 'response', id, ok: true, result: { content: '' } }));
    };
    const client = websocketClient(url);
    const heard: unknown[] = [];
    client.on('file.changed', (p) => heard.push(p));
    await client.call('file.read', { path: 'a.c' });
    expect(heard).toEqual([{ path: 'a.c', deleted: false }]);
    expect(console.warn).toHaveBeenCalledWith(expect.stringMatching(/malformed file\.changed event/));
    expect(console.warn).toHaveBeenCalledWith(expect.stringMatching(/unknown event no\.such/));
  });

  it('rejects requests in flight when the server closes the socket, and later ones at once', async () => {
    answer = (_req, s) => s.close();
    const status: boolean[] = [];
    const client = websocketClient(url, (up) => status.push(up));
    await expect(client.call('project.get', {})).rejects.toMatchObject({ code: 'disconnected', message: 'the connection to the studio server closed' });
    await expect(client.call('project.get', {})).rejects.toMatchObject({ code: 'disconnected' });
    expect(status).toEqual([true, false]);
  });

  it('says the server cannot be reached when the socket never opens', async () => {
    const closed = `ws://127.0.0.1:${(wss.address() as { port: number }).port}/rpc`;
    await new Promise((r) => wss.close(r));
    const client = websocketClient(closed);
    await expect(client.call('project.get', {})).rejects.toMatchObject({ code: 'disconnected', message: 'cannot reach the studio server' });
  });
});
