import { describe, expect, it, vi } from 'vitest';
import type { StudioHandlers } from './api';
import { dispatch, StudioError } from './envelope';

function makeHandlers(overrides: Partial<Record<keyof StudioHandlers, (p: unknown) => Promise<unknown>>> = {}) {
  const calls: { method: string; params: unknown }[] = [];
  const rec =
    (method: string, result: unknown) =>
    async (params: unknown): Promise<unknown> => {
      calls.push({ method, params });
      return result;
    };
  const base: Record<string, (p: unknown) => Promise<unknown>> = {
    'project.get': rec('project.get', { dir: '/p', config: { name: 'demo' }, files: ['src/main.c'] }),
    'file.read': async (p) => {
      calls.push({ method: 'file.read', params: p });
      return { content: `content of ${(p as { path: string }).path}` };
    },
    'file.write': rec('file.write', { bytes: 3 }),
    'build.start': rec('build.start', { ok: true }),
    'component.prepare': rec('component.prepare', { artifacts: { modules: { 'a.wasm': new Uint8Array([1, 2]) } } }),
    'run.node': rec('run.node', { engine: 'node' }),
    'run.stop': rec('run.stop', { stopped: true }),
    ...overrides,
  };
  for (const k of Object.keys(overrides)) {
    const f = base[k]!;
    base[k] = async (p) => {
      calls.push({ method: k, params: p });
      return f(p);
    };
  }
  return { handlers: base as unknown as StudioHandlers, calls };
}

const req = (method: unknown, params: unknown, id: unknown = 1) => ({ kind: 'request', id, method, params });

describe('dispatch', () => {
  it('returns the handler result for a valid request', async () => {
    const { handlers, calls } = makeHandlers();
    await expect(dispatch(handlers, req('project.get', {}, 7))).resolves.toEqual({
      kind: 'response',
      id: 7,
      ok: true,
      result: { dir: '/p', config: { name: 'demo' }, files: ['src/main.c'] },
    });
    expect(calls).toEqual([{ method: 'project.get', params: {} }]);
  });

  it('passes validated params to the handler', async () => {
    const { handlers, calls } = makeHandlers();
    const r = await dispatch(handlers, req('file.read', { path: 'src/main.c' }, 2));
    expect(r).toEqual({ kind: 'response', id: 2, ok: true, result: { content: 'content of src/main.c' } });
    expect(calls).toEqual([{ method: 'file.read', params: { path: 'src/main.c' } }]);
  });

  it('accepts id 0 and negative safe integers', async () => {
    const { handlers } = makeHandlers();
    expect((await dispatch(handlers, req('project.get', {}, 0)))?.id).toBe(0);
    expect((await dispatch(handlers, req('project.get', {}, -5)))?.id).toBe(-5);
    expect((await dispatch(handlers, req('project.get', {}, Number.MAX_SAFE_INTEGER)))?.id).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    ['file.read', {}],
    ['file.read', { path: '' }],
    ['file.read', { path: 42 }],
    ['file.read', { path: 'a\0b' }],
    ['file.read', { path: 'x'.repeat(4097) }],
    ['file.read', { path: 'a', extra: 1 }],
    ['file.read', null],
    ['file.read', 'src/main.c'],
    ['file.read', ['src/main.c']],
    ['file.write', { path: 'a' }],
    ['file.write', { path: 'a', content: 5 }],
    ['project.get', { x: 1 }],
    ['project.get', undefined],
    ['project.get', []],
    ['run.node', { runId: '' }],
    ['run.stop', { runId: 'r'.repeat(129) }],
  ])('refuses %s with params %j as bad-params, without calling the handler', async (method, params) => {
    const { handlers, calls } = makeHandlers();
    const r = await dispatch(handlers, req(method, params, 3));
    expect(r).toMatchObject({ kind: 'response', id: 3, ok: false, error: { code: 'bad-params' } });
    if (r && !r.ok) {
      expect(r.error.message).toContain(`invalid parameters for ${method}`);
      expect(r.error.message.length).toBeGreaterThan(`invalid parameters for ${method}: `.length);
    }
    expect(calls).toEqual([]);
  });

  it.each(['nope', 'toString', '__proto__', 'constructor', 'hasOwnProperty', '', 'PROJECT.GET', 42, null, undefined, {}, []])(
    'answers unknown-method for %j',
    async (method) => {
      const { handlers, calls } = makeHandlers();
      const r = await dispatch(handlers, req(method, {}, 4));
      expect(r).toMatchObject({ kind: 'response', id: 4, ok: false, error: { code: 'unknown-method' } });
      expect(calls).toEqual([]);
    },
  );

  it('keeps the unknown-method message short', async () => {
    const { handlers } = makeHandlers();
    const r = await dispatch(handlers, req('m'.repeat(100_000), {}, 4));
    expect(r?.ok).toBe(false);
    if (r && !r.ok) expect(r.error.message.length).toBeLessThan(200);
  });

  it('does not throw for a method object that cannot become a string', async () => {
    const { handlers, calls } = makeHandlers();
    // Both arrive as plain data from JSON.parse: {"toString":1} and {"toString":{},"valueOf":{}}.
    for (const method of [{ toString: 1 }, { toString: {}, valueOf: {} }, Object.create(null), Symbol('s')]) {
      const r = await dispatch(handlers, req(method, {}, 5));
      expect(r).toMatchObject({ kind: 'response', id: 5, ok: false, error: { code: 'unknown-method' } });
    }
    expect(calls).toEqual([]);
  });

  it('answers bad-params, without throwing, for values that make zod itself throw', async () => {
    const { handlers, calls } = makeHandlers();
    // zod runs length checks on anything with a `length`; comparing {"toString":{}} with a number throws.
    const cases: [string, string][] = [
      ['run.stop', '{"runId":{"length":{"toString":{}}}}'],
      ['run.node', '{"runId":{"length":[{"toString":{}}]}}'],
      ['file.read', '{"path":{"length":{"valueOf":{},"toString":{}}}}'],
      ['file.write', '{"path":"a","content":{"length":{"toString":{}}}}'],
    ];
    for (const [method, params] of cases) {
      const r = await dispatch(handlers, req(method, JSON.parse(params), 15));
      expect(r, params).toMatchObject({ kind: 'response', id: 15, ok: false, error: { code: 'bad-params' } });
    }
    expect(calls).toEqual([]);
  });

  it('answers bad-request when the kind is not request', async () => {
    const { handlers, calls } = makeHandlers();
    for (const kind of ['response', 'event', undefined, 1, 'REQUEST']) {
      const r = await dispatch(handlers, { kind, id: 6, method: 'project.get', params: {} });
      expect(r).toMatchObject({ kind: 'response', id: 6, ok: false, error: { code: 'bad-request' } });
    }
    expect(calls).toEqual([]);
  });

  it.each([
    null,
    undefined,
    0,
    'request',
    true,
    [],
    [1, 2],
    {},
    { kind: 'request', method: 'project.get', params: {} },
    req('project.get', {}, '1'),
    req('project.get', {}, 1.5),
    req('project.get', {}, NaN),
    req('project.get', {}, Infinity),
    req('project.get', {}, Number.MAX_SAFE_INTEGER + 1),
    req('project.get', {}, null),
    req('project.get', {}, { valueOf: () => 1 }),
  ])('returns null when there is no usable id: %j', async (message) => {
    const { handlers, calls } = makeHandlers();
    await expect(dispatch(handlers, message)).resolves.toBeNull();
    expect(calls).toEqual([]);
  });

  it('carries the code and message of a StudioError', async () => {
    const { handlers } = makeHandlers({
      'file.read': async () => {
        throw new StudioError('not-found', 'no such file: a.c');
      },
    });
    await expect(dispatch(handlers, req('file.read', { path: 'a.c' }, 8))).resolves.toEqual({
      kind: 'response',
      id: 8,
      ok: false,
      error: { code: 'not-found', message: 'no such file: a.c' },
    });
  });

  it('turns a thrown plain Error into internal', async () => {
    const { handlers } = makeHandlers({
      'build.start': async () => {
        throw new Error('boom');
      },
    });
    await expect(dispatch(handlers, req('build.start', {}, 9))).resolves.toEqual({
      kind: 'response',
      id: 9,
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });

  it('turns a synchronous throw (not a rejected promise) into internal', async () => {
    const handlers = makeHandlers().handlers as unknown as Record<string, unknown>;
    handlers['run.stop'] = () => {
      throw new TypeError('sync');
    };
    await expect(dispatch(handlers as unknown as StudioHandlers, req('run.stop', { runId: 'r1' }, 10))).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'sync' },
    });
  });

  it('turns thrown non-Error values into internal without throwing', async () => {
    for (const thrown of ['a string', 42, null, undefined, { message: 'obj' }, Object.create(null)]) {
      const { handlers } = makeHandlers({
        'run.node': async () => {
          throw thrown;
        },
      });
      const r = await dispatch(handlers, req('run.node', { runId: 'r' }, 11));
      expect(r).toMatchObject({ kind: 'response', id: 11, ok: false, error: { code: 'internal' } });
      if (r && !r.ok) expect(typeof r.error.message).toBe('string');
    }
  });

  it('awaits a slow handler', async () => {
    vi.useFakeTimers();
    try {
      const { handlers } = makeHandlers({
        'run.node': () => new Promise((resolve) => setTimeout(() => resolve({ engine: 'node', late: true }), 1000)),
      });
      const p = dispatch(handlers, req('run.node', { runId: 'r' }, 12));
      await vi.advanceTimersByTimeAsync(1000);
      await expect(p).resolves.toMatchObject({ ok: true, result: { late: true } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not consult inherited properties of the handlers object', async () => {
    const { handlers, calls } = makeHandlers();
    const r = await dispatch(handlers, req('valueOf', {}, 13));
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(calls).toEqual([]);
  });

  it('ignores a "__proto__" own key in params without polluting prototypes', async () => {
    const { handlers, calls } = makeHandlers();
    const params = JSON.parse('{"path":"a.c","__proto__":{"polluted":true}}');
    const r = await dispatch(handlers, req('file.read', params, 14));
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-params' } });
    expect(calls).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
