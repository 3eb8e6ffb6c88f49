// The staging chart's geometry: which rows, where each bar sits, where the over-correction
// shading and IPR markers go, and how a horizontal drag snaps to a whole stage. Columns
// are stages 0 .. stageCount - 1; a tooth moving in stages start+1 .. start+active has its
// bar over exactly those columns.
import { archOrder, jawOf, type Fdi } from '../../../core/fdi.ts';
import type { Jaw } from '../../../core/types.ts';
import type { Staging } from '../../../core/staging.ts';

export interface ChartBar {
  /** First and last column the bar covers (inclusive); null when the tooth does not move. */
  from: number;
  to: number;
}

export interface ChartRow {
  fdi: Fdi;
  jaw: Jaw;
  start: number;
  active: number;
  required: number;
  manual: boolean;
  bar: ChartBar | null;
  /** Over-correction columns of this row's arch (inclusive), or null. */
  overcorrection: ChartBar | null;
  /** Stages after which IPR is done at one of this tooth's contacts. */
  iprStages: number[];
}

export interface ChartLayout {
  stageCount: number;
  rows: ChartRow[];
}

const ARCH_INDEX = new Map<Fdi, number>([...archOrder('upper'), ...archOrder('lower')].map((f, i) => [f, i]));

/** Sort key: upper before lower, each from the patient's right to left. */
export function archRank(fdi: Fdi): number {
  return ARCH_INDEX.get(fdi) ?? 1000 + fdi;
}

export function chartLayout(staging: Staging, ipr: readonly { a: Fdi; b: Fdi; stage: number }[] = []): ChartLayout {
  const over = staging.overcorrectionStages;
  const rows = [...staging.teeth].sort((x, y) => archRank(x.fdi) - archRank(y.fdi)).map((t): ChartRow => {
    const arch = staging.arches.find((a) => a.jaw === t.jaw);
    const end = arch?.activeStages ?? 0;
    const iprStages = [...new Set(ipr.filter((p) => p.a === t.fdi || p.b === t.fdi).map((p) => p.stage))].sort((x, y) => x - y);
    return {
      fdi: t.fdi, jaw: jawOf(t.fdi), start: t.start, active: t.active, required: t.required, manual: t.manual,
      bar: t.active > 0 ? { from: t.start + 1, to: t.start + t.active } : null,
      overcorrection: over > 0 && end > 0 ? { from: end + 1, to: end + over } : null,
      iprStages,
    };
  });
  return { stageCount: staging.stageCount, rows };
}

/** Left edge of a column in px. */
export function columnX(stage: number, columnWidth: number): number {
  return stage * columnWidth;
}

/** The column under an x offset (px from the first column's left edge), clamped to the chart. */
export function columnAt(x: number, columnWidth: number, stageCount: number): number {
  const c = Math.floor(x / columnWidth);
  return Math.min(Math.max(0, c), Math.max(0, stageCount - 1));
}

/**
 * The start a dragged bar lands on: the original start moved by whole columns (nearest),
 * never before stage 0 and at most `maxStart` (the chart's last stage: dropping a bar there
 * lengthens the plan by the tooth's active stages, one drag at a time).
 */
export function snapStart(originalStart: number, dxPx: number, columnWidth: number, maxStart: number): number {
  const shift = Math.round(dxPx / columnWidth);
  return Math.min(Math.max(0, originalStart + shift), Math.max(0, maxStart));
}

/** A pointer that moved less than this is a click, not a drag. */
export const DRAG_THRESHOLD_PX = 3;

export function isDrag(dxPx: number): boolean {
  return Math.abs(dxPx) >= DRAG_THRESHOLD_PX;
}

/** Column width that fits `width` px when there are few stages, and stays legible (scrolls) when there are many. */
export function columnWidthFor(availablePx: number, stageCount: number, minPx = 14, maxPx = 28): number {
  if (stageCount <= 0) return maxPx;
  return Math.min(maxPx, Math.max(minPx, Math.floor(availablePx / stageCount)));
}

/** What a key on a focused bar does to its tooth's start: one stage earlier or later, back to the pattern, or nothing. */
export type StartKey = -1 | 1 | 'reset' | null;

export function startKey(e: { key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean }): StartKey {
  if (e.ctrlKey || e.metaKey) return null;
  if ((e.altKey && e.key === 'ArrowLeft') || e.key === '[' || e.key === '-') return -1;
  if ((e.altKey && e.key === 'ArrowRight') || e.key === ']' || e.key === '+' || e.key === '=') return 1;
  if (!e.altKey && (e.key === 'Delete' || e.key === 'Backspace')) return 'reset';
  return null;
}

/** The start one key press lands on: as a drag by one column would (snapStart's bounds). */
export function shiftedStart(start: number, by: -1 | 1, maxStart: number): number {
  return Math.min(Math.max(0, start + by), Math.max(0, maxStart));
}

/** "aligners 3 to 12": the stages a bar covers, as the clinician counts aligners. */
export function spanText(bar: ChartBar | null): string {
  if (!bar) return 'does not move';
  return bar.from === bar.to ? `moves in aligner ${bar.from}` : `moves in aligners ${bar.from} to ${bar.to}`;
}

/** A bar's accessible name: the tooth, its span and how its start is set. */
export function barName(row: ChartRow, tooth: string): string {
  const how = row.manual ? 'manual start' : `needs ${row.required} stage${row.required === 1 ? '' : 's'}`;
  return `Tooth ${tooth}: ${spanText(row.bar)}, ${how}`;
}
