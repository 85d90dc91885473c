// WAVE (WebAssembly Value Encoding, the text wasmtime's `--invoke` takes): a parser guided by a
// WIT type, a printer, and the conversion to and from the JS values jco's glue takes and returns.
// Grammar: bytecodealliance/wasm-tools crates/wasm-wave (README "Encoding", lex.rs, parser.rs).

import { INTEGER_RANGES, camelCase, isFloat, isInteger, typeToString, type IntegerKind, type WitFunction, type WitType } from './types';

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/** A typed component value, independent of any JS binding convention. */
export type WaveValue =
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'char'; value: string }
  | { kind: 'string'; value: string }
  | { kind: 'list'; items: WaveValue[] }
  | { kind: 'tuple'; items: WaveValue[] }
  /** Every field of the type, in the type's order. */
  | { kind: 'record'; fields: { name: string; value: WaveValue }[] }
  | { kind: 'variant'; case: string; value: WaveValue | null }
  | { kind: 'enum'; case: string }
  | { kind: 'option'; value: WaveValue | null }
  | { kind: 'result'; ok: boolean; value: WaveValue | null }
  /** The flags that are set, in the type's order. */
  | { kind: 'flags'; flags: string[] };

export type WaveParseResult = { ok: true; value: WaveValue } | { ok: false; error: string; offset: number };

export const WAVE_KEYWORDS: ReadonlySet<string> = new Set(['true', 'false', 'some', 'none', 'ok', 'err', 'inf', 'nan']);

// ---------------------------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------------------------

type TokKind = 'punct' | 'number' | 'label' | 'char' | 'string' | 'eof';
interface Tok {
  kind: TokKind;
  /** For a word that is not a valid label: why. */
  bad?: string;
  text: string;
  start: number;
  end: number;
}

class WaveError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
const LABEL = /%?(?:[a-z][a-z0-9]*|[A-Z][A-Z0-9]*)(?:-(?:[a-z0-9]+|[A-Z0-9]+))*/y;

class Lexer {
  private pos = 0;
  private peeked: Tok | null = null;
  constructor(readonly src: string) {}

  peek(): Tok {
    if (!this.peeked) this.peeked = this.scan();
    return this.peeked;
  }
  next(): Tok {
    const t = this.peek();
    this.peeked = null;
    return t;
  }

  private skip(): void {
    const s = this.src;
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '/' && s[this.pos + 1] === '/') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else return;
    }
  }

  private tok(kind: TokKind, start: number, end: number): Tok {
    this.pos = end;
    return { kind, text: this.src.slice(start, end), start, end };
  }

  private scan(): Tok {
    this.skip();
    const s = this.src;
    const start = this.pos;
    if (start >= s.length) return { kind: 'eof', text: '', start, end: start };
    const c = s[start]!;
    if ('{}()[]:,'.includes(c)) return this.tok('punct', start, start + 1);
    if (s.startsWith('-inf', start) && !/[A-Za-z0-9-]/.test(s[start + 4] ?? '')) return this.tok('number', start, start + 4);
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = start;
      const m = NUMBER.exec(s);
      if (!m) throw new WaveError(`'${c}' does not start a number`, start);
      let end = start + m[0].length;
      // `007`, `1.`, `12abc`: one bad token rather than two good ones.
      if (/[0-9A-Za-z_.]/.test(s[end] ?? '')) {
        while (/[0-9A-Za-z_.+-]/.test(s[end] ?? '')) end++;
        throw new WaveError(`'${s.slice(start, end)}' is not a number`, start);
      }
      return this.tok('number', start, end);
    }
    if (c === '%' || /[A-Za-z]/.test(c)) {
      // Any word lexes; one that is not a kebab-case label is refused where a label is needed,
      // so `World` for a string says a string was expected.
      let end = start + 1;
      while (/[A-Za-z0-9_%-]/.test(s[end] ?? '')) end++;
      LABEL.lastIndex = start;
      const m = LABEL.exec(s);
      const t = this.tok('label', start, end);
      if (!m || m[0].length !== end - start) t.bad = `'${t.text}' is not a valid label: labels are kebab-case words, each all lowercase or all uppercase (like first-name or HTTP-GET)`;
      return t;
    }
    if (c === '"' && s.startsWith('"""', start)) {
      const close = s.indexOf('"""', start + 3);
      if (close < 0) throw new WaveError('unterminated multiline string: missing closing """', start);
      return this.tok('string', start, close + 3);
    }
    if (c === '"' || c === "'") {
      let i = start + 1;
      while (i < s.length && s[i] !== c) {
        if (s[i] === '\n') {
          throw new WaveError(
            c === '"' ? 'a string cannot span lines: write \\n, or use a """ multiline string' : `unterminated char: missing closing '`,
            i,
          );
        }
        i += s[i] === '\\' ? 2 : 1;
      }
      if (i >= s.length) throw new WaveError(c === '"' ? 'unterminated string: missing closing "' : "unterminated char: missing closing '", start);
      return this.tok(c === '"' ? 'string' : 'char', start, i + 1);
    }
    const cp = String.fromCodePoint(s.codePointAt(start)!);
    throw new WaveError(`unexpected character '${cp}'`, start);
  }
}

function describe(t: Tok): string {
  if (t.kind === 'eof') return 'end of input';
  const text = t.text.length > 24 ? `${t.text.slice(0, 21)}...` : t.text;
  return `'${text}'`;
}

// ---------------------------------------------------------------------------------------------
// Strings and chars
// ---------------------------------------------------------------------------------------------

/** Decodes one escape at `s[i]` (a backslash); returns the text and the escape's length. */
function unescape(s: string, i: number, offset: number): [string, number] {
  const c = s[i + 1];
  switch (c) {
    case '\\':
      return ['\\', 2];
    case "'":
      return ["'", 2];
    case '"':
      return ['"', 2];
    case 't':
      return ['\t', 2];
    case 'n':
      return ['\n', 2];
    case 'r':
      return ['\r', 2];
    case 'u': {
      const m = /^\{([0-9a-fA-F]{1,6})\}/.exec(s.slice(i + 2));
      if (!m) throw new WaveError('invalid unicode escape: write \\u{...} with 1 to 6 hex digits, like \\u{1F600}', offset + i);
      const cp = parseInt(m[1]!, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        throw new WaveError(`\\u{${m[1]}} is not a Unicode scalar value`, offset + i);
      }
      return [String.fromCodePoint(cp), m[0].length + 2];
    }
    default:
      throw new WaveError(
        `invalid escape '\\${c ?? ''}': use \\n, \\t, \\r, \\\\, \\', \\" or \\u{...}`,
        offset + i,
      );
  }
}

function decodeQuoted(body: string, offset: number, quote: string): string {
  let out = '';
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c === '\\') {
      const [text, len] = unescape(body, i, offset);
      out += text;
      i += len;
    } else {
      if (c === quote) throw new WaveError(`escape ${quote} inside a ${quote === '"' ? 'string' : 'char'} as \\${quote}`, offset + i);
      out += c;
      i++;
    }
  }
  return out;
}

function decodeString(t: Tok): string {
  if (t.text.startsWith('"""')) return decodeMultiline(t);
  return decodeQuoted(t.text.slice(1, -1), t.start + 1, '"');
}

function decodeMultiline(t: Tok): string {
  const body = t.text.slice(3, -3);
  const base = t.start + 3;
  const first = body.startsWith('\r\n') ? 2 : body.startsWith('\n') ? 1 : -1;
  if (first < 0) throw new WaveError('the opening """ of a multiline string must end its line', t.start);
  const lines = body.slice(first).split('\n');
  const indent = lines.pop()!;
  if (/[^ ]/.test(indent)) throw new WaveError('the closing """ of a multiline string must be on a line of its own, after spaces only', t.end - 3);
  let pos = base + first;
  const out: string[] = [];
  for (const raw of lines) {
    if (!raw.startsWith(indent) && raw.replace(/\r$/, '') !== '') {
      throw new WaveError('each line of a multiline string must be indented at least as much as the closing """', pos);
    }
    const line = raw.replace(/\r$/, '').slice(indent.length);
    out.push(decodeQuoted(line, pos + indent.length, ''));
    pos += raw.length + 1;
  }
  return out.join('\n');
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

function escapeChar(ch: string, quote: string): string {
  switch (ch) {
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\t':
      return '\\t';
    case '\r':
      return '\\r';
  }
  if (ch === quote) return `\\${quote}`;
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return `\\u{${cp.toString(16)}}`;
  return ch;
}

function quote(s: string, q: '"' | "'"): string {
  let out = q;
  for (const ch of s) out += escapeChar(ch, q);
  return out + q;
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

/** Parses an integer literal for `kind`; throws WaveError with an actionable message. */
function integerValue(text: string, kind: IntegerKind, offset: number): bigint {
  const [min, max] = INTEGER_RANGES[kind];
  const range = `${min}..${max}`;
  if (!/^-?(?:0|[1-9][0-9]*)$/.test(text)) {
    throw new WaveError(`${text} is not a whole number: ${kind} takes integers in ${range}`, offset);
  }
  if (text === '-0' && min === 0n) throw new WaveError(`${kind} takes no sign: write 0`, offset);
  const v = BigInt(text);
  if (v < min || v > max) throw new WaveError(`${text} is out of range for ${kind} (${range})`, offset);
  return v;
}

function floatValue(text: string, kind: 'f32' | 'f64', offset: number): number {
  if (text === 'nan') return NaN;
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  if (!/^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/.test(text)) {
    throw new WaveError(`${text} is not a number: enter a decimal number (like 1.5 or 6.02e23), nan, inf or -inf`, offset);
  }
  const v = Number(text);
  const r = kind === 'f32' ? Math.fround(v) : v;
  if (!Number.isFinite(r)) throw new WaveError(`${text} is out of range for ${kind} (write inf or -inf for infinity)`, offset);
  return r;
}

/** WAVE text of a float: shortest decimal that reads back as the same f32/f64; `nan`, `inf`, `-inf`. */
export function formatFloat(v: number, kind: 'f32' | 'f64' = 'f64'): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-0';
  if (kind === 'f32') {
    const f = Math.fround(v);
    for (let p = 1; p <= 9; p++) {
      const s = f.toPrecision(p);
      if (Math.fround(Number(s)) === f) return String(Number(s));
    }
    return String(f);
  }
  // JS spells large and small numbers `1e+21`, `1.5e-7`: valid WAVE (JSON) numbers.
  return String(v);
}

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

const MAX_DEPTH = 100;

function flattenable(t: WitType): boolean {
  return t.kind !== 'option' && t.kind !== 'result';
}

class WaveParser {
  private depth = 0;
  constructor(readonly lex: Lexer) {}

  private fail(message: string, t: Tok): never {
    throw new WaveError(message, t.start);
  }
  private expectPunct(p: string, what = `'${p}'`): Tok {
    const t = this.lex.next();
    if (t.kind !== 'punct' || t.text !== p) this.fail(`expected ${what}, found ${describe(t)}`, t);
    return t;
  }
  private isPunct(p: string): boolean {
    const t = this.lex.peek();
    return t.kind === 'punct' && t.text === p;
  }

  value(type: WitType): WaveValue {
    if (++this.depth > MAX_DEPTH) this.fail('the value is nested too deeply', this.lex.peek());
    try {
      return this.valueInner(type);
    } finally {
      this.depth--;
    }
  }

  private valueInner(type: WitType): WaveValue {
    const t = this.lex.peek();
    const tn = typeToString(type);
    switch (type.kind) {
      case 'bool': {
        this.lex.next();
        if (t.kind === 'label' && (t.text === 'true' || t.text === 'false')) return { kind: 'bool', value: t.text === 'true' };
        return this.fail(`expected true or false for ${tn}, found ${describe(t)}`, t);
      }
      case 'char': {
        this.lex.next();
        if (t.kind !== 'char') return this.fail(`expected a char in single quotes (like 'a') for ${tn}, found ${describe(t)}`, t);
        const v = decodeQuoted(t.text.slice(1, -1), t.start + 1, "'");
        const n = codePoints(v);
        if (n !== 1) return this.fail(n === 0 ? 'a char cannot be empty' : `a char holds one character, found ${n}: use a string for more`, t);
        return { kind: 'char', value: v };
      }
      case 'string': {
        this.lex.next();
        if (t.kind !== 'string') return this.fail(`expected a string in double quotes for ${tn}, found ${describe(t)}`, t);
        return { kind: 'string', value: decodeString(t) };
      }
      case 'list': {
        this.expectPunct('[', `'[' to start ${tn}`);
        const items: WaveValue[] = [];
        while (!this.isPunct(']')) {
          items.push(this.value(type.element));
          if (!this.isPunct(',')) break;
          this.lex.next();
        }
        this.expectPunct(']', `',' or ']' in ${tn}`);
        return { kind: 'list', items };
      }
      case 'tuple': {
        const open = this.expectPunct('(', `'(' to start ${tn}`);
        const items: WaveValue[] = [];
        while (!this.isPunct(')')) {
          if (items.length === type.elements.length) {
            this.fail(`${tn} takes ${type.elements.length} value${type.elements.length === 1 ? '' : 's'}, found more`, this.lex.peek());
          }
          items.push(this.value(type.elements[items.length]!));
          if (!this.isPunct(',')) break;
          this.lex.next();
        }
        const close = this.lex.peek();
        this.expectPunct(')', `',' or ')' in ${tn}`);
        if (items.length !== type.elements.length) {
          this.fail(`${tn} takes ${type.elements.length} value${type.elements.length === 1 ? '' : 's'}, found ${items.length}`, items.length ? close : open);
        }
        return { kind: 'tuple', items };
      }
      case 'record':
        return this.record(type);
      case 'flags':
        return this.flags(type);
      case 'variant': {
        const { name, at } = this.caseLabel(type.name, 'variant', type.cases.map((c) => c.name));
        const c = type.cases.find((x) => x.name === name)!;
        let value: WaveValue | null = null;
        if (this.isPunct('(')) {
          if (!c.type) this.fail(`case ${name} of ${type.name} takes no payload`, this.lex.peek());
          this.lex.next();
          value = this.value(c.type);
          this.expectPunct(')', `')' after the payload of ${name}`);
        } else if (c.type) this.fail(`case ${name} of ${type.name} needs a payload: ${name}(...)`, at);
        return { kind: 'variant', case: name, value };
      }
      case 'enum': {
        const { name } = this.caseLabel(type.name, 'enum', type.cases);
        return { kind: 'enum', case: name };
      }
      case 'option': {
        if (t.kind === 'label' && t.text === 'none') {
          this.lex.next();
          return { kind: 'option', value: null };
        }
        if (t.kind === 'label' && t.text === 'some') {
          this.lex.next();
          this.expectPunct('(', "'(' after some");
          const value = this.value(type.some);
          this.expectPunct(')', `')' after the value of some(...)`);
          return { kind: 'option', value };
        }
        if (flattenable(type.some)) return { kind: 'option', value: this.value(type.some) };
        return this.fail(`expected some(...) or none for ${tn}, found ${describe(t)}`, t);
      }
      case 'result': {
        if (t.kind === 'label' && (t.text === 'ok' || t.text === 'err')) {
          this.lex.next();
          const ok = t.text === 'ok';
          const payload = ok ? type.ok : type.err;
          let value: WaveValue | null = null;
          if (this.isPunct('(')) {
            if (!payload) this.fail(`${t.text} of ${tn} takes no value: write ${t.text}`, this.lex.peek());
            this.lex.next();
            value = this.value(payload);
            this.expectPunct(')', `')' after the value of ${t.text}(...)`);
          } else if (payload) this.fail(`${t.text} of ${tn} needs a value: ${t.text}(...)`, t);
          return { kind: 'result', ok, value };
        }
        if (type.ok && flattenable(type.ok)) return { kind: 'result', ok: true, value: this.value(type.ok) };
        return this.fail(`expected ok or err(...) for ${tn}, found ${describe(t)}`, t);
      }
      case 'unsupported':
        return this.fail(type.reason, t);
      default: {
        this.lex.next();
        if (isInteger(type.kind)) {
          if (t.kind !== 'number' || t.text === '-inf') return this.fail(`expected an integer for ${tn}, found ${describe(t)}`, t);
          return { kind: 'int', value: integerValue(t.text, type.kind, t.start) };
        }
        if (isFloat(type.kind)) {
          if (t.kind === 'number' || (t.kind === 'label' && (t.text === 'nan' || t.text === 'inf'))) {
            return { kind: 'float', value: floatValue(t.text, type.kind, t.start) };
          }
          return this.fail(`expected a number, nan, inf or -inf for ${tn}, found ${describe(t)}`, t);
        }
        return this.fail(`cannot parse a value of type ${tn}`, t);
      }
    }
  }

  /** A variant or enum case label; a case spelled like a WAVE keyword must be written with `%`. */
  private caseLabel(typeName: string, what: string, cases: readonly string[]): { name: string; at: Tok } {
    const t = this.lex.next();
    if (t.kind !== 'label') this.fail(`expected a case of ${what} ${typeName} (${listNames(cases)}), found ${describe(t)}`, t);
    if (t.bad) this.fail(t.bad, t);
    const escaped = t.text.startsWith('%');
    const name = escaped ? t.text.slice(1) : t.text;
    if (!cases.includes(name)) this.fail(`${typeName} has no case ${name} (cases: ${listNames(cases)})`, t);
    if (!escaped && WAVE_KEYWORDS.has(name)) this.fail(`${name} is a WAVE keyword: write %${name} for the case of ${typeName}`, t);
    return { name, at: t };
  }

  private record(type: Extract<WitType, { kind: 'record' }>): WaveValue {
    const open = this.expectPunct('{', `'{' to start record ${type.name}`);
    const given = new Map<string, WaveValue>();
    if (this.isPunct(':')) {
      this.lex.next();
      this.expectPunct('}', "'}' after '{:'");
    } else if (this.isPunct('}')) {
      const t = this.lex.peek();
      const required = type.fields.filter((f) => f.type.kind !== 'option');
      this.fail(
        required.length ? `missing field ${required[0]!.name} of record ${type.name}` : `an empty record is written {:} ({} is empty flags)`,
        t,
      );
    } else {
      for (;;) {
        const t = this.lex.next();
        if (t.kind !== 'label') this.fail(`expected a record field name, found ${describe(t)}`, t);
        if (t.bad) this.fail(t.bad, t);
        const name = t.text.replace(/^%/, '');
        const field = type.fields.find((f) => f.name === name);
        if (!field) this.fail(`record ${type.name} has no field ${name} (fields: ${listNames(type.fields.map((f) => f.name))})`, t);
        if (given.has(name)) this.fail(`field ${name} is given twice`, t);
        this.expectPunct(':', `':' after field name ${name}`);
        given.set(name, this.value(field.type));
        if (this.isPunct(',')) this.lex.next();
        else break;
        if (this.isPunct('}')) break;
      }
      this.expectPunct('}', `',' or '}' in record ${type.name}`);
    }
    const fields = type.fields.map((f) => {
      const v = given.get(f.name);
      if (v) return { name: f.name, value: v };
      if (f.type.kind === 'option') return { name: f.name, value: { kind: 'option', value: null } as WaveValue };
      return this.fail(`missing field ${f.name} of record ${type.name}`, open);
    });
    return { kind: 'record', fields };
  }

  private flags(type: Extract<WitType, { kind: 'flags' }>): WaveValue {
    this.expectPunct('{', `'{' to start flags ${type.name}`);
    const set = new Set<string>();
    while (!this.isPunct('}')) {
      const t = this.lex.next();
      if (t.kind !== 'label') this.fail(`expected a flag of ${type.name} (${listNames(type.flags)}), found ${describe(t)}`, t);
      if (t.bad) this.fail(t.bad, t);
      const name = t.text.replace(/^%/, '');
      if (!type.flags.includes(name)) this.fail(`${type.name} has no flag ${name} (flags: ${listNames(type.flags)})`, t);
      if (set.has(name)) this.fail(`flag ${name} is given twice`, t);
      set.add(name);
      if (!this.isPunct(',')) break;
      this.lex.next();
    }
    this.expectPunct('}', `',' or '}' in flags ${type.name}`);
    return { kind: 'flags', flags: type.flags.filter((f) => set.has(f)) };
  }

  end(): void {
    const t = this.lex.peek();
    if (t.kind !== 'eof') this.fail(`unexpected ${describe(t)} after the value`, t);
  }
}

function listNames(names: readonly string[]): string {
  return names.length > 8 ? `${names.slice(0, 8).join(', ')}, ...` : names.join(', ');
}

function attempt<T>(f: () => T): { ok: true; value: T } | { ok: false; error: string; offset: number } {
  try {
    return { ok: true, value: f() };
  } catch (err) {
    if (err instanceof WaveError) return { ok: false, error: err.message, offset: err.offset };
    throw err;
  }
}

/** Parses WAVE text as a value of `type`. Errors carry the UTF-16 offset of the problem. */
export function parseWave(text: string, type: WitType): WaveParseResult {
  return attempt(() => {
    const p = new WaveParser(new Lexer(text));
    const v = p.value(type);
    p.end();
    return v;
  });
}

export type ArgsParseResult =
  | { ok: true; values: WaveValue[] }
  | { ok: false; error: string; /** Index of the argument text at fault (-1: the count). */ arg: number; offset: number };

/**
 * The CLI's `call <file> <export> [ARGS…]`: one WAVE text per parameter. Trailing `option`
 * parameters may be left out (they are `none`), as in WAVE's function-call encoding.
 */
export function parseArgs(texts: readonly string[], fn: WitFunction): ArgsParseResult {
  const values: WaveValue[] = [];
  const usage = `${fn.name} takes ${fn.params.length} argument${fn.params.length === 1 ? '' : 's'}${fn.params.length ? ` (${fn.params.map((p) => `${p.name}: ${typeToString(p.type)}`).join(', ')})` : ''}`;
  if (texts.length > fn.params.length) return { ok: false, error: `${usage}, got ${texts.length}`, arg: -1, offset: 0 };
  for (let i = 0; i < fn.params.length; i++) {
    const p = fn.params[i]!;
    const text = texts[i];
    if (text === undefined) {
      if (p.type.kind === 'option') {
        values.push({ kind: 'option', value: null });
        continue;
      }
      return { ok: false, error: `missing argument ${p.name} (${typeToString(p.type)}): ${usage}`, arg: -1, offset: 0 };
    }
    const r = parseWave(text, p.type);
    if (!r.ok) return { ok: false, error: `argument ${p.name}: ${r.error}`, arg: i, offset: r.offset };
    values.push(r.value);
  }
  return { ok: true, values };
}

/**
 * The text mode of a call form: the arguments as one comma-separated WAVE list, as between the
 * parentheses of `f(...)` (trailing `option` arguments may be left out).
 */
export function parseArgList(text: string, fn: WitFunction): ArgListParseResult {
  const r = attempt(() => {
    const lex = new Lexer(text);
    const p = new WaveParser(lex);
    const values: WaveValue[] = [];
    for (const param of fn.params) {
      if (lex.peek().kind === 'eof') {
        if (param.type.kind === 'option') {
          values.push({ kind: 'option', value: null });
          continue;
        }
        throw new WaveError(`missing argument ${param.name} (${typeToString(param.type)})`, text.length);
      }
      if (values.length) {
        const t = lex.next();
        if (t.kind !== 'punct' || t.text !== ',') throw new WaveError(`expected ',' before argument ${param.name}, found ${describe(t)}`, t.start);
        if (lex.peek().kind === 'eof') {
          if (param.type.kind === 'option') {
            values.push({ kind: 'option', value: null });
            continue;
          }
          throw new WaveError(`missing argument ${param.name} (${typeToString(param.type)})`, text.length);
        }
      }
      values.push(p.value(param.type));
    }
    const t = lex.peek();
    if (t.kind === 'punct' && t.text === ',') lex.next();
    const rest = lex.peek();
    if (rest.kind !== 'eof') {
      throw new WaveError(`${fn.name} takes ${fn.params.length} argument${fn.params.length === 1 ? '' : 's'}: unexpected ${describe(rest)}`, rest.start);
    }
    return values;
  });
  return r.ok ? { ok: true, values: r.value } : r;
}

export type ArgListParseResult = { ok: true; values: WaveValue[] } | { ok: false; error: string; offset: number };

// ---------------------------------------------------------------------------------------------
// Printer
// ---------------------------------------------------------------------------------------------

function label(name: string): string {
  return WAVE_KEYWORDS.has(name) ? `%${name}` : name;
}

function mismatch(value: WaveValue, type: WitType): never {
  throw new TypeError(`a ${value.kind} value does not fit type ${typeToString(type)}`);
}

/** WAVE text of a value (canonical form: like wasm-wave's writer). */
export function printWave(value: WaveValue, type: WitType): string {
  switch (type.kind) {
    case 'bool':
      if (value.kind !== 'bool') mismatch(value, type);
      return value.value ? 'true' : 'false';
    case 'char':
      if (value.kind !== 'char') mismatch(value, type);
      return quote(value.value, "'");
    case 'string':
      if (value.kind !== 'string') mismatch(value, type);
      return quote(value.value, '"');
    case 'list':
      if (value.kind !== 'list') mismatch(value, type);
      return `[${value.items.map((v) => printWave(v, type.element)).join(', ')}]`;
    case 'tuple':
      if (value.kind !== 'tuple') mismatch(value, type);
      return `(${value.items.map((v, i) => printWave(v, type.elements[i]!)).join(', ')})`;
    case 'record': {
      if (value.kind !== 'record') mismatch(value, type);
      const parts: string[] = [];
      for (const f of type.fields) {
        const v = value.fields.find((x) => x.name === f.name)?.value;
        if (!v || (v.kind === 'option' && v.value === null)) continue;
        parts.push(`${f.name}: ${printWave(v, f.type)}`);
      }
      return parts.length ? `{${parts.join(', ')}}` : '{:}';
    }
    case 'variant': {
      if (value.kind !== 'variant') mismatch(value, type);
      const c = type.cases.find((x) => x.name === value.case);
      if (!c) throw new TypeError(`${type.name} has no case ${value.case}`);
      return c.type && value.value ? `${label(c.name)}(${printWave(value.value, c.type)})` : label(c.name);
    }
    case 'enum':
      if (value.kind !== 'enum') mismatch(value, type);
      return label(value.case);
    case 'flags':
      if (value.kind !== 'flags') mismatch(value, type);
      return `{${type.flags.filter((f) => value.flags.includes(f)).join(', ')}}`;
    case 'option':
      if (value.kind !== 'option') mismatch(value, type);
      return value.value === null ? 'none' : `some(${printWave(value.value, type.some)})`;
    case 'result': {
      if (value.kind !== 'result') mismatch(value, type);
      const payload = value.ok ? type.ok : type.err;
      const word = value.ok ? 'ok' : 'err';
      return payload && value.value ? `${word}(${printWave(value.value, payload)})` : word;
    }
    case 'unsupported':
      throw new TypeError(type.reason);
    default:
      if (isInteger(type.kind)) {
        if (value.kind !== 'int') mismatch(value, type);
        return value.value.toString();
      }
      if (value.kind !== 'float') mismatch(value, type);
      return formatFloat(value.value, type.kind as 'f32' | 'f64');
  }
}

/** `name(arg, …)`: the call as wasmtime's `--invoke` takes it. */
export function printCall(fn: WitFunction, values: readonly WaveValue[]): string {
  return `${fn.name}(${values.map((v, i) => printWave(v, fn.params[i]!.type)).join(', ')})`;
}

// ---------------------------------------------------------------------------------------------
// JS values as jco's glue takes and returns them
// ---------------------------------------------------------------------------------------------
//
// Confirmed against the glue of jco 1.35 (`instantiation: 'async'`):
// - s8..u32, f32, f64: number; s64, u64: bigint (numbers are accepted on the way in).
// - char, string: string. bool: boolean.
// - list<T>: Array, except numeric element types, which come back as typed arrays
//   (list<u8> Uint8Array, list<s32> Int32Array, list<u64> BigUint64Array, list<f32> Float32Array…);
//   plain arrays are accepted on the way in.
// - tuple: Array. record: object with camelCase keys (an option field that is none: undefined).
// - variant: { tag: 'case-name', val } with the WIT case name as is; no `val` without payload.
// - enum: the WIT case name as is ('green-blue'). flags: object of booleans, camelCase keys.
// - option<T>: T or undefined, unless T is itself an option represented as T-or-undefined:
//   then { tag: 'none' } / { tag: 'some', val }. So option<option<u32>> is
//   {tag:'none'} | {tag:'some', val: u32 | undefined}; option<option<option<u8>>> is
//   undefined | {tag:'none'} | {tag:'some', val: u8 | undefined}.
// - result<T, E>: { tag: 'ok' | 'err', val }, except as the return value of an exported
//   function: the call returns T, or throws a ComponentError whose `payload` is E (see fromJsReturn).

const TYPED_ARRAYS: Partial<Record<string, new (items: ArrayLike<number> & ArrayLike<bigint>) => unknown>> = {
  u8: Uint8Array as never,
  s8: Int8Array as never,
  u16: Uint16Array as never,
  s16: Int16Array as never,
  u32: Uint32Array as never,
  s32: Int32Array as never,
  u64: BigUint64Array as never,
  s64: BigInt64Array as never,
  f32: Float32Array as never,
  f64: Float64Array as never,
};

/** Whether jco represents this option as `T | undefined` (else as `{ tag: 'none' | 'some' }`). */
export function isNullableOption(type: WitType): boolean {
  return type.kind === 'option' && !isNullableOption(type.some);
}

/** The JS value jco's glue expects for `value` of `type`. */
export function toJs(value: WaveValue, type: WitType): unknown {
  switch (type.kind) {
    case 'list': {
      if (value.kind !== 'list') mismatch(value, type);
      const items = value.items.map((v) => toJs(v, type.element));
      const Typed = TYPED_ARRAYS[type.element.kind];
      return Typed ? new Typed(items as never) : items;
    }
    case 'tuple':
      if (value.kind !== 'tuple') mismatch(value, type);
      return value.items.map((v, i) => toJs(v, type.elements[i]!));
    case 'record': {
      if (value.kind !== 'record') mismatch(value, type);
      const out: Record<string, unknown> = {};
      for (const f of type.fields) {
        const v = value.fields.find((x) => x.name === f.name)?.value;
        if (!v) throw new TypeError(`record ${type.name} value lacks field ${f.name}`);
        out[camelCase(f.name)] = toJs(v, f.type);
      }
      return out;
    }
    case 'variant': {
      if (value.kind !== 'variant') mismatch(value, type);
      const c = type.cases.find((x) => x.name === value.case);
      if (!c) throw new TypeError(`${type.name} has no case ${value.case}`);
      return c.type && value.value ? { tag: c.name, val: toJs(value.value, c.type) } : { tag: c.name };
    }
    case 'enum':
      if (value.kind !== 'enum') mismatch(value, type);
      return value.case;
    case 'flags': {
      if (value.kind !== 'flags') mismatch(value, type);
      return Object.fromEntries(type.flags.map((f) => [camelCase(f), value.flags.includes(f)]));
    }
    case 'option': {
      if (value.kind !== 'option') mismatch(value, type);
      const inner = value.value === null ? undefined : toJs(value.value, type.some);
      if (isNullableOption(type)) return inner;
      return value.value === null ? { tag: 'none' } : { tag: 'some', val: inner };
    }
    case 'result': {
      if (value.kind !== 'result') mismatch(value, type);
      const payload = value.ok ? type.ok : type.err;
      return { tag: value.ok ? 'ok' : 'err', val: payload && value.value ? toJs(value.value, payload) : undefined };
    }
    case 'unsupported':
      throw new TypeError(type.reason);
    case 'bool':
    case 'char':
    case 'string':
      if (value.kind !== type.kind) mismatch(value, type);
      return value.value;
    case 'u64':
    case 's64':
      if (value.kind !== 'int') mismatch(value, type);
      return value.value;
    default:
      if (value.kind === 'int') return Number(value.value);
      if (value.kind === 'float') return value.value;
      return mismatch(value, type);
  }
}

/** The arguments of a call, as jco's glue takes them. */
export function toJsArgs(values: readonly WaveValue[], fn: WitFunction): unknown[] {
  return fn.params.map((p, i) => toJs(values[i]!, p.type));
}

export class JsValueError extends TypeError {
  constructor(
    message: string,
    /** Where in the value, e.g. `.home.x` or `[2]`. */
    readonly path: string,
  ) {
    super(path ? `at ${path}: ${message}` : message);
  }
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  return typeof v;
}

/** The value a JS value (as jco's glue returns it) stands for; throws JsValueError when it does not fit. */
export function fromJs(js: unknown, type: WitType, path = ''): WaveValue {
  const bad = (what: string): never => {
    throw new JsValueError(`expected ${what} for ${typeToString(type)}, got ${kindOf(js)}${typeof js === 'string' ? ` "${js}"` : ''}`, path);
  };
  switch (type.kind) {
    case 'bool':
      return typeof js === 'boolean' ? { kind: 'bool', value: js } : bad('a boolean');
    case 'char': {
      if (typeof js !== 'string') return bad('a one-character string');
      if (codePoints(js) !== 1 || hasLoneSurrogate(js)) throw new JsValueError(`a char must be one Unicode scalar value, got "${js}"`, path);
      return { kind: 'char', value: js };
    }
    case 'string':
      return typeof js === 'string' ? { kind: 'string', value: js } : bad('a string');
    case 'list': {
      if (!Array.isArray(js) && !(ArrayBuffer.isView(js) && !(js instanceof DataView))) return bad('an array');
      const items = Array.from(js as ArrayLike<unknown>, (v, i) => fromJs(v, type.element, `${path}[${i}]`));
      return { kind: 'list', items };
    }
    case 'tuple': {
      if (!Array.isArray(js)) return bad('an array');
      if (js.length !== type.elements.length) throw new JsValueError(`${typeToString(type)} needs ${type.elements.length} elements, got ${js.length}`, path);
      return { kind: 'tuple', items: js.map((v, i) => fromJs(v, type.elements[i]!, `${path}[${i}]`)) };
    }
    case 'record': {
      if (typeof js !== 'object' || js === null || Array.isArray(js)) return bad('an object');
      const o = js as Record<string, unknown>;
      return {
        kind: 'record',
        fields: type.fields.map((f) => ({ name: f.name, value: fromJs(o[camelCase(f.name)], f.type, `${path}.${camelCase(f.name)}`) })),
      };
    }
    case 'variant': {
      if (typeof js !== 'object' || js === null || typeof (js as { tag?: unknown }).tag !== 'string') return bad('an object { tag, val }');
      const { tag, val } = js as { tag: string; val?: unknown };
      const c = type.cases.find((x) => x.name === tag);
      if (!c) throw new JsValueError(`${type.name} has no case "${tag}" (cases: ${listNames(type.cases.map((x) => x.name))})`, path);
      return { kind: 'variant', case: c.name, value: c.type ? fromJs(val, c.type, `${path}.val`) : null };
    }
    case 'enum': {
      if (typeof js !== 'string') return bad('a case name');
      if (!type.cases.includes(js)) throw new JsValueError(`${type.name} has no case "${js}" (cases: ${listNames(type.cases)})`, path);
      return { kind: 'enum', case: js };
    }
    case 'flags': {
      if (typeof js !== 'object' || js === null || Array.isArray(js)) return bad('an object of booleans');
      const o = js as Record<string, unknown>;
      return { kind: 'flags', flags: type.flags.filter((f) => Boolean(o[camelCase(f)])) };
    }
    case 'option': {
      if (isNullableOption(type)) {
        return js === undefined || js === null ? { kind: 'option', value: null } : { kind: 'option', value: fromJs(js, type.some, path) };
      }
      const tag = typeof js === 'object' && js !== null ? (js as { tag?: unknown }).tag : undefined;
      if (tag === 'none') return { kind: 'option', value: null };
      if (tag === 'some') return { kind: 'option', value: fromJs((js as { val?: unknown }).val, type.some, `${path}.val`) };
      return bad("{ tag: 'none' } or { tag: 'some', val }");
    }
    case 'result': {
      const tag = typeof js === 'object' && js !== null ? (js as { tag?: unknown }).tag : undefined;
      if (tag !== 'ok' && tag !== 'err') return bad("{ tag: 'ok' | 'err', val }");
      const payload = tag === 'ok' ? type.ok : type.err;
      const val = (js as { val?: unknown }).val;
      return { kind: 'result', ok: tag === 'ok', value: payload ? fromJs(val, payload, `${path}.val`) : null };
    }
    case 'unsupported':
      throw new JsValueError(type.reason, path);
    default: {
      if (isInteger(type.kind)) {
        let v: bigint;
        if (typeof js === 'bigint') v = js;
        else if (typeof js === 'number' && Number.isInteger(js)) v = BigInt(js);
        else return bad('an integer');
        const [min, max] = INTEGER_RANGES[type.kind];
        if (v < min || v > max) throw new JsValueError(`${v} is out of range for ${type.kind} (${min}..${max})`, path);
        return { kind: 'int', value: v };
      }
      if (typeof js !== 'number') return bad('a number');
      return { kind: 'float', value: type.kind === 'f32' ? Math.fround(js) : js };
    }
  }
}

/**
 * The result of a call through jco's glue: what it returned, or what it threw. For a function
 * returning `result<T, E>`, jco returns T for ok and throws a ComponentError with `payload` E
 * for err; this turns both back into a result value. Anything else thrown (a trap) is rethrown.
 */
export function fromJsReturn(outcome: { returned: unknown } | { thrown: unknown }, fn: WitFunction): WaveValue | null {
  const type = fn.result;
  if ('thrown' in outcome) {
    const e = outcome.thrown;
    if (type?.kind === 'result' && typeof e === 'object' && e !== null && 'payload' in e) {
      const payload = (e as { payload: unknown }).payload;
      return { kind: 'result', ok: false, value: type.err ? fromJs(payload, type.err, '.payload') : null };
    }
    throw e;
  }
  if (!type) return null;
  if (type.kind === 'result') {
    return { kind: 'result', ok: true, value: type.ok ? fromJs(outcome.returned, type.ok) : null };
  }
  return fromJs(outcome.returned, type);
}

/** Calls `f` (a function from jco's glue) with the values and returns the result as a value. */
export async function callWithValues(f: (...args: unknown[]) => unknown, fn: WitFunction, values: readonly WaveValue[]): Promise<WaveValue | null> {
  let outcome: { returned: unknown } | { thrown: unknown };
  try {
    outcome = { returned: await f(...toJsArgs(values, fn)) };
  } catch (thrown) {
    outcome = { thrown };
  }
  return fromJsReturn(outcome, fn);
}

/** Exposed for the form model: validates one integer or float literal. */
export function parseNumberText(text: string, kind: IntegerKind | 'f32' | 'f64'): { ok: true; value: WaveValue } | { ok: false; error: string } {
  const r = attempt(() =>
    isInteger(kind) ? ({ kind: 'int', value: integerValue(text, kind, 0) } as WaveValue) : ({ kind: 'float', value: floatValue(text, kind, 0) } as WaveValue),
  );
  return r.ok ? r : { ok: false, error: r.error };
}

/** Exposed for the form model: decodes `\n`, `\u{…}` and other WAVE escapes in raw text. */
export function decodeEscapes(text: string): { ok: true; value: string } | { ok: false; error: string } {
  const r = attempt(() => decodeQuoted(text, 0, ''));
  return r.ok ? r : { ok: false, error: r.error };
}
