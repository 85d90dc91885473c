import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff';

describe('lineDiff', () => {
  it('shows only what changed, blank lines kept', () => {
    expect(lineDiff('a\n\nb\nc\n', 'a\n\nB\nc\n')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'same', text: '' },
      { kind: 'del', text: 'b' },
      { kind: 'add', text: 'B' },
      { kind: 'same', text: 'c' },
    ]);
  });

  it('a new file is all additions; an appended line is one addition', () => {
    expect(lineDiff('', 'x\ny\n')).toEqual([{ kind: 'add', text: 'x' }, { kind: 'add', text: 'y' }]);
    expect(lineDiff('log 1\n', 'log 1\nlog 2\n')).toEqual([{ kind: 'same', text: 'log 1' }, { kind: 'add', text: 'log 2' }]);
  });

  it('folds long unchanged runs, keeping three lines of context around a change', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const after = before.replace('line 10\n', 'LINE 10\n');
    const d = lineDiff(before, after);
    expect(d[0]).toEqual({ kind: 'skip', count: 7 });
    expect(d.filter((l) => l.kind === 'same').map((l) => 'text' in l && l.text)).toEqual(['line 7', 'line 8', 'line 9', 'line 11', 'line 12', 'line 13']);
    expect(d.at(-1)).toEqual({ kind: 'skip', count: 6 });
  });
});
