import { useState } from 'react';
import { splitWords } from '../../../src-shared/capabilities/shell-words';

/**
 * One allow-list: its entries as removable chips and a field to add entries. Each is checked as
 * it is added, with the same parser as the policy schema, so a bad one is named before it is saved.
 */
export function AllowListEditor(props: {
  label: string;
  entries: string[];
  onChange: (entries: string[]) => void;
  /** A string is why the text is not an entry. */
  check: (text: string) => unknown;
  placeholder: string;
  testId: string;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  // The field splits like a shell, so several entries can be pasted at once; all must parse.
  const add = () => {
    const words = splitWords(text);
    if (typeof words === 'string') return setError(words);
    if (!words.length) return;
    for (const w of words) {
      const r = props.check(w);
      if (typeof r === 'string') return setError(r);
    }
    props.onChange([...new Set([...props.entries, ...words])]);
    setText('');
    setError(null);
  };
  return (
    <div className="allow-list" data-testid={props.testId}>
      <span className="allow-label">{props.label}</span>
      <ul>
        {props.entries.length === 0 && <li className="muted">none: denied</li>}
        {props.entries.map((e) => (
          <li key={e} className="chip">
            <code>{e}</code>
            <button type="button" aria-label={`Remove ${e}`} onClick={() => props.onChange(props.entries.filter((x) => x !== e))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <span className="allow-add">
        <input
          value={text}
          placeholder={props.placeholder}
          aria-label={`Add to ${props.label}`}
          aria-invalid={error !== null}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" onClick={add}>
          Add
        </button>
      </span>
      {error && (
        <span className="allow-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
