import { useCallback, useMemo, useState } from 'react';
import { capabilityOf } from '../../../src-shared/capabilities/catalog';
import type { Policy } from '../../../src-shared/capabilities/policy';
import { CAPABILITY_REGISTRY } from '../../../src-shared/capabilities/registry';
import { ENGINE_INFO } from '../../../src-shared/engine/engine';
import type { EngineName } from '../../../src-shared/protocol/types';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { languageInfo, LANGUAGES } from '../../../src-shared/languages/registry';
import type { Language } from '../../../src-shared/protocol/types';
import { CompositionView, type MemberCard } from './CompositionView';

const ENGINES: EngineName[] = ['node', 'browser'];

/** A member's grants as chips: each capability its own policy grants, in the registry's words. */
export function grantChips(policy: Policy): string[] {
  const chips = CAPABILITY_REGISTRY.filter((c) => c.policyField !== null)
    .map((c) => [c.label, c.granted(policy)] as const)
    .filter(([, granted]) => granted !== null)
    .map(([label, granted]) => `${label}: ${granted}`);
  return chips.length ? chips : ['deny all'];
}

/** A member's language as the studio names it ("JavaScript"); a plain .wasm member is "wasm". */
const languageLabel = (language: string): string => ((LANGUAGES as readonly string[]).includes(language) ? languageInfo(language as Language).label : language);

/** A host import by the capability it asks for, as the inspector names it ("Files"). */
const capabilityLabel = (hostImport: string): string => capabilityOf(hostImport)?.label ?? hostImport.replace(/\/.*$/, '');

/** Whether a member's own policy grants a host import (output and exit are always given). */
export function grantsImport(policy: Policy, hostImport: string): boolean {
  const c = capabilityOf(hostImport);
  return !c || c.policyField === null || c.granted(policy) !== null;
}

/** The Composition tab: the project's members as linked, with the calls of the last run of one engine counted on each wire. */
export function CompositionPanel() {
  const store = useStudioStore();
  const composition = useStudio((s) => s.composition);
  const [engine, setEngine] = useState<EngineName>('node');
  const run = useStudio((s) => s.runs[engine]);
  // Counted live while the run goes on, then from its trace.
  const rows = useMemo(() => run.result?.trace ?? run.calls?.map((c) => ({ component: c.component, callee: c.callee, interface: c.interface, count: c.calls })) ?? [], [run.result, run.calls]);
  const cards = useMemo<MemberCard[]>(
    () => composition?.members.map((m) => ({ name: m.name, language: languageLabel(m.language), size: m.size, grants: grantChips(m.policy) })) ?? [],
    [composition],
  );
  const granted = useCallback(
    (member: string, hostImport: string) => {
      const policy = composition?.members.find((m) => m.name === member)?.policy;
      return policy ? grantsImport(policy, hostImport) : false;
    },
    [composition],
  );
  if (!composition) {
    return <p className="muted">This project is one component. A project whose studio.json lists several <code>components</code> is shown here as they are linked.</p>;
  }
  const open = (name: string) => {
    const source = composition.members.find((m) => m.name === name)?.source;
    if (source) void store.getState().openFile(source);
  };
  return (
    <div className="composition-panel">
      <div className="composition-engine" role="group" aria-label="Calls counted from the last run of">
        <span className="muted">Calls counted from the last run in</span>
        {ENGINES.map((e) => (
          <button key={e} className={engine === e ? 'active' : ''} aria-pressed={engine === e} onClick={() => setEngine(e)} data-testid={`composition-engine-${e}`}>
            {ENGINE_INFO[e].title}
          </button>
        ))}
      </div>
      <CompositionView plan={composition.plan} members={cards} trace={rows} granted={granted} groupOf={capabilityLabel} onOpenMember={open} />
    </div>
  );
}
