import { quoteWord as quote } from '../../src-shared/capabilities/shell-words';
import { StudioError } from '../../src-shared/protocol/envelope';
import { createFromTemplate } from '../services/new-project';
import { TEMPLATES } from '../services/templates';
import { parse, UsageError } from './args';
import { templateLines, templateNamed } from './templates';

export const newHelp = `Usage: component-studio new <DIR> --template NAME

Writes a new project from a template into DIR, as the studio's New Project dialog does: DIR is
made if missing and must be empty otherwise, so nothing is overwritten. A relative DIR is taken
from the current folder; the project is named after DIR's last part.
  --template NAME, -t NAME     one of the names "component-studio templates" lists`;

export async function newCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { template: { type: 'string', short: 't' } });
  if (values.help) {
    console.log(newHelp);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('new takes the folder for the new project: component-studio new DIR --template NAME');
  if (positionals.length > 1) throw new UsageError(`new takes one folder, not ${positionals.length} (${positionals.join(' ')})`);
  const template = templateNamed(values.template);
  let dir: string;
  try {
    // The service New Project uses; relative folders are taken from where the command was typed.
    dir = createFromTemplate(template, positionals[0]!, process.cwd());
  } catch (err) {
    // A folder that is not empty, a file, or unreadable as typed: the input is wrong, as a bad flag is.
    throw err instanceof StudioError ? new UsageError(err.message) : err;
  }
  const line = templateLines().find((t) => t.name === template)!;
  console.log(`Created ${dir} from template "${template}" (${line.label}: ${line.description})`);
  console.log(`Files: ${Object.keys(TEMPLATES[template].files).join(', ')}`);
  console.log(`Next: component-studio build ${quote(dir)}, or open it in the studio: component-studio web ${quote(dir)}`);
  return 0;
}
