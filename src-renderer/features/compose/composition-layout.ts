/**
 * Where the composition view draws each member and wire: members in columns by how deep their
 * imports go (a member right of every member it imports from, so arrows from export to import run
 * left to right), stacked within a column; a box's height from the chips it holds. Pure numbers,
 * in SVG user units; the view scales the whole drawing to its space.
 */

import type { LinkPlan } from '../../../src-shared/protocol/composition';

export interface MemberCard {
  name: string;
  /** `C`, `JavaScript`, `wasm` … */
  language: string;
  /** The component's size in bytes. */
  size: number;
  /** The grant chips to show (`folder data (rw)`, `env 2`, `deny all`). */
  grants: string[];
}

export type ChipKind = 'grant' | 'granted' | 'denied';

export interface Chip {
  text: string;
  kind: ChipKind;
  /** A tooltip: a host import's full name and verdict, or a chip's text where it was cut. */
  title?: string;
  x: number;
  y: number;
  w: number;
}

export interface MemberBox {
  name: string;
  /** The name as shown: cut to the box's width. */
  label: string;
  meta: string;
  root: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
  chips: Chip[];
}

export interface WirePath {
  /** Index into plan.wires. */
  index: number;
  /** Cubic Bézier from the exporter's right edge to the importer's left edge. */
  d: string;
  label: string;
  /** Where the label's box sits (its centre x, top y) and how wide it is. */
  labelX: number;
  labelY: number;
  labelW: number;
}

export interface CompositionLayout {
  width: number;
  height: number;
  boxes: MemberBox[];
  wires: WirePath[];
}

export const BOX_W = 210;
const COL_GAP = 190;
const ROW_GAP = 28;
const MARGIN = 16;
const PAD = 10;
const CHIP_H = 18;
const CHIP_GAP = 4;
/** Chips and labels are set in an 11px monospace font: about 6.6 units a character. */
export const CHAR_W = 6.6;
const NAME_CHARS = 24;
export const LABEL_H = 30;
const LANE = LABEL_H + 8;
const BEND = COL_GAP / 2;
/** The arrowhead's length: a wire stops short of the box by it. */
export const ARROW = 6;

/** `12345` -> `12.1 KB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `wasi:cli/stdout@0.2.3` -> `cli/stdout`: a host import as a chip says it. */
export const shortImport = (name: string) => name.replace(/^wasi:/, '').replace(/@[^/]*$/, '');

const chipWidth = (text: string) => Math.ceil(text.length * CHAR_W) + 12;

/** Chips laid out in rows inside `width`, the first row's top at `top`; returns the chips and the next free y. */
function flow(items: Omit<Chip, 'x' | 'y' | 'w'>[], left: number, top: number, width: number): { chips: Chip[]; bottom: number } {
  const chips: Chip[] = [];
  let x = left;
  let y = top;
  for (const item of items) {
    const max = Math.floor((width - 12) / CHAR_W);
    const cut = item.text.length > max;
    const text = cut ? item.text.slice(0, max - 1) + '…' : item.text;
    const w = chipWidth(text);
    if (x > left && x + w > left + width) {
      x = left;
      y += CHIP_H + CHIP_GAP;
    }
    chips.push({ ...item, text, x, y, w, ...(cut && !item.title ? { title: item.text } : {}) });
    x += w + CHIP_GAP;
  }
  return { chips, bottom: items.length ? y + CHIP_H : top - CHIP_GAP };
}

/**
 * Column of each member. First its depth: 0 for a member that imports from no member, else one
 * more than the deepest it imports from. Then each member that others import from moves right, to
 * just left of the leftmost of them, so a wire skips a column only where it must; the root takes
 * the last column. A cycle (already a problem of the plan) is cut where it closes.
 */
export function columns(plan: LinkPlan): Map<string, number> {
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const deep = (m: string): number => {
    const known = depth.get(m);
    if (known !== undefined) return known;
    if (visiting.has(m)) return -1;
    visiting.add(m);
    const from = plan.wires.filter((w) => w.to === m).map((w) => deep(w.from));
    visiting.delete(m);
    const d = from.length ? Math.max(...from) + 1 : 0;
    depth.set(m, d);
    return d;
  };
  for (const m of plan.order) deep(m);
  const last = Math.max(0, ...depth.values());

  const col = new Map<string, number>();
  const placing = new Set<string>();
  const place = (m: string): number => {
    const known = col.get(m);
    if (known !== undefined) return known;
    if (placing.has(m)) return depth.get(m)!;
    placing.add(m);
    let c = m === plan.root ? last : depth.get(m)!;
    const importers = plan.wires.filter((w) => w.from === m).map((w) => w.to);
    // In a DAG this is never left of the member's depth; in a cycle it keeps the circle apart.
    if (m !== plan.root && importers.length) c = Math.max(0, Math.min(...importers.map(place)) - 1);
    placing.delete(m);
    col.set(m, c);
    return c;
  };
  for (const m of plan.order) place(m);
  // No empty columns (a cycle can leave one).
  const used = [...new Set(col.values())].sort((a, b) => a - b);
  return new Map([...col].map(([m, c]) => [m, used.indexOf(c)]));
}

/**
 * `groupOf` puts host imports into one chip each group (a capability: "Files" for the filesystem's
 * interfaces), granted when every import of it is; by default each import is a chip of its own.
 */
export function layoutComposition(
  plan: LinkPlan,
  cards: readonly MemberCard[],
  granted: (member: string, hostImport: string) => boolean,
  groupOf: (hostImport: string) => string = shortImport,
): CompositionLayout {
  const col = columns(plan);
  const ncols = Math.max(0, ...col.values()) + 1;
  const inner = BOX_W - 2 * PAD;

  // Boxes without positions yet: their size from their content.
  const sized = plan.order.map((name) => {
    const card = cards.find((c) => c.name === name);
    const grants = card?.grants.length ? card.grants : ['no grants'];
    const groups = new Map<string, string[]>();
    for (const h of plan.host.filter((x) => x.member === name)) groups.set(groupOf(h.import), [...(groups.get(groupOf(h.import)) ?? []), h.import]);
    const host = [...groups].map(([group, imports]) => {
      const ok = imports.every((i) => granted(name, i));
      return { text: `${ok ? '✓' : '✗'} ${group}`, kind: (ok ? 'granted' : 'denied') as ChipKind, title: `${imports.join(', ')}: ${ok ? 'granted' : 'denied'} by ${name}'s policy` };
    });
    const g = flow(grants.map((text) => ({ text, kind: 'grant' as ChipKind })), PAD, 50, inner);
    const h = flow(host, PAD, g.bottom + 8, inner);
    const label = name.length > NAME_CHARS ? name.slice(0, NAME_CHARS - 1) + '…' : name;
    const meta = card ? `${card.language} · ${formatSize(card.size)}` : 'not built';
    return { name, label, meta, root: name === plan.root, w: BOX_W, h: h.bottom + PAD, chips: [...g.chips, ...h.chips] };
  });

  // Wires that skip a column, or run backwards (a cycle), go round over the top on lanes of their own.
  const long = plan.wires.map((w, i) => ({ w, i })).filter(({ w }) => col.get(w.to)! - col.get(w.from)! !== 1);
  const top = MARGIN + long.length * LANE;

  const heights = Array.from({ length: ncols }, (_, c) => {
    const inCol = sized.filter((b) => col.get(b.name) === c);
    return inCol.reduce((s, b) => s + b.h, 0) + ROW_GAP * Math.max(0, inCol.length - 1);
  });
  const tallest = Math.max(0, ...heights);
  const boxes: MemberBox[] = [];
  for (let c = 0; c < ncols; c++) {
    // Columns are centred on one another.
    let y = top + (tallest - heights[c]!) / 2;
    for (const b of sized.filter((s) => col.get(s.name) === c)) {
      const x = MARGIN + c * (BOX_W + COL_GAP);
      boxes.push({ ...b, x, y, chips: b.chips.map((ch) => ({ ...ch, x: ch.x + x, y: ch.y + y })) });
      y += b.h + ROW_GAP;
    }
  }

  const width = MARGIN * 2 + ncols * BOX_W + (ncols - 1) * COL_GAP;
  const box = (name: string) => boxes.find((b) => b.name === name)!;
  const mid = (name: string) => box(name).y + box(name).h / 2;
  // Each box's wires leave (right edge) and arrive (left edge) at evenly spaced ports, ordered by
  // where the other end is, so that wires into one box do not cross.
  const port = (name: string, side: 'out' | 'in', index: number) => {
    const list = plan.wires
      .map((w, i) => ({ i, other: side === 'out' ? w.to : w.from, mine: side === 'out' ? w.from : w.to }))
      .filter((x) => x.mine === name)
      .sort((a, b) => mid(a.other) - mid(b.other) || a.i - b.i);
    const b = box(name);
    return b.y + (b.h * (list.findIndex((x) => x.i === index) + 1)) / (list.length + 1);
  };
  const wires: WirePath[] = plan.wires.map((w, index) => {
    const [x1, y1, x2, y2] = [box(w.from).x + BOX_W, port(w.from, 'out', index), box(w.to).x - ARROW, port(w.to, 'in', index)];
    const label = fitLabel(w.import);
    const labelW = chipWidth(label);
    const lane = long.findIndex((l) => l.i === index);
    if (lane < 0) {
      const d = `M ${x1} ${y1} C ${x1 + BEND} ${y1}, ${x2 - BEND} ${y2}, ${x2} ${y2}`;
      // Above the wire's middle, so the wire itself stays in sight.
      return { index, d, label, labelX: (x1 + x2) / 2, labelY: (y1 + y2) / 2 - LABEL_H - 3, labelW };
    }
    const ly = MARGIN + lane * LANE + LABEL_H + 2;
    // Clamped to the drawing for a backwards wire out of the last column or into the first.
    const [a, b] = [Math.min(width - 2, x1 + COL_GAP / 2), Math.max(2, x2 - COL_GAP / 2 + ARROW)];
    const d = `M ${x1} ${y1} C ${a} ${y1}, ${x1} ${ly}, ${a} ${ly} L ${b} ${ly} C ${x2} ${ly}, ${b} ${y2}, ${x2} ${y2}`;
    return { index, d, label, labelX: (a + b) / 2, labelY: ly - LABEL_H - 1, labelW };
  });
  const height = separateLabels(wires, long.map((l) => l.i), top + tallest + MARGIN);
  return { width, height, boxes, wires };
}

/**
 * Labels in one gap between columns that would overlap are pushed down, each below the one above
 * it; returns the drawing's height, grown if a label was pushed past it. Lane labels have rows of
 * their own.
 */
function separateLabels(wires: WirePath[], onLanes: number[], height: number): number {
  const inGaps = wires.filter((w) => !onLanes.includes(w.index)).sort((a, b) => a.labelX - b.labelX || a.labelY - b.labelY);
  for (let i = 1; i < inGaps.length; i++) {
    const [prev, cur] = [inGaps[i - 1]!, inGaps[i]!];
    if (prev.labelX === cur.labelX && cur.labelY < prev.labelY + LABEL_H + 2) cur.labelY = prev.labelY + LABEL_H + 2;
  }
  return Math.max(height, ...inGaps.map((w) => w.labelY + LABEL_H + MARGIN));
}

/** A wire's label within its gap: the interface, without its namespace if need be, else cut. */
function fitLabel(name: string): string {
  const max = Math.floor((COL_GAP - 28) / CHAR_W);
  if (name.length <= max) return name;
  const shorter = name.replace(/^[^:/]+:/, '');
  return shorter.length <= max ? shorter : shorter.slice(0, max - 1) + '…';
}
