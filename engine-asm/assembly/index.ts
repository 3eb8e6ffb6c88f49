// The WASM engine's exports (host: web/engine/wasm.ts). The host packs the layout buffers of
// web/engine/layout.ts straight into arena memory and passes their addresses; every kernel
// reads and writes them in place.
export { alloc, arenaBase, arenaReset, arenaTop } from './arena';
export { setBuffers } from './closest';
import { buildGrids } from './sign-grid';
import { buildChunks } from './chunks';
export { queryPair, occlusion } from './pairs';
import { stageTooth } from './staging';
import { queryPair } from './pairs';

/** Builds the per-tooth search aids (sign grids, vertex chunks) after setBuffers; false if memory ran out. */
export function prepareTeeth(toothCount: i32): bool {
  return buildGrids(toothCount) && buildChunks(toothCount);
}

/** Every tooth at every stage: POSES from PLAN. */
export function computePoses(plan: usize, toothCount: i32, stageCount: i32, poses: usize): void {
  for (let i = 0; i < toothCount; i++) stageTooth(plan, toothCount, i, stageCount, poses);
}

/** One tooth's poses at every stage (after its target changed). */
export function computeToothPoses(plan: usize, toothCount: i32, tooth: i32, stageCount: i32, poses: usize): void {
  stageTooth(plan, toothCount, tooth, stageCount, poses);
}

/** Every pair of PAIRS at every listed stage into RESULTS (pair-major). */
export function queryPairs(pairs: usize, pairCount: i32, stages: usize, stageCount: i32, poses: usize, toothCount: i32, searchMm: f64, results: usize): void {
  for (let p = 0; p < pairCount; p++) queryPair(pairs, p, stages, stageCount, poses, toothCount, searchMm, results);
}
