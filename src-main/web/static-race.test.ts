/**
 * A UI file removed between the static checks and the read must answer 404, not end the process.
 * node:fs is wrapped so that reading a file named "vanishing*" first deletes it: the real
 * readFileSync then fails with a real ENOENT, exactly as in the race.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StudioHandlers } from '../../src-shared/protocol/api';

vi.mock('node:fs', async (orig) => {
  const fs = await orig<typeof import('node:fs')>();
  const readFileSync = ((path: Parameters<typeof fs.readFileSync>[0], ...rest: unknown[]) => {
    if (typeof path === 'string' && /[/\\]vanishing[^/\\]*$/.test(path)) fs.unlinkSync(path);
    return (fs.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});

const { readStatic } = await import('./static');
const { startWebServer } = await import('./server');

let ui: string;
const crashes: unknown[] = [];
const onCrash = (e: unknown) => crashes.push(e);

beforeAll(() => {
  ui = mkdtempSync(join(tmpdir(), 'studio-race-'));
  mkdirSync(join(ui, 'assets'));
  writeFileSync(join(ui, 'index.html'), 'ui');
  process.on('uncaughtException', onCrash);
});

afterAll(() => {
  process.off('uncaughtException', onCrash);
  rmSync(ui, { recursive: true, force: true });
});

describe('a file removed between the check and the read', () => {
  it('readStatic answers null instead of throwing', () => {
    writeFileSync(join(ui, 'assets', 'vanishing.js'), 'x');
    expect(() => readStatic(ui, '/assets/vanishing.js')).not.toThrow();
    writeFileSync(join(ui, 'assets', 'vanishing.js'), 'x');
    expect(readStatic(ui, '/assets/vanishing.js')).toBeNull();
    expect(readStatic(ui, '/index.html')?.body.toString()).toBe('ui');
  });

  it('the server answers 404 and keeps serving', async () => {
    const server = await startWebServer({ handlers: {} as StudioHandlers, uiDir: ui, token: 'race-token-0123456789abcdef' });
    const get = (path: string) =>
      new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port: server.port, path, headers: { authorization: 'Bearer race-token-0123456789abcdef' } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
          .on('error', reject)
          .end();
      });
    try {
      writeFileSync(join(ui, 'assets', 'vanishing-2.js'), 'x');
      expect(await get('/assets/vanishing-2.js')).toBe(404);
      expect(await get('/')).toBe(200);
      expect(crashes).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
