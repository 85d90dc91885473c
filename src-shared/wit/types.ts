// The WIT type model used by call forms, WAVE text and the inspector. Types are fully resolved:
// named types keep their WIT name (`name`) but carry their structure, aliases are followed.

export type IntegerKind = 's8' | 's16' | 's32' | 's64' | 'u8' | 'u16' | 'u32' | 'u64';
export type FloatKind = 'f32' | 'f64';
export type PrimitiveKind = 'bool' | IntegerKind | FloatKind | 'char' | 'string';

export interface WitPrimitive {
  kind: PrimitiveKind;
  /** Set when this type was reached through a `type x = ...` alias. */
  name?: string;
}
export interface WitList {
  kind: 'list';
  element: WitType;
  name?: string;
}
export interface WitOption {
  kind: 'option';
  some: WitType;
  name?: string;
}
export interface WitResult {
  kind: 'result';
  ok: WitType | null;
  err: WitType | null;
  name?: string;
}
export interface WitTuple {
  kind: 'tuple';
  elements: WitType[];
  name?: string;
}
export interface WitRecord {
  kind: 'record';
  name: string;
  fields: { name: string; type: WitType }[];
}
export interface WitVariant {
  kind: 'variant';
  name: string;
  cases: { name: string; type: WitType | null }[];
}
export interface WitEnum {
  kind: 'enum';
  name: string;
  cases: string[];
}
export interface WitFlags {
  kind: 'flags';
  name: string;
  flags: string[];
}
/**
 * A type the studio cannot pass yet: resources and handles (`own`, `borrow`), `future`,
 * `stream`, `error-context`, or a name the WIT text does not define (a foreign package that
 * was not provided).
 */
export interface WitUnsupported {
  kind: 'unsupported';
  /** `resource`, `own`, `borrow`, `future`, `stream`, `error-context`, `map` or `unresolved`. */
  what: 'resource' | 'own' | 'borrow' | 'future' | 'stream' | 'error-context' | 'map' | 'unresolved';
  name?: string;
  reason: string;
}

export type WitType =
  | WitPrimitive
  | WitList
  | WitOption
  | WitResult
  | WitTuple
  | WitRecord
  | WitVariant
  | WitEnum
  | WitFlags
  | WitUnsupported;

export interface WitParam {
  name: string;
  type: WitType;
}

export interface WitFunction {
  /** The WIT name, e.g. `echo-point`. */
  name: string;
  /** The name jco's glue gives it, e.g. `echoPoint`. */
  jsName: string;
  params: WitParam[];
  result: WitType | null;
  /** `async func`: jco's glue returns a promise. */
  async?: boolean;
  /** Set when a parameter or the result cannot be passed from the studio yet; the first reason. */
  unsupported?: string;
}

export interface WitInterfaceExport {
  /** As exported: `api` (inline), `test:pkg/api@0.1.0` (qualified) or `api` (same package). */
  name: string;
  /** The key jco's glue exports it under (camelCase of the interface name), e.g. `api`, `run`. */
  jsName: string;
  functions: WitFunction[];
  /** Set when the interface's definition is not in the WIT text (a foreign package). */
  unresolved?: string;
}

export interface WitWorldExports {
  world: string;
  functions: WitFunction[];
  interfaces: WitInterfaceExport[];
}

/** Why a resource (or an `own`/`borrow` handle) has no form field yet. */
export const RESOURCE_REASON = 'resource types cannot be passed from the studio yet';

export const INTEGER_RANGES: Readonly<Record<IntegerKind, readonly [bigint, bigint]>> = {
  s8: [-128n, 127n],
  s16: [-32768n, 32767n],
  s32: [-2147483648n, 2147483647n],
  s64: [-9223372036854775808n, 9223372036854775807n],
  u8: [0n, 255n],
  u16: [0n, 65535n],
  u32: [0n, 4294967295n],
  u64: [0n, 18446744073709551615n],
};

export function isInteger(kind: string): kind is IntegerKind {
  return kind in INTEGER_RANGES;
}

export function isFloat(kind: string): kind is FloatKind {
  return kind === 'f32' || kind === 'f64';
}

/** jco's JS name for a WIT label (heck's lower camel case): `first-name` -> `firstName`, `HTTP-GET` -> `httpGet`. */
export function camelCase(label: string): string {
  return label
    .split('-')
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
}

/** The first reason a value of this type cannot be built by the studio, or undefined when it can. */
export function unsupportedReason(type: WitType, seen: Set<WitType> = new Set()): string | undefined {
  if (seen.has(type)) return undefined;
  seen.add(type);
  switch (type.kind) {
    case 'unsupported':
      return type.reason;
    case 'list':
      return unsupportedReason(type.element, seen);
    case 'option':
      return unsupportedReason(type.some, seen);
    case 'result':
      return (type.ok && unsupportedReason(type.ok, seen)) ?? (type.err ? unsupportedReason(type.err, seen) : undefined);
    case 'tuple':
      for (const e of type.elements) {
        const r = unsupportedReason(e, seen);
        if (r) return r;
      }
      return undefined;
    case 'record':
      for (const f of type.fields) {
        const r = unsupportedReason(f.type, seen);
        if (r) return r;
      }
      return undefined;
    case 'variant':
      for (const c of type.cases) {
        const r = c.type ? unsupportedReason(c.type, seen) : undefined;
        if (r) return r;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** WIT spelling of a type: its name when named, else its structure (`list<option<u8>>`). */
export function typeToString(type: WitType): string {
  if (type.kind === 'unsupported' && (type.what === 'own' || type.what === 'borrow')) return `${type.what}<${type.name}>`;
  if ('name' in type && type.name) return type.name;
  switch (type.kind) {
    case 'list':
      return `list<${typeToString(type.element)}>`;
    case 'option':
      return `option<${typeToString(type.some)}>`;
    case 'result':
      if (!type.ok && !type.err) return 'result';
      if (!type.err) return `result<${typeToString(type.ok!)}>`;
      return `result<${type.ok ? typeToString(type.ok) : '_'}, ${typeToString(type.err)}>`;
    case 'tuple':
      return `tuple<${type.elements.map(typeToString).join(', ')}>`;
    case 'unsupported':
      return type.what;
    default:
      return type.kind;
  }
}
