import { useEffect, useState } from 'react';
import type { BuildStep } from '../../../src-shared/protocol/types';
import { useStudio } from '../../store/use-studio';
import { Axis } from './Axis';
import { formatDuration } from './format';
import { niceScale } from './scale';
import { stepLabel } from '../build/step-label';

const KINDS = ['cache', 'compile', 'link', 'componentize', 'adapt'] as const;
const kindOf = (step: BuildStep) => KINDS.find((k) => step.name.startsWith(k)) ?? 'other';

/**
 * The build's steps as bars on their own scale (builds take seconds, runs milliseconds), growing
 * while it runs. Its colours are its own (never a run phase's), and its numbers line, each step
 * with its swatch, is its legend. An opened .wasm was not built here: its row says so rather than
 * showing the project's last build under another component.
 */
export function BuildTiming() {
  const building = useStudio((s) => s.building);
  const steps = useStudio((s) => s.buildSteps);
  const opened = useStudio((s) => s.opened);
  const elapsed = useElapsed(building);
  const done = steps.reduce((a, s) => a + s.ms, 0);
  const live = building ? Math.max(0, elapsed - done) : 0;
  const scale = niceScale(done + live);
  if (opened && !building) {
    return (
      <div className="timing-row build-row" data-testid="build-timing">
        <span className="engine">build</span>
        <span className="muted" data-testid="build-timing-numbers">
          none: {opened.name} was opened, not built here
        </span>
      </div>
    );
  }
  if (!building && !steps.length) return null;
  return (
    <div className="timing-row build-row" data-testid="build-timing">
      <span className="engine" title="The last build of the project, on its own scale (seconds)">
        build
      </span>
      <div className="bars">
        {steps.map((s, i) => (
          <div key={i} className={`bar step-${kindOf(s)}`} style={{ width: `${(s.ms / scale.max) * 100}%` }} title={`${stepLabel(s)}: ${formatDuration(s.ms)}`} />
        ))}
        {building && <div className="bar live" style={{ width: `${(live / scale.max) * 100}%` }} title={`${formatDuration(live)} into the next step`} />}
      </div>
      <span className="total">{building ? '…' : formatDuration(done)}</span>
      <Axis scale={scale} testId="build-axis" />
      <span className="numbers steps" data-testid="build-timing-numbers">
        {steps.map((s, i) => (
          <span key={i} className="step">
            <i className={`swatch step-${kindOf(s)}`} />
            {stepLabel(s)} {formatDuration(s.ms)}
          </span>
        ))}
        {building ? <span>building…</span> : <span>= <b>{formatDuration(done)}</b></span>}
      </span>
    </div>
  );
}

/** Milliseconds since `active` became true, ticking while it stays true. */
export function useElapsed(active: boolean): number {
  const [started, setStarted] = useState(0);
  const [now, setNow] = useState(0);
  useEffect(() => {
    if (!active) return;
    const t0 = performance.now();
    setStarted(t0);
    setNow(t0);
    const timer = setInterval(() => setNow(performance.now()), 50);
    return () => {
      clearInterval(timer);
      // The next activation starts from zero rather than showing this one's last value for a frame.
      setStarted(0);
      setNow(0);
    };
  }, [active]);
  return active ? Math.max(0, now - started) : 0;
}
