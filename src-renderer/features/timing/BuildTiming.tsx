import { useEffect, useState } from 'react';
import type { BuildStep } from '../../../src-shared/protocol/types';
import { useStudio } from '../../store/use-studio';
import { formatMs } from './format';

const KINDS = ['cache', 'compile', 'link', 'componentize', 'adapt'] as const;
const kindOf = (step: BuildStep) => KINDS.find((k) => step.name.startsWith(k)) ?? 'other';

/** The build's steps as bars on their own scale (builds take seconds, runs milliseconds), growing while it runs. */
export function BuildTiming() {
  const building = useStudio((s) => s.building);
  const steps = useStudio((s) => s.buildSteps);
  const elapsed = useElapsed(building);
  const done = steps.reduce((a, s) => a + s.ms, 0);
  const live = building ? Math.max(0, elapsed - done) : 0;
  const scale = Math.max(1, done + live);
  if (!building && !steps.length) return null;
  return (
    <div className="timing-row build-row" data-testid="build-timing">
      <span className="engine" title="The last build, on its own scale">
        build
      </span>
      <div className="bars">
        {steps.map((s, i) => (
          <div key={i} className={`bar step-${kindOf(s)}`} style={{ width: `${(s.ms / scale) * 100}%` }} title={`${s.name}: ${formatMs(s.ms)} ms`} />
        ))}
        {building && <div className="bar live" style={{ width: `${(live / scale) * 100}%` }} title={`${formatMs(live)} ms into the next step`} />}
      </div>
      <span className="numbers" data-testid="build-timing-numbers">
        {steps.map((s) => `${s.name} ${formatMs(s.ms)}`).join(' · ')}
        {building ? (steps.length ? ' · ' : '') + 'building…' : <> = <b>{formatMs(done)} ms</b></>}
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
