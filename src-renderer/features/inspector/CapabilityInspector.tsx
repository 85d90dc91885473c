import { useState } from 'react';
import { policyOf, projectMembers } from '../../../src-shared/protocol/members';
import { capabilityRows } from '../../../src-shared/capabilities/catalog';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { DETERMINISTIC } from '../../../src-shared/capabilities/registry';
import { PolicyEditor } from './PolicyEditor';
import type { Policy } from '../../../src-shared/capabilities/policy';

/**
 * What the component asks for, what the policy grants, and what each engine can do with it. In a
 * composition, of one member at a time: its own host imports (the plan's) and its own policy.
 */
export function CapabilityInspector() {
  const store = useStudioStore();
  const description = useStudio((s) => s.description);
  const composition = useStudio((s) => s.composition);
  const project = useStudio((s) => s.project);
  const members = project ? projectMembers(project.config).map((m) => m.name) : [];
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const member = picked !== undefined && members.includes(picked) ? picked : undefined;
  const policy = project ? policyOf(project.config, member) : undefined;
  const name = member ?? members[0];
  const imports = composition ? composition.plan.host.filter((h) => h.member === name).map((h) => h.import) : (description?.imports ?? []);
  if (!policy || !project) return null;
  const rows = capabilityRows(imports, policy);
  const deterministic = policy.clocks.mode === 'frozen' && policy.random.mode === 'seeded';
  const applyPolicy = (change: (p: Policy) => Policy, rerun: boolean) => store.getState().applyPolicy(change, rerun, member);
  return (
    <section className="inspector" data-testid="capability-inspector" aria-label="Capability inspector">
      {members.length > 1 && (
        <p className="inspector-member">
          <label>
            Component{' '}
            <select value={name} onChange={(e) => setPicked(e.target.value)} data-testid="inspector-member">
              {members.map((m, i) => (
                <option key={m} value={m}>
                  {m}
                  {i === 0 ? ' (root)' : ''}
                </option>
              ))}
            </select>
          </label>{' '}
          <span className="muted">Each component of the composition has its own policy: what is granted here is {name}'s alone.</span>
        </p>
      )}
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
      <PolicyEditor member={member} />
    </section>
  );
}
