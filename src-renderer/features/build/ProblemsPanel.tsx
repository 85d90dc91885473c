import { PROJECT_FILE } from '../../../src-shared/protocol/project';
import type { BuildResult } from '../../../src-shared/protocol/types';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { selectWitProblemList } from '../../store/wit-problems-slice';
import { stepLabel } from './step-label';

/**
 * Build diagnostics and the live WIT syntax problems of open `.wit` files with file:line:col (a
 * click opens the file at that line and column), the build's steps, and its log when it failed.
 */
export function ProblemsPanel() {
  const store = useStudioStore();
  const result = useStudio((s) => s.buildResult);
  const error = useStudio((s) => s.buildError);
  const building = useStudio((s) => s.building);
  const witProblems = useStudio(selectWitProblemList);
  const configProblem = useStudio((s) => s.project?.configProblem ?? null);
  // studio.json's problem is shown live, as it is now: a build's copy of it may be out of date.
  const buildProblems = (result?.diagnostics ?? []).filter((d) => d.source !== PROJECT_FILE);
  const live = configProblem ? [configProblem, ...witProblems] : witProblems;
  const problems = live.length ? [...live, ...buildProblems] : buildProblems;
  return (
    <section className="problems" data-testid="problems-panel" aria-label="Problems">
      <h2>
        Problems <span className="count">{problems.length}</span>
        {result && (
          <span className={result.ok ? 'build-ok' : 'build-failed'}>
            {result.ok ? `built ${builtWhat(result)}` : 'build failed'}
            {result.stale && ' — the previous component is stale and will not be run'}
          </span>
        )}
        {result && <span className="steps">{result.steps.map((s) => `${stepLabel(s)} ${Math.round(s.ms)} ms`).join(' · ')}</span>}
      </h2>
      {building && <p className="muted">Building…</p>}
      {error && <p className="error">{error}</p>}
      {!result && !error && !building && <p className="muted">Press Build to compile the project.</p>}
      <ul>
        {problems.map((d, i) => (
          <li key={i} className={d.severity} data-source={d.source}>
            <button
              disabled={!d.file}
              onClick={() => d.file && void store.getState().openFile(d.file, { line: Math.max(1, d.line), column: Math.max(1, d.column) })}
              title={d.file ? `Open ${d.file} at line ${d.line}, column ${d.column}` : undefined}
            >
              {d.member && <span className="member">{d.member}</span>}
              <span className="where">{d.file ? `${d.file}:${d.line}:${d.column}` : d.source}</span>
              <span className="sev">{d.severity}</span> {d.message}
            </button>
          </li>
        ))}
      </ul>
      {result && !result.ok && result.log.trim() && (
        <details open={buildProblems.length === 0}>
          <summary>Toolchain output</summary>
          <pre>{result.log}</pre>
        </details>
      )}
    </section>
  );
}

/** What a good build made: its component, or each member's of a composition. */
function builtWhat(result: BuildResult): string {
  if (!result.members) return `${result.componentPath} (${formatBytes(result.size ?? 0)})`;
  return result.members.map((m) => `${m.componentPath} (${formatBytes(m.size ?? 0)})`).join(', ');
}

export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(2)} MiB`;
}
