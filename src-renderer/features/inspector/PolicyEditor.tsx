import { useEffect, useState } from 'react';
import { parseOrigin, parseSocketEntry } from '../../../src-shared/capabilities/net-allow';
import { duplicateGuestPath, duplicateGuestPathMessage } from '../../../src-shared/capabilities/guest-paths';
import type { Policy } from '../../../src-shared/capabilities/policy';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { AllowListEditor } from './AllowListEditor';
import { ClockControl, RandomControl, clockProblem } from './TimeAndRandom';

/**
 * Arguments, environment, mounts and stdin as text, the way a user would type them on a command
 * line; clocks and random as a choice each; the network allow-lists as lists of entries. Nothing
 * is saved until "Apply".
 */
export function PolicyEditor() {
  const store = useStudioStore();
  const policy = useStudio((s) => s.project?.config.policy);
  const [draft, setDraft] = useState(() => toDraft(policy));
  useEffect(() => setDraft(toDraft(policy)), [policy]);
  if (!policy) return null;
  // A mount whose guest path is taken is named as it is typed, not after a refused save.
  const dup = duplicateGuestPath(mountsOf(draft.mounts));
  const mountError = dup && duplicateGuestPathMessage(dup);
  const timeError = clockProblem(draft.clocks);
  const blocked = Boolean(mountError || timeError);
  const save = () => {
    if (!blocked) void store.getState().applyPolicy((p) => fromDraft(p, draft), true);
  };
  return (
    <form
      className="policy-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <label>
        Arguments <input value={draft.args} onChange={(e) => setDraft({ ...draft, args: e.target.value })} placeholder="none" data-testid="policy-args" />
      </label>
      <label>
        Environment <input value={draft.env} onChange={(e) => setDraft({ ...draft, env: e.target.value })} placeholder="NAME=value, or NAME to pass the host's" />
      </label>
      <label>
        Mounts{' '}
        <input
          value={draft.mounts}
          onChange={(e) => setDraft({ ...draft, mounts: e.target.value })}
          placeholder="data::/data::ro"
          aria-invalid={Boolean(mountError)}
          data-testid="policy-mounts"
        />
      </label>
      {mountError && (
        <span className="policy-error" role="alert" data-testid="policy-mounts-error">
          {mountError}
        </span>
      )}
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
    args: p?.args.join(' ') ?? '',
    env: p?.env.map((e) => (e.value === undefined ? e.name : `${e.name}=${e.value}`)).join(' ') ?? '',
    mounts: p?.mounts.map((m) => `${m.host}::${m.guest}::${m.mode}`).join(' ') ?? '',
    stdin: p?.stdin ?? '',
    clocks: p?.clocks ?? { mode: 'denied' },
    random: p?.random ?? { mode: 'denied' },
    hosts: p?.sockets.mode === 'allow' ? p.sockets.hosts : [],
    origins: p?.http.mode === 'allow' ? p.http.origins : [],
  };
}

const words = (s: string) => s.split(/\s+/).filter(Boolean);

function mountsOf(text: string): Policy['mounts'] {
  return words(text).map((w) => {
    const [host = '', guest = '/' + host, mode = 'ro'] = w.split('::');
    return { host, guest, mode: mode === 'rw' ? 'rw' : 'ro' };
  });
}

function fromDraft(p: Policy, d: Draft): Policy {
  return {
    ...p,
    args: words(d.args),
    env: words(d.env).map((w) => {
      const eq = w.indexOf('=');
      return eq < 0 ? { name: w } : { name: w.slice(0, eq), value: w.slice(eq + 1) };
    }),
    mounts: mountsOf(d.mounts),
    stdin: d.stdin === '' ? null : d.stdin,
    clocks: d.clocks,
    random: d.random,
    // An empty allow-list allows nothing: it is written as denied.
    sockets: d.hosts.length ? { mode: 'allow', hosts: d.hosts } : { mode: 'denied' },
    http: d.origins.length ? { mode: 'allow', origins: d.origins } : { mode: 'denied' },
  };
}
