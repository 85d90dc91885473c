import { useEffect, useState } from 'react';
import { parseOrigin, parseSocketEntry } from '../../../src-shared/capabilities/net-allow';
import type { Policy } from '../../../src-shared/capabilities/policy';
import { argsFromText, envFromText, mountsFromText, policyTexts, type FieldReading } from '../../../src-shared/capabilities/policy-text';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { policyOf } from '../../../src-shared/protocol/members';
import { AllowListEditor } from './AllowListEditor';
import { PolicyTextField } from './PolicyTextField';
import { ClockControl, RandomControl, clockProblem } from './TimeAndRandom';

/**
 * Arguments, environment and mounts as text read like a shell's words, each shown back as the list
 * it becomes; stdin as text; clocks and random as a choice each; the network allow-lists as lists
 * of entries. Nothing is saved until "Apply".
 */
export function PolicyEditor({ member }: { member?: string }) {
  const store = useStudioStore();
  // In a composition, the named member's policy (the root's by default).
  const policy = useStudio((s) => (s.project ? policyOf(s.project.config, member) : undefined));
  const [draft, setDraft] = useState(() => toDraft(policy));
  useEffect(() => setDraft(toDraft(policy)), [policy]);
  if (!policy) return null;
  // Each field is read as it is typed: a bad entry is named at its field, not after a refused save.
  const args = argsFromText(draft.args);
  const env = envFromText(draft.env);
  const mounts = mountsFromText(draft.mounts);
  const timeError = clockProblem(draft.clocks);
  const blocked = Boolean(args.error || env.error || mounts.error || timeError);
  const textField = <T,>(key: 'args' | 'env' | 'mounts', label: string, placeholder: string, reading: FieldReading<T>, show: (item: T) => string) => (
    <PolicyTextField label={label} value={draft[key]} onChange={(t) => setDraft({ ...draft, [key]: t })} placeholder={placeholder} testId={`policy-${key}`} reading={reading} show={show} />
  );
  const save = () => {
    if (!blocked) void store.getState().applyPolicy((p) => fromDraft(p, draft, { args: args.items, env: env.items, mounts: mounts.items }), true, member);
  };
  return (
    <form
      className="policy-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {textField('args', 'Arguments', 'none, or words: one "two words"', args, (a) => (a === '' ? '""' : a))}
      {textField('env', 'Environment', 'NAME="a value", or NAME to pass the host\'s', env, (e) => (e.value === undefined ? `${e.name} (from the host)` : `${e.name}=${e.value}`))}
      {textField('mounts', 'Mounts', 'HOST[::GUEST[::ro]], e.g. data::/data::ro', mounts, (m) => `${m.host} → ${m.guest} (${m.mode === 'ro' ? 'read-only' : 'read-write'})`)}
      <label>
        Stdin <input value={draft.stdin} onChange={(e) => setDraft({ ...draft, stdin: e.target.value })} placeholder="end of file" />
      </label>
      <ClockControl value={draft.clocks} onChange={(clocks) => setDraft({ ...draft, clocks })} />
      {timeError && (
        <span className="policy-error" role="alert">
          {timeError}
        </span>
      )}
      <RandomControl value={draft.random} onChange={(random) => setDraft({ ...draft, random })} />
      <AllowListEditor
        label="Sockets (Node engine)"
        entries={draft.hosts}
        onChange={(hosts) => setDraft({ ...draft, hosts })}
        check={parseSocketEntry}
        placeholder="127.0.0.1:8080, [::1]:443, localhost:*"
        testId="policy-sockets"
      />
      <AllowListEditor
        label="HTTP origins"
        entries={draft.origins}
        onChange={(origins) => setDraft({ ...draft, origins })}
        check={parseOrigin}
        placeholder="http://127.0.0.1:8080"
        testId="policy-http"
      />
      <button type="submit" disabled={blocked}>
        Apply and run both
      </button>
    </form>
  );
}

interface Draft {
  args: string;
  env: string;
  mounts: string;
  stdin: string;
  clocks: Policy['clocks'];
  random: Policy['random'];
  hosts: string[];
  origins: string[];
}

function toDraft(p: Policy | undefined): Draft {
  return {
    ...(p ? policyTexts(p) : { args: '', env: '', mounts: '' }),
    stdin: p?.stdin ?? '',
    clocks: p?.clocks ?? { mode: 'denied' },
    random: p?.random ?? { mode: 'denied' },
    hosts: p?.sockets.mode === 'allow' ? p.sockets.hosts : [],
    origins: p?.http.mode === 'allow' ? p.http.origins : [],
  };
}

/** The draft as a policy; the text fields come already read (and only when they had no error). */
function fromDraft(p: Policy, d: Draft, read: Pick<Policy, 'args' | 'env' | 'mounts'>): Policy {
  return {
    ...p,
    ...read,
    stdin: d.stdin === '' ? null : d.stdin,
    clocks: d.clocks,
    random: d.random,
    // An empty allow-list allows nothing: it is written as denied.
    sockets: d.hosts.length ? { mode: 'allow', hosts: d.hosts } : { mode: 'denied' },
    http: d.origins.length ? { mode: 'allow', origins: d.origins } : { mode: 'denied' },
  };
}
