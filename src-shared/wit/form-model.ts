// A UI-independent model of a call form: one field tree per parameter, validated as the user
// types. Invalid input is held with its message and never turns into a value, so a call can
// only be made from a form whose every field is valid.
//
// The model is mutable: each method changes the tree and bumps `revision` (a UI keeps the form
// in its store and re-renders on the revision). `clone()` gives an independent copy.

import { decodeEscapes, parseArgList, parseNumberText, printWave, toJs, type WaveValue } from './wave';
import { isFloat, isInteger, typeToString, type IntegerKind, type WitFunction, type WitType } from './types';

/** A step into the field tree: a record field name, a list/tuple index, or `some`, `ok`, `err`, `payload`. */
export type PathStep = string | number;
/** The first step is the parameter name. */
export type FieldPath = readonly PathStep[];

export type FieldNode =
  | { kind: 'bool'; type: WitType; value: boolean }
  /** Integers, floats, chars and strings: the text as typed, and its problem if it is not valid. */
  | { kind: 'text'; type: WitType; raw: string; error?: string }
  | { kind: 'list'; type: Extract<WitType, { kind: 'list' }>; items: FieldNode[] }
  | { kind: 'tuple'; type: Extract<WitType, { kind: 'tuple' }>; items: FieldNode[] }
  | { kind: 'record'; type: Extract<WitType, { kind: 'record' }>; fields: { name: string; node: FieldNode }[] }
  /** `payload` is null for a case without one. */
  | { kind: 'variant'; type: Extract<WitType, { kind: 'variant' }>; case: string; payload: FieldNode | null }
  | { kind: 'enum'; type: Extract<WitType, { kind: 'enum' }>; case: string }
  | { kind: 'flags'; type: Extract<WitType, { kind: 'flags' }>; set: string[] }
  /** The payload is kept while `some` is off, so toggling does not lose what was typed. */
  | { kind: 'option'; type: Extract<WitType, { kind: 'option' }>; some: boolean; payload: FieldNode }
  | { kind: 'result'; type: Extract<WitType, { kind: 'result' }>; ok: boolean; okNode: FieldNode | null; errNode: FieldNode | null }
  | { kind: 'unsupported'; type: WitType; unsupported: string };

export interface FieldError {
  path: FieldPath;
  message: string;
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

// ---------------------------------------------------------------------------------------------
// Defaults and conversion between nodes and values
// ---------------------------------------------------------------------------------------------

/** A field with the type's default value: false, 0, 'a', "", [], none, ok, the first case. */
export function defaultNode(type: WitType): FieldNode {
  switch (type.kind) {
    case 'bool':
      return { kind: 'bool', type, value: false };
    case 'char':
      return { kind: 'text', type, raw: 'a' };
    case 'string':
      return { kind: 'text', type, raw: '' };
    case 'list':
      return { kind: 'list', type, items: [] };
    case 'tuple':
      return { kind: 'tuple', type, items: type.elements.map(defaultNode) };
    case 'record':
      return { kind: 'record', type, fields: type.fields.map((f) => ({ name: f.name, node: defaultNode(f.type) })) };
    case 'variant': {
      const c = type.cases[0]!;
      return { kind: 'variant', type, case: c.name, payload: c.type ? defaultNode(c.type) : null };
    }
    case 'enum':
      return { kind: 'enum', type, case: type.cases[0]! };
    case 'flags':
      return { kind: 'flags', type, set: [] };
    case 'option':
      return { kind: 'option', type, some: false, payload: defaultNode(type.some) };
    case 'result':
      return { kind: 'result', type, ok: true, okNode: type.ok ? defaultNode(type.ok) : null, errNode: type.err ? defaultNode(type.err) : null };
    case 'unsupported':
      return { kind: 'unsupported', type, unsupported: type.reason };
    default:
      return { kind: 'text', type, raw: '0' };
  }
}

/** A field tree showing `value`. */
export function nodeFromValue(value: WaveValue, type: WitType): FieldNode {
  const node = defaultNode(type);
  switch (node.kind) {
    case 'bool':
      if (value.kind === 'bool') node.value = value.value;
      break;
    case 'text':
      if (value.kind === 'int') node.raw = value.value.toString();
      else if (value.kind === 'float') node.raw = printWave(value, type);
      else if (value.kind === 'char' || value.kind === 'string') node.raw = value.value;
      break;
    case 'list':
      if (value.kind === 'list') node.items = value.items.map((v) => nodeFromValue(v, node.type.element));
      break;
    case 'tuple':
      if (value.kind === 'tuple') node.items = value.items.map((v, i) => nodeFromValue(v, node.type.elements[i]!));
      break;
    case 'record':
      if (value.kind === 'record') {
        for (const f of node.fields) {
          const v = value.fields.find((x) => x.name === f.name);
          const ft = node.type.fields.find((x) => x.name === f.name)!.type;
          if (v) f.node = nodeFromValue(v.value, ft);
        }
      }
      break;
    case 'variant':
      if (value.kind === 'variant') {
        const c = node.type.cases.find((x) => x.name === value.case)!;
        node.case = c.name;
        node.payload = c.type ? (value.value ? nodeFromValue(value.value, c.type) : defaultNode(c.type)) : null;
      }
      break;
    case 'enum':
      if (value.kind === 'enum') node.case = value.case;
      break;
    case 'flags':
      if (value.kind === 'flags') node.set = [...value.flags];
      break;
    case 'option':
      if (value.kind === 'option' && value.value) {
        node.some = true;
        node.payload = nodeFromValue(value.value, node.type.some);
      }
      break;
    case 'result':
      if (value.kind === 'result') {
        node.ok = value.ok;
        const t = value.ok ? node.type.ok : node.type.err;
        if (t && value.value) {
          if (value.ok) node.okNode = nodeFromValue(value.value, t);
          else node.errNode = nodeFromValue(value.value, t);
        }
      }
      break;
  }
  return node;
}

/** Checks the text of a scalar field; returns its value or the message to show. */
export function validateText(raw: string, type: WitType): { ok: true; value: WaveValue } | { ok: false; error: string } {
  if (type.kind === 'string') {
    return { ok: true, value: { kind: 'string', value: raw } };
  }
  if (type.kind === 'char') {
    let text = raw;
    // A lone escape (`\n`, `\u{1F600}`) stands for the character it names.
    if (raw.length > 1 && raw.startsWith('\\')) {
      const d = decodeEscapes(raw);
      if (!d.ok) return d;
      text = d.value;
    }
    const n = [...text].length;
    if (n === 0) return { ok: false, error: 'enter one character' };
    if (n > 1) return { ok: false, error: `a char holds one character, found ${n}: use a string for more` };
    if (text.length === 1 && /[\uD800-\uDFFF]/.test(text)) return { ok: false, error: 'a char must be a Unicode scalar value (not a lone surrogate)' };
    return { ok: true, value: { kind: 'char', value: text } };
  }
  if (isInteger(type.kind) || isFloat(type.kind)) {
    const text = raw.trim();
    if (text === '') return { ok: false, error: isInteger(type.kind) ? `enter an integer for ${type.kind}` : `enter a number, nan, inf or -inf for ${type.kind}` };
    return parseNumberText(text, type.kind as IntegerKind | 'f32' | 'f64');
  }
  return { ok: false, error: `${typeToString(type)} is not entered as text` };
}

function collect(node: FieldNode, path: PathStep[], errors: FieldError[]): WaveValue | null {
  switch (node.kind) {
    case 'bool':
      return { kind: 'bool', value: node.value };
    case 'text': {
      const r = validateText(node.raw, node.type);
      if (!r.ok) {
        errors.push({ path, message: r.error });
        return null;
      }
      return r.value;
    }
    case 'list':
    case 'tuple': {
      const items = node.items.map((n, i) => collect(n, [...path, i], errors));
      return items.every((x): x is WaveValue => x !== null) ? { kind: node.kind, items } : null;
    }
    case 'record': {
      const fields = node.fields.map((f) => ({ name: f.name, value: collect(f.node, [...path, f.name], errors) }));
      return fields.every((f) => f.value !== null) ? { kind: 'record', fields: fields as { name: string; value: WaveValue }[] } : null;
    }
    case 'variant': {
      if (!node.payload) return { kind: 'variant', case: node.case, value: null };
      const v = collect(node.payload, [...path, 'payload'], errors);
      return v ? { kind: 'variant', case: node.case, value: v } : null;
    }
    case 'enum':
      return { kind: 'enum', case: node.case };
    case 'flags':
      return { kind: 'flags', flags: node.type.flags.filter((f) => node.set.includes(f)) };
    case 'option': {
      if (!node.some) return { kind: 'option', value: null };
      const v = collect(node.payload, [...path, 'some'], errors);
      return v ? { kind: 'option', value: v } : null;
    }
    case 'result': {
      const inner = node.ok ? node.okNode : node.errNode;
      if (!inner) return { kind: 'result', ok: node.ok, value: null };
      const v = collect(inner, [...path, node.ok ? 'ok' : 'err'], errors);
      return v ? { kind: 'result', ok: node.ok, value: v } : null;
    }
    case 'unsupported':
      errors.push({ path, message: node.unsupported });
      return null;
  }
}

function cloneNode(node: FieldNode): FieldNode {
  switch (node.kind) {
    case 'list':
    case 'tuple':
      return { ...node, items: node.items.map(cloneNode) } as FieldNode;
    case 'record':
      return { ...node, fields: node.fields.map((f) => ({ name: f.name, node: cloneNode(f.node) })) };
    case 'variant':
      return { ...node, payload: node.payload && cloneNode(node.payload) };
    case 'flags':
      return { ...node, set: [...node.set] };
    case 'option':
      return { ...node, payload: cloneNode(node.payload) };
    case 'result':
      return { ...node, okNode: node.okNode && cloneNode(node.okNode), errNode: node.errNode && cloneNode(node.errNode) };
    default:
      return { ...node };
  }
}

/** `p.home.x`, `items[2]`, `maybe.some`: a path for messages. */
export function pathText(path: FieldPath): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The form
// ---------------------------------------------------------------------------------------------

export class CallForm {
  readonly params: { name: string; node: FieldNode }[];
  /** Bumped by every change. */
  revision = 0;

  constructor(readonly fn: WitFunction) {
    this.params = fn.params.map((p) => ({ name: p.name, node: defaultNode(p.type) }));
  }

  /** Why this function cannot be called from the form, if it cannot. */
  get unsupported(): string | undefined {
    const first = this.errors().find((e) => this.get(e.path)?.kind === 'unsupported');
    return first?.message;
  }

  clone(): CallForm {
    const c = new CallForm(this.fn);
    c.params.splice(0, c.params.length, ...this.params.map((p) => ({ name: p.name, node: cloneNode(p.node) })));
    c.revision = this.revision;
    return c;
  }

  /** The field at `path`, or undefined. */
  get(path: FieldPath): FieldNode | undefined {
    const [head, ...rest] = path;
    let node: FieldNode | undefined = this.params.find((p) => p.name === head)?.node;
    for (const step of rest) {
      if (!node) return undefined;
      node = child(node, step);
    }
    return node;
  }

  private need<K extends FieldNode['kind']>(path: FieldPath, kind: K): Extract<FieldNode, { kind: K }> {
    const node = this.get(path);
    if (!node) throw new Error(`no field at ${pathText(path)}`);
    if (node.kind !== kind) throw new Error(`the field at ${pathText(path)} is a ${node.kind} field, not ${kind}`);
    return node as Extract<FieldNode, { kind: K }>;
  }

  private changed(): void {
    this.revision++;
  }

  /**
   * Sets a field from text: numbers, chars and strings as typed (the message is kept on the
   * field when the text is not valid); `true`/`false` for bools; a case name for enums and
   * variants. Returns the field's message, or undefined when the text is valid.
   */
  setField(path: FieldPath, raw: string): string | undefined {
    const node = this.get(path);
    if (!node) throw new Error(`no field at ${pathText(path)}`);
    this.changed();
    switch (node.kind) {
      case 'text': {
        node.raw = raw;
        const r = validateText(raw, node.type);
        if (r.ok) delete node.error;
        else node.error = r.error;
        return node.error;
      }
      case 'bool':
        if (raw !== 'true' && raw !== 'false') return 'enter true or false';
        node.value = raw === 'true';
        return undefined;
      case 'enum':
        return this.setEnum(path, raw);
      case 'variant':
        return this.setVariant(path, raw);
      default:
        return `the ${node.kind} field at ${pathText(path)} is not set from text`;
    }
  }

  setBool(path: FieldPath, value: boolean): void {
    this.need(path, 'bool').value = value;
    this.changed();
  }

  /** Adds an item (the element type's default, or `value`) at the end of a list; returns its index. */
  addItem(path: FieldPath, value?: WaveValue): number {
    const node = this.need(path, 'list');
    node.items.push(value ? nodeFromValue(value, node.type.element) : defaultNode(node.type.element));
    this.changed();
    return node.items.length - 1;
  }

  removeItem(path: FieldPath, index: number): void {
    const node = this.need(path, 'list');
    if (index < 0 || index >= node.items.length) throw new Error(`no item ${index} in ${pathText(path)}`);
    node.items.splice(index, 1);
    this.changed();
  }

  /** Turns an option's `some` on or off (the payload's fields are kept while off). */
  setSome(path: FieldPath, some: boolean): void {
    this.need(path, 'option').some = some;
    this.changed();
  }

  setResult(path: FieldPath, which: 'ok' | 'err'): void {
    this.need(path, 'result').ok = which === 'ok';
    this.changed();
  }

  /** Chooses a variant case; returns a message when the variant has no such case. */
  setVariant(path: FieldPath, caseName: string): string | undefined {
    const node = this.need(path, 'variant');
    const c = node.type.cases.find((x) => x.name === caseName);
    if (!c) return `${node.type.name} has no case ${caseName}`;
    if (node.case !== caseName) {
      node.case = caseName;
      node.payload = c.type ? defaultNode(c.type) : null;
    }
    this.changed();
    return undefined;
  }

  setEnum(path: FieldPath, caseName: string): string | undefined {
    const node = this.need(path, 'enum');
    if (!node.type.cases.includes(caseName)) return `${node.type.name} has no case ${caseName}`;
    node.case = caseName;
    this.changed();
    return undefined;
  }

  /** Sets or clears one flag (toggles it when `on` is not given). */
  toggleFlag(path: FieldPath, flag: string, on?: boolean): string | undefined {
    const node = this.need(path, 'flags');
    if (!node.type.flags.includes(flag)) return `${node.type.name} has no flag ${flag}`;
    const isOn = node.set.includes(flag);
    const want = on ?? !isOn;
    if (want && !isOn) node.set.push(flag);
    if (!want && isOn) node.set = node.set.filter((f) => f !== flag);
    this.changed();
    return undefined;
  }

  /** Every problem that keeps the form from being sent. */
  errors(): FieldError[] {
    const errors: FieldError[] = [];
    for (const p of this.params) collect(p.node, [p.name], errors);
    return errors;
  }

  /** The argument values, or the problems. */
  values(): FormResult<WaveValue[]> {
    const errors: FieldError[] = [];
    const values = this.params.map((p) => collect(p.node, [p.name], errors));
    if (errors.length) return { ok: false, errors };
    return { ok: true, value: values as WaveValue[] };
  }

  /** Fills the form with values (one per parameter). */
  setValues(values: readonly WaveValue[]): void {
    this.fn.params.forEach((p, i) => {
      const v = values[i];
      this.params[i]!.node = v ? nodeFromValue(v, p.type) : defaultNode(p.type);
    });
    this.changed();
  }

  /** The text mode: the arguments as WAVE, comma-separated (`1, "x", some(2)`). */
  toWave(): FormResult<string> {
    const v = this.values();
    if (!v.ok) return v;
    return { ok: true, value: v.value.map((x, i) => printWave(x, this.fn.params[i]!.type)).join(', ') };
  }

  /** One WAVE text per argument: the CLI's `call <file> <export> ARGS…`. */
  toWaveArgs(): FormResult<string[]> {
    const v = this.values();
    if (!v.ok) return v;
    return { ok: true, value: v.value.map((x, i) => printWave(x, this.fn.params[i]!.type)) };
  }

  /** The arguments as jco's glue takes them. */
  toJs(): FormResult<unknown[]> {
    const v = this.values();
    if (!v.ok) return v;
    return { ok: true, value: v.value.map((x, i) => toJs(x, this.fn.params[i]!.type)) };
  }

  /** Fills the form from text mode; the form is unchanged when the text is not valid. */
  fromWave(text: string): { ok: true } | { ok: false; error: string; offset: number } {
    const r = parseArgList(text, this.fn);
    if (!r.ok) return r;
    this.setValues(r.values);
    return { ok: true };
  }
}

function child(node: FieldNode, step: PathStep): FieldNode | undefined {
  switch (node.kind) {
    case 'list':
    case 'tuple':
      return typeof step === 'number' ? node.items[step] : undefined;
    case 'record':
      return node.fields.find((f) => f.name === step)?.node;
    case 'variant':
      return step === 'payload' ? (node.payload ?? undefined) : undefined;
    case 'option':
      return step === 'some' ? node.payload : undefined;
    case 'result':
      return step === 'ok' ? (node.okNode ?? undefined) : step === 'err' ? (node.errNode ?? undefined) : undefined;
    default:
      return undefined;
  }
}
