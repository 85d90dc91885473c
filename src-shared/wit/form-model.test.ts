import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CallForm, pathText, validateText } from './form-model';
import { parseWorld } from './parse-world';
import type { WitFunction, WitType } from './types';

const world = parseWorld(readFileSync(new URL('./fixtures/inlineall.wit', import.meta.url), 'utf8'));
const top = (name: string) => world.functions.find((f) => f.name === name)!;
const api = (name: string) => world.interfaces[0]!.functions.find((f) => f.name === name)!;

/** A form for `fn`, filled from WAVE text; returns its WAVE and JS arguments. */
function viaText(fn: WitFunction, text: string) {
  const form = new CallForm(fn);
  const r = form.fromWave(text);
  if (!r.ok) throw new Error(`${r.error} at ${r.offset}`);
  const wave = form.toWave();
  const js = form.toJs();
  if (!wave.ok || !js.ok) throw new Error('form not valid');
  return { form, wave: wave.value, js: js.value };
}

describe('defaults', () => {
  it('every type has a valid default', () => {
    const all = [...world.functions, ...world.interfaces[0]!.functions];
    for (const fn of all) {
      const form = new CallForm(fn);
      expect(form.errors(), fn.name).toEqual([]);
    }
    expect(new CallForm(top('many')).toWave()).toEqual({ ok: true, value: '0, "", none' });
    expect(new CallForm(api('echo-person')).toWave()).toEqual({ ok: true, value: '{first-name: "", age-in-years: 0, tags: [], home: {x: 0, y: 0}}' });
    expect(new CallForm(api('echo-shape')).toWave()).toEqual({ ok: true, value: 'circle(0)' });
    expect(new CallForm(api('echo-color')).toWave()).toEqual({ ok: true, value: 'red' });
    expect(new CallForm(api('echo-perms')).toWave()).toEqual({ ok: true, value: '{}' });
    expect(new CallForm(top('echo-result')).toWave()).toEqual({ ok: true, value: 'ok(0)' });
    expect(new CallForm(top('echo-char')).toWave()).toEqual({ ok: true, value: "'a'" });
    expect(new CallForm(top('echo-tuple')).toWave()).toEqual({ ok: true, value: '(0, "", false)' });
    expect(new CallForm(top('nothing')).toWave()).toEqual({ ok: true, value: '' });
  });
});

describe('text fields are validated as typed', () => {
  it('integers: range-checked at both ends of every width', () => {
    const cases: [string, string, string | undefined][] = [
      ['u8', '255', undefined],
      ['u8', '256', '256 is out of range for u8 (0..255)'],
      ['u8', '-1', '-1 is out of range for u8 (0..255)'],
      ['s8', '-128', undefined],
      ['s8', '-129', '-129 is out of range for s8 (-128..127)'],
      ['s16', '32768', '32768 is out of range for s16 (-32768..32767)'],
      ['u16', '65535', undefined],
      ['s32', '-2147483649', '-2147483649 is out of range for s32 (-2147483648..2147483647)'],
      ['u32', '4294967296', '4294967296 is out of range for u32 (0..4294967295)'],
      ['s64', '-9223372036854775808', undefined],
      ['s64', '9223372036854775808', '9223372036854775808 is out of range for s64 (-9223372036854775808..9223372036854775807)'],
      ['u64', '18446744073709551615', undefined],
      ['u64', '18446744073709551616', '18446744073709551616 is out of range for u64 (0..18446744073709551615)'],
      ['u8', ' 7 ', undefined],
      ['u8', '', 'enter an integer for u8'],
      ['u8', '1.5', '1.5 is not a whole number: u8 takes integers in 0..255'],
      ['u8', 'x', "x is not a whole number: u8 takes integers in 0..255"],
    ];
    for (const [kind, raw, error] of cases) {
      const r = validateText(raw, { kind } as WitType);
      expect(r.ok ? undefined : r.error, `${kind} ${raw}`).toBe(error);
    }
  });

  it('floats: finite numbers, nan, inf, -inf', () => {
    for (const raw of ['1.5', '-0', '6.02e23', 'nan', 'inf', '-inf', '3']) expect(validateText(raw, { kind: 'f64' }).ok, raw).toBe(true);
    expect(validateText('1e39', { kind: 'f32' })).toEqual({ ok: false, error: '1e39 is out of range for f32 (write inf or -inf for infinity)' });
    expect(validateText('abc', { kind: 'f64' })).toEqual({ ok: false, error: 'abc is not a number: enter a decimal number (like 1.5 or 6.02e23), nan, inf or -inf' });
    expect(validateText('', { kind: 'f32' })).toEqual({ ok: false, error: 'enter a number, nan, inf or -inf for f32' });
  });

  it('chars: one code point, or one escape', () => {
    expect(validateText('😀', { kind: 'char' })).toEqual({ ok: true, value: { kind: 'char', value: '😀' } });
    expect(validateText('\\n', { kind: 'char' })).toEqual({ ok: true, value: { kind: 'char', value: '\n' } });
    expect(validateText('\\u{1F600}', { kind: 'char' })).toEqual({ ok: true, value: { kind: 'char', value: '😀' } });
    expect(validateText('ab', { kind: 'char' })).toEqual({ ok: false, error: 'a char holds one character, found 2: use a string for more' });
    expect(validateText('', { kind: 'char' })).toEqual({ ok: false, error: 'enter one character' });
    expect(validateText('\ud800', { kind: 'char' })).toEqual({ ok: false, error: 'a char must be a Unicode scalar value (not a lone surrogate)' });
  });

  it('strings: any text, as is', () => {
    expect(validateText('a "b"\n\\n', { kind: 'string' })).toEqual({ ok: true, value: { kind: 'string', value: 'a "b"\n\\n' } });
  });

  it('an invalid field keeps its text and message, and the form is not sent', () => {
    const form = new CallForm(top('echo-u8'));
    expect(form.setField(['v'], '300')).toBe('300 is out of range for u8 (0..255)');
    expect(form.get(['v'])).toMatchObject({ kind: 'text', raw: '300', error: '300 is out of range for u8 (0..255)' });
    expect(form.toJs()).toEqual({ ok: false, errors: [{ path: ['v'], message: '300 is out of range for u8 (0..255)' }] });
    expect(form.toWave().ok).toBe(false);
    expect(form.setField(['v'], '255')).toBeUndefined();
    expect(form.get(['v'])).not.toHaveProperty('error');
    expect(form.toJs()).toEqual({ ok: true, value: [255] });
  });
});

describe('every WIT type through the form, to WAVE and JS', () => {
  it('bool', () => {
    const form = new CallForm(top('echo-bool'));
    form.setBool(['v'], true);
    expect(form.toJs()).toEqual({ ok: true, value: [true] });
    expect(form.setField(['v'], 'false')).toBeUndefined();
    expect(form.toWave()).toEqual({ ok: true, value: 'false' });
    expect(form.setField(['v'], 'yes')).toBe('enter true or false');
  });

  it('integers and floats', () => {
    const f = new CallForm(top('echo-u64'));
    f.setField(['v'], '18446744073709551615');
    expect(f.toJs()).toEqual({ ok: true, value: [18446744073709551615n] });
    const g = new CallForm(top('echo-f32'));
    g.setField(['v'], 'nan');
    expect(g.toWave()).toEqual({ ok: true, value: 'nan' });
    g.setField(['v'], '-inf');
    expect(g.toJs()).toEqual({ ok: true, value: [-Infinity] });
  });

  it('char and string', () => {
    const c = new CallForm(top('echo-char'));
    c.setField(['v'], '\\n');
    expect(c.toWave()).toEqual({ ok: true, value: "'\\n'" });
    const s = new CallForm(top('echo-string'));
    s.setField(['v'], 'say "hi"\n');
    expect(s.toWave()).toEqual({ ok: true, value: '"say \\"hi\\"\\n"' });
    expect(s.toJs()).toEqual({ ok: true, value: ['say "hi"\n'] });
  });

  it('list: add and remove items', () => {
    const form = new CallForm(top('echo-bytes'));
    expect(form.addItem(['v'])).toBe(0);
    expect(form.addItem(['v'])).toBe(1);
    form.setField(['v', 0], '7');
    form.setField(['v', 1], '300');
    expect(form.errors()).toEqual([{ path: ['v', 1], message: '300 is out of range for u8 (0..255)' }]);
    expect(pathText(form.errors()[0]!.path)).toBe('v[1]');
    form.removeItem(['v'], 1);
    expect(form.toWave()).toEqual({ ok: true, value: '[7]' });
    expect(form.toJs()).toEqual({ ok: true, value: [new Uint8Array([7])] });
    expect(() => form.removeItem(['v'], 5)).toThrow('no item 5 in v');
  });

  it('nested lists', () => {
    const form = new CallForm(top('echo-nested-list'));
    form.addItem(['v']);
    form.addItem(['v', 0]);
    form.setField(['v', 0, 0], 'x');
    expect(form.toWave()).toEqual({ ok: true, value: '[["x"]]' });
  });

  it('tuple', () => {
    const form = new CallForm(top('echo-tuple'));
    form.setField(['v', 0], '1');
    form.setField(['v', 1], 'x');
    form.setBool(['v', 2], true);
    expect(form.toJs()).toEqual({ ok: true, value: [[1, 'x', true]] });
  });

  it('record, with an option field', () => {
    const form = new CallForm(api('echo-person'));
    form.setField(['p', 'first-name'], 'Ada');
    form.setField(['p', 'age-in-years'], '36');
    form.setSome(['p', 'nick'], true);
    form.setField(['p', 'nick', 'some'], 'countess');
    form.addItem(['p', 'tags']);
    form.setField(['p', 'tags', 0], 't');
    form.setField(['p', 'home', 'x'], '-1');
    expect(form.toWave()).toEqual({ ok: true, value: '{first-name: "Ada", age-in-years: 36, nick: some("countess"), tags: ["t"], home: {x: -1, y: 0}}' });
    expect(form.toJs()).toEqual({ ok: true, value: [{ firstName: 'Ada', ageInYears: 36, nick: 'countess', tags: ['t'], home: { x: -1, y: 0 } }] });
    form.setField(['p', 'age-in-years'], '-1');
    expect(form.errors().map((e) => pathText(e.path))).toEqual(['p.age-in-years']);
  });

  it('option: toggling keeps what was typed', () => {
    const form = new CallForm(top('echo-option'));
    form.setSome(['v'], true);
    form.setField(['v', 'some'], '5');
    form.setSome(['v'], false);
    expect(form.toJs()).toEqual({ ok: true, value: [undefined] });
    form.setSome(['v'], true);
    expect(form.toJs()).toEqual({ ok: true, value: [5] });
    // An invalid payload does not matter while the option is none.
    form.setField(['v', 'some'], '-5');
    form.setSome(['v'], false);
    expect(form.toWave()).toEqual({ ok: true, value: 'none' });
  });

  it('nested options: some(none)', () => {
    const form = new CallForm(top('echo-option-option'));
    form.setSome(['v'], true);
    expect(form.toWave()).toEqual({ ok: true, value: 'some(none)' });
    expect(form.toJs()).toEqual({ ok: true, value: [{ tag: 'some', val: undefined }] });
    form.setSome(['v', 'some'], true);
    form.setField(['v', 'some', 'some'], '9');
    expect(form.toJs()).toEqual({ ok: true, value: [{ tag: 'some', val: 9 }] });
  });

  it('result: ok or err', () => {
    const form = new CallForm(top('echo-result'));
    form.setField(['v', 'ok'], '3');
    expect(form.toJs()).toEqual({ ok: true, value: [{ tag: 'ok', val: 3 }] });
    form.setResult(['v'], 'err');
    form.setField(['v', 'err'], 'bad');
    expect(form.toWave()).toEqual({ ok: true, value: 'err("bad")' });
    expect(form.toJs()).toEqual({ ok: true, value: [{ tag: 'err', val: 'bad' }] });
    const unit = new CallForm(top('echo-result-unit'));
    unit.setResult(['v'], 'err');
    expect(unit.toWave()).toEqual({ ok: true, value: 'err' });
  });

  it('variant: choosing a case resets its payload', () => {
    const form = new CallForm(api('echo-shape'));
    expect(form.setVariant(['s'], 'rect')).toBeUndefined();
    form.setField(['s', 'payload', 'x'], '2');
    expect(form.toJs()).toEqual({ ok: true, value: [{ tag: 'rect', val: { x: 2, y: 0 } }] });
    form.setVariant(['s'], 'ok');
    expect(form.toWave()).toEqual({ ok: true, value: '%ok' });
    expect(form.toJs()).toEqual({ ok: true, value: [{ tag: 'ok' }] });
    expect(form.setField(['s'], 'two-words')).toBeUndefined();
    form.setField(['s', 'payload'], '1');
    expect(form.toWave()).toEqual({ ok: true, value: 'two-words(1)' });
    expect(form.setVariant(['s'], 'square')).toBe('shape has no case square');
  });

  it('enum', () => {
    const form = new CallForm(api('echo-color'));
    expect(form.setEnum(['c'], 'HTTP-GET')).toBeUndefined();
    expect(form.toJs()).toEqual({ ok: true, value: ['HTTP-GET'] });
    form.setField(['c'], 'none');
    expect(form.toWave()).toEqual({ ok: true, value: '%none' });
    expect(form.setEnum(['c'], 'blue')).toBe('color has no case blue');
  });

  it('flags', () => {
    const form = new CallForm(api('echo-perms'));
    form.toggleFlag(['p'], 'exec-all');
    form.toggleFlag(['p'], 'read', true);
    expect(form.toWave()).toEqual({ ok: true, value: '{read, exec-all}' });
    expect(form.toJs()).toEqual({ ok: true, value: [{ read: true, write: false, execAll: true }] });
    form.toggleFlag(['p'], 'read');
    expect(form.toWave()).toEqual({ ok: true, value: '{exec-all}' });
    expect(form.toggleFlag(['p'], 'fly')).toBe('perms has no flag fly');
  });

  it('several parameters', () => {
    const form = new CallForm(top('many'));
    form.setField(['a'], '1');
    form.setField(['b-long-name'], 'b');
    form.setSome(['c'], true);
    form.setField(['c', 'some'], '5');
    expect(form.toJs()).toEqual({ ok: true, value: [1, 'b', 5n] });
    expect(form.toWaveArgs()).toEqual({ ok: true, value: ['1', '"b"', 'some(5)'] });
  });

  it('asking for a field of the wrong kind is a programming error', () => {
    const form = new CallForm(top('many'));
    expect(() => form.setBool(['a'], true)).toThrow('the field at a is a text field, not bool');
    expect(() => form.setField(['zz'], '1')).toThrow('no field at zz');
  });
});

describe('text mode', () => {
  it('fills the form from WAVE, and the form prints it back', () => {
    const cases: [WitFunction, string, string, unknown[]][] = [
      [top('echo-bool'), 'true', 'true', [true]],
      [top('echo-s8'), '-128', '-128', [-128]],
      [top('echo-u64'), '18446744073709551615', '18446744073709551615', [18446744073709551615n]],
      [top('echo-f64'), 'nan', 'nan', [NaN]],
      [top('echo-char'), "'\\u{1F600}'", "'😀'", ['😀']],
      [top('echo-string'), '"a\\nb"', '"a\\nb"', ['a\nb']],
      [top('echo-bytes'), '[1, 2]', '[1, 2]', [new Uint8Array([1, 2])]],
      [top('echo-list'), '[]', '[]', [new Int32Array([])]],
      [top('echo-tuple'), '(1, "x", true,)', '(1, "x", true)', [[1, 'x', true]]],
      [top('echo-option'), '5', 'some(5)', [5]],
      [top('echo-option-option'), 'some(none)', 'some(none)', [{ tag: 'some', val: undefined }]],
      [top('echo-option3'), 'some(none)', 'some(none)', [{ tag: 'none' }]],
      [top('echo-result'), 'err("x")', 'err("x")', [{ tag: 'err', val: 'x' }]],
      [top('echo-result-err-only'), 'ok', 'ok', [{ tag: 'ok', val: undefined }]],
      [top('echo-nested-result'), 'err(ok(1))', 'err(ok(1))', [{ tag: 'err', val: { tag: 'ok', val: 1 } }]],
      [top('many'), '1, "b"', '1, "b", none', [1, 'b', undefined]],
      [api('echo-empty-ish'), '{:}', '{:}', [{ maybe: undefined }]],
      [api('echo-shape'), 'rect({y: 2, x: 1})', 'rect({x: 1, y: 2})', [{ tag: 'rect', val: { x: 1, y: 2 } }]],
      [api('echo-shape'), '%none', '%none', [{ tag: 'none' }]],
      [api('echo-color'), 'green-blue', 'green-blue', ['green-blue']],
      [api('echo-perms'), '{write, read}', '{read, write}', [{ read: true, write: true, execAll: false }]],
      [api('echo-two'), '(1.5, "m")', '(1.5, "m")', [[1.5, 'm']]],
      [api('echo-option-shape'), 'dot', 'some(dot)', [{ tag: 'dot' }]],
      [api('no-args'), '', '', []],
    ];
    for (const [fn, text, printed, js] of cases) {
      const r = viaText(fn, text);
      expect(r.wave, `${fn.name} ${text}`).toBe(printed);
      expect(r.js, `${fn.name} ${text}`).toEqual(js);
      // And back: the printed text fills an equal form.
      expect(viaText(fn, printed).wave).toBe(printed);
    }
  });

  it('refuses malformed WAVE with a position, and leaves the form as it was', () => {
    const form = new CallForm(top('many'));
    form.setField(['a'], '4');
    expect(form.fromWave('300, "b"')).toEqual({ ok: false, error: '300 is out of range for u8 (0..255)', offset: 0 });
    expect(form.fromWave('1, b')).toEqual({ ok: false, error: "expected a string in double quotes for string, found 'b'", offset: 3 });
    expect(form.toWave()).toEqual({ ok: true, value: '4, "", none' });
  });

  it('the form shows values set from text: raw texts of numbers, chars and strings', () => {
    const { form } = viaText(api('echo-person'), '{first-name: "A", age-in-years: 3, nick: "n", tags: [], home: {x: 1, y: 2}}');
    expect(form.get(['p', 'age-in-years'])).toMatchObject({ kind: 'text', raw: '3' });
    expect(form.get(['p', 'nick'])).toMatchObject({ kind: 'option', some: true });
    expect(form.get(['p', 'nick', 'some'])).toMatchObject({ kind: 'text', raw: 'n' });
  });

  it('clone is independent', () => {
    const a = new CallForm(top('echo-u8'));
    const b = a.clone();
    b.setField(['v'], '9');
    expect(a.toWave()).toEqual({ ok: true, value: '0' });
    expect(b.toWave()).toEqual({ ok: true, value: '9' });
    expect(b.revision).toBeGreaterThan(a.revision);
  });
});

describe('unsupported types', () => {
  const resources = parseWorld(readFileSync(new URL('./fixtures/resources.wit', import.meta.url), 'utf8'), {
    deps: [readFileSync(new URL('./fixtures/resources.source.wit', import.meta.url), 'utf8')],
  });
  const read = resources.interfaces[0]!.functions.find((f) => f.name === 'read')!;

  it('a resource parameter is a field that says why it cannot be filled', () => {
    const form = new CallForm(read);
    expect(form.get(['c'])).toMatchObject({ kind: 'unsupported', unsupported: 'resource types cannot be passed from the studio yet' });
    expect(form.unsupported).toBe('resource types cannot be passed from the studio yet');
    expect(form.toJs()).toEqual({ ok: false, errors: [{ path: ['c'], message: 'resource types cannot be passed from the studio yet' }] });
    expect(form.fromWave('1')).toEqual({ ok: false, error: 'resource types cannot be passed from the studio yet', offset: 0 });
  });

  it('a function without unsupported parameters is not flagged', () => {
    expect(new CallForm(resources.functions.find((f) => f.name === 'double')!).unsupported).toBeUndefined();
  });
});
