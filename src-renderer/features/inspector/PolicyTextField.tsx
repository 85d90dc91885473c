import type { FieldReading } from '../../../src-shared/capabilities/policy-text';

/**
 * A policy field typed like a command line, with the list it becomes shown under it as chips, so
 * quoting mistakes (`GREETING=hi there` is two entries) are visible before anything is saved.
 */
export function PolicyTextField<T>(props: {
  label: string;
  value: string;
  onChange: (text: string) => void;
  placeholder: string;
  testId: string;
  reading: FieldReading<T>;
  show: (item: T) => string;
}) {
  const { reading, testId } = props;
  return (
    <div className="policy-field">
      <label>
        {props.label}{' '}
        <input value={props.value} onChange={(e) => props.onChange(e.target.value)} placeholder={props.placeholder} aria-invalid={reading.error !== null} data-testid={testId} />
      </label>
      <div className="becomes">
        <span className="muted">becomes</span>
        <ul data-testid={`${testId}-list`} aria-label={`${props.label} as a list`}>
          {reading.items.length === 0 && <li className="muted">nothing</li>}
          {reading.items.map((item, i) => (
            <li key={i} className="chip">
              {props.show(item)}
            </li>
          ))}
        </ul>
      </div>
      {reading.error && (
        <span className="policy-error" role="alert" data-testid={`${testId}-error`}>
          {reading.error}
        </span>
      )}
    </div>
  );
}
