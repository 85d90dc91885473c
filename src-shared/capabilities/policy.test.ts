import { describe, expect, it } from 'vitest';
import { checkProject } from '../protocol/project';
import { denyAll, policySchema, resolveGrants } from './policy';

describe('policySchema / denyAll', () => {
  it('deny-all grants nothing', () => {
    const p = denyAll();
    expect(p.args).toEqual([]);
    expect(p.env).toEqual([]);
    expect(p.mounts).toEqual([]);
    expect(p.stdin).toBeNull();
    expect(p.clocks).toEqual({ mode: 'denied' });
    expect(p.random).toEqual({ mode: 'denied' });
    expect(p.sockets).toEqual({ mode: 'denied' });
    expect(p.http).toEqual({ mode: 'denied' });
  });

  it('rejects unknown keys (strict)', () => {
    expect(policySchema.safeParse({ network: 'all' }).success).toBe(false);
  });

  it('rejects env names containing "=" or NUL', () => {
    expect(policySchema.safeParse({ env: [{ name: 'A=B' }] }).success).toBe(false);
    expect(policySchema.safeParse({ env: [{ name: 'A\0' }] }).success).toBe(false);
    expect(policySchema.safeParse({ env: [{ name: 'OK', value: 'x=y' }] }).success).toBe(true);
  });

  it('requires a datetime for frozen clocks and a non-negative integer seed', () => {
    expect(policySchema.safeParse({ clocks: { mode: 'frozen', at: 'yesterday' } }).success).toBe(false);
    expect(policySchema.safeParse({ clocks: { mode: 'frozen', at: '2024-01-02T03:04:05Z' } }).success).toBe(true);
    expect(policySchema.safeParse({ random: { mode: 'seeded', seed: -1 } }).success).toBe(false);
    expect(policySchema.safeParse({ random: { mode: 'seeded', seed: 1.5 } }).success).toBe(false);
    expect(policySchema.safeParse({ random: { mode: 'seeded', seed: 7 } }).success).toBe(true);
  });

  it('keeps a guest path as written, relative or absolute, and refuses one that cannot be written HOST::GUEST', () => {
    expect(policySchema.parse({ mounts: [{ host: '.', guest: 'data', mode: 'ro' }] }).mounts[0]!.guest).toBe('data');
    expect(policySchema.parse({ mounts: [{ host: '.', guest: '/data', mode: 'ro' }] }).mounts[0]!.guest).toBe('/data');
    for (const bad of [{ host: '.', guest: '' }, { host: '', guest: 'd' }, { host: 'a::b', guest: 'd' }, { host: '.', guest: 'x::ro' }, { host: '.', guest: '__proto__' }]) {
      expect(policySchema.safeParse({ mounts: [{ ...bad, mode: 'rw' }] }).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('inherits from the host only a variable name; NAME=VALUE names stay free-form', () => {
    expect(policySchema.safeParse({ env: [{ name: 'PATH' }, { name: '_x1' }] }).success).toBe(true);
    for (const name of ['there now', '1X', 'A-B', 'é']) {
      const r = policySchema.safeParse({ env: [{ name }] });
      expect(r.success, name).toBe(false);
      expect(r.error!.issues[0]!.path).toEqual(['env', 0, 'name']);
    }
    expect(policySchema.safeParse({ env: [{ name: 'A-B', value: '1' }] }).success).toBe(true);
  });
});

describe('resolveGrants', () => {
  const hostEnv = { HOME: '/home/me', SECRET_TOKEN: 'hunter2', PATH: '/usr/bin' };

  it('deny-all: only the program name in args and an empty environment', () => {
    const g = resolveGrants(denyAll(), 'hello.wasm', hostEnv);
    expect(g.args).toEqual(['hello.wasm']);
    expect(g.env).toEqual([]);
    expect(g.stdin).toBeNull();
    expect(g.clocks).toEqual({ mode: 'denied' });
    expect(g.random).toEqual({ mode: 'denied' });
    expect(g.sockets).toEqual({ mode: 'denied' });
    expect(g.http).toEqual({ mode: 'denied' });
  });

  it('puts the program name first, then the granted args', () => {
    const g = resolveGrants(policySchema.parse({ args: ['-v', 'x'] }), 'prog', hostEnv);
    expect(g.args).toEqual(['prog', '-v', 'x']);
  });

  it('inherits only the named host variable and omits unknown ones', () => {
    const policy = policySchema.parse({ env: [{ name: 'HOME' }, { name: 'NOT_ON_HOST' }, { name: 'MODE', value: 'test' }] });
    const g = resolveGrants(policy, 'prog', hostEnv);
    expect(g.env).toEqual([
      ['HOME', '/home/me'],
      ['MODE', 'test'],
    ]);
  });

  it('reads nothing from the host environment but the named variables', () => {
    const read: string[] = [];
    const spy = new Proxy(hostEnv as Record<string, string | undefined>, {
      get(t, k) {
        if (typeof k === 'string') read.push(k);
        return Reflect.get(t, k);
      },
      ownKeys() {
        throw new Error('the host environment must not be enumerated');
      },
    });
    const g = resolveGrants(policySchema.parse({ env: [{ name: 'PATH' }] }), 'prog', spy);
    expect(read).toEqual(['PATH']);
    expect(JSON.stringify(g)).not.toContain('hunter2');
    expect(JSON.stringify(g)).not.toContain('/home/me');
  });

  it('an explicit value wins over the host value', () => {
    const g = resolveGrants(policySchema.parse({ env: [{ name: 'HOME', value: '/sandbox' }] }), 'prog', hostEnv);
    expect(g.env).toEqual([['HOME', '/sandbox']]);
  });
});

describe('studio.json written before guest paths were kept as given', () => {
  it('loads unchanged: its mounts are objects and "/data" still means /data', () => {
    const text = JSON.stringify({ name: 'p', language: 'c', policy: { mounts: [{ host: 'data', guest: '/data', mode: 'ro' }, { host: 'out', guest: '/out', mode: 'rw' }], env: [{ name: 'HOME' }] } });
    const r = checkProject(text);
    expect('config' in r && r.config.policy.mounts).toEqual([{ host: 'data', guest: '/data', mode: 'ro' }, { host: 'out', guest: '/out', mode: 'rw' }]);
  });

  it('an inherited variable that is not a variable name is a problem naming the field, not a grant', () => {
    const text = JSON.stringify({ name: 'p', language: 'c', policy: { env: [{ name: 'GREETING', value: 'hi' }, { name: 'there now' }] } }, null, 2);
    const r = checkProject(text);
    expect('problem' in r && r.problem.message).toContain('policy.env[1].name');
    expect('problem' in r && r.problem.message).toContain('needs a name of letters, digits and _');
  });
});
