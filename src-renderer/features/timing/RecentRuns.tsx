import { ENGINE_INFO } from '../../../src-shared/engine/engine';
import { RUN_PHASES } from '../../../src-shared/timing/phases';
import type { RunRecord } from '../../store/runs-slice';
import { formatDuration } from './format';
import { niceScale, tickLabel } from './scale';
import { temperatureOf, totalMs } from './what-ran';

/**
 * The last runs and calls of this component, oldest first, each a bar of its phases in the run
 * phases' colours (the same legend as the rows above), on a labelled millisecond axis: a
 * regression or a cold start stands out without hovering.
 */
export function RecentRuns({ records }: { records: RunRecord[] }) {
  const scale = niceScale(Math.max(...records.map((r) => totalMs(r.result.timings))), 2);
  return (
    <figure className="recent-runs" data-testid="recent-runs" aria-label="Recent runs">
      <div className="y-axis">
        {scale.ticks.map((t) => (
          <span key={t} style={{ bottom: `${(t / scale.max) * 100}%` }}>
            {tickLabel(t, scale.max)}
          </span>
        ))}
      </div>
      <div className="plot">
        {scale.ticks.slice(1).map((t) => (
          <i key={t} className="grid" style={{ bottom: `${(t / scale.max) * 100}%` }} />
        ))}
        {records.map((r) => {
          const t = r.result.timings;
          const cold = temperatureOf(r.result) === 'cold';
          const what = r.result.value !== undefined ? 'call' : 'run';
          return (
            <div key={`${r.engine}-${r.at}`} className="history-bar" data-engine={r.engine} title={`${r.engine} ${what}, ${cold ? 'cold' : 'warm'}: ${formatDuration(totalMs(t))}`}>
              <div className="stack" style={{ height: `${(totalMs(t) / scale.max) * 100}%` }}>
                {RUN_PHASES.filter((p) => t[p]).map((p) => (
                  <div key={p} className={`phase-${p}`} style={{ flexGrow: t[p] }} />
                ))}
              </div>
              <span className="who">
                {ENGINE_INFO[r.engine].letter}
                {cold ? '❄' : ''}
              </span>
            </div>
          );
        })}
      </div>
      <figcaption className="muted">
        recent runs of this component, oldest left
        <br />N node · B browser · ❄ cold
      </figcaption>
    </figure>
  );
}
