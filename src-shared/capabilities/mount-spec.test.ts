import { describe, expect, it } from 'vitest';
import { formatMountSpec, parseMountSpec } from './mount-spec';

describe('parseMountSpec: HOST[::GUEST[::ro]]', () => {
  it('keeps the guest path exactly as given, as wasmtime does, and is read-write unless ::ro', () => {
    expect(parseMountSpec('data')).toEqual({ host: 'data', guest: 'data', mode: 'rw' });
    expect(parseMountSpec('./x::/y')).toEqual({ host: './x', guest: '/y', mode: 'rw' });
    expect(parseMountSpec('a::b::ro')).toEqual({ host: 'a', guest: 'b', mode: 'ro' });
    expect(parseMountSpec('out::/out')).toEqual({ host: 'out', guest: '/out', mode: 'rw' });
    expect(parseMountSpec('/abs/dir')).toEqual({ host: '/abs/dir', guest: '/abs/dir', mode: 'rw' });
    expect(parseMountSpec('data::data/')).toEqual({ host: 'data', guest: 'data/', mode: 'rw' });
  });

  it('names what is wrong', () => {
    expect(parseMountSpec('a::b::rx')).toBe('a mount is HOST[::GUEST[::ro]], not "a::b::rx"');
    expect(parseMountSpec('a::b::rw')).toBe('a mount is HOST[::GUEST[::ro]], not "a::b::rw" (read-write is the default: leave out ::rw)');
    expect(parseMountSpec('a::b::ro::x')).toMatch(/^a mount is/);
    expect(parseMountSpec('::b')).toMatch(/^a mount is/);
    expect(parseMountSpec('')).toMatch(/^a mount is/);
    expect(parseMountSpec('a::')).toBe('the guest path after "::" is empty in "a::"');
    expect(parseMountSpec('a::::ro')).toMatch(/guest path after "::" is empty/);
    expect(parseMountSpec('a\0b')).toMatch(/NUL/);
    expect(parseMountSpec('data::__proto__')).toMatch(/"__proto__" cannot be a preopen name/);
  });

  it('formatMountSpec writes what parseMountSpec reads back, the short form when the names agree', () => {
    const mounts = [
      { host: 'data', guest: 'data', mode: 'rw' },
      { host: 'data', guest: 'data', mode: 'ro' },
      { host: './x', guest: '/y', mode: 'rw' },
      { host: 'a', guest: 'b', mode: 'ro' },
    ] as const;
    expect(mounts.map(formatMountSpec)).toEqual(['data', 'data::data::ro', './x::/y', 'a::b::ro']);
    for (const m of mounts) expect(parseMountSpec(formatMountSpec(m))).toEqual(m);
  });
});
