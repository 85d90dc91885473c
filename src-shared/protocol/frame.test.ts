import { describe, expect, it } from 'vitest';
import type { StudioHandlers } from './api';
import { answerIpc, readFrame, unanswerable } from './frame';

describe('readFrame', () => {
  it('hands a decodable frame to dispatch, bytes decoded', () => {
    expect(readFrame('{"kind":"request","id":1,"method":"project.get","params":{}}')).toEqual({
      kind: 'dispatch',
      message: { kind: 'request', id: 1, method: 'project.get', params: {} },
    });
    const f = readFrame('{"id":2,"params":{"bytes":{"$bytes":"AAEC"}}}');
    expect(f.kind === 'dispatch' && (f.message as { params: { bytes: Uint8Array } }).params.bytes).toEqual(new Uint8Array([0, 1, 2]));
  });

  it('closes on binary (1003) and on text that is not JSON (1007), with a short reason', () => {
    expect(readFrame(null)).toMatchObject({ kind: 'close', code: 1003 });
    for (const text of ['this is not json', '{"kind":"request","id":', '', '\u0000']) {
      const f = readFrame(text);
      expect(f).toEqual({ kind: 'close', code: 1007, reason: 'the frame is not JSON' });
    }
  });

  it('answers JSON whose bytes cannot be decoded when it has an id, and closes (1008) when it has none', () => {
    expect(readFrame('{"kind":"request","id":53,"method":"file.read","params":{"path":{"$bytes":"***"}}}')).toEqual({
      kind: 'reply',
      reply: { kind: 'response', id: 53, ok: false, error: { code: 'bad-params', message: 'the request could not be decoded: malformed base64' } },
    });
    expect(readFrame('{"params":{"path":{"$bytes":"***"}}}')).toMatchObject({ kind: 'close', code: 1008 });
  });

  it('keeps every close reason within the 123 bytes a close frame allows', () => {
    for (const text of [null, 'x', '{"$bytes":"*"}']) {
      const f = readFrame(text);
      if (f.kind === 'close') expect(new TextEncoder().encode(f.reason).length).toBeLessThanOrEqual(123);
    }
  });
});

describe('unanswerable', () => {
  it('names what is missing: an object, or a numeric id', () => {
    expect(unanswerable(null)).toBe('not a request: expected a JSON object');
    expect(unanswerable([])).toBe('not a request: expected a JSON object');
    expect(unanswerable(7)).toBe('not a request: expected a JSON object');
    expect(unanswerable({ kind: 'request', method: 'project.get' })).toBe('not a request: no numeric "id"');
    expect(unanswerable({ id: 1.5 })).toBe('not a request: no numeric "id"');
    expect(unanswerable({ id: 3 })).toBeNull();
  });
});

describe('answerIpc', () => {
  const handlers = { 'project.get': async () => ({ ok: 1 }) } as unknown as StudioHandlers;
  it('answers a message with no id with an error (IPC has no connection to close)', async () => {
    expect(await answerIpc(handlers, { kind: 'request', method: 'project.get', params: {} })).toEqual({
      kind: 'response',
      id: -1,
      ok: false,
      error: { code: 'bad-request', message: 'not a request: no numeric "id"' },
    });
    expect(await answerIpc(handlers, 'garbage')).toMatchObject({ id: -1, ok: false, error: { code: 'bad-request' } });
  });

  it('answers a request by its id, as dispatch does', async () => {
    expect(await answerIpc(handlers, { kind: 'request', id: 4, method: 'nope', params: {} })).toMatchObject({ id: 4, ok: false, error: { code: 'unknown-method' } });
  });
});
