import { existsSync } from 'node:fs';
import { capabilityRows } from '../../src-shared/capabilities/catalog';
import { denyAll } from '../../src-shared/capabilities/policy';
import { worldItems, worldName } from '../../src-shared/wit/world-items';
import { DEFAULT_LIMITS } from '../../src-shared/protocol/project';
import { MAX_WASM_HELP, maxWasmFlag, parse, UsageError } from './args';
import { readingComponent } from '../host/jco-errors';
import { jco } from '../jco';
import { asUsageError, readWasm } from './targets';
import { compositionReport, printComposition, type CompositionReport } from './inspect-links';
import { memberFiles, type MemberFile } from './links';

export const inspectHelp = `Usage: component-studio inspect <FILE.wasm> [--link FILE.wasm]... [--max-wasm MIB] [--json]

Shows a component's world (imports and exports), the capabilities it asks for, its core modules
with their sizes, and the tools that produced it. A wasip1 core module is adapted first.
With --link: how run and call would link the files (wires, host imports, problems; exit 2 when
there are problems), and the WAC document and wac command that would make one binary of them.
  --link FILE.wasm             a library component linked to this one (repeatable; see run --help)
${MAX_WASM_HELP}`;

interface Inspection {
  file: string;
  size: number;
  adapted: boolean;
  world: string;
  imports: string[];
  exports: string[];
  capabilities: { capability: string; interfaces: string[] }[];
  coreModules: { name: string | null; size: number; producers: string[] }[];
  producers: string[];
  /** With --link. */
  composition?: CompositionReport;
}

type Meta = { name?: string; metaType: { tag: string }; range: [number, number]; producers: [string, [string, string][]][] };

export async function inspectCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' }, 'max-wasm': { type: 'string' }, link: { type: 'string', multiple: true } });
  if (values.help) {
    console.log(inspectHelp);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('inspect takes exactly one .wasm file');
  const file = positionals[0]!;
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const maxWasmMiB = maxWasmFlag(values['max-wasm']) ?? DEFAULT_LIMITS.maxWasmMiB;
  const { bytes, adapted } = await readWasm(file, maxWasmMiB);
  const { componentWit, metadataShow } = await jco();
  const { wit, meta } = await asUsageError(
    readingComponent(async () => ({ wit: await componentWit(bytes), meta: (await metadataShow(bytes)) as Meta[] })),
  );
  const links = values.link ?? [];
  let composition: CompositionReport | undefined;
  if (links.length) {
    const members: (MemberFile & { wit: string })[] = [];
    for (const m of memberFiles(file, links)) {
      const own = m.file === file ? wit : await asUsageError(readingComponent(async () => componentWit((await readWasm(m.file, maxWasmMiB)).bytes)));
      members.push({ ...m, wit: own });
    }
    composition = compositionReport(members);
  }
  const imports = worldItems(wit, 'import');
  const producersOf = (m: Meta) => m.producers.flatMap(([field, tools]) => tools.map(([name, version]) => `${field}: ${name}${version ? ' ' + version : ''}`));
  const result: Inspection = {
    file,
    size: bytes.length,
    adapted,
    world: worldName(wit) ?? '(unknown)',
    imports,
    exports: worldItems(wit, 'export'),
    capabilities: capabilityRows(imports, denyAll())
      .filter((r) => r.asked.length)
      .map((r) => ({ capability: r.capability.label, interfaces: r.asked })),
    coreModules: meta.filter((m) => m.metaType.tag === 'module').map((m) => ({ name: m.name ?? null, size: m.range[1] - m.range[0], producers: producersOf(m) })),
    producers: meta[0] ? producersOf(meta[0]) : [],
    ...(composition ? { composition } : {}),
  };
  const status = composition?.problems.length ? 2 : 0;
  if (values.json) {
    console.log(JSON.stringify(result));
    return status;
  }
  console.log(`${file}: component, ${result.size} bytes${adapted ? ' (adapted from a wasip1 core module)' : ''}`);
  console.log(`world ${result.world}`);
  console.log(`\nexports:\n${result.exports.map((e) => `  ${e}`).join('\n') || '  (none)'}`);
  console.log(`\ncapabilities asked for (all denied unless granted at run time):`);
  for (const c of result.capabilities) console.log(`  ${c.capability.padEnd(18)} ${c.interfaces.join(', ')}`);
  console.log(`\ncore modules:`);
  for (const m of result.coreModules) console.log(`  ${String(m.size).padStart(9)} bytes  ${m.name ?? '(unnamed)'}  ${m.producers.join('; ')}`);
  if (result.producers.length) console.log(`\nproduced by: ${result.producers.join('; ')}`);
  if (composition) printComposition(composition, (line) => console.log(line));
  return status;
}
