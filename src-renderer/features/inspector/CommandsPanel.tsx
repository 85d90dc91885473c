import type { ReactNode } from 'react';
import { CLI, equivalentCommands, PROJECT_RUN, type EquivalentCommand } from '../../../src-shared/capabilities/commands';
import { quoteWord as quote } from '../../../src-shared/capabilities/shell-words';
import { componentKind, NOT_RUNNABLE } from '../../../src-shared/protocol/component-kind';
import { useStudio } from '../../store/use-studio';
import { wacComposeCommand, wacDocument, wacPlugCommand } from '../../../src-shared/compose/wac';
import type { LinkPlan } from '../../../src-shared/protocol/composition';

interface Line {
  id: string;
  title: string;
  command: EquivalentCommand;
  note: ReactNode;
}

/**
 * The run as command lines a user can copy, most faithful first: the project itself (studio.json
 * holds the whole policy), the same grants typed as flags over the built component, then wasmtime's.
 */
export function CommandsPanel() {
  const project = useStudio((s) => s.project);
  const description = useStudio((s) => s.description);
  const composition = useStudio((s) => s.composition);
  if (!project) return null;
  // Known once built: the run lines of a library or a handler would only say it is not a command.
  const kind = description ? componentKind(description.exports) : 'command';
  const library = kind === 'library' ? description!.functions.map((f) => f.label) : null;
  const path = `build/${project.config.name}.wasm`;
  const { wasmtime, studio } = equivalentCommands(project.config.policy, path, project.config.limits);
  const lines: Line[] = [
    {
      id: 'project',
      title: 'component-studio: this project',
      command: { command: PROJECT_RUN, caveats: [] },
      note: (
        <>
          Builds the project when it needs it and runs it with every grant of its studio.json, as Run does (in the Node engine: add{' '}
          <code className="nowrap">--engine browser</code> for the other one, or <code className="nowrap">--engine both</code> to compare the two).
        </>
      ),
    },
    ...(composition
      ? compositionLines(composition.plan)
      : [
          { id: 'component-studio', title: 'component-studio: the grants as flags', command: studio, note: `Runs the last build, ${path}.` },
          { id: 'wasmtime', title: 'wasmtime', command: wasmtime, note: '' },
        ]),
  ];
  return (
    <section className="commands" aria-label="Equivalent commands">
      <p className="muted" data-testid="commands-where">
        Run them in the project folder, <code>{project.dir}</code>. <code>component-studio</code> must be on your PATH: run <code>npm link</code> once in
        the studio's own folder (the README's Command line section). Not <code>npx component-studio</code>: outside the studio's folder npx looks the name up
        on the npm registry, which has no such package.
      </p>
      {kind === 'http-handler' && (
        <p data-testid="commands-handler">
          This component is {NOT_RUNNABLE[kind].what}, so the run lines below only say it is not a command. Send it a request, or serve it on
          127.0.0.1: <code>{`${CLI} request . /`}</code>, <code>{`${CLI} serve .`}</code>
        </p>
      )}
      {library && (
        <p data-testid="commands-library">
          This component is a library (it exports no wasi:cli/run), so the run lines below only say it is not a command. Call an export instead, with its
          arguments as WAVE text: <code>{library.length ? `${CLI} call . ${quote(library[0]!)} ARGS…` : `${CLI} call . EXPORT ARGS…`}</code>
          {library.length > 1 && ` (its exports: ${library.join(', ')})`}
        </p>
      )}
      {lines.map(({ id, title, command, note }) => (
        <div key={id} className="command">
          <h3>
            {title} <button onClick={() => void navigator.clipboard?.writeText(command.command)}>Copy</button>
          </h3>
          <pre data-testid={`command-${id}`}>{command.command}</pre>
          {note && <p className="muted">{note}</p>}
          {command.caveats.map((x) => (
            <p key={x} className="muted">
              Note: {x}.
            </p>
          ))}
        </div>
      ))}
    </section>
  );
}

/**
 * A composition's lines: what would make one binary of it with wac. The studio does not: it links
 * the members as it instantiates them, which is what lets each keep its own grants.
 */
function compositionLines(plan: LinkPlan): Line[] {
  const files = Object.fromEntries(plan.order.map((m) => [m, `build/${m}.wasm`]));
  const plug = wacPlugCommand(plan, files);
  const linked = 'The studio does not make one binary: it links the members as it instantiates them, so each keeps its own policy. A composed binary run by wasmtime gets one set of grants for all its members.';
  return [
    {
      id: 'wac-document',
      title: 'WAC: the composition, saved as composition.wac',
      command: { command: wacDocument(plan), caveats: [] },
      note: linked,
    },
    { id: 'wac-compose', title: 'wac compose: one binary of the document', command: { command: wacComposeCommand(plan, files), caveats: [] }, note: '' },
    ...(plug ? [{ id: 'wac-plug', title: 'wac plug: the same, without a document', command: { command: plug, caveats: [] }, note: '' }] : []),
  ];
}
