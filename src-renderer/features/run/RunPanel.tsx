import { limitsHit } from '../../../src-shared/engine/memory-limit';
import type { EngineName, RunResult } from '../../../src-shared/protocol/types';
import type { EngineRun } from '../../store/runs-slice';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { compareRuns, describeComparison, type FirstDifference } from '../../../src-shared/engine/compare-runs';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { TimingPanel } from '../timing/TimingPanel';
import { SnapshotChanges } from './SnapshotChanges';

const TITLES: Record<EngineName, string> = { node: 'Node WASI host', browser: 'Browser engine' };

/** Both engines' output side by side, with a verdict on whether they agree. */
export function RunPanel() {
  const node = useStudio((s) => s.runs.node.result);
  const browser = useStudio((s) => s.runs.browser.result);
  const comparison = useMemo(() => (node && browser ? compareRuns(node, browser) : null), [node, browser]);
  const differ = comparison?.verdict === 'differ' ? comparison : null;
  const mark = { agree: '✓ ', differ: '≠ ', incomparable: '' };
  return (
    <section className="run-panel" aria-label="Run output">
      <div className="run-bar">
        <div className={`verdict ${comparison?.verdict ?? ''}`} data-testid="engines-verdict">
          {comparison ? mark[comparison.verdict] + describeComparison(comparison) : 'Run both engines to compare them'}
        </div>
        <WrapToggle />
      </div>
      <div className="panes">
        <OutputPane engine="node" differs={Boolean(differ)} first={differ?.first ?? null} />
        <OutputPane engine="browser" differs={Boolean(differ)} first={differ?.first ?? null} />
      </div>
      <TimingPanel />
    </section>
  );
}

function WrapToggle() {
  const store = useStudioStore();
  const wrap = useStudio((s) => s.wrapOutput);
  return (
    <label className="wrap-toggle" title="Wrap long lines, or keep each line on one row and scroll sideways">
      <input type="checkbox" checked={wrap} onChange={(e) => store.getState().setWrapOutput(e.target.checked)} data-testid="wrap-output" /> Wrap lines
    </label>
  );
}

function OutputPane({ engine, differs, first }: { engine: EngineName; differs: boolean; first: FirstDifference | null }) {
  const run = useStudio((s) => s.runs[engine]);
  const stream = (name: 'stdout' | 'stderr') => (first?.stream === name ? <MarkedFrom text={run[name]} offset={first.offset} /> : run[name]);
  const tail = useFollowTail([run.stdout, run.stderr, run.error, run.result]);
  const wrap = useStudio((s) => s.wrapOutput);
  return (
    <div className={`pane ${differs ? 'differs' : ''}`}>
      <h3>
        {TITLES[engine]}
        <ExitCode engine={engine} run={run} />
        {run.result?.timings && <span className="pane-time">{totalMs(run.result.timings)} ms</span>}
      </h3>
      {run.result && <LimitsHit engine={engine} result={run.result} />}
      <pre className={`output ${wrap ? '' : 'nowrap'}`} data-testid={`output-${engine}`} ref={tail.ref} onScroll={tail.onScroll}>
        {run.call && (
          <span className="call-line" data-testid={`call-line-${engine}`}>
            {run.call.label}({run.call.args.join(', ')}){run.result && !run.result.error ? ` → ${run.result.value ?? '(no result)'}` : ''}
            {'\n'}
          </span>
        )}
        {stream('stdout')}
        {run.stderr && <span className="stderr">{stream('stderr')}</span>}
        {run.error && <span className="run-error">{run.error}</span>}
        {run.result?.error && <span className="run-error">{run.result.error}</span>}
        {run.status === 'idle' && <span className="muted">Not run yet.</span>}
      </pre>
      {run.result?.fsChanges?.length ? <SnapshotChanges changes={run.result.fsChanges} /> : null}
    </div>
  );
}

/**
 * Keeps a scrolled pane at its end as text arrives or the pane shrinks, so the last line (and "timed
 * out") is in view, unless the reader scrolled up to look at something.
 */
function useFollowTail(deps: unknown[]) {
  const ref = useRef<HTMLPreElement>(null);
  const atEnd = useRef(true);
  const follow = () => {
    const el = ref.current;
    if (el && atEnd.current) el.scrollTop = el.scrollHeight;
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(follow, deps);
  useEffect(() => {
    const observer = new ResizeObserver(follow);
    if (ref.current) observer.observe(ref.current);
    return () => observer.disconnect();
  }, []);
  const onScroll = () => {
    const el = ref.current;
    if (el) atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  };
  return { ref, onScroll };
}

function ExitCode({ engine, run }: { engine: EngineName; run: EngineRun }) {
  const r = run.result;
  const returned = Boolean(run.call && r && !r.error && !r.timedOut && !r.stopped);
  const text =
    run.status === 'running' ? (run.call ? 'calling…' : 'running…') : !r ? '' : r.timedOut ? 'timed out' : r.stopped ? 'stopped' : returned ? 'returned' : r.exitCode === null ? 'trapped' : `exit ${r.exitCode}`;
  const cls = !r ? '' : r.exitCode === 0 || returned ? 'ok' : 'bad';
  return (
    <span className={`exit-code ${cls}`} data-testid={`exit-code-${engine}`} data-exit-code={r?.exitCode ?? ''}>
      {text}
    </span>
  );
}

/** Output with the line where the engines first part marked (everything before it is the same in both). */
function MarkedFrom({ text, offset }: { text: string; offset: number }) {
  const end = text.indexOf('\n', offset);
  const line = end === -1 ? text.slice(offset) : text.slice(offset, end + 1);
  return (
    <>
      {text.slice(0, offset)}
      <mark className="first-difference" data-testid="first-difference" title="The engines' output first differs on this line">
        {line || '(output ends here)\n'}
      </mark>
      {text.slice(offset + line.length)}
    </>
  );
}

/** Limits the run ran into, named apart from the component's own exit code. */
function LimitsHit({ engine, result }: { engine: EngineName; result: RunResult }) {
  const hits = limitsHit(result);
  if (!hits.length) return null;
  return (
    <div className="limits-hit" data-testid={`limits-${engine}`} role="status">
      {hits.join(' · ')}
    </div>
  );
}

const totalMs = (t: Record<string, number | undefined>) => Math.round(Object.values(t).reduce<number>((a, b) => a + (b ?? 0), 0) * 10) / 10;
