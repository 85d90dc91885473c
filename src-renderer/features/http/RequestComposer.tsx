import { compareRuns, describeComparison } from '../../../src-shared/engine/compare-runs';
import { ENGINE_INFO } from '../../../src-shared/engine/engine';
import { hostNoteLine, hostNotes } from '../../../src-shared/engine/host-notes';
import { ENGINES, type EngineName } from '../../../src-shared/protocol/types';
import type { HttpOutcome } from '../../store/http-slice';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { LoadRun } from './LoadRun';
import { RequestHistory } from './RequestHistory';
import { ResponseTimings, ResponseTrace } from './ResponseDetails';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** A request to the component's wasi:http handler, sent to both engines; the two responses side by side. */
export function RequestComposer() {
  const store = useStudioStore();
  const draft = useStudio((s) => s.httpDraft);
  const responses = useStudio((s) => s.httpResponses);
  const running = ENGINES.some((e) => responses[e].status === 'running');
  const set = store.getState().setHttpDraft;
  const send = (engines: EngineName[]) => void store.getState().sendRequest(engines);
  const [node, browser] = [responses.node.result, responses.browser.result];
  const comparison = node && browser && responses.node.status === 'done' && responses.browser.status === 'done' ? compareRuns(node, browser) : null;
  return (
    <section className="request-composer" data-testid="request-composer">
      <form
        className="request-line"
        onSubmit={(e) => {
          e.preventDefault();
          send([...ENGINES]);
        }}
      >
        <select value={draft.method} onChange={(e) => set({ method: e.target.value })} aria-label="Method" data-testid="request-method">
          {METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <input value={draft.path} onChange={(e) => set({ path: e.target.value })} aria-label="Path" placeholder="/path?query" spellCheck={false} data-testid="request-path" />
        <button type="submit" className="primary" disabled={running} data-testid="request-send">
          Send to both
        </button>
        {ENGINES.map((e) => (
          <button key={e} type="button" disabled={running} onClick={() => send([e])}>
            {ENGINE_INFO[e].title}
          </button>
        ))}
      </form>
      <div className="request-parts">
        <textarea value={draft.headers} onChange={(e) => set({ headers: e.target.value })} placeholder={'Headers, one a line\nx-name: you'} aria-label="Headers" spellCheck={false} data-testid="request-headers" />
        <textarea value={draft.body} onChange={(e) => set({ body: e.target.value })} placeholder="Body" aria-label="Body" spellCheck={false} data-testid="request-body" />
      </div>
      {comparison && <p className={`request-verdict ${comparison.verdict}`}>{(comparison.verdict === 'agree' ? '✓ ' : '≠ ') + describeComparison(comparison)}</p>}
      <div className="responses">
        {ENGINES.map((e) => (
          <ResponsePane key={e} engine={e} outcome={responses[e]} />
        ))}
      </div>
      <RequestHistory disabled={running} />
      <LoadRun disabled={running} />
    </section>
  );
}

function ResponsePane({ engine, outcome }: { engine: EngineName; outcome: HttpOutcome }) {
  const r = outcome.result;
  return (
    <div className="response" data-testid={`response-${engine}`}>
      <div className="response-head">
        <span className="engine">{ENGINE_INFO[engine].pane}</span>
        {outcome.status === 'running' && <span className="muted">handling…</span>}
        {r?.response && <span className={`status s${String(r.response.status)[0]}`}>{r.response.status}</span>}
        {r && <span className="muted">{Object.values(r.timings).reduce<number>((a, b) => a + (b ?? 0), 0).toFixed(1)} ms</span>}
      </div>
      {r && <ResponseTimings result={r} engine={engine} />}
      {(outcome.error ?? r?.error) && <p className="run-error">{outcome.error ?? r?.error}</p>}
      {r?.notice && <p className="muted" data-testid={`response-notice-${engine}`}>{r.notice}</p>}
      {r?.response && (
        <>
          <table className="response-headers">
            <tbody>
              {r.response.headers.map(([n, v], i) => (
                <tr key={i}>
                  <td>{n}</td>
                  <td>{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <pre className="response-body">{shownBody(r.response.body, r.response.headers)}</pre>
        </>
      )}
      {r && hostNotes(r.trace).length > 0 && (
        <p className="run-error" data-testid={`response-notes-${engine}`}>
          {hostNotes(r.trace).map(hostNoteLine).join('\n')}
        </p>
      )}
      {r?.stderr && <pre className="response-stderr">{r.stderr}</pre>}
      {r && <ResponseTrace result={r} engine={engine} />}
    </div>
  );
}

/** JSON pretty-printed, text as is, anything else by its size. */
function shownBody(body: Uint8Array, headers: [string, string][]): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return `(${body.length} bytes of binary body)`;
  }
  const type = headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
  if (/json/.test(type)) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text;
    }
  }
  return text;
}
