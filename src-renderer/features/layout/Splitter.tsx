import { useRef } from 'react';

/**
 * A bar dragged to resize a neighbouring panel. `measure` gives the panel's size for a pointer
 * position; the caller clamps it. Arrow keys move it by 16 px; a double click resets it.
 */
export function Splitter({
  id,
  orientation,
  measure,
  onResize,
  onReset,
  label,
}: {
  id: string;
  orientation: 'vertical' | 'horizontal';
  measure: (clientX: number, clientY: number) => number;
  onResize: (px: number) => void;
  onReset: () => void;
  label: string;
}) {
  const dragging = useRef(false);
  /** Keyboard: moves the bar itself by 16 px, whichever side its panel is on. */
  const step = (bar: HTMLElement, sign: number) => {
    const r = bar.getBoundingClientRect();
    const d = sign * 16;
    onResize(orientation === 'vertical' ? measure(r.left + r.width / 2 + d, 0) : measure(0, r.top + r.height / 2 + d));
  };
  return (
    <div
      className={`splitter ${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      tabIndex={0}
      data-testid={`splitter-${id}`}
      title={`${label} (drag; double-click to reset)`}
      onPointerDown={(e) => {
        dragging.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
        e.currentTarget.classList.add('active');
        e.preventDefault();
      }}
      onPointerMove={(e) => {
        if (dragging.current) onResize(measure(e.clientX, e.clientY));
      }}
      onPointerUp={(e) => {
        dragging.current = false;
        e.currentTarget.classList.remove('active');
        e.currentTarget.releasePointerCapture(e.pointerId);
      }}
      onDoubleClick={onReset}
      onKeyDown={(e) => {
        const back = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
        const fwd = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
        if (e.key === back) step(e.currentTarget, -1);
        else if (e.key === fwd) step(e.currentTarget, 1);
        else return;
        e.preventDefault();
      }}
    />
  );
}
