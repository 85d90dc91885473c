import type { ReactNode } from 'react';
import type { Policy } from '../../../src-shared/capabilities/policy';
import { DETERMINISTIC } from '../../../src-shared/capabilities/registry';

type Clocks = Policy['clocks'];
type Random = Policy['random'];

/** Why a frozen instant cannot be saved (the policy takes an RFC 3339 date-time, UTC or with an offset), or null. */
export function clockProblem(c: Clocks): string | null {
  if (c.mode !== 'frozen') return null;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(c.at) && !Number.isNaN(Date.parse(c.at))
    ? null
    : `the frozen clock needs a date and time such as ${DETERMINISTIC.at}, not "${c.at}"`;
}

/** A capability granted in one of a few modes, one of which takes a value (an instant, a seed). */
function ModeControl<T extends { mode: string }>(props: {
  label: string;
  testId: string;
  value: T;
  modes: { mode: T['mode']; text: string; make: () => T }[];
  onChange: (v: T) => void;
  param: ReactNode;
}) {
  return (
    <label>
      {props.label}{' '}
      <select value={props.value.mode} onChange={(e) => props.onChange(props.modes.find((m) => m.mode === e.target.value)!.make())} data-testid={props.testId}>
        {props.modes.map((m) => (
          <option key={m.mode} value={m.mode}>
            {m.text}
          </option>
        ))}
      </select>
      {props.param}
    </label>
  );
}

/** The wall and monotonic clocks: refused, the host's, or frozen at an instant the user picks. */
export function ClockControl({ value, onChange }: { value: Clocks; onChange: (c: Clocks) => void }) {
  return (
    <ModeControl<Clocks>
      label="Clocks"
      testId="policy-clocks"
      value={value}
      onChange={onChange}
      modes={[
        { mode: 'denied', text: 'denied (a call traps)', make: () => ({ mode: 'denied' }) },
        { mode: 'real', text: 'the real clock', make: () => ({ mode: 'real' }) },
        { mode: 'frozen', text: 'frozen at…', make: () => ({ mode: 'frozen', at: DETERMINISTIC.at }) },
      ]}
      param={value.mode === 'frozen' && <input value={value.at} onChange={(e) => onChange({ mode: 'frozen', at: e.target.value })} aria-label="Frozen at" data-testid="policy-clocks-at" />}
    />
  );
}

/** Random bytes: refused, the host's, or a seeded generator that gives both engines the same numbers. */
export function RandomControl({ value, onChange }: { value: Random; onChange: (r: Random) => void }) {
  return (
    <ModeControl<Random>
      label="Random"
      testId="policy-random"
      value={value}
      onChange={onChange}
      modes={[
        { mode: 'denied', text: 'denied (a call traps)', make: () => ({ mode: 'denied' }) },
        { mode: 'real', text: 'real randomness', make: () => ({ mode: 'real' }) },
        { mode: 'seeded', text: 'seeded with…', make: () => ({ mode: 'seeded', seed: DETERMINISTIC.seed }) },
      ]}
      param={
        value.mode === 'seeded' && (
          <input
            type="number"
            min={0}
            step={1}
            value={value.seed}
            onChange={(e) => onChange({ mode: 'seeded', seed: Math.max(0, Math.trunc(Number(e.target.value) || 0)) })}
            aria-label="Seed"
            data-testid="policy-random-seed"
          />
        )
      }
    />
  );
}
