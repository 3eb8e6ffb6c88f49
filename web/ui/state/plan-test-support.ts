// Test support for the plan session tests (imported by *.test.ts only): the demo case (seed
// DEMO_SEED, both arches), the planner API called in this thread with its geometry computed
// once per test file, the WASM engine, and a real library on fake IndexedDB.
import { createRoot } from 'solid-js';
import { DEMO_SEED, generateDemoCase } from '../../geometry/demo/index.ts';
import { createEngineApi, engineForCase } from '../../engine/worker.ts';
import { createPlannerApi } from '../workers/plan-api.ts';
import { directPlannerClient } from '../workers/plan-client.ts';
import { createPlanSession, type PlanSessionDeps } from './plan-session.ts';
import type { PlannerClient, PlanSession } from './plan-types.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import { archPlanParts } from '../../geometry/setup/plan-parts.ts';
import { freshLibrary } from './test-support.ts';

export { DEMO_SEED };
const demo = generateDemoCase(DEMO_SEED);
export const arches = { upper: demo.arches.upper.mesh, lower: demo.arches.lower.mesh };
// Every session prepares the same meshes: the geometry is computed once per mesh for the whole file.
const partsOf = new Map<LabelledMesh, ReturnType<typeof archPlanParts>>();
export const planner: PlannerClient = directPlannerClient(createPlannerApi((mesh, jaw) => {
  if (!partsOf.has(mesh)) partsOf.set(mesh, archPlanParts(mesh, jaw));
  return partsOf.get(mesh)!;
}));
// One engine for the file: sessions take turns (each loads its teeth when it opens).
export const engineApi = createEngineApi();

/** A fresh library with one case on `factory` (fake-indexeddb's IDBFactory in Node), and a session opener on it. */
export async function libraryWithCase(factory: IDBFactory) {
  const lib = await freshLibrary(factory);
  const record = await lib.cases.create({ pseudonym: 'Patient P' });
  const open = (extra: Partial<PlanSessionDeps> = {}) => createRoot(() => createPlanSession({
    caseId: record.id, plans: lib.plans, settings: lib.settings, planner, engine: engineForCase(engineApi, record.id), arches: () => arches, autosaveDelayMs: 0, ...extra,
  }));
  return { lib, factory, caseId: record.id, open };
}

/** A session opened and settled on a fresh library. */
export async function opened(factory: IDBFactory, extra: Partial<PlanSessionDeps> = {}) {
  const ctx = await libraryWithCase(factory);
  const session = ctx.open(extra);
  await session.open();
  await session.settled();
  return { ...ctx, session };
}


/** Depths of the neighbour overlaps at the plan's last stage. */
export function finalNeighbourDepths(s: PlanSession): number[] {
  const last = s.staging()!.stageCount - 1;
  return (s.findings()!.collisions.find((c) => c.stage === last)?.collisions ?? []).filter((c) => c.kind === 'neighbour').map((c) => c.depthMm);
}
