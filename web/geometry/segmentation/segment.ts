// Automatic segmentation of a raw arch scan, and the state the planner's corrections act
// on. A Segmentation is a plain value: every correction returns a new one (undo/redo is
// keeping the old ones), and the heavy per-scan work lives in the SegmentationContext.
import type { Jaw } from '../../core/types.ts';
import type { Mesh } from '../mesh.ts';
import type { ArchFrame } from './arch-frame.ts';
import { prepareSegmentation, type SegmentationContext } from './context.ts';
import { cutTeeth, type ToothField } from './cut.ts';
import { findTeeth, seedPosition, type NumberingReport, type ToothAnchor, type ToothSeed } from './find-teeth.ts';
import { labelFaces, peelGumCrease, removeIslands, smoothBoundaries, vertexLabelsFromFaces } from './labels.ts';
import { progressSpan, type ProgressReport } from './progress.ts';
import { liftSeeds, recutOnProxy } from './proxy-cut.ts';
import { giveGumToTeeth } from './crown-only.ts';
import { faceNeighbours } from './topology.ts';

export interface Segmentation {
  /** FDI label per triangle, 0 = gingiva. */
  faceLabels: Uint8Array;
  /** FDI label per vertex (majority of its triangles), 0 = gingiva. */
  vertexLabels: Uint8Array;
  seeds: readonly ToothSeed[];
  /** Painted triangles (hard constraints): face index -> label. */
  paint: ReadonlyMap<number, number>;
  frame: ArchFrame;
  /** Patient size factor over average crown widths, from the automatic numbering. */
  scale: number;
  warnings: string[];
  /** Solved fields, reused by the next re-cut for teeth an edit does not touch. */
  fields: readonly ToothField[];
  /** How sure the automatic numbering was (absent on states restored from a record). */
  numbering?: NumberingReport;
}

export interface SegmentOptions {
  jaw: Jaw;
  frame?: ArchFrame;
  /** A tooth the planner knows: the numbering is built from it. */
  anchor?: ToothAnchor;
}

export function segmentArch(mesh: Mesh, opts: SegmentOptions): Segmentation {
  return autoSegment(prepareSegmentation(mesh, opts), undefined, opts.anchor);
}

/** Seeds, numbering and cut from scratch on a prepared scan. */
export function autoSegment(ctx: SegmentationContext, onProgress?: ProgressReport, anchor?: ToothAnchor): Segmentation {
  onProgress?.(0, 'Finding and numbering the teeth');
  // The numbering may run on a coarser proxy: a vertex anchor travels as its point.
  const v = anchor?.vertex;
  if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v < ctx.topo.vertexCount)) throw new RangeError(`no vertex ${v} on this scan`);
  const pin = anchor && v !== undefined ? { fdi: anchor.fdi, point: seedPosition(ctx, { fdi: anchor.fdi, vertex: v }) } : anchor;
  const found = liftSeeds(ctx, findTeeth(ctx.proxy?.ctx ?? ctx, pin));
  const warnings = [...found.warnings];
  if (ctx.frame.jawGuess !== 'unknown' && ctx.frame.jawGuess !== ctx.jaw) {
    warnings.push(`the scan looks like an ${ctx.frame.jawGuess} arch but was given as ${ctx.jaw}`);
  }
  const seg = recut(ctx, { seeds: found.seeds, paint: new Map(), scale: found.scale, warnings, fields: [], numbering: found.numbering }, progressSpan(onProgress, 0.15, 1));
  onProgress?.(1, 'Done');
  return seg;
}

export interface CutState {
  seeds: readonly ToothSeed[];
  paint: ReadonlyMap<number, number>;
  scale: number;
  warnings: string[];
  fields: readonly ToothField[];
  numbering?: NumberingReport;
}

const neighbourCache = new WeakMap<SegmentationContext, Int32Array>();

/** Re-runs the cut for the given seeds and paint, reusing unchanged teeth's fields. */
export function recut(ctx: SegmentationContext, state: CutState, onProgress?: ProgressReport): Segmentation {
  if (ctx.proxy) return recutOnProxy(ctx, state, recut, onProgress);
  onProgress?.(0, 'Cutting the crowns from the gum and each other');
  const cut = cutTeeth(ctx, { seeds: [...state.seeds], scale: state.scale, paint: state.paint, previous: state.fields, onProgress: progressSpan(onProgress, 0, 0.85) });
  onProgress?.(0.85, 'Cleaning up the boundaries');
  const faceLabels = labelFaces(ctx.topo, cut);
  for (const [f, l] of state.paint) faceLabels[f] = l;
  let neighbours = neighbourCache.get(ctx);
  if (!neighbours) { neighbours = faceNeighbours(ctx.topo); neighbourCache.set(ctx, neighbours); }
  const seedFaces = new Map<number, number>();
  for (const s of state.seeds) seedFaces.set(s.fdi, ctx.topo.vf[ctx.topo.vfStart[s.vertex]]);
  const locked = new Set(state.paint.keys());
  if (!ctx.crownOnly) peelGumCrease(ctx.topo, neighbours, faceLabels, ctx.curvature.kMin, locked);
  removeIslands(ctx.topo, neighbours, faceLabels, seedFaces, locked);
  if (ctx.crownOnly) giveGumToTeeth(ctx.topo, neighbours, faceLabels, state.seeds, locked);
  smoothBoundaries(neighbours, faceLabels, locked);
  return {
    faceLabels,
    vertexLabels: vertexLabelsFromFaces(ctx.topo, faceLabels),
    seeds: state.seeds,
    paint: state.paint,
    frame: ctx.frame,
    scale: state.scale,
    warnings: state.warnings,
    fields: cut.fields,
    ...(state.numbering ? { numbering: state.numbering } : {}),
  };
}
