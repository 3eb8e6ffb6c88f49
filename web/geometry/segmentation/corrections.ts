// The planner's corrections, as pure functions from one Segmentation to the next: undo and
// redo are keeping the old values. Seed edits re-run the cut at once (only the teeth they
// touch are solved again); painting can be batched (a brush stroke) and cut once at the end.
import { archOrder } from '../../core/fdi.ts';
import type { SegmentationContext } from './context.ts';
import { UNCERTAIN_NUMBERS, type ToothSeed } from './find-teeth.ts';
import { recut, type Segmentation } from './segment.ts';

function checkTooth(ctx: SegmentationContext, fdi: number): void {
  if (!archOrder(ctx.jaw).includes(fdi)) throw new RangeError(`${fdi} is not a tooth of the ${ctx.jaw} arch`);
}

function checkVertex(ctx: SegmentationContext, vertex: number): void {
  if (!Number.isInteger(vertex) || vertex < 0 || vertex >= ctx.topo.vertexCount) throw new RangeError(`no vertex ${vertex} on this scan`);
}

function withSeeds(ctx: SegmentationContext, seg: Segmentation, seeds: ToothSeed[]): Segmentation {
  return recut(ctx, { ...seg, seeds });
}

/** Adds a tooth seed on `vertex` (replacing any seed already carrying that number). */
export function addSeed(ctx: SegmentationContext, seg: Segmentation, seed: ToothSeed): Segmentation {
  checkTooth(ctx, seed.fdi);
  checkVertex(ctx, seed.vertex);
  return withSeeds(ctx, seg, [...seg.seeds.filter((s) => s.fdi !== seed.fdi), { fdi: seed.fdi, vertex: seed.vertex }]);
}

/** Moves the seed of tooth `fdi` onto `vertex`. */
export function moveSeed(ctx: SegmentationContext, seg: Segmentation, fdi: number, vertex: number): Segmentation {
  checkVertex(ctx, vertex);
  if (!seg.seeds.some((s) => s.fdi === fdi)) throw new RangeError(`tooth ${fdi} has no seed to move`);
  return withSeeds(ctx, seg, seg.seeds.map((s) => (s.fdi === fdi ? { fdi, vertex } : s)));
}

/** Removes tooth `fdi`: its crown goes back to the gingiva unless a neighbour claims it. */
export function deleteSeed(ctx: SegmentationContext, seg: Segmentation, fdi: number): Segmentation {
  if (!seg.seeds.some((s) => s.fdi === fdi)) throw new RangeError(`tooth ${fdi} has no seed to delete`);
  const paint = new Map([...seg.paint].filter(([, l]) => l !== fdi));
  return recut(ctx, { ...seg, seeds: seg.seeds.filter((s) => s.fdi !== fdi), paint });
}

/**
 * Gives tooth `from` the number `to`; if `to` is already taken the two swap. Labels change,
 * the cut does not (the next re-cut uses the new number's expected size). The planner has
 * now set the numbers: an uncertain automatic numbering is no longer flagged.
 */
export function renumberTooth(ctx: SegmentationContext, seg: Segmentation, from: number, to: number): Segmentation {
  checkTooth(ctx, to);
  if (!seg.seeds.some((s) => s.fdi === from)) throw new RangeError(`tooth ${from} has no seed to renumber`);
  if (from === to) return seg;
  const swap = (l: number) => (l === from ? to : l === to ? from : l);
  return {
    ...seg,
    faceLabels: seg.faceLabels.map(swap),
    vertexLabels: seg.vertexLabels.map(swap),
    seeds: seg.seeds.map((s) => ({ ...s, fdi: swap(s.fdi) })),
    paint: new Map([...seg.paint].map(([f, l]) => [f, swap(l)])),
    fields: seg.fields.map((f) => (f.fdi === from || f.fdi === to ? { ...f, fdi: swap(f.fdi), key: '' } : f)),
    ...settled(seg),
  };
}

/** The warnings and report once the planner has named the teeth: nothing left to ask. */
function settled(seg: Segmentation): Pick<Segmentation, 'warnings' | 'numbering'> {
  const warnings = seg.warnings.filter((w) => !w.startsWith(UNCERTAIN_NUMBERS));
  return seg.numbering ? { warnings, numbering: { ...seg.numbering, ambiguous: false } } : { warnings };
}

export interface PaintOptions {
  /** Re-run the cut now (default). False during a brush stroke; call `recutSegmentation` at its end. */
  recut?: boolean;
}

/**
 * Paints triangles onto tooth `label` (FDI) or the gingiva (0). Painted triangles are hard
 * constraints of every later cut, until painted again.
 */
export function paintFaces(
  ctx: SegmentationContext, seg: Segmentation, faces: readonly number[], label: number, opts: PaintOptions = {},
): Segmentation {
  if (label !== 0) checkTooth(ctx, label);
  const paint = new Map(seg.paint);
  const faceLabels = Uint8Array.from(seg.faceLabels);
  for (const f of faces) {
    if (!Number.isInteger(f) || f < 0 || f >= ctx.topo.faceCount) throw new RangeError(`no triangle ${f} on this scan`);
    paint.set(f, label);
    faceLabels[f] = label;
  }
  const painted = { ...seg, paint, faceLabels };
  return opts.recut === false ? painted : recut(ctx, painted);
}

/** Forgets painted constraints on these triangles (the next cut decides them again). */
export function erasePaint(ctx: SegmentationContext, seg: Segmentation, faces: readonly number[]): Segmentation {
  const paint = new Map(seg.paint);
  for (const f of faces) paint.delete(f);
  return recut(ctx, { ...seg, paint });
}

/** Re-runs the cut with the current seeds and paint (e.g. at the end of a brush stroke). */
export function recutSegmentation(ctx: SegmentationContext, seg: Segmentation): Segmentation {
  return recut(ctx, seg);
}
