import { describe, expect, it } from 'vitest';
import { compareRuns, describeComparison } from './compare-runs';

const run = (o: Partial<Parameters<typeof compareRuns>[0]> = {}) => ({ exitCode: 0, stdout: '', stderr: '', error: null, stopped: false, timedOut: false, ...o });

describe('compareRuns', () => {
  it('agrees on identical runs', () => {
    const same = compareRuns(run({ stdout: 'a\nb\n' }), run({ stdout: 'a\nb\n' }));
    expect(same).toEqual({ verdict: 'agree', call: false });
    expect(describeComparison(same)).toBe('Both engines agree: same exit code, stdout and stderr');
  });

  it('calls compare their returned values too', () => {
    const call = (value: string) => run({ exitCode: null, value });
    expect(describeComparison(compareRuns(call('"hi"'), call('"hi"')))).toBe('Both engines agree: same returned value, stdout and stderr');
    expect(compareRuns(call('1'), call('2'))).toEqual({ verdict: 'differ', differences: ['returned value'], first: null });
  });

  it('handled requests compare their responses: status, headers in order and body bytes', () => {
    const bytes = (t: string) => new TextEncoder().encode(t);
    const handled = (status: number, body: string, headers: [string, string][] = [['content-type', 'text/plain']]) => run({ response: { status, headers, body: bytes(body) } });
    expect(describeComparison(compareRuns(handled(200, 'hi'), handled(200, 'hi')))).toBe('Both engines agree: same response, stdout and stderr');
    expect(compareRuns(handled(200, 'hi'), handled(200, 'ho'))).toMatchObject({ verdict: 'differ', differences: ['response'] });
    expect(compareRuns(handled(200, 'hi'), handled(404, 'hi'))).toMatchObject({ verdict: 'differ', differences: ['response'] });
    expect(compareRuns(handled(200, 'hi'), handled(200, 'hi', [['content-type', 'text/html']]))).toMatchObject({ verdict: 'differ', differences: ['response'] });
    expect(compareRuns(handled(200, 'hi'), run({ response: null, exitCode: null, error: 'trap' }))).toMatchObject({ verdict: 'differ', differences: ['exit code', 'response', 'error'] });
  });

  it('finds the first differing line of stdout, then of stderr', () => {
    const c = compareRuns(run({ stdout: 'one\ntwo\nthree\n' }), run({ stdout: 'one\ntwo\nTHREE\n' }));
    expect(c).toEqual({ verdict: 'differ', differences: ['stdout'], first: { stream: 'stdout', line: 3, offset: 8 } });
    const e = compareRuns(run({ stderr: 'x\n' }), run({ stderr: 'x\ny\n' }));
    expect(e.verdict === 'differ' && e.first).toEqual({ stream: 'stderr', line: 2, offset: 2 });
    expect(describeComparison(c)).toBe('The engines differ in stdout (stdout first differs at line 3)');
  });

  it('a difference inside the first line is at line 1; one output a prefix of the other differs where it ends', () => {
    const c = compareRuns(run({ stdout: 'abc' }), run({ stdout: 'abd' }));
    expect(c.verdict === 'differ' && c.first).toEqual({ stream: 'stdout', line: 1, offset: 0 });
    const p = compareRuns(run({ stdout: 'a\nb\n' }), run({ stdout: 'a\nb\nc\n' }));
    expect(p.verdict === 'differ' && p.first?.line).toBe(3);
  });

  it('exit codes and errors differ without a line', () => {
    const c = compareRuns(run({ exitCode: 0 }), run({ exitCode: 1, error: 'trap' }));
    expect(c).toEqual({ verdict: 'differ', differences: ['exit code', 'error'], first: null });
  });

  it('a stopped or timed-out run is not compared', () => {
    expect(compareRuns(run({ stopped: true, stdout: 'a' }), run({ stdout: 'b' }))).toEqual({ verdict: 'incomparable', why: 'a run was stopped' });
    expect(compareRuns(run(), run({ timedOut: true }))).toEqual({ verdict: 'incomparable', why: 'a run timed out' });
  });
});
