import { describe, expect, it } from 'vitest';
import { formatEnvEntry, parseEnvEntry } from './env-entry';

describe('parseEnvEntry', () => {
  it('reads NAME=VALUE (value after the first "=", as it is) and a variable name to inherit', () => {
    expect(parseEnvEntry('GREETING=hi there')).toEqual({ name: 'GREETING', value: 'hi there' });
    expect(parseEnvEntry('A=b=c')).toEqual({ name: 'A', value: 'b=c' });
    expect(parseEnvEntry('EMPTY=')).toEqual({ name: 'EMPTY', value: '' });
    expect(parseEnvEntry('HOME')).toEqual({ name: 'HOME' });
    expect(parseEnvEntry('_private1')).toEqual({ name: '_private1' });
  });

  it('refuses anything else instead of inheriting it', () => {
    expect(parseEnvEntry('=x')).toBe('"=x" has no NAME before "="');
    for (const bad of ['hi there', '1X', 'A-B', 'x.y', '']) expect(parseEnvEntry(bad), bad).toBe(`"${bad}" is neither NAME=VALUE nor a variable name to pass from the host`);
    expect(parseEnvEntry('A=\0')).toMatch(/NUL/);
  });

  it('formatEnvEntry reads back as the same entry', () => {
    for (const e of [{ name: 'A', value: 'b c' }, { name: 'HOME' }, { name: 'E', value: '' }]) expect(parseEnvEntry(formatEnvEntry(e))).toEqual(e);
  });
});
