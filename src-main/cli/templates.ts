import { templateLabel } from '../../src-shared/languages/registry';
import { PROJECT_FILE } from '../../src-shared/protocol/project';
import { TEMPLATE_NAMES, type TemplateName } from '../../src-shared/protocol/types';
import { TEMPLATES } from '../services/templates';
import { parse, UsageError } from './args';

export const templatesHelp = `Usage: component-studio templates

Lists the templates "component-studio new DIR --template NAME" starts a project from (the
studio's New Project dialog offers the same), one a line: name, language, what it is.`;

export interface TemplateLine {
  name: TemplateName;
  label: string;
  description: string;
}

/** The templates New Project offers, each described by its own studio.json. */
export function templateLines(): TemplateLine[] {
  return TEMPLATE_NAMES.map((name) => ({
    name,
    label: templateLabel(name),
    description: String(JSON.parse(TEMPLATES[name].files[PROJECT_FILE] ?? '{}').description ?? ''),
  }));
}

/** A template name as typed, or a usage error listing the names there are. */
export function templateNamed(typed: string | undefined): TemplateName {
  const names = TEMPLATE_NAMES.join(', ');
  if (typed === undefined) throw new UsageError(`--template NAME is required: one of ${names} ("component-studio templates" describes them)`);
  const found = TEMPLATE_NAMES.find((t) => t === typed);
  if (!found) throw new UsageError(`no template named "${typed}": the templates are ${names} ("component-studio templates" describes them)`);
  return found;
}

export async function templatesCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {});
  if (values.help) {
    console.log(templatesHelp);
    return 0;
  }
  if (positionals.length) throw new UsageError('templates takes no arguments');
  const lines = templateLines();
  const nameWidth = Math.max(...lines.map((l) => l.name.length)) + 2;
  const labelWidth = Math.max(...lines.map((l) => l.label.length)) + 2;
  for (const l of lines) console.log(`${l.name.padEnd(nameWidth)}${l.label.padEnd(labelWidth)}${l.description}`);
  return 0;
}
