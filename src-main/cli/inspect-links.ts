import { wacComposeCommand, wacDocument, wacPlugCommand } from '../../src-shared/compose/wac';
import type { LinkPlan } from '../../src-shared/protocol/composition';
import { unrunnable } from '../../src-shared/compose/plan';
import { planOf, type MemberFile } from './links';

/** `inspect --link`: how the files would be linked, and how wac would make one binary of them. */
export interface CompositionReport {
  plan: LinkPlan;
  /** The plan's problems and the CLI's own (unrunnable), one line each. */
  problems: string[];
  /** The WAC document, to save as `composition.wac` for wac compose. */
  wac: string;
  /** `wac plug …`, or null where plug cannot express the composition. */
  wacPlug: string | null;
  wacCompose: string;
}

export function compositionReport(members: readonly (MemberFile & { wit: string })[]): CompositionReport {
  const plan = planOf(members);
  const files = Object.fromEntries(members.map((m) => [m.name, m.file]));
  return { plan, problems: unrunnable(plan), wac: wacDocument(plan), wacPlug: wacPlugCommand(plan, files), wacCompose: wacComposeCommand(plan, files) };
}

export function printComposition(r: CompositionReport, print: (line: string) => void): void {
  const { plan } = r;
  print(`\ncomposition, linked at instantiation (instantiated in this order: ${plan.order.join(', ')}):`);
  print('wires:');
  for (const w of plan.wires) print(`  ${w.to} imports ${w.import} from ${w.from}${w.export !== w.import ? ` (its ${w.export})` : ''}${w.checked === 'names' ? ', matched by name and version' : ''}`);
  if (!plan.wires.length) print('  (none)');
  print(`host imports (WASI, under each member's own grants: ${plan.root} gets the grant flags, the linked files nothing):`);
  for (const member of plan.order) {
    const own = plan.host.filter((h) => h.member === member).map((h) => h.import);
    if (own.length) print(`  ${member}: ${own.join(', ')}`);
  }
  print(r.problems.length ? 'problems (run and call refuse these files as they stand):' : 'problems: none');
  for (const p of r.problems) print(`  ${p}`);
  print(`\nThe studio links these files when it instantiates them and writes no composed binary. To make one`);
  print(`with wac (bytecodealliance/wac), save this WAC document as composition.wac:\n`);
  print(r.wac.trimEnd());
  print(`\nand run:\n  ${r.wacCompose}`);
  if (r.wacPlug) print(`or, without the document:\n  ${r.wacPlug}`);
}
