import type { EngineName, RunResult } from '../../../src-shared/protocol/types';
import { RUN_PHASES, type PhaseTimings } from '../../../src-shared/timing/phases';
import type { RunRecord } from '../../store/runs-slice';
import { useStudio } from '../../store/use-studio';
import { formatBytes } from '../build/ProblemsPanel';
import { BuildTiming, useElapsed } from './BuildTiming';
import { formatMs as ms } from './format';

const ENGINES: EngineName[] = ['node', 'browser'];
const total = (t: PhaseTimings) => RUN_PHASES.reduce((a, p) => a + (t[p] ?? 0), 0);

/** Where each run's time went, both engines on one scale, with the recent history of this component. */
export function TimingPanel() {
  const node = useStudio((s) => s.runs.node);
  const browser = useStudio((s) => s.runs.browser);
  const history = useStudio((s) => s.history);
  const description = useStudio((s) => s.description);
  const running = node.status === 'running' || browser.status === 'running';
  const elapsed = useElapsed(running);
  const runs = { node, browser };
  const scale = Math.max(1, elapsed, ...ENGINES.map((e) => (runs[e].result ? total(runs[e].result!.timings) : 0)));
  const mine = history.filter((h) => h.hash === (description?.hash ?? h.hash)).slice(-8);
  return (
    <section className="timing" data-testid="timing-panel" aria-label="Timing">
      <h2>
        Timing
        {description && (
          <span className="sizes" title={description.coreModules.map((m) => `${m.name}: ${formatBytes(m.size)}`).join('\n')}>
            component {formatBytes(description.size)} · {description.coreModules.length} core modules (
            {description.coreModules.map((m) => formatBytes(m.size)).join(', ')})
          </span>
        )}
      </h2>
      <BuildTiming />
      {ENGINES.map((e) => (
        <div key={e} className="timing-row" data-engine={e}>
          <span className="engine">{e}</span>
          {runs[e].status === 'running' ? (
            <LiveBars phases={runs[e].phases ?? {}} elapsed={elapsed} scale={scale} />
          ) : runs[e].result ? (
            <Bars result={runs[e].result!} scale={scale} />
          ) : (
            <span className="muted">not run</span>
          )}
        </div>
      ))}
      <div className="legend">
        {RUN_PHASES.map((p) => (
          <span key={p} className={`phase-${p}`}>
            {p}
          </span>
        ))}
      </div>
      {mine.length > 1 && <History records={mine} />}
    </section>
  );
}

function Bars({ result, scale }: { result: RunResult; scale: number }) {
  const t = result.timings;
  const sum = total(t);
  const modules = (result.compiled ?? []).map((m) => `${m.name} (${formatBytes(m.bytes)}) ${ms(m.ms)} ms`);
  return (
    <>
      <div className="bars">
        {RUN_PHASES.filter((p) => t[p] !== undefined).map((p) => (
          <div key={p} className={`bar phase-${p}`} style={{ width: `${((t[p] ?? 0) / scale) * 100}%` }} title={[`${p}: ${ms(t[p]!)} ms`, ...(p === 'compile' ? modules : [])].join('\n')} />
        ))}
      </div>
      <span className="numbers" data-testid="timing-numbers">
        {RUN_PHASES.filter((p) => t[p] !== undefined)
          .map((p) => `${p} ${ms(t[p]!)}`)
          .join(' · ')}{' '}
        = <b>{ms(sum)} ms</b>
      </span>
      {modules.length > 0 && (
        <span className="numbers compiled" data-testid="timing-compiled">
          compiled {modules.join(' · ')}
        </span>
      )}
    </>
  );
}

/** A run in progress: the phases it has finished (as the engine reports them), then a bar growing for the rest. */
function LiveBars({ phases, elapsed, scale }: { phases: PhaseTimings; elapsed: number; scale: number }) {
  const done = RUN_PHASES.filter((p) => phases[p] !== undefined);
  const rest = Math.max(0, elapsed - total(phases));
  return (
    <>
      <div className="bars">
        {done.map((p) => (
          <div key={p} className={`bar phase-${p}`} style={{ width: `${(phases[p]! / scale) * 100}%` }} title={`${p}: ${ms(phases[p]!)} ms`} />
        ))}
        <div className="bar live" style={{ width: `${(rest / scale) * 100}%` }} title={`${ms(elapsed)} ms so far`} />
      </div>
      <span className="numbers" data-testid="timing-live">
        {done.map((p) => `${p} ${ms(phases[p]!)}`).join(' · ')}
        {done.length ? ' · ' : ''}
        {done.includes('instantiate') ? 'running' : 'starting'}… {ms(elapsed)} ms since Run
      </span>
    </>
  );
}

function History({ records }: { records: RunRecord[] }) {
  const max = Math.max(1, ...records.map((r) => total(r.result.timings)));
  return (
    <div className="history" aria-label="Recent runs">
      {records.map((r) => {
        const sum = total(r.result.timings);
        return (
          <div key={`${r.engine}-${r.at}`} className={`history-bar ${r.engine}`} title={`${r.engine}, ${r.temperature}: ${ms(sum)} ms`}>
            <div style={{ height: `${Math.max(4, (sum / max) * 100)}%` }} />
            <span>{r.temperature === 'cold' ? '❄' : ''}</span>
          </div>
        );
      })}
      <span className="muted">recent runs (❄ first run of this component in that engine)</span>
    </div>
  );
}
