import { tickLabel } from './scale';

/** The scale under a row of bars, so lengths read as times without hovering. */
export function Axis({ scale, testId }: { scale: { max: number; ticks: number[] }; testId?: string }) {
  return (
    <div className="axis" data-testid={testId}>
      {scale.ticks.map((t, i) => (
        <span key={t} className={i === 0 ? 'first' : i === scale.ticks.length - 1 ? 'last' : ''} style={{ left: `${(t / scale.max) * 100}%` }}>
          {tickLabel(t, scale.max)}
        </span>
      ))}
    </div>
  );
}
