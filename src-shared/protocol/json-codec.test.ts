import { describe, expect, it } from 'vitest';
import { decodeJson, encodeJson, fromBase64, toBase64 } from './json-codec';

/** mulberry32: small seeded PRNG so failures reproduce. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(rnd: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rnd() * 256);
  return out;
}

describe('toBase64', () => {
  it('matches known vectors (RFC 4648)', () => {
    const enc = (s: string) => toBase64(new TextEncoder().encode(s));
    expect(enc('')).toBe('');
    expect(enc('f')).toBe('Zg==');
    expect(enc('fo')).toBe('Zm8=');
    expect(enc('foo')).toBe('Zm9v');
    expect(enc('foob')).toBe('Zm9vYg==');
    expect(enc('fooba')).toBe('Zm9vYmE=');
    expect(enc('foobar')).toBe('Zm9vYmFy');
    expect(toBase64(new Uint8Array([0xff, 0xff, 0xff]))).toBe('////');
    expect(toBase64(new Uint8Array([0xfb, 0xef, 0xbe]))).toBe('++++');
  });

  it('equals Buffer base64 for random inputs of many lengths', () => {
    const rnd = prng(1);
    for (let i = 0; i < 2000; i++) {
      const n = i < 300 ? i : Math.floor(rnd() * 5000);
      const bytes = randomBytes(rnd, n);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('encodes a view into a larger buffer by its own bytes only', () => {
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9, 9]);
    const view = backing.subarray(2, 5);
    expect(toBase64(view)).toBe(Buffer.from([1, 2, 3]).toString('base64'));
  });
});

describe('fromBase64', () => {
  it('decodes what Buffer encodes, for random inputs', () => {
    const rnd = prng(2);
    for (let i = 0; i < 2000; i++) {
      const bytes = randomBytes(rnd, i < 300 ? i : Math.floor(rnd() * 5000));
      const back = fromBase64(Buffer.from(bytes).toString('base64'));
      expect(back).toBeInstanceOf(Uint8Array);
      // Buffer.equals: toEqual on thousands of elements is slow.
      expect(Buffer.from(back).equals(bytes), `length ${bytes.length}`).toBe(true);
    }
  });

  it('returns a Uint8Array', () => {
    expect(fromBase64('Zm9v')).toBeInstanceOf(Uint8Array);
    expect(fromBase64('')).toEqual(new Uint8Array(0));
  });

  it.each([
    'A',
    'AB',
    'ABC',
    'ABCDE',
    'A===',
    '====',
    '=',
    '==',
    'AB=C',
    'A=BC',
    '=ABC',
    'AB==AB==',
    'ABC=ABCD',
    'Zm9v\n',
    ' Zm9v',
    'Zm 9v',
    'Zm9v-_==',
    'Zm9v_w==',
    'Zm9v!!!!',
    'Zm9vé===',
    'Zm9v\0\0\0\0',
    'ÿÿÿÿ',
    'ZZZ\u0100',
    'AB===',
  ])('rejects malformed %j', (text) => {
    expect(() => fromBase64(text)).toThrow(/malformed base64/);
  });
});

describe('encodeJson / decodeJson', () => {
  it('round-trips Uint8Array of lengths 0..10', () => {
    for (let n = 0; n <= 10; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 200) & 255);
      const back = decodeJson(encodeJson({ bytes }));
      expect(back).toEqual({ bytes });
      expect((back as { bytes: unknown }).bytes).toBeInstanceOf(Uint8Array);
    }
  });

  it('round-trips random bytes, at top level and nested in objects and arrays', () => {
    const rnd = prng(3);
    for (let i = 0; i < 100; i++) {
      const a = randomBytes(rnd, Math.floor(rnd() * 1000));
      const b = randomBytes(rnd, Math.floor(rnd() * 20));
      const value = {
        kind: 'response',
        id: i,
        ok: true,
        result: { artifacts: { glue: 'export {}', modules: { 'x.core.wasm': a, 'x.core2.wasm': b } }, list: [a, [b, { deep: b }]] },
      };
      expect(decodeJson(encodeJson(value))).toEqual(value);
      expect(decodeJson(encodeJson(a))).toEqual(a);
    }
  });

  it('encodes bytes as tagged base64 JSON', () => {
    expect(encodeJson({ m: new Uint8Array([102, 111, 111]) })).toBe('{"m":{"$bytes":"Zm9v"}}');
    expect(encodeJson([new Uint8Array(0)])).toBe('[{"$bytes":""}]');
  });

  it('encodes a Node Buffer (a Uint8Array) as bytes too', () => {
    const buf = Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]);
    const text = encodeJson({ modules: { 'a.wasm': buf } });
    expect(text).toBe(`{"modules":{"a.wasm":{"$bytes":"${buf.toString('base64')}"}}}`);
    const back = decodeJson(text) as { modules: Record<string, Uint8Array> };
    expect(back.modules['a.wasm']).toBeInstanceOf(Uint8Array);
    expect(Array.from(back.modules['a.wasm']!)).toEqual(Array.from(buf));
    expect(encodeJson(buf)).toBe(`{"$bytes":"${buf.toString('base64')}"}`);
    expect(encodeJson([buf.subarray(1, 3)])).toBe('[{"$bytes":"YXM="}]');
  });

  it('leaves ordinary values untouched', () => {
    const value = { a: 1, b: 'two', c: [true, null, { d: -0.5 }], e: {}, f: [], g: '$bytes', h: { $bytes: 'x', other: 1 } };
    expect(decodeJson(encodeJson(value))).toEqual(value);
  });

  it('does not treat a tag with a non-string value, or with other keys, as bytes', () => {
    expect(decodeJson('{"$bytes":5}')).toEqual({ $bytes: 5 });
    expect(decodeJson('{"$bytes":null}')).toEqual({ $bytes: null });
    expect(decodeJson('{"$bytes":"Zm9v","x":1}')).toEqual({ $bytes: 'Zm9v', x: 1 });
    expect(decodeJson('[["$bytes","Zm9v"]]')).toEqual([['$bytes', 'Zm9v']]);
  });

  it('throws on a tagged value that is not base64, and on non-JSON', () => {
    expect(() => decodeJson('{"$bytes":"***"}')).toThrow();
    expect(() => decodeJson('{"a":{"$bytes":"Zm9"}}')).toThrow();
    expect(() => decodeJson('not json')).toThrow();
    expect(() => decodeJson('')).toThrow();
  });

  it('keeps "__proto__" as a plain own key and pollutes nothing', () => {
    const v = decodeJson('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"x":{"__proto__":{"$bytes":"AA=="}}}') as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.hasOwn(v, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn((v.x as object), '__proto__')).toBe(true);
  });
});
