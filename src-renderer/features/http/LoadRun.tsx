import { useState } from 'react';
import { ENGINE_INFO } from '../../../src-shared/engine/engine';
import { ENGINES, type EngineName } from '../../../src-shared/protocol/types';
import type { HttpLoad } from '../../store/http-slice';
import { useStudio, useStudioStore } from '../../store/use-studio';

/** Load runs of the composer's request: N at concurrency C per engine, a latency histogram each. */
export function LoadRun({ disabled }: { disabled: boolean }) {
  const store = useStudioStore();
  const loads = useStudio((s) => s.httpLoads);
  const reuse = useStudio((s) => s.httpReuse);
  const [n, setN] = useState(50);
  const [c, setC] = useState(4);
  const running = ENGINES.some((e) => loads[e].status === 'running');
  const valid = Number.isInteger(n) && n >= 1 && n <= 10_000 && Number.isInteger(c) && c >= 1 && c <= 64;
  return (
    <div className="load-run" data-testid="load-run">
      <div className="load-line">
        <label>
          Requests <input type="number" min={1} max={10000} value={n} onChange={(e) => setN(Number(e.target.value))} data-testid="load-count" />
        </label>
        <label>
          Concurrency <input type="number" min={1} max={64} value={c} onChange={(e) => setC(Number(e.target.value))} data-testid="load-concurrency" />
        </label>
        <button type="button" disabled={disabled || running || !valid} onClick={() => void store.getState().loadRequest([...ENGINES], n, c)} data-testid="load-button">
          Load both
        </button>
        <label title="A request then sees what earlier ones left in the instance's memory: off by default for that isolation, and a StarlingMonkey (JS) handler cannot answer twice (it is served fresh, said once)">
          <input type="checkbox" checked={reuse} onChange={(e) => store.getState().setHttpReuse(e.target.checked)} data-testid="reuse-toggle" /> Reuse instances
        </label>
        <span className="muted">{reuse ? 'each worker keeps its instance for the next request' : 'each request a fresh instance'}; the engines one after the other</span>
      </div>
      <div className="responses">
        {ENGINES.map((e) => (
          <LoadPane key={e} engine={e} load={loads[e]} />
        ))}
      </div>
    </div>
  );
}

function LoadPane({ engine, load }: { engine: EngineName; load: HttpLoad }) {
  if (load.status === 'idle') return null;
  const s = load.summary;
  const most = s ? Math.max(1, ...s.histogram.map((b) => b.count)) : 1;
  return (
    <div className="response load-pane" data-testid={`load-${engine}`}>
      <div className="response-head">
        <span className="engine">{ENGINE_INFO[engine].pane}</span>
        <span className="muted">
          {load.done} / {load.total}
        </span>
      </div>
      <progress max={load.total || 1} value={load.done} data-testid={`load-progress-${engine}`} />
      {load.error && <p className="run-error">{load.error}</p>}
      {s && (
        <>
          <p className="load-stats">
            <b>{s.rps}</b> requests/s · p50 {s.p50} ms · p90 {s.p90} ms · p99 {s.p99} ms{s.failed ? ` · ${s.failed} failed` : ''}
          </p>
          <div className="histogram" role="img" aria-label={`latency histogram, ${ENGINE_INFO[engine].title}`}>
            {s.histogram.map((b, i) => (
              <div key={i} className="histogram-bin" title={`${b.fromMs}–${b.toMs} ms: ${b.count}`}>
                <div className="histogram-bar" style={{ height: `${(b.count / most) * 100}%` }} />
              </div>
            ))}
          </div>
          <div className="histogram-axis muted">
            <span>{s.histogram[0]?.fromMs} ms</span>
            <span>{s.histogram[s.histogram.length - 1]?.toMs} ms</span>
          </div>
        </>
      )}
    </div>
  );
}
