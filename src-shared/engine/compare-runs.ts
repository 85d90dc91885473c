import type { RunResult } from '../protocol/types';
import type { HttpResponse } from './http-handler';

export type RunDifference = 'exit code' | 'returned value' | 'response' | 'stdout' | 'stderr' | 'error';

/** Where two outputs first part: the stream, its 1-based line, and where that line starts (the same in both: all before it is equal). */
export interface FirstDifference {
  stream: 'stdout' | 'stderr';
  line: number;
  offset: number;
}

export type Comparison =
  /** `call`: the two were calls of an exported function, so their returned values were compared too. */
  | { verdict: 'agree'; call: boolean; response?: boolean }
  | { verdict: 'differ'; differences: RunDifference[]; first: FirstDifference | null }
  /** A run was stopped or timed out: what it printed is only as far as it got, so a comparison would mislead. */
  | { verdict: 'incomparable'; why: string };

/** `response`: what an HTTP handler answered (null: it did not), for a handled request. */
type Compared = Pick<RunResult, 'exitCode' | 'value' | 'stdout' | 'stderr' | 'error' | 'stopped' | 'timedOut'> & { response?: HttpResponse | null };

/** Compares two engines' runs (or calls, or handled requests) of the same component; used by the run panes, `run` and `request --engine both`. */
export function compareRuns(a: Compared, b: Compared): Comparison {
  const cut = [a, b].find((r) => r.stopped || r.timedOut);
  if (cut) return { verdict: 'incomparable', why: cut.stopped ? 'a run was stopped' : 'a run timed out' };
  const differences: RunDifference[] = [];
  if (a.exitCode !== b.exitCode) differences.push('exit code');
  if ((a.value ?? null) !== (b.value ?? null)) differences.push('returned value');
  const handled = a.response !== undefined || b.response !== undefined;
  if (handled && !sameResponse(a.response ?? null, b.response ?? null)) differences.push('response');
  if (a.stdout !== b.stdout) differences.push('stdout');
  if (a.stderr !== b.stderr) differences.push('stderr');
  if (Boolean(a.error) !== Boolean(b.error)) differences.push('error');
  if (!differences.length) return handled ? { verdict: 'agree', call: false, response: true } : { verdict: 'agree', call: a.value !== undefined };
  const stream = a.stdout !== b.stdout ? 'stdout' : a.stderr !== b.stderr ? 'stderr' : null;
  return { verdict: 'differ', differences, first: stream && firstDifferingLine(stream, a[stream], b[stream]) };
}

/** Status, headers in order (names as the guest wrote them) and body bytes. */
function sameResponse(a: HttpResponse | null, b: HttpResponse | null): boolean {
  if (!a || !b) return a === b;
  const body = a.body.length === b.body.length && a.body.every((x, i) => x === b.body[i]);
  return a.status === b.status && body && JSON.stringify(a.headers) === JSON.stringify(b.headers);
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
  if (c.verdict === 'agree') return `Both engines agree: same ${c.response ? 'response' : c.call ? 'returned value' : 'exit code'}, stdout and stderr`;
  if (c.verdict === 'incomparable') return `Not compared: ${c.why}, so its output stops wherever it was cut`;
  const where = c.first ? ` (${c.first.stream} first differs at line ${c.first.line})` : '';
  return `The engines differ in ${c.differences.join(', ')}${where}`;
}
