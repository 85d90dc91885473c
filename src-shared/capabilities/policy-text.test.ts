import { describe, expect, it } from 'vitest';
import { argsFromText, envFromText, mountsFromText, policyTexts } from './policy-text';
import { policySchema } from './policy';

describe('policy text fields', () => {
  it('split like a shell', () => {
    expect(argsFromText('one "two words" it\\\'s')).toEqual({ items: ['one', 'two words', "it's"], error: null });
    expect(envFromText('GREETING="hi there" HOME')).toEqual({ items: [{ name: 'GREETING', value: 'hi there' }, { name: 'HOME' }], error: null });
    expect(mountsFromText("out::/out 'my data::data::ro'")).toEqual({
      items: [
        { host: 'out', guest: '/out', mode: 'rw' },
        { host: 'my data', guest: 'data', mode: 'ro' },
      ],
      error: null,
    });
  });

  it('report the first entry that is not one, and keep the good ones to show', () => {
    expect(envFromText('A=1 two-words B=2')).toEqual({ items: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], error: '"two-words" is neither NAME=VALUE nor a variable name to pass from the host' });
    expect(argsFromText('"open')).toEqual({ items: [], error: 'a " at character 1 is never closed' });
    expect(mountsFromText('a::b::rw').error).toMatch(/leave out ::rw/);
  });

  it('refuse two mounts at one guest folder, however spelt', () => {
    expect(mountsFromText('a::data b::/data/').error).toBe('two mounts at the guest path "/data/" (the same folder as "data"): each guest path can be mounted once');
  });

  it('write a policy as text that reads back as the same lists', () => {
    const p = policySchema.parse({
      args: ['a b', "it's", '', '$HOME'],
      env: [{ name: 'G', value: 'hi there' }, { name: 'HOME' }, { name: 'Q', value: '"x"' }],
      mounts: [{ host: 'my data', guest: 'data', mode: 'ro' }, { host: 'out', guest: '/out', mode: 'rw' }, { host: 'd', guest: 'd', mode: 'rw' }],
    });
    const t = policyTexts(p);
    expect(t.mounts).toBe("'my data::data::ro' out::/out d");
    expect(argsFromText(t.args)).toEqual({ items: p.args, error: null });
    expect(envFromText(t.env)).toEqual({ items: p.env, error: null });
    expect(mountsFromText(t.mounts)).toEqual({ items: p.mounts, error: null });
  });
});
