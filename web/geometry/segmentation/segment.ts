// Automatic segmentation of a raw arch scan, and the state the planner's corrections act
// on. A Segmentation is a plain value: every correction returns a new one (undo/redo is
// keeping the old ones), and the heavy per-scan work lives in the SegmentationContext.
import type { Jaw } from '../../core/types.ts';
import type { Mesh } from '../mesh.ts';
import type { ArchFrame } from './arch-frame.ts';
import { prepareSegmentation, type SegmentationContext } from './context.ts';
import { cutTeeth, type ToothField } from './cut.ts';
import { findTeeth, type ToothSeed } from './find-teeth.ts';
import { labelFaces, peelGumCrease, removeIslands, smoothBoundaries, vertexLabelsFromFaces } from './labels.ts';
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
}

export interface SegmentOptions {
  jaw: Jaw;
  frame?: ArchFrame;
}

export function segmentArch(mesh: Mesh, opts: SegmentOptions): Segmentation {
  return autoSegment(prepareSegmentation(mesh, opts));
}

/** Seeds, numbering and cut from scratch on a prepared scan. */
export function autoSegment(ctx: SegmentationContext): Segmentation {
  const found = findTeeth(ctx);
  const warnings = [...found.warnings];
  if (ctx.frame.jawGuess !== 'unknown' && ctx.frame.jawGuess !== ctx.jaw) {
    warnings.push(`the scan looks like an ${ctx.frame.jawGuess} arch but was given as ${ctx.jaw}`);
  }
  return recut(ctx, { seeds: found.seeds, paint: new Map(), scale: found.scale, warnings, fields: [] });
}

interface CutState {
  seeds: readonly ToothSeed[];
  paint: ReadonlyMap<number, number>;
  scale: number;
  warnings: string[];
  fields: readonly ToothField[];
}

const neighbourCache = new WeakMap<SegmentationContext, Int32Array>();

/** Re-runs the cut for the given seeds and paint, reusing unchanged teeth's fields. */
export function recut(ctx: SegmentationContext, state: CutState): Segmentation {
  const cut = cutTeeth(ctx, { seeds: [...state.seeds], scale: state.scale, paint: state.paint, previous: state.fields });
  const faceLabels = labelFaces(ctx.topo, cut);
  for (const [f, l] of state.paint) faceLabels[f] = l;
  let neighbours = neighbourCache.get(ctx);
  if (!neighbours) { neighbours = faceNeighbours(ctx.topo); neighbourCache.set(ctx, neighbours); }
  const seedFaces = new Map<number, number>();
  for (const s of state.seeds) seedFaces.set(s.fdi, ctx.topo.vf[ctx.topo.vfStart[s.vertex]]);
  const locked = new Set(state.paint.keys());
  peelGumCrease(ctx.topo, neighbours, faceLabels, ctx.curvature.kMin, locked);
  removeIslands(ctx.topo, neighbours, faceLabels, seedFaces, locked);
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
  };
}
