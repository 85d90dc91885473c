import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStatic, staticFile } from './static';

let base: string;
let root: string;
let outside: string;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'studio-static-')));
  root = join(base, 'ui');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'assets', 'deep'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>studio</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'style.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'deep', 'mod.wasm'), Buffer.from([0, 97, 115, 109]));
  writeFileSync(join(root, 'assets', 'data.bin'), 'bin');
  writeFileSync(join(root, 'a file.txt'), 'spaced');
  writeFileSync(join(root, '%2e%2e'), 'literally named');
  writeFileSync(join(root, '..dots'), 'dots in name');
  writeFileSync(join(outside, 'secret.txt'), 'SECRET');
  writeFileSync(join(base, 'secret.txt'), 'SECRET');
  // Links inside the UI folder that lead out of it, to a file and to a folder.
  symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
  symlinkSync(outside, join(root, 'linkdir'));
  // A link that stays inside is fine.
  symlinkSync(join(root, 'assets', 'app.js'), join(root, 'alias.js'));
  // A link to a sibling folder whose name shares the root's prefix ("ui" vs "ui-evil").
  mkdirSync(join(base, 'ui-evil'));
  writeFileSync(join(base, 'ui-evil', 'x.js'), 'EVIL');
  symlinkSync(join(base, 'ui-evil', 'x.js'), join(root, 'prefix.js'));
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

describe('staticFile: serves files inside the UI folder', () => {
  it("maps '/' to index.html", () => {
    const f = staticFile(root, '/');
    expect(f).toEqual({ path: join(root, 'index.html'), type: 'text/html; charset=utf-8' });
    expect(readStatic(root, '/')?.body.toString()).toContain('<title>studio</title>');
  });

  it('serves /index.html directly', () => {
    expect(staticFile(root, '/index.html')?.path).toBe(join(root, 'index.html'));
  });

  it('serves files in subfolders with their content type', () => {
    expect(staticFile(root, '/assets/app.js')).toEqual({ path: join(root, 'assets', 'app.js'), type: 'text/javascript; charset=utf-8' });
    expect(staticFile(root, '/assets/style.css')?.type).toBe('text/css; charset=utf-8');
    expect(staticFile(root, '/assets/deep/mod.wasm')?.type).toBe('application/wasm');
    expect(staticFile(root, '/assets/data.bin')?.type).toBe('application/octet-stream');
    expect(readStatic(root, '/assets/deep/mod.wasm')?.body).toEqual(Buffer.from([0, 97, 115, 109]));
  });

  it('decodes percent-encoded names once', () => {
    expect(readStatic(root, '/a%20file.txt')?.body.toString()).toBe('spaced');
    expect(readStatic(root, '/assets%2Fapp.js')?.body.toString()).toBe('console.log(1)');
  });

  it('serves names that merely start with two dots', () => {
    expect(readStatic(root, '/..dots')?.body.toString()).toBe('dots in name');
  });

  it('follows a link that stays inside the folder', () => {
    expect(staticFile(root, '/alias.js')?.path).toBe(join(root, 'assets', 'app.js'));
  });

  it('collapses repeated leading slashes into the folder', () => {
    expect(staticFile(root, '//assets/app.js')?.path).toBe(join(root, 'assets', 'app.js'));
  });

  it('returns null for missing files and folders', () => {
    expect(staticFile(root, '/nope.js')).toBeNull();
    expect(staticFile(root, '/assets')).toBeNull();
    expect(staticFile(root, '/assets/')).toBeNull();
    expect(staticFile(join(base, 'no-such-ui'), '/')).toBeNull();
  });
});

describe('staticFile: refuses everything that could leave the folder', () => {
  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/..',
    '/../outside/secret.txt',
    '/assets/..',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/assets%2F%2E%2E%2F%2E%2E%2Fsecret.txt',
    '/.%2e/secret.txt',
    '/%2e./secret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/assets\\..\\..\\secret.txt',
    '/%5c..%5csecret.txt',
    '/index.html%00',
    '/index.html%00.js',
    '/%00',
    '/index.html\0',
    '/%',
    '/%zz',
    '/%E0%A4%A',
  ])('refuses %j', (path) => {
    expect(staticFile(root, path)).toBeNull();
    expect(readStatic(root, path)).toBeNull();
  });

  it('keeps double-encoded dots harmless (they name a literal file, never the parent)', () => {
    // %252e%252e decodes once to the literal name "%2e%2e", a file inside the folder.
    expect(readStatic(root, '/%252e%252e')?.body.toString()).toBe('literally named');
    expect(staticFile(root, '/%252e%252e/secret.txt')).toBeNull();
    expect(staticFile(root, '/%252e%252e%252fsecret.txt')).toBeNull();
    expect(staticFile(root, '/%25%32%65%25%32%65/secret.txt')).toBeNull();
  });

  it('treats absolute paths as paths inside the folder', () => {
    const abs = join(outside, 'secret.txt');
    expect(staticFile(root, abs)).toBeNull();
    expect(staticFile(root, '/' + abs)).toBeNull();
    expect(staticFile(root, encodeURIComponent(abs))).toBeNull();
    expect(staticFile(root, '/etc/passwd')).toBeNull();
    expect(staticFile(root, '//etc/passwd')).toBeNull();
    expect(staticFile(root, '/%2Fetc%2Fpasswd')).toBeNull();
    expect(staticFile(root, 'C:\\Windows\\win.ini')).toBeNull();
    expect(staticFile(root, '/C:/Windows/win.ini')).toBeNull();
  });

  it('refuses a link inside the folder that points outside', () => {
    expect(staticFile(root, '/link.txt')).toBeNull();
    expect(readStatic(root, '/link.txt')).toBeNull();
  });

  it('refuses files reached through a linked folder that points outside', () => {
    expect(staticFile(root, '/linkdir/secret.txt')).toBeNull();
  });

  it('refuses a link to a sibling folder sharing the root name as prefix', () => {
    expect(staticFile(root, '/prefix.js')).toBeNull();
  });

  it('never returns a path outside the folder for any of many hostile inputs', () => {
    const pieces = ['..', '.', '%2e', '%2E', '%2f', '%2F', '/', '\\', '%5c', '%00', 'secret.txt', 'outside', 'link.txt', 'linkdir', '%25', '~', ''];
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const realRoot = realpathSync(root);
    for (let i = 0; i < 3000; i++) {
      let p = '/';
      const n = 1 + rnd(8);
      for (let j = 0; j < n; j++) p += pieces[rnd(pieces.length)]!;
      const f = staticFile(root, p);
      if (f) expect(f.path.startsWith(realRoot + '/'), p).toBe(true);
    }
  });
});
