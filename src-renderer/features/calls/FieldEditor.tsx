import type { CallForm, FieldNode, FieldPath } from '../../../src-shared/wit/form-model';
import { typeToString } from '../../../src-shared/wit/types';

/** One input per WIT type, recursively; every change goes through the form model, which validates it. */
export function FieldEditor({ form, path, node, onChange }: { form: CallForm; path: FieldPath; node: FieldNode; onChange: () => void }) {
  const change = (fn: () => unknown) => () => {
    fn();
    onChange();
  };
  switch (node.kind) {
    case 'bool':
      return <input type="checkbox" checked={node.value} onChange={(e) => change(() => form.setBool(path, e.target.checked))()} />;
    case 'text':
      return (
        <span className="field-text">
          <input
            value={node.raw}
            className={node.error ? 'invalid' : ''}
            aria-invalid={Boolean(node.error)}
            placeholder={typeToString(node.type)}
            onChange={(e) => change(() => form.setField(path, e.target.value))()}
          />
          {node.error && <span className="field-error">{node.error}</span>}
        </span>
      );
    case 'list':
      return (
        <div className="field-list">
          {node.items.map((item, i) => (
            <div key={i} className="field-row">
              <FieldEditor form={form} path={[...path, i]} node={item} onChange={onChange} />
              <button type="button" onClick={change(() => form.removeItem(path, i))} title="Remove">
                −
              </button>
            </div>
          ))}
          <button type="button" onClick={change(() => form.addItem(path))}>
            + item
          </button>
        </div>
      );
    case 'tuple':
      return (
        <div className="field-list">
          {node.items.map((item, i) => (
            <FieldEditor key={i} form={form} path={[...path, i]} node={item} onChange={onChange} />
          ))}
        </div>
      );
    case 'record':
      return (
        <div className="field-record">
          {node.fields.map((f) => (
            <label key={f.name} className="field-row">
              <span className="field-name">{f.name}</span>
              <FieldEditor form={form} path={[...path, f.name]} node={f.node} onChange={onChange} />
            </label>
          ))}
        </div>
      );
    case 'variant':
      return (
        <div className="field-variant">
          <select value={node.case} onChange={(e) => change(() => form.setVariant(path, e.target.value))()}>
            {node.type.cases.map((c) => (
              <option key={c.name}>{c.name}</option>
            ))}
          </select>
          {node.payload && <FieldEditor form={form} path={[...path, 'payload']} node={node.payload} onChange={onChange} />}
        </div>
      );
    case 'enum':
      return (
        <select value={node.case} onChange={(e) => change(() => form.setEnum(path, e.target.value))()}>
          {node.type.cases.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      );
    case 'flags':
      return (
        <span className="field-flags">
          {node.type.flags.map((f) => (
            <label key={f}>
              <input type="checkbox" checked={node.set.includes(f)} onChange={(e) => change(() => form.toggleFlag(path, f, e.target.checked))()} /> {f}
            </label>
          ))}
        </span>
      );
    case 'option':
      return (
        <span className="field-option">
          <label>
            <input type="checkbox" checked={node.some} onChange={(e) => change(() => form.setSome(path, e.target.checked))()} /> some
          </label>
          {node.some && <FieldEditor form={form} path={[...path, 'some']} node={node.payload} onChange={onChange} />}
        </span>
      );
    case 'result':
      return (
        <span className="field-result">
          <select value={node.ok ? 'ok' : 'err'} onChange={(e) => change(() => form.setResult(path, e.target.value as 'ok' | 'err'))()}>
            <option value="ok">ok</option>
            <option value="err">err</option>
          </select>
          {node.ok && node.okNode && <FieldEditor form={form} path={[...path, 'ok']} node={node.okNode} onChange={onChange} />}
          {!node.ok && node.errNode && <FieldEditor form={form} path={[...path, 'err']} node={node.errNode} onChange={onChange} />}
        </span>
      );
    case 'unsupported':
      return <span className="muted">{node.unsupported}</span>;
  }
}
