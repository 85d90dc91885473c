import type { RunResult } from '../protocol/types';

export type RunDifference = 'exit code' | 'returned value' | 'stdout' | 'stderr' | 'error';

/** Where two outputs first part: the stream, its 1-based line, and where that line starts (the same in both: all before it is equal). */
export interface FirstDifference {
  stream: 'stdout' | 'stderr';
  line: number;
  offset: number;
}

export type Comparison =
  /** `call`: the two were calls of an exported function, so their returned values were compared too. */
  | { verdict: 'agree'; call: boolean }
  | { verdict: 'differ'; differences: RunDifference[]; first: FirstDifference | null }
  /** A run was stopped or timed out: what it printed is only as far as it got, so a comparison would mislead. */
  | { verdict: 'incomparable'; why: string };

type Compared = Pick<RunResult, 'exitCode' | 'value' | 'stdout' | 'stderr' | 'error' | 'stopped' | 'timedOut'>;

/** Compares two engines' runs (or calls) of the same component; used by the run panes and `run --engine both`. */
export function compareRuns(a: Compared, b: Compared): Comparison {
  const cut = [a, b].find((r) => r.stopped || r.timedOut);
  if (cut) return { verdict: 'incomparable', why: cut.stopped ? 'a run was stopped' : 'a run timed out' };
  const differences: RunDifference[] = [];
  if (a.exitCode !== b.exitCode) differences.push('exit code');
  if ((a.value ?? null) !== (b.value ?? null)) differences.push('returned value');
  if (a.stdout !== b.stdout) differences.push('stdout');
  if (a.stderr !== b.stderr) differences.push('stderr');
  if (Boolean(a.error) !== Boolean(b.error)) differences.push('error');
  if (!differences.length) return { verdict: 'agree', call: a.value !== undefined };
  const stream = a.stdout !== b.stdout ? 'stdout' : a.stderr !== b.stderr ? 'stderr' : null;
  return { verdict: 'differ', differences, first: stream && firstDifferingLine(stream, a[stream], b[stream]) };
}

function firstDifferingLine(stream: FirstDifference['stream'], a: string, b: string): FirstDifference {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const start = a.lastIndexOf('\n', i - 1) + 1;
  let line = 1;
  for (let j = a.indexOf('\n'); j !== -1 && j < start; j = a.indexOf('\n', j + 1)) line++;
  return { stream, line, offset: start };
}

/** One sentence for a comparison, the same in the run panes and the CLI. */
export function describeComparison(c: Comparison): string {
  if (c.verdict === 'agree') return `Both engines agree: same ${c.call ? 'returned value' : 'exit code'}, stdout and stderr`;
  if (c.verdict === 'incomparable') return `Not compared: ${c.why}, so its output stops wherever it was cut`;
  const where = c.first ? ` (${c.first.stream} first differs at line ${c.first.line})` : '';
  return `The engines differ in ${c.differences.join(', ')}${where}`;
}
