import type { BottomTab } from '../store/inspector-slice';
import { useStudio, useStudioStore } from '../store/use-studio';
import { selectWitProblemList } from '../store/wit-problems-slice';
import { ProblemsPanel } from './build/ProblemsPanel';
import { CapabilityInspector } from './inspector/CapabilityInspector';
import { CallPanel } from './calls/CallPanel';
import { RequestComposer } from './http/RequestComposer';
import { CommandsPanel } from './inspector/CommandsPanel';
import { CompositionPanel } from './compose/CompositionPanel';
import { TracePanel } from './inspector/TracePanel';

const TABS: { id: BottomTab; label: string }[] = [
  { id: 'problems', label: 'Problems' },
  { id: 'capabilities', label: 'Capabilities' },
  { id: 'trace', label: 'Trace' },
  { id: 'composition', label: 'Composition' },
  { id: 'commands', label: 'Commands' },
  { id: 'calls', label: 'Calls' },
  { id: 'request', label: 'Request' },
];

/** Problems, the capability inspector, the trace and the equivalent commands share the space under the editor. */
export function BottomPanel() {
  const store = useStudioStore();
  const tab = useStudio((s) => s.bottomTab);
  const problems = useStudio((s) => (s.buildResult?.diagnostics.length ?? 0) + selectWitProblemList(s).length);
  const composed = useStudio((s) => s.composition !== null);
  const denied = useStudio((s) => [s.runs.node.result, s.runs.browser.result].reduce((n, r) => n + (r?.trace.filter((t) => t.denied).length ?? 0), 0));
  return (
    <div className="bottom-panel">
      <div className="tabs" role="tablist">
        {TABS.filter((t) => t.id !== 'composition' || composed).map((t) => (
          <button key={t.id} role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'active' : ''} onClick={() => store.getState().setBottomTab(t.id)} data-testid={`tab-${t.id}`}>
            {t.label}
            {t.id === 'problems' && problems > 0 && <span className="count">{problems}</span>}
            {t.id === 'trace' && denied > 0 && <span className="count denied">{denied} denied</span>}
          </button>
        ))}
      </div>
      {/* Inactive tabs stay mounted (hidden) so their state and test ids survive switching. */}
      <div hidden={tab !== 'problems'} className="tab-body">
        <ProblemsPanel />
      </div>
      <div hidden={tab !== 'capabilities'} className="tab-body">
        <CapabilityInspector />
      </div>
      <div hidden={tab !== 'trace'} className="tab-body">
        <TracePanel />
      </div>
      <div hidden={tab !== 'composition'} className="tab-body">
        <CompositionPanel />
      </div>
      <div hidden={tab !== 'commands'} className="tab-body">
        <CommandsPanel />
      </div>
      <div hidden={tab !== 'calls'} className="tab-body">
        <CallPanel />
      </div>
      <div hidden={tab !== 'request'} className="tab-body">
        <RequestComposer />
      </div>
    </div>
  );
}
