import { describe, expect, it } from 'vitest';
import { INTEGER_RANGES, type IntegerKind, type WitFunction, type WitType } from './types';
import { formatFloat, fromJs, fromJsReturn, isNullableOption, parseArgList, parseArgs, parseWave, printCall, printWave, toJs, type WaveValue } from './wave';

// --- types used below ---------------------------------------------------------------------------
const bool: WitType = { kind: 'bool' };
const u8: WitType = { kind: 'u8' };
const s32: WitType = { kind: 's32' };
const u32: WitType = { kind: 'u32' };
const u64: WitType = { kind: 'u64' };
const s64: WitType = { kind: 's64' };
const f32: WitType = { kind: 'f32' };
const f64: WitType = { kind: 'f64' };
const char: WitType = { kind: 'char' };
const string: WitType = { kind: 'string' };
const list = (element: WitType): WitType => ({ kind: 'list', element });
const option = (some: WitType): WitType => ({ kind: 'option', some });
const result = (ok: WitType | null, err: WitType | null): WitType => ({ kind: 'result', ok, err });
const tuple = (...elements: WitType[]): WitType => ({ kind: 'tuple', elements });
const point: WitType = { kind: 'record', name: 'point', fields: [{ name: 'x', type: s32 }, { name: 'y', type: s32 }] };
const person: WitType = {
  kind: 'record',
  name: 'person',
  fields: [
    { name: 'first-name', type: string },
    { name: 'age-in-years', type: u8 },
    { name: 'nick', type: option(string) },
  ],
};
const allOptional: WitType = { kind: 'record', name: 'all-optional', fields: [{ name: 'maybe', type: option(u32) }] };
const shape: WitType = {
  kind: 'variant',
  name: 'shape',
  cases: [
    { name: 'circle', type: f64 },
    { name: 'rect', type: point },
    { name: 'dot', type: null },
    { name: 'ok', type: null },
    { name: 'two-words', type: u8 },
  ],
};
const color: WitType = { kind: 'enum', name: 'color', cases: ['red', 'green-blue', 'none', 'HTTP-GET'] };
const perms: WitType = { kind: 'flags', name: 'perms', flags: ['read', 'write', 'exec-all'] };
const resource: WitType = { kind: 'unsupported', what: 'resource', name: 'counter', reason: 'resource types cannot be passed from the studio yet' };

function parse(text: string, type: WitType): WaveValue {
  const r = parseWave(text, type);
  if (!r.ok) throw new Error(`${r.error} at ${r.offset}`);
  return r.value;
}
function reject(text: string, type: WitType): { error: string; offset: number } {
  const r = parseWave(text, type);
  if (r.ok) throw new Error(`accepted ${text}`);
  return { error: r.error, offset: r.offset };
}
/** Parses, prints, parses the print: the canonical text and the same value. */
function roundTrip(text: string, type: WitType, canonical = text): void {
  const v = parse(text, type);
  const printed = printWave(v, type);
  expect(printed).toBe(canonical);
  expect(parse(printed, type)).toEqual(v);
}

describe('WAVE parse and print: every type', () => {
  it('bool', () => {
    roundTrip('true', bool);
    roundTrip('false', bool);
    expect(parse('true', bool)).toEqual({ kind: 'bool', value: true });
  });

  it('integers', () => {
    roundTrip('0', u8);
    roundTrip('255', u8);
    roundTrip('-9', s32);
    roundTrip('18446744073709551615', u64);
    expect(parse('18446744073709551615', u64)).toEqual({ kind: 'int', value: 18446744073709551615n });
  });

  it('floats, with nan, inf and -inf', () => {
    roundTrip('3.14', f64);
    roundTrip('6.022e+23', f64);
    roundTrip('6.022e23', f64, '6.022e+23');
    roundTrip('1', f64);
    roundTrip('-0', f64);
    roundTrip('nan', f64);
    roundTrip('inf', f64);
    roundTrip('-inf', f64);
    roundTrip('nan', f32);
    roundTrip('-inf', f32);
    expect(parse('-inf', f64)).toEqual({ kind: 'float', value: -Infinity });
    expect(Number.isNaN((parse('nan', f32) as { value: number }).value)).toBe(true);
  });

  it('f32 values are rounded to f32 and print as the shortest text that reads back', () => {
    const v = parse('0.1', f32);
    expect(v).toEqual({ kind: 'float', value: Math.fround(0.1) });
    expect(printWave(v, f32)).toBe('0.1');
    expect(formatFloat(Math.fround(3.4028234663852886e38), 'f32')).toBe('3.4028235e+38');
    expect(formatFloat(1e21)).toBe('1e+21');
    expect(formatFloat(1.5e-7)).toBe('1.5e-7');
  });

  it('chars, with escapes', () => {
    roundTrip("'x'", char);
    roundTrip("'☃'", char);
    roundTrip("'😀'", char);
    roundTrip("'\\''", char);
    roundTrip("'\\n'", char);
    roundTrip("'\\\\'", char);
    roundTrip("'\"'", char);
    roundTrip("'\\u{1F600}'", char, "'😀'");
    roundTrip("'\\u{0}'", char, "'\\u{0}'");
    roundTrip("'\\t'", char);
    expect(parse("'\\u{1F600}'", char)).toEqual({ kind: 'char', value: '😀' });
    expect(parse("'\\u{7}'", char)).toEqual({ kind: 'char', value: '\u0007' });
  });

  it('strings, with escapes', () => {
    roundTrip('"abc\\t123"', string);
    roundTrip('""', string);
    roundTrip('"line\\nnext \\"quoted\\" \\\\ it\'s"', string);
    roundTrip('"\\u{1F44B} Hello"', string, '"👋 Hello"');
    roundTrip('"\\r\\u{1b}"', string, '"\\r\\u{1b}"');
    expect(parse('"a\\u{0}b"', string)).toEqual({ kind: 'string', value: 'a\u0000b' });
  });

  it('multiline strings', () => {
    expect(parse('"""\nA single line\n"""', string)).toEqual({ kind: 'string', value: 'A single line' });
    expect(parse('"""\n    Indentation determined\n      by ending delimiter\n  """', string)).toEqual({
      kind: 'string',
      value: '  Indentation determined\n    by ending delimiter',
    });
    expect(parse('"""\r\n  a\\tb\r\n  c\r\n  """', string)).toEqual({ kind: 'string', value: 'a\tb\nc' });
  });

  it('lists, including empty lists and trailing commas', () => {
    roundTrip('[1, 2, 3]', list(u8));
    roundTrip('[]', list(u8));
    roundTrip('[1,2,3,]', list(u8), '[1, 2, 3]');
    roundTrip("['a', 'b']", list(char));
    roundTrip('[[], ["x"]]', list(list(string)));
  });

  it('tuples', () => {
    roundTrip('("abc", 123)', tuple(string, u8));
    roundTrip('(1, "x", true,)', tuple(u8, string, bool), '(1, "x", true)');
  });

  it('records: any order, omitted options, {:} for all omitted, %-prefixed field names', () => {
    roundTrip('{x: 1, y: -2}', point);
    roundTrip('{y: -2, x: 1}', point, '{x: 1, y: -2}');
    roundTrip('{%x: 1, y: 2,}', point, '{x: 1, y: 2}');
    roundTrip('{first-name: "Ada", age-in-years: 36}', person);
    roundTrip('{first-name: "Ada", age-in-years: 36, nick: none}', person, '{first-name: "Ada", age-in-years: 36}');
    roundTrip('{first-name: "Ada", age-in-years: 36, nick: "countess"}', person, '{first-name: "Ada", age-in-years: 36, nick: some("countess")}');
    roundTrip('{:}', allOptional);
    roundTrip('{maybe: none}', allOptional, '{:}');
    expect(parse('{:}', allOptional)).toEqual({ kind: 'record', fields: [{ name: 'maybe', value: { kind: 'option', value: null } }] });
  });

  it('variants with and without payload; keyword cases need %', () => {
    roundTrip('circle(1.5)', shape);
    roundTrip('rect({x: 1, y: 2})', shape);
    roundTrip('dot', shape);
    roundTrip('%dot', shape, 'dot');
    roundTrip('%ok', shape);
    roundTrip('two-words(7)', shape);
    expect(parse('two-words(7)', shape)).toEqual({ kind: 'variant', case: 'two-words', value: { kind: 'int', value: 7n } });
  });

  it('enums', () => {
    roundTrip('red', color);
    roundTrip('green-blue', color);
    roundTrip('HTTP-GET', color);
    roundTrip('%none', color);
    roundTrip('%red', color, 'red');
  });

  it('flags: any order, trailing comma, empty', () => {
    roundTrip('{read, write}', perms);
    roundTrip('{exec-all, read,}', perms, '{read, exec-all}');
    roundTrip('{}', perms);
    roundTrip('{%read}', perms, '{read}');
    expect(parse('{write, read}', perms)).toEqual({ kind: 'flags', flags: ['read', 'write'] });
  });

  it('options: some, none, flat some, nested some(none)', () => {
    roundTrip('some(1)', option(u8));
    roundTrip('none', option(u8));
    roundTrip('1', option(u8), 'some(1)');
    roundTrip('"flat"', option(string), 'some("flat")');
    roundTrip('some(none)', option(option(u8)));
    roundTrip('some(some(3))', option(option(u8)));
    roundTrip('some(5)', option(option(u8)), 'some(some(5))'); // the inner option may be flat
    roundTrip('none', option(option(u8)));
    expect(parse('some(none)', option(option(u8)))).toEqual({ kind: 'option', value: { kind: 'option', value: null } });
    roundTrip('%none', option(color), 'some(%none)');
  });

  it('results: ok(1), err("x"), bare ok and err, flat ok', () => {
    roundTrip('ok(1)', result(u8, string));
    roundTrip('err("x")', result(u8, string));
    roundTrip('1', result(u8, string), 'ok(1)');
    roundTrip('ok', result(null, string));
    roundTrip('err("oops")', result(null, string));
    roundTrip('ok', result(null, null));
    roundTrip('err', result(null, null));
    roundTrip('err', result(u8, null));
    roundTrip('ok(none)', result(option(u8), null));
    roundTrip('ok(err(1))', result(result(u8, u8), null));
    expect(parse('err("x")', result(u8, string))).toEqual({ kind: 'result', ok: false, value: { kind: 'string', value: 'x' } });
  });

  it('whitespace and comments between tokens', () => {
    roundTrip('  {\n  x : 1 ,\t y: 2 // the y\n}  ', point, '{x: 1, y: 2}');
    roundTrip('[ some( 1 ) , none ]', list(option(u8)), '[some(1), none]');
  });
});

describe('integer ranges at both ends of every width', () => {
  for (const [kind, [min, max]] of Object.entries(INTEGER_RANGES) as [IntegerKind, [bigint, bigint]][]) {
    it(kind, () => {
      const t: WitType = { kind };
      expect(parse(`${min}`, t)).toEqual({ kind: 'int', value: min });
      expect(parse(`${max}`, t)).toEqual({ kind: 'int', value: max });
      expect(reject(`${max + 1n}`, t)).toEqual({ error: `${max + 1n} is out of range for ${kind} (${min}..${max})`, offset: 0 });
      expect(reject(`${min - 1n}`, t)).toEqual({ error: `${min - 1n} is out of range for ${kind} (${min}..${max})`, offset: 0 });
    });
  }

  it('whole numbers only', () => {
    expect(reject('1.5', u8).error).toBe('1.5 is not a whole number: u8 takes integers in 0..255');
    expect(reject('1e3', u32).error).toMatch(/not a whole number/);
    expect(reject('-0', u8).error).toBe('u8 takes no sign: write 0');
    expect(parse('-0', s32)).toEqual({ kind: 'int', value: 0n });
    expect(reject('nan', u8).error).toBe("expected an integer for u8, found 'nan'");
  });
});

describe('rejected input, with positions', () => {
  it('out-of-range integer inside a structure points at the number', () => {
    expect(reject('[1, 300]', list(u8))).toEqual({ error: '300 is out of range for u8 (0..255)', offset: 4 });
    expect(reject('{x: 1, y: 99999999999}', point)).toEqual({ error: '99999999999 is out of range for s32 (-2147483648..2147483647)', offset: 10 });
  });

  it('malformed structure', () => {
    expect(reject('{x: 1, )', point)).toEqual({ error: "expected a record field name, found ')'", offset: 7 });
    expect(reject('{x: 1 y: 2}', point)).toEqual({ error: "expected ',' or '}' in record point, found 'y'", offset: 6 });
    expect(reject('[1, 2', list(u8))).toEqual({ error: "expected ',' or ']' in list<u8>, found end of input", offset: 5 });
    expect(reject('1 2', u8)).toEqual({ error: "unexpected '2' after the value", offset: 2 });
    expect(reject('', u8)).toEqual({ error: 'expected an integer for u8, found end of input', offset: 0 });
    expect(reject('(1, "x", true, 4)', tuple(u8, string, bool))).toEqual({ error: 'tuple<u8, string, bool> takes 3 values, found more', offset: 15 });
    expect(reject('(1)', tuple(u8, string))).toEqual({ error: 'tuple<u8, string> takes 2 values, found 1', offset: 2 });
  });

  it('records: missing, unknown, duplicate fields; {} is not a record', () => {
    expect(reject('{x: 1}', point).error).toBe('missing field y of record point');
    expect(reject('{x: 1, z: 2}', point)).toEqual({ error: 'record point has no field z (fields: x, y)', offset: 7 });
    expect(reject('{x: 1, x: 2}', point)).toEqual({ error: 'field x is given twice', offset: 7 });
    expect(reject('{}', allOptional).error).toBe('an empty record is written {:} ({} is empty flags)');
    expect(reject('{}', point).error).toBe('missing field x of record point');
  });

  it('variants and enums', () => {
    expect(reject('square', shape)).toEqual({ error: 'shape has no case square (cases: circle, rect, dot, ok, two-words)', offset: 0 });
    expect(reject('ok', shape)).toEqual({ error: 'ok is a WAVE keyword: write %ok for the case of shape', offset: 0 });
    expect(reject('circle', shape).error).toBe('case circle of shape needs a payload: circle(...)');
    expect(reject('dot(1)', shape)).toEqual({ error: 'case dot of shape takes no payload', offset: 3 });
    expect(reject('none', color).error).toBe('none is a WAVE keyword: write %none for the case of color');
    expect(reject('"red"', color).error).toBe("expected a case of enum color (red, green-blue, none, HTTP-GET), found '\"red\"'");
  });

  it('flags', () => {
    expect(reject('{read, fly}', perms)).toEqual({ error: 'perms has no flag fly (flags: read, write, exec-all)', offset: 7 });
    expect(reject('{read, read}', perms).error).toBe('flag read is given twice');
  });

  it('options and results that cannot be flat', () => {
    expect(reject('5', option(option(u8))).error).toBe("expected some(...) or none for option<option<u8>>, found '5'");
    expect(reject('5', result(null, u8)).error).toBe("expected ok or err(...) for result<_, u8>, found '5'");
    expect(reject('ok(1)', result(null, u8))).toEqual({ error: 'ok of result<_, u8> takes no value: write ok', offset: 2 });
    expect(reject('err', result(u8, string)).error).toBe('err of result<u8, string> needs a value: err(...)');
  });

  it('chars and strings', () => {
    expect(reject("'ab'", char).error).toBe('a char holds one character, found 2: use a string for more');
    expect(reject("''", char).error).toBe('a char cannot be empty');
    expect(reject("'\\q'", char)).toEqual({ error: "invalid escape '\\q': use \\n, \\t, \\r, \\\\, \\', \\\" or \\u{...}", offset: 1 });
    expect(reject("'\\u{D800}'", char).error).toBe('\\u{D800} is not a Unicode scalar value');
    expect(reject("'\\u{110000}'", char).error).toBe('\\u{110000} is not a Unicode scalar value');
    expect(reject('"abc', string)).toEqual({ error: 'unterminated string: missing closing "', offset: 0 });
    expect(reject('"a\nb"', string)).toEqual({ error: 'a string cannot span lines: write \\n, or use a """ multiline string', offset: 2 });
    expect(reject('abc', string).error).toBe("expected a string in double quotes for string, found 'abc'");
    expect(reject('"""abc"""', string).error).toBe('the opening """ of a multiline string must end its line');
  });

  it('tokens that are not WAVE', () => {
    expect(reject('007', u8).error).toBe("'007' is not a number");
    expect(reject('1.', f64).error).toBe("'1.' is not a number");
    expect(reject('fooBar', color).error).toMatch(/^'fooBar' is not a valid label/);
    expect(reject('#', u8)).toEqual({ error: "unexpected character '#'", offset: 0 });
    expect(reject('1e999', f64).error).toBe('1e999 is out of range for f64 (write inf or -inf for infinity)');
    expect(reject('1e39', f32).error).toBe('1e39 is out of range for f32 (write inf or -inf for infinity)');
    expect(reject('Infinity', f64).error).toBe("expected a number, nan, inf or -inf for f64, found 'Infinity'");
  });

  it('unsupported types are refused with the reason', () => {
    expect(reject('1', resource)).toEqual({ error: 'resource types cannot be passed from the studio yet', offset: 0 });
  });

  it('labels with %-escapes only where they are labels', () => {
    expect(reject('%true', bool).error).toBe("expected true or false for bool, found '%true'");
    expect(parse('%true', { kind: 'enum', name: 'e', cases: ['true'] })).toEqual({ kind: 'enum', case: 'true' });
  });
});

describe('JS values as jco takes and returns them', () => {
  const cases: [string, WitType, string, unknown][] = [
    ['bool', bool, 'true', true],
    ['u8', u8, '255', 255],
    ['s32', s32, '-5', -5],
    ['u64 is a bigint', u64, '18446744073709551615', 18446744073709551615n],
    ['s64 is a bigint', s64, '-9223372036854775808', -9223372036854775808n],
    ['f64 nan', f64, 'nan', NaN],
    ['f64 -inf', f64, '-inf', -Infinity],
    ['f32', f32, '0.1', Math.fround(0.1)],
    ['char', char, "'😀'", '😀'],
    ['string', string, '"a\\nb"', 'a\nb'],
    ['list<u8> is a Uint8Array', list(u8), '[1, 2]', new Uint8Array([1, 2])],
    ['list<s32> is an Int32Array', list(s32), '[-1]', new Int32Array([-1])],
    ['list<u64> is a BigUint64Array', list(u64), '[1]', new BigUint64Array([1n])],
    ['list<f32> is a Float32Array', list(f32), '[1.5]', new Float32Array([1.5])],
    ['list<string> is an array', list(string), '["a"]', ['a']],
    ['list<char> is an array', list(char), "['a']", ['a']],
    ['tuple', tuple(u8, string), '(1, "x")', [1, 'x']],
    ['record: camelCase keys, none is undefined', person, '{first-name: "A", age-in-years: 3}', { firstName: 'A', ageInYears: 3, nick: undefined }],
    ['variant with payload', shape, 'two-words(7)', { tag: 'two-words', val: 7 }],
    ['variant without payload has no val', shape, 'dot', { tag: 'dot' }],
    ['variant case named like a keyword', shape, '%ok', { tag: 'ok' }],
    ['enum: the WIT name', color, 'HTTP-GET', 'HTTP-GET'],
    ['flags: camelCase booleans, all present', perms, '{exec-all}', { read: false, write: false, execAll: true }],
    ['option none is undefined', option(u32), 'none', undefined],
    ['option some is the value', option(u32), 'some(5)', 5],
    ['option<option> outer none is tagged', option(option(u32)), 'none', { tag: 'none' }],
    ['option<option> some(none)', option(option(u32)), 'some(none)', { tag: 'some', val: undefined }],
    ['option<option> some(some)', option(option(u32)), 'some(some(7))', { tag: 'some', val: 7 }],
    ['option^3 none is undefined', option(option(option(u8))), 'none', undefined],
    ['option^3 some(none)', option(option(option(u8))), 'some(none)', { tag: 'none' }],
    ['option^3 some(some(none))', option(option(option(u8))), 'some(some(none))', { tag: 'some', val: undefined }],
    ['option^3 some(some(some(1)))', option(option(option(u8))), 'some(some(some(1)))', { tag: 'some', val: 1 }],
    ['option of a result is nullable', option(result(u8, color)), 'some(err(red))', { tag: 'err', val: 'red' }],
    ['nested result ok', result(option(u8), result(u8, string)), 'ok(none)', { tag: 'ok', val: undefined }],
    ['nested result err', result(option(u8), result(u8, string)), 'err(err("deep"))', { tag: 'err', val: { tag: 'err', val: 'deep' } }],
    ['unit result', result(null, null), 'err', { tag: 'err', val: undefined }],
  ];
  for (const [name, type, text, js] of cases) {
    it(name, () => {
      const v = parse(text, type);
      expect(toJs(v, type)).toEqual(js);
      const back = fromJs(js, type);
      expect(printWave(back, type)).toBe(printWave(v, type));
    });
  }

  it('isNullableOption alternates with nesting', () => {
    expect([option(u8), option(option(u8)), option(option(option(u8)))].map(isNullableOption)).toEqual([true, false, true]);
  });

  it('fromJs accepts what the glue accepts: arrays for typed lists, numbers for 64-bit, null for none', () => {
    expect(fromJs([1, 2], list(u8))).toEqual({ kind: 'list', items: [{ kind: 'int', value: 1n }, { kind: 'int', value: 2n }] });
    expect(fromJs(5, u64)).toEqual({ kind: 'int', value: 5n });
    expect(fromJs(null, option(u8))).toEqual({ kind: 'option', value: null });
    expect(fromJs({ read: true }, perms)).toEqual({ kind: 'flags', flags: ['read'] });
  });

  it('fromJs says where a value does not fit', () => {
    expect(() => fromJs({ firstName: 'A', ageInYears: 300 }, person)).toThrow('at .ageInYears: 300 is out of range for u8 (0..255)');
    expect(() => fromJs({ x: 1, y: '2' }, point)).toThrow('at .y: expected an integer for s32, got string "2"');
    expect(() => fromJs({ tag: 'twoWords', val: 1 }, shape)).toThrow('shape has no case "twoWords"');
    expect(() => fromJs('greenBlue', color)).toThrow('color has no case "greenBlue"');
    expect(() => fromJs('ab', char)).toThrow('a char must be one Unicode scalar value, got "ab"');
    expect(() => fromJs([1], tuple(u8, u8))).toThrow('tuple<u8, u8> needs 2 elements, got 1');
    expect(() => fromJs(1, option(option(u8)))).toThrow("expected { tag: 'none' } or { tag: 'some', val }");
  });
});

describe('calls', () => {
  const greet: WitFunction = { name: 'greet', jsName: 'greet', params: [{ name: 'name', type: string }], result: string };
  const divide: WitFunction = {
    name: 'divide',
    jsName: 'divide',
    params: [{ name: 'a', type: u32 }, { name: 'b', type: u32 }, { name: 'round', type: option(bool) }],
    result: result(u32, string),
  };

  it('parseArgs takes one WAVE text per parameter; trailing options may be left out', () => {
    expect(parseArgs(['"World"'], greet)).toEqual({ ok: true, values: [{ kind: 'string', value: 'World' }] });
    const r = parseArgs(['7', '2'], divide);
    expect(r.ok && r.values[2]).toEqual({ kind: 'option', value: null });
    expect(parseArgs(['7', '2', 'true'], divide)).toMatchObject({ ok: true });
  });

  it('parseArgs refuses bad arguments, naming the argument', () => {
    expect(parseArgs(['7', '-2'], divide)).toEqual({ ok: false, error: 'argument b: -2 is out of range for u32 (0..4294967295)', arg: 1, offset: 0 });
    expect(parseArgs(['World'], greet)).toEqual({ ok: false, error: "argument name: expected a string in double quotes for string, found 'World'", arg: 0, offset: 0 });
    expect(parseArgs([], greet)).toEqual({ ok: false, error: 'missing argument name (string): greet takes 1 argument (name: string)', arg: -1, offset: 0 });
    expect(parseArgs(['"a"', '"b"'], greet)).toMatchObject({ ok: false, error: 'greet takes 1 argument (name: string), got 2' });
  });

  it('parseArgList reads the text mode: comma-separated arguments', () => {
    expect(parseArgList('7, 2, some(true)', divide)).toMatchObject({ ok: true });
    expect(parseArgList('7, 2', divide)).toMatchObject({ ok: true, values: [{ value: 7n }, { value: 2n }, { value: null }] });
    expect(parseArgList('7, 2,', divide)).toMatchObject({ ok: true });
    expect(parseArgList('7', divide)).toEqual({ ok: false, error: 'missing argument b (u32)', offset: 1 });
    expect(parseArgList('7 2', divide)).toEqual({ ok: false, error: "expected ',' before argument b, found '2'", offset: 2 });
    expect(parseArgList('7, 2, true, 4', divide)).toEqual({ ok: false, error: "divide takes 3 arguments: unexpected '4'", offset: 12 });
  });

  it('printCall is the --invoke form', () => {
    const r = parseArgs(['7', '2'], divide);
    expect(r.ok && printCall(divide, r.values)).toBe('divide(7, 2, none)');
  });

  it('fromJsReturn: a result-returning export returns T or throws ComponentError with payload', () => {
    class ComponentError extends Error {
      constructor(readonly payload: unknown) {
        super(String(payload));
      }
    }
    expect(fromJsReturn({ returned: 3 }, divide)).toEqual({ kind: 'result', ok: true, value: { kind: 'int', value: 3n } });
    expect(fromJsReturn({ thrown: new ComponentError('by zero') }, divide)).toEqual({ kind: 'result', ok: false, value: { kind: 'string', value: 'by zero' } });
    const unit: WitFunction = { ...divide, result: result(null, null) };
    expect(fromJsReturn({ thrown: new ComponentError(undefined) }, unit)).toEqual({ kind: 'result', ok: false, value: null });
    expect(fromJsReturn({ returned: undefined }, unit)).toEqual({ kind: 'result', ok: true, value: null });
    const trap = new Error('wasm trap: unreachable');
    expect(() => fromJsReturn({ thrown: trap }, divide)).toThrow(trap);
    expect(() => fromJsReturn({ thrown: trap }, greet)).toThrow(trap);
    expect(fromJsReturn({ returned: 'hi' }, greet)).toEqual({ kind: 'string', value: 'hi' });
    expect(fromJsReturn({ returned: undefined }, { ...greet, result: null })).toBeNull();
  });
});
