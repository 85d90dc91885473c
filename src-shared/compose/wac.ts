/**
 * The composition as wac (bytecodealliance/wac) would build it into one binary: a WAC document
 * for `wac compose`, and the `wac plug` command line where the composition is that simple. The
 * studio itself links at instantiation; these are for taking a composition elsewhere.
 *
 * Instantiation arguments and exports are named by string (`"docs:compose/words@0.1.0":
 * lib["docs:compose/words@0.1.0"]`), which WAC takes exactly as written; its shorter kebab form
 * (`words: lib.words`) is resolved by inference rules that depend on the other imports.
 */

import type { LinkPlan } from '../protocol/composition';

export interface WacOptions {
  /** The document's own package name. */
  package?: string;
  /** The namespace each member's package is given (`studio` -> `new studio:lib { … }`). */
  namespace?: string;
}

// WAC's keywords: a local name spelled like one is written with WIT's `%` escape.
const KEYWORDS = new Set(
  ('import with type tuple list option result borrow resource variant record flags enum func static constructor ' +
    'u8 s8 u16 s16 u32 s32 u64 s64 f32 f64 char bool string interface world export new let use include as package targets').split(' '),
);

/**
 * A member's name as a WIT identifier (words of lowercase letters and digits joined by `-`, each
 * starting with a letter): `wordCount` and `word_count` are `word-count`.
 */
export function witId(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const out: string[] = [];
  // A word may not start with a digit: it joins the word before it.
  for (const w of words) {
    if (/^\d/.test(w) && out.length) out[out.length - 1] += w;
    else out.push(/^\d/.test(w) ? `m${w}` : w);
  }
  return out.join('-') || 'member';
}

/** Each member's local name and package name in the document, distinct even where two names map to one id. */
function namesOf(plan: LinkPlan, namespace: string): Map<string, { local: string; pkg: string }> {
  const out = new Map<string, { local: string; pkg: string }>();
  const taken = new Set<string>();
  for (const member of plan.order) {
    let id = witId(member);
    for (let n = 2; taken.has(id); n++) id = `${witId(member)}${n}`;
    taken.add(id);
    out.set(member, { local: KEYWORDS.has(id) ? `%${id}` : id, pkg: `${namespace}:${id}` });
  }
  return out;
}

/** The WAC document that composes the plan's members as the plan wires them, exporting what the root exports. */
export function wacDocument(plan: LinkPlan, options: WacOptions = {}): string {
  const names = namesOf(plan, options.namespace ?? 'studio');
  // Imports the plan does not wire are left to the composed component's host (`...`).
  const open = new Set([...plan.host.map((h) => h.member), ...plan.problems.filter((p) => p.kind === 'unsatisfied' || p.kind === 'ambiguous').map((p) => p.members[0]!)]);
  const lines = [`package ${options.package ?? 'studio:composition'};`, ''];
  if (plan.problems.length) {
    lines.push('// The studio found problems in this composition; wac will refuse it as it stands:');
    // One line each: a message is never let out of its comment.
    for (const p of plan.problems) lines.push(`// - ${p.message.replace(/[\r\n\u2028\u2029]+/g, ' ')}`);
    lines.push('');
  }
  for (const member of plan.order) {
    const { local, pkg } = names.get(member)!;
    const args = plan.wires
      .filter((w) => w.to === member)
      .map((w) => `${JSON.stringify(w.import)}: ${names.get(w.from)!.local}[${JSON.stringify(w.export)}]`);
    // `...` comes last, after a comma and with none after it (WAC's grammar).
    const rest = open.has(member) ? '  ...\n' : '';
    if (!args.length) lines.push(`let ${local} = new ${pkg} {${rest ? ' ... ' : ''}};`);
    else lines.push(`let ${local} = new ${pkg} {\n${args.map((a) => `  ${a},\n`).join('')}${rest}};`);
  }
  lines.push('', `export ${names.get(plan.root)!.local}...;`, '');
  return lines.join('\n');
}

/** A path as one shell word. */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A member's file; one whose name starts with `-` is given a `./` so that wac cannot read it as an option. */
const fileOf = (files: Readonly<Record<string, string>>, member: string) => {
  const file = files[member] ?? `${member}.wasm`;
  return file.startsWith('-') ? `./${file}` : file;
};

/**
 * `wac plug ROOT --plug LIB… -o OUT`, or null where plug cannot make the composition: it fills
 * only the root's imports, from its plugs' exports of exactly the same name, so every other
 * member must be a plug wired into the root alone, with no version difference on any wire.
 */
export function wacPlugCommand(plan: LinkPlan, files: Readonly<Record<string, string>> = {}, output = 'composed.wasm'): string | null {
  if (plan.problems.length) return null;
  const plugs = plan.order.filter((m) => m !== plan.root);
  const simple =
    plan.wires.every((w) => w.to === plan.root && w.import === w.export) &&
    plugs.every((m) => plan.wires.some((w) => w.from === m)) &&
    // plug names each plug's package after its file name: two files of one name would be told apart only by an index.
    new Set(plugs.map((m) => baseName(fileOf(files, m)))).size === plugs.length;
  if (!simple || !plugs.length) return null;
  return ['wac plug', shellWord(fileOf(files, plan.root)), ...plugs.map((m) => `--plug ${shellWord(fileOf(files, m))}`), `-o ${shellWord(output)}`].join(' ');
}

const baseName = (path: string) => path.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');

/** `wac compose --dep NS:MEMBER=FILE… -o OUT DOCUMENT`: the document (wacDocument, saved as `document`) made into one binary. */
export function wacComposeCommand(
  plan: LinkPlan,
  files: Readonly<Record<string, string>> = {},
  options: WacOptions & { document?: string; output?: string } = {},
): string {
  const names = namesOf(plan, options.namespace ?? 'studio');
  const deps = plan.order.map((m) => `--dep ${shellWord(`${names.get(m)!.pkg}=${fileOf(files, m)}`)}`);
  return ['wac compose', ...deps, `-o ${shellWord(options.output ?? 'composed.wasm')}`, shellWord(options.document ?? 'composition.wac')].join(' ');
}
