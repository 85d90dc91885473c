import type { HandledResult } from '../../../src-shared/engine/engine';

const ms = (n: number | undefined) => (n === undefined ? '—' : `${n.toFixed(1)} ms`);

/**
 * Where one request's time went in one engine. First byte is when the guest wrote its first body
 * byte, counted from the start of handle: the studio hands the response over whole once handle
 * returns, so no client sees a byte earlier, and the label says so rather than imply streaming.
 */
export function ResponseTimings({ result, engine }: { result: HandledResult; engine: string }) {
  const t = result.timings;
  const first = result.response?.firstByteMs;
  return (
    <p className="response-timings muted" data-testid={`response-timings-${engine}`}>
      {result.reusedInstance ? (
        <span title="served by an instance a run worker kept from an earlier request: nothing was instantiated" data-testid={`response-reused-${engine}`}>
          reused instance
        </span>
      ) : (
        <span title="compiling the core modules and instantiating the component (a fresh instance per request unless reuse is on)">
          instantiate {ms(t.instantiate === undefined && t.compile === undefined ? undefined : (t.instantiate ?? 0) + (t.compile ?? 0))}
          {result.instanceMadeAhead ? (
            <span
              data-testid={`response-made-ahead-${engine}`}
              title="a fresh instance all the same, made while the run worker waited for this request: the request did not wait for it"
            >
              {' '}
              (made ahead)
            </span>
          ) : null}
        </span>
      )}
      {' · '}
      <span title="incoming-handler.handle, from the call to its return">handle {ms(t.run)}</span>
      {' · '}
      <span title="when the guest wrote its first body byte, from the start of handle; the response is sent whole when handle returns">
        first body byte {result.response ? (first === undefined ? 'none (empty body)' : `at ${ms(first)} of handle`) : '—'}
      </span>
    </p>
  );
}

/** The WASI calls this request made in this engine, refusals first to catch the eye. */
export function ResponseTrace({ result, engine }: { result: HandledResult; engine: string }) {
  const rows = result.trace;
  const refused = rows.filter((t) => t.denied).length;
  return (
    <details className="response-trace" data-testid={`response-trace-${engine}`} open={refused > 0}>
      <summary>
        trace: {rows.length} row{rows.length === 1 ? '' : 's'}
        {refused > 0 && <span className="badge">{refused} refused</span>}
      </summary>
      {rows.length === 0 ? (
        <p className="muted">no WASI calls recorded</p>
      ) : (
        <div className="trace-scroll">
          <table className="trace-rows">
            <tbody>
              {rows.map((t) => (
                <tr key={t.seq} data-testid="response-trace-row" className={t.denied ? 'denied' : t.error ? 'error' : ''}>
                  <td className="at">{t.at.toFixed(2)} ms</td>
                  <td className="call">
                    {t.interface.replace(/^wasi:/, '')}.<b>{t.function}</b>({t.args}){t.count !== undefined && <span className="badge repeat">×{t.count}</span>}
                    {t.result && ` → ${t.result}`}
                    {t.denied && <span className="badge">denied</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
