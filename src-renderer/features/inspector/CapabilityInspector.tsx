import { useMemo } from 'react';
import { capabilityRows } from '../../../src-shared/capabilities/catalog';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { DETERMINISTIC } from '../../../src-shared/capabilities/registry';
import { PolicyEditor } from './PolicyEditor';

/** What the component asks for, what the policy grants, and what each engine can do with it. */
export function CapabilityInspector() {
  const store = useStudioStore();
  const description = useStudio((s) => s.description);
  const project = useStudio((s) => s.project);
  const policy = project?.config.policy;
  const rows = useMemo(() => (policy ? capabilityRows(description?.imports ?? [], policy) : []), [description, policy]);
  if (!policy) return null;
  const deterministic = policy.clocks.mode === 'frozen' && policy.random.mode === 'seeded';
  const { applyPolicy } = store.getState();
  return (
    <section className="inspector" data-testid="capability-inspector" aria-label="Capability inspector">
      {!description && <p className="muted">Build the component to see what it imports.</p>}
      <table>
        <thead>
          <tr>
            <th>Capability</th>
            <th>Asked for</th>
            <th>Granted</th>
            <th>Node</th>
            <th>Browser</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ capability, asked, granted }) => {
            const state = !asked.length ? 'unused' : granted ? 'granted' : 'denied';
            return (
              <tr key={capability.id} className={state} data-capability={capability.id} data-state={state}>
                <td>{capability.label}</td>
                <td title={asked.join('\n')}>{asked.length ? `yes (${asked.length} interface${asked.length > 1 ? 's' : ''})` : 'no'}</td>
                <td>
                  {granted ?? (state === 'denied' ? <span className="denied-text">denied</span> : <span className="muted">not granted</span>)}
                  {state === 'denied' &&
                    (capability.fixIts?.({ projectFiles: project.files }) ?? []).map((f) => (
                      <button key={f.label} className="fixit" onClick={() => void applyPolicy(f.apply, true)}>
                        {f.label}
                      </button>
                    ))}
                </td>
                <td className="support">{capability.support.node}</td>
                <td className="support">{capability.support.browser}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="deterministic" data-testid="deterministic">
        {deterministic ? (
          <>
            Deterministic: the clock is frozen at {policy.clocks.mode === 'frozen' && policy.clocks.at} and random is seeded with{' '}
            {policy.random.mode === 'seeded' && policy.random.seed}, so both engines print the same. Change either below.
          </>
        ) : (
          <>
            <button
              type="button"
              onClick={() => void applyPolicy((p) => ({ ...p, clocks: { mode: 'frozen', at: DETERMINISTIC.at }, random: { mode: 'seeded', seed: DETERMINISTIC.seed } }), true)}
            >
              Make deterministic
            </button>{' '}
            freezes the clock at {DETERMINISTIC.at} and seeds random with {DETERMINISTIC.seed}, so both engines print the same.
          </>
        )}
      </p>
      <PolicyEditor />
    </section>
  );
}
