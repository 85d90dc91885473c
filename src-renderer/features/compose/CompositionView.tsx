import { useId, useMemo, type KeyboardEvent } from 'react';
import type { LinkPlan } from '../../../src-shared/protocol/composition';
import { ARROW, LABEL_H, layoutComposition, type MemberCard } from './composition-layout';
import { wireCounts, type CallRow } from './wire-counts';

export type { MemberCard } from './composition-layout';

export interface CompositionViewProps {
  plan: LinkPlan;
  /** What each member's box shows; a member of the plan without a card is drawn as "not built". */
  members: MemberCard[];
  /** The trace rows so far, or a running run's live counts (both engines' or one's: the view counts what it is given). */
  trace: readonly CallRow[];
  /**
   * Whether `member`'s own policy grants the host import `hostImport` (`wasi:filesystem/preopens@0.2.3`),
   * asked once per host import of the plan on each render: a function, so the caller decides from
   * each member's policy without building a map for imports the plan does not have.
   */
  granted: (member: string, hostImport: string) => boolean;
  /** Host imports of one group share a chip (see layoutComposition); by default each has its own. */
  groupOf?: (hostImport: string) => string;
  onOpenMember: (name: string) => void;
}

/**
 * A composition as linked: a box per member (language, size, grants, host imports granted or
 * denied), an arrow from each export to the import it answers, with the calls made over it so far.
 * Pure: it draws its props.
 */
export function CompositionView({ plan, members, trace, granted, groupOf, onOpenMember }: CompositionViewProps) {
  const marker = `arrow-${useId().replace(/:/g, '')}`;
  const layout = useMemo(() => layoutComposition(plan, members, granted, groupOf), [plan, members, granted, groupOf]);
  const counts = useMemo(() => wireCounts(plan.wires, trace), [plan.wires, trace]);
  const mismatched = (from: string, to: string) => plan.problems.some((p) => p.kind === 'type-mismatch' && p.members[0] === to && p.members[1] === from);
  const open = (name: string) => (e: KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    onOpenMember(name);
  };
  return (
    <section className="composition" data-testid="composition-view" aria-label="Composition">
      {plan.problems.length > 0 && (
        <ul className="composition-problems" data-testid="composition-problems">
          {plan.problems.map((p, i) => (
            <li key={i}>
              <span className="kind">{p.kind}</span> {p.message}
            </li>
          ))}
        </ul>
      )}
      <p className="composition-legend muted">
        Arrows run from an export to the import it answers; the studio links the members when it instantiates them. A dashed arrow's types were not compared (a member without WIT). Host imports: ✓ granted, ✗ denied by that member's own policy.
      </p>
      {/* Never drawn larger than its layout: scaled down to fit, not up to fill. */}
      <svg className="composition-drawing" viewBox={`0 0 ${layout.width} ${layout.height}`} preserveAspectRatio="xMidYMin meet" style={{ maxWidth: layout.width, maxHeight: layout.height }}>
        <defs>
          <marker id={marker} viewBox="0 0 10 10" refX="1" refY="5" markerWidth={ARROW} markerHeight={ARROW} orient="auto">
            <path d="M 0 0 L 10 5 L 0 10 z" className="arrowhead" />
          </marker>
        </defs>
        {layout.wires.map((w) => {
          const wire = plan.wires[w.index]!;
          return (
            <path
              key={w.index}
              d={w.d}
              className={`wire${mismatched(wire.from, wire.to) ? ' mismatch' : ''}${wire.checked === 'names' ? ' unchecked' : ''}`}
              markerEnd={`url(#${marker})`}
            />
          );
        })}
        {layout.boxes.map((b) => (
          <g
            key={b.name}
            className={`member${b.root ? ' root' : ''}`}
            role="button"
            tabIndex={0}
            aria-label={`${b.name}: open its sources`}
            data-testid="composition-member"
            data-member={b.name}
            onClick={() => onOpenMember(b.name)}
            onKeyDown={open(b.name)}
          >
            <title>{`${b.name}${b.root ? ' (the root: its exports are the composition\'s)' : ''}: click to open its sources`}</title>
            <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={6} />
            <text x={b.x + 10} y={b.y + 22} className="name">
              {b.label}
            </text>
            {b.root && (
              <text x={b.x + b.w - 10} y={b.y + 22} className="root-tag" textAnchor="end">
                root
              </text>
            )}
            <text x={b.x + 10} y={b.y + 39} className="meta">
              {b.meta}
            </text>
            {b.chips.map((c, i) => (
              <g key={i} className={`chip ${c.kind}`}>
                {c.title && <title>{c.title}</title>}
                <rect x={c.x} y={c.y} width={c.w} height={18} rx={9} />
                <text x={c.x + 6} y={c.y + 13}>
                  {c.text}
                </text>
              </g>
            ))}
          </g>
        ))}
        {layout.wires.map((w) => {
          const wire = plan.wires[w.index]!;
          const n = counts[w.index]!;
          const how = wire.checked === 'names' ? 'name and version matched; types not compared (a member has no WIT)' : 'types compared';
          return (
            <g key={w.index} className="wire-label" data-testid="composition-wire" data-from={wire.from} data-to={wire.to}>
              <title>{`${wire.from} exports ${wire.export}\n${wire.to} imports ${wire.import}\n${how}`}</title>
              <rect x={w.labelX - w.labelW / 2} y={w.labelY} width={w.labelW} height={LABEL_H} rx={4} />
              <text x={w.labelX} y={w.labelY + 12} textAnchor="middle" className="iface">
                {w.label}
              </text>
              <text x={w.labelX} y={w.labelY + 25} textAnchor="middle" className="count" data-testid="wire-count">
                {n.toLocaleString('en-US')} {n === 1 ? 'call' : 'calls'}
              </text>
            </g>
          );
        })}
      </svg>
    </section>
  );
}
