import { describe, expect, it } from 'vitest';
import { diffTrees } from './snapshot-diff';

const t = (s: string) => new TextEncoder().encode(s);

describe('diffTrees', () => {
  it('finds added, modified and deleted files at any depth, and nothing else', () => {
    const before = { dir: { 'a.txt': { source: t('one') }, keep: { source: t('same') }, sub: { dir: { 'gone.txt': { source: t('x') } } } } };
    const after = {
      dir: { 'a.txt': { source: t('two') }, keep: { source: t('same') }, sub: { dir: { 'new.txt': { source: 'text as string' } } }, link: { symlink: 'a.txt' } },
    };
    const changes = diffTrees('/data', before, after as never);
    expect(changes.map((c) => `${c.kind} ${c.path}`)).toEqual(['modified a.txt', 'deleted sub/gone.txt', 'added sub/new.txt']);
    expect(new TextDecoder().decode(changes[2]!.after!)).toBe('text as string');
    expect(changes.every((c) => c.guest === '/data')).toBe(true);
  });

  it('reports nothing for identical trees', () => {
    const tree = { dir: { f: { source: t('x') }, d: { dir: {} } } };
    expect(diffTrees('/m', tree, structuredClone(tree))).toEqual([]);
  });
});
