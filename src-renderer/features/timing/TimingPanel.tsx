import { ENGINES, type EngineName, type RunResult } from '../../../src-shared/protocol/types';
import { RUN_PHASES, type PhaseTimings } from '../../../src-shared/timing/phases';
import type { EngineRun } from '../../store/runs-slice';
import { useStudio } from '../../store/use-studio';
import { formatBytes } from '../build/ProblemsPanel';
import { Axis } from './Axis';
import { BuildTiming, useElapsed } from './BuildTiming';
import { formatDuration as dur } from './format';
import { RecentRuns } from './RecentRuns';
import { niceScale } from './scale';
import { temperatureOf, totalMs, whatRan } from './what-ran';

const PHASE_HELP: Record<string, string> = {
  prepare: 'prepare: get the component ready for this engine (policy, imports)',
  transpile: 'transpile: jco turns the component into JavaScript glue and core modules',
  compile: 'compile: the engine compiles the core Wasm modules to machine code (cold runs only)',
  instantiate: 'instantiate: link the modules with the WASI imports and start them',
  run: 'run: the guest runs (wasi:cli/run, or the called function)',
};

/** Where each run's time went, both engines on one labelled scale, with the recent history of this component. */
export function TimingPanel() {
  const node = useStudio((s) => s.runs.node);
  const browser = useStudio((s) => s.runs.browser);
  const history = useStudio((s) => s.history);
  const description = useStudio((s) => s.description);
  const opened = useStudio((s) => s.opened);
  const running = node.status === 'running' || browser.status === 'running';
  const elapsed = useElapsed(running);
  const runs = { node, browser };
  const scale = niceScale(Math.max(running ? elapsed : 0, ...ENGINES.map((e) => (runs[e].result ? totalMs(runs[e].result!.timings) : 0))));
  const mine = history.filter((h) => h.hash === (description?.hash ?? h.hash)).slice(-8);
  // A row whose result came from another component (before an Open .wasm or a rebuild) is marked, not passed off as this one's.
  const earlier = (r: RunResult) => Boolean(description && history.some((h) => h.result === r && h.hash !== description.hash));
  const drawn = ENGINES.some((e) => runs[e].status === 'running' || runs[e].result);
  return (
    <section className="timing" data-testid="timing-panel" aria-label="Timing">
      <h2>
        Timing
        {description && (
          <span className="sizes" title={description.coreModules.map((m) => `${m.name}: ${formatBytes(m.size)}`).join('\n')}>
            {opened ? opened.name : description.name} {formatBytes(description.size)} · {description.coreModules.length} core modules (
            {description.coreModules.map((m) => formatBytes(m.size)).join(', ')})
          </span>
        )}
      </h2>
      <BuildTiming />
      {ENGINES.map((e) => (
        <EngineRow key={e} engine={e} run={runs[e]} elapsed={elapsed} scale={scale.max} earlier={Boolean(runs[e].result && earlier(runs[e].result!))} />
      ))}
      {drawn && (
        <div className="timing-row axis-row">
          <Axis scale={scale} testId="run-axis" />
        </div>
      )}
      <div className="legend" data-testid="phase-legend">
        <span className="muted">run phases:</span>
        {RUN_PHASES.map((p) => (
          <span key={p} title={PHASE_HELP[p]}>
            <i className={`swatch phase-${p}`} />
            {p}
          </span>
        ))}
      </div>
      {mine.length > 1 && <RecentRuns records={mine} />}
    </section>
  );
}

function EngineRow({ engine, run, elapsed, scale, earlier }: { engine: EngineName; run: EngineRun; elapsed: number; scale: number; earlier: boolean }) {
  const result = run.status === 'running' ? null : run.result;
  const temperature = result ? temperatureOf(result) : null;
  return (
    <div className={`timing-row${earlier ? ' earlier' : ''}`} data-engine={engine} data-temperature={temperature ?? undefined}>
      <span className="engine">{engine}</span>
      {run.status === 'running' ? (
        <LiveBars run={run} elapsed={elapsed} scale={scale} />
      ) : result ? (
        <Bars run={run} result={result} scale={scale} earlier={earlier} />
      ) : (
        <span className="muted span">not run</span>
      )}
    </div>
  );
}

function PhaseBars({ t, scale, extra }: { t: PhaseTimings; scale: number; extra?: string[] }) {
  return (
    <>
      {RUN_PHASES.filter((p) => t[p] !== undefined).map((p) => (
        <div key={p} className={`bar phase-${p}`} style={{ width: `${((t[p] ?? 0) / scale) * 100}%` }} title={[`${p}: ${dur(t[p]!)}`, ...(p === 'compile' ? (extra ?? []) : [])].join('\n')} />
      ))}
    </>
  );
}

const phaseNumbers = (t: PhaseTimings) =>
  RUN_PHASES.filter((p) => t[p] !== undefined)
    .map((p) => `${p} ${dur(t[p]!)}`)
    .join(' · ');

function Bars({ run, result, scale, earlier }: { run: EngineRun; result: RunResult; scale: number; earlier: boolean }) {
  const t = result.timings;
  const compiled = result.compiled ?? [];
  const modules = compiled.map((m) => `${m.name} (${formatBytes(m.bytes)}) ${dur(m.ms)}`);
  const cold = temperatureOf(result) === 'cold';
  return (
    <>
      <div className="bars">
        <PhaseBars t={t} scale={scale} extra={modules} />
      </div>
      <span className="total">{dur(totalMs(t))}</span>
      <span className="what" data-testid="timing-what" title={modules.join('\n') || undefined}>
        <b>{whatRan(run)}</b> · <span className={`temperature ${cold ? 'cold' : 'warm'}`}>{cold ? '❄ cold' : 'warm'}</span>
        {cold && compiled.length > 0 && (
          <span data-testid="timing-compiled">
            : compiled {compiled.length} core module{compiled.length === 1 ? '' : 's'} ({formatBytes(compiled.reduce((a, m) => a + m.bytes, 0))}) in {dur(compiled.reduce((a, m) => a + m.ms, 0))}
          </span>
        )}
        {cold && !compiled.length && ': transpiled the component first'}
        {!cold && ': reused the compiled modules'}
        {earlier && ' · ran the component before this one'}
      </span>
      <span className="numbers" data-testid="timing-numbers">
        {phaseNumbers(t)}
      </span>
    </>
  );
}

/** A run in progress: the phases it has finished (as the engine reports them), then a bar growing for the rest. */
function LiveBars({ run, elapsed, scale }: { run: EngineRun; elapsed: number; scale: number }) {
  const phases = run.phases ?? {};
  const done = RUN_PHASES.filter((p) => phases[p] !== undefined);
  const rest = Math.max(0, elapsed - totalMs(phases));
  return (
    <>
      <div className="bars">
        <PhaseBars t={phases} scale={scale} />
        <div className="bar live" style={{ width: `${(rest / scale) * 100}%` }} title={`${dur(elapsed)} so far`} data-elapsed-ms={Math.round(elapsed)} />
      </div>
      <span className="total">{dur(elapsed)}</span>
      <span className="what">
        <b>{whatRan(run)}</b> · {done.includes('instantiate') ? 'running' : 'starting'}…
      </span>
      <span className="numbers" data-testid="timing-live">
        {done.map((p) => `${p} ${dur(phases[p]!)}`).join(' · ')}
        {done.length ? ' · ' : ''}
        {done.includes('instantiate') ? 'running' : 'starting'}… {dur(elapsed)} since {run.call ? 'Call' : 'Run'}
      </span>
    </>
  );
}
