import { diffLines } from 'diff';

export type DiffLine = { kind: 'same' | 'add' | 'del'; text: string } | { kind: 'skip'; count: number };

/**
 * A line diff of two texts (jsdiff's Myers diff), blank lines kept, with unchanged runs longer
 * than twice `context` folded into a count, as `diff -u` shows them.
 */
export function lineDiff(before: string, after: string, context = 3): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const part of diffLines(before, after)) {
    const kind = part.added ? 'add' : part.removed ? 'del' : 'same';
    const texts = part.value.endsWith('\n') ? part.value.slice(0, -1).split('\n') : part.value.split('\n');
    for (const text of texts) lines.push({ kind, text });
  }
  return fold(lines, context);
}

function fold(lines: DiffLine[], context: number): DiffLine[] {
  const out: DiffLine[] = [];
  for (let i = 0; i < lines.length; ) {
    if (lines[i]!.kind !== 'same') {
      out.push(lines[i++]!);
      continue;
    }
    let end = i;
    while (end < lines.length && lines[end]!.kind === 'same') end++;
    const keepHead = i === 0 ? 0 : context;
    const keepTail = end === lines.length ? 0 : context;
    if (end - i > keepHead + keepTail + 1) {
      out.push(...lines.slice(i, i + keepHead), { kind: 'skip', count: end - i - keepHead - keepTail }, ...lines.slice(end - keepTail, end));
    } else out.push(...lines.slice(i, end));
    i = end;
  }
  return out;
}
