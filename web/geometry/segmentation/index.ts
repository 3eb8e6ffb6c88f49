// Automatic tooth segmentation of a raw arch scan, and the planner's corrections.
// Typical use: const ctx = prepareSegmentation(mesh, { jaw }); let seg = autoSegment(ctx);
// then seg = moveSeed(ctx, seg, 11, vertex) etc., keeping old values for undo.
export { estimateArchFrame, leftFor, type ArchFrame } from './arch-frame.ts';
export { prepareSegmentation, type PrepareOptions, type SegmentationContext } from './context.ts';
export { autoSegment, segmentArch, type Segmentation, type SegmentOptions } from './segment.ts';
export { nearestVertex, seedPosition, type ToothSeed } from './find-teeth.ts';
export {
  addSeed, deleteSeed, erasePaint, moveSeed, paintFaces, recutSegmentation, renumberTooth, type PaintOptions,
} from './corrections.ts';
export { boundaryError, toothIou, type ToothScore } from './metrics.ts';
export { syntheticArch, type SyntheticArch, type SyntheticArchOptions } from './synthetic-arch.ts';
export type { Vec3 } from './vec.ts';
export type { ProgressReport } from './progress.ts';
