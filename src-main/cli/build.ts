import { createStudio } from '../services/studio';
import { parse, UsageError } from './args';
import { requireTrust, trustHelp } from './trust';

export const buildHelp = `Usage: component-studio build <PROJECT-DIR> [--trust]

Builds the project's component with the bundled toolchain and prints its path; a composition
(studio.json "components") builds every member and prints each one's path, the root first.
Diagnostics are printed as file:line:col lines; the exit code is 1 when the build fails.
${trustHelp}`;

export async function buildCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { trust: { type: 'boolean' } });
  if (values.help) {
    console.log(buildHelp);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('build takes exactly one project folder');
  const studio = createStudio(positionals[0]!, (event, payload) => {
    if (event === 'build.progress' && process.stderr.isTTY) process.stderr.write(`\r${(payload as { message: string }).message}\x1b[K`);
  }, { trust: { trustAll: Boolean(values.trust) } });
  try {
    requireTrust(studio, 'Build');
    const result = await studio.builds.build();
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    for (const d of result.diagnostics) {
      const where = d.file ? `${d.file}:${d.line}:${d.column}: ` : '';
      console.error(`${d.member ? `[${d.member}] ` : ''}${where}${d.severity}: ${d.message}`);
    }
    if (!result.ok) {
      if (result.diagnostics.length === 0) console.error(result.log.trim() || 'the build failed without a message');
      return 1;
    }
    for (const path of result.members?.map((m) => m.componentPath) ?? [result.componentPath]) console.log(`${studio.workspace.dir}/${path}`);
    return 0;
  } finally {
    studio.dispose();
  }
}
