import { equivalentCommands } from '../../../src-shared/capabilities/commands';
import { useStudio } from '../../store/use-studio';

/** The policy as command lines a user can copy: wasmtime's and the studio CLI's. */
export function CommandsPanel() {
  const project = useStudio((s) => s.project);
  if (!project) return null;
  const path = `build/${project.config.name}.wasm`;
  const { wasmtime, studio } = equivalentCommands(project.config.policy, path);
  return (
    <section className="commands" aria-label="Equivalent commands">
      {[
        ['wasmtime', wasmtime],
        ['component-studio', studio],
      ].map(([name, c]) => {
        const cmd = c as typeof wasmtime;
        return (
          <div key={name as string} className="command">
            <h3>
              {name as string} <button onClick={() => void navigator.clipboard?.writeText(cmd.command)}>Copy</button>
            </h3>
            <pre data-testid={`command-${name}`}>{cmd.command}</pre>
            {cmd.caveats.map((x) => (
              <p key={x} className="muted">
                Note: {x}.
              </p>
            ))}
          </div>
        );
      })}
      <p className="muted">Both run in the project folder ({project.dir}).</p>
    </section>
  );
}
