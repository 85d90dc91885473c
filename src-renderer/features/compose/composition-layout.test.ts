import { describe, expect, it } from 'vitest';
import { planLinks } from '../../../src-shared/compose/plan';
import type { MemberFacts } from '../../../src-shared/protocol/composition';
import { BOX_W, LABEL_H, columns, formatSize, layoutComposition, shortImport, type MemberCard } from './composition-layout';

const m = (name: string, imports: string[], exports: string[]): MemberFacts => ({ name, imports, exports, wit: null });
const card = (name: string, grants: string[] = []): MemberCard => ({ name, language: 'C', size: 70_000, grants });
const overlap = (a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

const five = [
  m('app', ['wasi:cli/stdout@0.2.3', 'docs:p/words@0.1.0', 'docs:p/render@0.1.0', 'docs:p/clock@0.1.0'], ['wasi:cli/run@0.2.3']),
  m('words', ['docs:p/stem@0.1.0', 'wasi:filesystem/preopens@0.2.3'], ['docs:p/words@0.1.0']),
  m('render', ['docs:p/stem@0.1.0'], ['docs:p/render@0.1.0']),
  m('stemmer', [], ['docs:p/stem@0.1.0']),
  m('clock', ['wasi:clocks/wall-clock@0.2.3'], ['docs:p/clock@0.1.0']),
];

describe('columns', () => {
  it('puts each member left of the members importing from it, as far right as that allows, the root last', () => {
    const plan = planLinks(five, 'app');
    expect(Object.fromEntries(columns(plan))).toEqual({ stemmer: 0, words: 1, render: 1, clock: 1, app: 2 });
  });

  it('keeps the two members of a cycle in two columns', () => {
    const plan = planLinks([m('app', ['docs:c/a'], ['docs:c/b']), m('lib', ['docs:c/b'], ['docs:c/a'])], 'app');
    expect(Object.fromEntries(columns(plan))).toEqual({ lib: 0, app: 1 });
  });
});

describe('layoutComposition', () => {
  it('five members: no box overlaps another, no wire label overlaps a box or another label', () => {
    const plan = planLinks(five, 'app');
    const layout = layoutComposition(plan, five.map((x) => card(x.name, ['folder data (rw)', 'env 2', 'clocks frozen'])), () => true);
    const boxes = layout.boxes;
    expect(boxes).toHaveLength(5);
    const labels = layout.wires.map((w) => ({ x: w.labelX - w.labelW / 2, y: w.labelY, w: w.labelW, h: LABEL_H }));
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i]!, boxes[j]!)).toBe(false);
    for (const l of labels) for (const b of boxes) expect(overlap(l, b)).toBe(false);
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(overlap(labels[i]!, labels[j]!)).toBe(false);
    for (const b of [...boxes, ...labels]) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w).toBeLessThanOrEqual(layout.width);
      expect(b.y + b.h).toBeLessThanOrEqual(layout.height);
    }
  });

  it('a wire that skips a column goes over the top, and its label stays clear of the boxes', () => {
    const plan = planLinks([m('app', ['docs:p/lib', 'docs:p/util'], []), m('lib', ['docs:p/util'], ['docs:p/lib']), m('util', [], ['docs:p/util'])], 'app');
    const layout = layoutComposition(plan, [], () => true);
    const skip = layout.wires.find((w) => plan.wires[w.index]!.from === 'util' && plan.wires[w.index]!.to === 'app')!;
    expect(skip.labelY + LABEL_H).toBeLessThanOrEqual(Math.min(...layout.boxes.map((b) => b.y)));
    expect(layout.boxes.map((b) => b.meta)).toEqual(['not built', 'not built', 'not built']);
  });

  it('chips stay inside their box: grants, then host imports marked granted or denied by the member\'s policy', () => {
    const plan = planLinks([m('app', ['wasi:cli/stdout@0.2.3', 'wasi:filesystem/preopens@0.2.3', 'wasi:random/random@0.2.3'], [])], 'app');
    const layout = layoutComposition(plan, [card('app', ['stdout', 'a grant with a rather long description that must be cut'])], (member, imp) => member === 'app' && imp.includes('stdout'));
    const [box] = layout.boxes;
    expect(box!.chips.map((c) => [c.kind, c.text])).toEqual([
      ['grant', 'stdout'],
      ['grant', 'a grant with a rather lon…'],
      ['granted', '✓ cli/stdout'],
      ['denied', '✗ filesystem/preopens'],
      ['denied', '✗ random/random'],
    ]);
    expect(box!.chips[1]!.title).toBe('a grant with a rather long description that must be cut');
    for (const c of box!.chips) {
      expect(c.x + c.w).toBeLessThanOrEqual(box!.x + BOX_W);
      expect(c.y + 18).toBeLessThanOrEqual(box!.y + box!.h);
    }
    expect(box!.meta).toBe('C · 68.4 KB');
  });

  it('formats sizes and host imports for the chips', () => {
    expect([formatSize(900), formatSize(69_632), formatSize(12_500_000)]).toEqual(['900 B', '68.0 KB', '11.9 MB']);
    expect(shortImport('wasi:filesystem/preopens@0.2.3')).toBe('filesystem/preopens');
  });
});
