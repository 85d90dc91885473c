import { useMemo, useState } from 'react';
import { capabilityOf } from '../../../src-shared/capabilities/catalog';
import { callsOf, type TraceEntry } from '../../../src-shared/capabilities/trace';
import type { EngineName } from '../../../src-shared/protocol/types';
import { useStudio, useStudioStore } from '../../store/use-studio';
import type { FixIt } from '../../../src-shared/capabilities/registry';
import { componentsOf, filterTrace, ofComponent } from './trace-filter';

const SHOWN = 2000;

/** Every WASI call of the last runs, both engines, filterable, with a fix-it beside each denial. */
export function TracePanel() {
  const store = useStudioStore();
  const node = useStudio((s) => s.runs.node.result?.trace);
  const browser = useStudio((s) => s.runs.browser.result?.trace);
  // A call's WASI calls count as much as a run's: the policy applies to both.
  const nodeCall = useStudio((s) => s.calls.node.result?.trace);
  const browserCall = useStudio((s) => s.calls.browser.result?.trace);
  const files = useStudio((s) => s.project?.files);
  const [iface, setIface] = useState('');
  const [engine, setEngine] = useState<'' | EngineName>('');
  const [deniedOnly, setDeniedOnly] = useState(false);
  const [picked, setComponent] = useState('');
  const all = useMemo(() => [...(node ?? []), ...(browser ?? []), ...(nodeCall ?? []), ...(browserCall ?? [])], [node, browser, nodeCall, browserCall]);
  // A composition's rows name the member that made each call; a member no longer in the trace is no filter.
  const components = useMemo(() => componentsOf(all), [all]);
  const component = components.includes(picked) ? picked : '';
  const counts = useMemo(() => {
    const c = new Map<string, { node: number; browser: number }>();
    for (const t of ofComponent(all, component)) {
      const row = c.get(t.interface) ?? { node: 0, browser: 0 };
      row[t.engine] += callsOf(t);
      c.set(t.interface, row);
    }
    return [...c.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  }, [all, component]);
  const shown = filterTrace(all, { component, iface, engine, deniedOnly });
  if (!all.length) return <p className="muted">Run the component to see its WASI calls.</p>;
  const deniedCount = ofComponent(all, component).filter((t) => t.denied).length;
  return (
    <section className="trace" aria-label="Call trace">
      <div className="trace-filters">
        {components.length > 0 && (
          <select value={component} onChange={(e) => setComponent(e.target.value)} aria-label="Component" data-testid="trace-component">
            <option value="">All components</option>
            {components.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        )}
        <select value={iface} onChange={(e) => setIface(e.target.value)} aria-label="Interface">
          <option value="">all interfaces</option>
          {counts.map(([name]) => (
            <option key={name}>{name}</option>
          ))}
        </select>
        <select value={engine} onChange={(e) => setEngine(e.target.value as '' | EngineName)} aria-label="Engine">
          <option value="">both engines</option>
          <option value="node">Node</option>
          <option value="browser">browser</option>
        </select>
        <label>
          <input type="checkbox" checked={deniedOnly} onChange={(e) => setDeniedOnly(e.target.checked)} data-testid="trace-denied-only" /> denied only ({deniedCount})
        </label>
        <button onClick={() => exportJson(shown)}>Export JSON</button>
      </div>
      <ul className="trace-counts">
        {counts.map(([name, c]) => (
          <li key={name} title={`Node ${c.node}, browser ${c.browser}`}>
            {name.replace(/^wasi:/, '')} <b>{c.node}</b>/<b>{c.browser}</b>
          </li>
        ))}
      </ul>
      <table className="trace-rows">
        <tbody>
          {shown.slice(0, SHOWN).map((t) => (
            <tr key={`${t.engine}-${t.seq}`} data-testid="trace-row" className={t.denied ? 'denied' : t.error ? 'error' : ''}>
              <td className="engine">{t.engine}</td>
              {components.length > 0 && <td className="component">{t.callee ? `${t.component} → ${t.callee}` : t.component}</td>}
              <td className="at">{t.at.toFixed(2)} ms</td>
              <td className="call">
                {t.interface}.<b>{t.function}</b>({t.args})
                {t.count !== undefined && (
                  <span className="badge repeat" data-testid="trace-repeat" title={`${t.count} more calls of ${t.function}, all succeeded; arguments not recorded`}>
                    ×{t.count.toLocaleString('en-US')}
                  </span>
                )}
              </td>
              <td className="result">
                {t.count !== undefined ? `calls from ${t.at.toFixed(2)} to ${t.lastAt?.toFixed(2)} ms` : t.result}
                {t.denied && <span className="badge">denied</span>}
                {t.denied && <FixIts entry={t} files={files ?? []} apply={(f) => void store.getState().applyPolicy(f, true, t.component)} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length > SHOWN && <p className="muted">{shown.length - SHOWN} more calls not shown: filter, or export them.</p>}
    </section>
  );
}

function FixIts({ entry, files, apply }: { entry: TraceEntry; files: string[]; apply: (f: FixIt['apply']) => void }) {
  // A refusal at the sandbox's walls (a path out of its mount) is not a missing grant: nothing to offer.
  if (entry.wall) return <span className="muted wall">the sandbox's walls: no grant lifts this</span>;
  const fixes = capabilityOf(entry.interface)?.fixIts?.({ entry, projectFiles: files }) ?? [];
  return (
    <>
      {fixes.map((f) => (
        <button key={f.label} className="fixit" onClick={() => apply(f.apply)}>
          {f.label}
        </button>
      ))}
    </>
  );
}

function exportJson(entries: TraceEntry[]) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(entries, null, 2)], { type: 'application/json' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: 'trace.json' });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
