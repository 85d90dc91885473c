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

/** The wall and monotonic clocks: refused, the host's, or frozen at an instant the user picks. */
export function ClockControl({ value, onChange }: { value: Clocks; onChange: (c: Clocks) => void }) {
  return (
    <label>
      Clocks{' '}
      <select
        value={value.mode}
        onChange={(e) => {
          const mode = e.target.value as Clocks['mode'];
          onChange(mode === 'frozen' ? { mode, at: DETERMINISTIC.at } : { mode });
        }}
        data-testid="policy-clocks"
      >
        <option value="denied">denied (a call traps)</option>
        <option value="real">the real clock</option>
        <option value="frozen">frozen at…</option>
      </select>
      {value.mode === 'frozen' && (
        <input value={value.at} onChange={(e) => onChange({ mode: 'frozen', at: e.target.value })} aria-label="Frozen at" data-testid="policy-clocks-at" />
      )}
    </label>
  );
}

/** Random bytes: refused, the host's, or a seeded generator that gives both engines the same numbers. */
export function RandomControl({ value, onChange }: { value: Random; onChange: (r: Random) => void }) {
  return (
    <label>
      Random{' '}
      <select
        value={value.mode}
        onChange={(e) => {
          const mode = e.target.value as Random['mode'];
          onChange(mode === 'seeded' ? { mode, seed: DETERMINISTIC.seed } : { mode });
        }}
        data-testid="policy-random"
      >
        <option value="denied">denied (a call traps)</option>
        <option value="real">real randomness</option>
        <option value="seeded">seeded with…</option>
      </select>
      {value.mode === 'seeded' && (
        <input
          type="number"
          min={0}
          step={1}
          value={value.seed}
          onChange={(e) => onChange({ mode: 'seeded', seed: Math.max(0, Math.trunc(Number(e.target.value) || 0)) })}
          aria-label="Seed"
          data-testid="policy-random-seed"
        />
      )}
    </label>
  );
}
