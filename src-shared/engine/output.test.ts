import { describe, expect, it } from 'vitest';
import { OutputCollector, TRUNCATION_MARKER, type StreamName } from './output';
import { encodeText } from './text';

const bytes = (s: string) => encodeText(s);

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('OutputCollector: limits', () => {
  it('keeps output under the limit unchanged', () => {
    const c = new OutputCollector(100, () => 0);
    c.write('stdout', bytes('hello '));
    c.write('stdout', bytes('world'));
    c.write('stderr', bytes('oops'));
    expect(c.result()).toEqual({ stdout: 'hello world', stderr: 'oops' });
    expect(c.truncated).toBe(false);
  });

  it('truncates at the byte limit and appends the marker once', () => {
    const c = new OutputCollector(10, () => 0);
    c.write('stdout', bytes('0123456'));
    c.write('stdout', bytes('789abcdef'));
    c.write('stdout', bytes('more'));
    expect(c.result().stdout).toBe('0123456789' + TRUNCATION_MARKER);
    expect(c.truncated).toBe(true);
  });

  it('marks truncation when a write lands exactly after the limit was filled', () => {
    const c = new OutputCollector(4, () => 0);
    c.write('stdout', bytes('abcd'));
    expect(c.truncated).toBe(false);
    c.write('stdout', bytes('e'));
    c.write('stdout', bytes('f'));
    expect(c.result().stdout).toBe('abcd' + TRUNCATION_MARKER);
    expect(c.truncated).toBe(true);
  });

  it('output exactly at the limit is not truncated', () => {
    const c = new OutputCollector(4, () => 0);
    c.write('stdout', bytes('abcd'));
    c.write('stdout', new Uint8Array(0));
    expect(c.result().stdout).toBe('abcd');
    expect(c.truncated).toBe(false);
  });

  it('limits each stream separately', () => {
    const c = new OutputCollector(3, () => 0);
    c.write('stdout', bytes('abcdef'));
    c.write('stderr', bytes('xy'));
    expect(c.result()).toEqual({ stdout: 'abc' + TRUNCATION_MARKER, stderr: 'xy' });
  });

  it('a zero limit keeps nothing but the marker', () => {
    const c = new OutputCollector(0, () => 0);
    c.write('stderr', bytes('x'));
    expect(c.result()).toEqual({ stdout: '', stderr: TRUNCATION_MARKER });
  });
});

describe('OutputCollector: UTF-8', () => {
  it('decodes a multi-byte character split across writes', () => {
    const all = bytes('h€llo 😀!');
    const c = new OutputCollector(1000, () => 0);
    // Split inside the 3-byte euro sign and inside the 4-byte emoji.
    const cuts = [0, 2, 3, 9, 11, all.length];
    for (let i = 1; i < cuts.length; i++) c.write('stdout', all.subarray(cuts[i - 1], cuts[i]));
    expect(c.result().stdout).toBe('h€llo 😀!');
  });

  it('one byte at a time', () => {
    const all = bytes('ünïcødé ✓ 𝄞');
    const c = new OutputCollector(1000, () => 0);
    for (const b of all) c.write('stderr', Uint8Array.of(b));
    expect(c.result().stderr).toBe('ünïcødé ✓ 𝄞');
  });

  it('streams keep separate decoders', () => {
    const e = bytes('€');
    const c = new OutputCollector(1000, () => 0);
    c.write('stdout', e.subarray(0, 1));
    c.write('stderr', e.subarray(0, 2));
    c.write('stdout', e.subarray(1));
    c.write('stderr', e.subarray(2));
    expect(c.result()).toEqual({ stdout: '€', stderr: '€' });
  });

  it('the listener never sees half a character', () => {
    const got: string[] = [];
    const k = clock();
    const c = new OutputCollector(1000, k.now, (_s, t) => got.push(t), 0);
    const e = bytes('€');
    c.write('stdout', e.subarray(0, 1));
    c.write('stdout', e.subarray(1));
    c.result();
    expect(got.join('')).toBe('€');
    expect(got.join('')).not.toContain('\uFFFD');
  });
});

describe('OutputCollector: listener batching', () => {
  it('batches by time using the injected clock', () => {
    const k = clock();
    const calls: [StreamName, string][] = [];
    const c = new OutputCollector(1000, k.now, (s, t) => calls.push([s, t]), 50);
    c.write('stdout', bytes('a'));
    k.advance(10);
    c.write('stdout', bytes('b'));
    c.write('stderr', bytes('E'));
    expect(calls).toEqual([]); // less than 50 ms since the start
    k.advance(40);
    c.write('stdout', bytes('c')); // 50 ms: flush everything pending
    expect(calls).toEqual([
      ['stdout', 'abc'],
      ['stderr', 'E'],
    ]);
    k.advance(49);
    c.write('stdout', bytes('d'));
    expect(calls.length).toBe(2);
    k.advance(1);
    c.write('stdout', bytes('e'));
    expect(calls.slice(2)).toEqual([['stdout', 'de']]);
  });

  it('result() flushes what is pending', () => {
    const k = clock();
    const calls: [StreamName, string][] = [];
    const c = new OutputCollector(1000, k.now, (s, t) => calls.push([s, t]), 50);
    c.write('stderr', bytes('late'));
    expect(calls).toEqual([]);
    expect(c.result().stderr).toBe('late');
    expect(calls).toEqual([['stderr', 'late']]);
  });

  it('the listener also sees the truncation marker', () => {
    const k = clock();
    let seen = '';
    const c = new OutputCollector(2, k.now, (_s, t) => (seen += t), 50);
    c.write('stdout', bytes('abc'));
    c.result();
    expect(seen).toBe('ab' + TRUNCATION_MARKER);
  });

  it('works without a listener', () => {
    const c = new OutputCollector(10, () => 0, null);
    c.write('stdout', bytes('x'));
    expect(c.result().stdout).toBe('x');
  });
});
