import { useMemo, useState } from 'react';
import type { CallableFunction } from '../../../src-shared/engine/calls';
import { ENGINES, type EngineName } from '../../../src-shared/protocol/types';
import { CallForm } from '../../../src-shared/wit/form-model';
import { printCall, parseArgList } from '../../../src-shared/wit/wave';
import { typeToString } from '../../../src-shared/wit/types';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { FieldEditor } from './FieldEditor';

/** A form for every exported function, called in either engine or both, results compared. */
export function CallPanel() {
  const description = useStudio((s) => s.description);
  const functions = description?.functions ?? [];
  const [selected, setSelected] = useState(0);
  if (!description) return <p className="muted">Build the component to see the functions it exports.</p>;
  if (!functions.length) {
    return <p className="muted">{description.functionsError ?? 'This component exports no functions to call (a command is run with Run).'}</p>;
  }
  const target = functions[Math.min(selected, functions.length - 1)]!;
  return (
    <section className="calls" data-testid="call-form">
      <div className="call-head">
        <select value={selected} onChange={(e) => setSelected(Number(e.target.value))} aria-label="Exported function">
          {functions.map((f, i) => (
            <option key={f.label} value={i}>
              {f.label}
            </option>
          ))}
        </select>
        <code className="signature">
          {target.fn.name}: func({target.fn.params.map((p) => `${p.name}: ${typeToString(p.type)}`).join(', ')})
          {target.fn.result ? ` -> ${typeToString(target.fn.result)}` : ''}
        </code>
      </div>
      <CallEditor key={target.label} target={target} />
      <CallResults label={target.label} />
      <CallHistory />
    </section>
  );
}

function CallEditor({ target }: { target: CallableFunction }) {
  const store = useStudioStore();
  const form = useMemo(() => new CallForm(target.fn), [target]);
  const [, rerender] = useState(0);
  const [textMode, setTextMode] = useState(false);
  const [text, setText] = useState('');
  const [textError, setTextError] = useState<string | null>(null);
  const running = useStudio((s) => s.calls.node.status === 'running' || s.calls.browser.status === 'running');
  const changed = () => rerender((n) => n + 1);
  const args = form.toWaveArgs();
  const problems = args.ok ? [] : args.errors;

  const call = (engines: EngineName[]) => {
    let waves: string[];
    if (textMode) {
      const parsed = parseArgList(text, target.fn);
      if (!parsed.ok) return setTextError(`${parsed.error} (at character ${parsed.offset + 1})`);
      setTextError(null);
      form.setValues(parsed.values);
      changed();
      const again = form.toWaveArgs();
      if (!again.ok) return;
      waves = again.value;
    } else {
      if (!args.ok) return;
      waves = args.value;
    }
    void store.getState().callExport(engines, target, waves);
  };

  const values = form.values();
  const preview = values.ok ? printCall(target.fn, values.value) : null;
  const blocked = running || (!textMode && !args.ok) || Boolean(target.fn.unsupported);
  return (
    <form
      className="call-editor"
      onSubmit={(e) => {
        e.preventDefault();
        call(['node', 'browser']);
      }}
    >
      {target.fn.unsupported && <p className="error">{target.fn.unsupported}</p>}
      <label className="text-mode">
        <input
          type="checkbox"
          checked={textMode}
          onChange={(e) => {
            setTextMode(e.target.checked);
            if (e.target.checked && args.ok) setText(args.value.join(', '));
          }}
        />{' '}
        WAVE text
      </label>
      {textMode ? (
        <>
          <input className="wave-input" value={text} onChange={(e) => setText(e.target.value)} placeholder='e.g. "world", 42, some([1, 2])' data-testid="call-wave" />
          {textError && <p className="field-error" role="alert">{textError}</p>}
        </>
      ) : (
        form.params.map((p) => (
          <label key={p.name} className="field-row param">
            <span className="field-name">{p.name}</span>
            <FieldEditor form={form} path={[p.name]} node={p.node} onChange={changed} />
          </label>
        ))
      )}
      {!textMode && problems.length > 0 && <p className="field-error">Fix {problems.length} field{problems.length > 1 ? 's' : ''} to call.</p>}
      <div className="call-buttons">
        <button type="submit" className="primary" disabled={blocked} data-testid="call-both-button">
          Call both
        </button>
        <button type="button" disabled={blocked} onClick={() => call(['node'])}>
          Call Node
        </button>
        <button type="button" disabled={blocked} onClick={() => call(['browser'])}>
          Call browser
        </button>
        {!textMode && preview && <code className="muted">{preview}</code>}
      </div>
    </form>
  );
}

function CallResults({ label }: { label: string }) {
  const calls = useStudio((s) => s.calls);
  const { node, browser } = calls;
  const mine = useStudio((s) => s.callTarget === label);
  if (!mine || (node.status === 'idle' && browser.status === 'idle')) return null;
  const both = node.result && browser.result && !node.result.error && !browser.result.error;
  const differ = both && node.result!.value !== browser.result!.value;
  return (
    <div className="call-results">
      {ENGINES.map((e) => {
        const c = calls[e];
        return (
          <div key={e} className={`call-result ${differ ? 'differs' : ''}`} data-testid={`call-result-${e}`}>
            <span className="engine">{e}</span>
            {c.status === 'running' ? (
              <span className="muted">calling…</span>
            ) : c.error || c.result?.error ? (
              <span className="run-error">{c.error ?? c.result?.error}</span>
            ) : c.result ? (
              <>
                <code className="value">{c.result.value ?? '(no result)'}</code>
                <span className="muted"> {Object.values(c.result.timings).reduce<number>((a, b) => a + (b ?? 0), 0).toFixed(1)} ms</span>
              </>
            ) : null}
          </div>
        );
      })}
      {both && <p className={differ ? 'differ' : 'agree'}>{differ ? '≠ The engines returned different values' : '✓ Both engines returned the same value'}</p>}
    </div>
  );
}

function CallHistory() {
  const store = useStudioStore();
  const history = useStudio((s) => s.callHistory);
  const functions = useStudio((s) => s.description?.functions);
  if (!history.length) return null;
  return (
    <details className="call-history">
      <summary>History ({history.length})</summary>
      <ul>
        {history.map((h) => {
          const target = functions?.find((f) => f.label === h.label);
          return (
            <li key={h.at}>
              <code>
                {h.label}({h.args.join(', ')})
              </code>{' '}
              → <code>{h.values.node ?? h.values.browser ?? 'error'}</code>
              {target && (
                <button type="button" onClick={() => void store.getState().callExport(['node', 'browser'], target, h.args)}>
                  Replay
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </details>
  );
}
