// The main thread's handle on the planner worker (plan-api.ts). Calls queue in the worker in
// order. A worker that dies fails the call in progress and is replaced on the next call; the
// fresh one has no prepared arch, so auto-setup then asks for the arches to be prepared again.
import { createWorkerSlot, type WorkerEndpoint } from '../../engine/worker-slot.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import type { PlannerClient } from '../state/plan-types.ts';
import type { PlannerApi } from './plan-api.ts';

export function createWorkerPlannerClient(): PlannerClient {
  return plannerClientOn(() => new Worker(new URL('./plan.worker.ts', import.meta.url), { type: 'module', name: 'planner' }));
}

/** The client over any comlink endpoint running plan.worker.ts's API (tests use a MessageChannel). */
export function plannerClientOn(spawn: () => WorkerEndpoint): PlannerClient {
  const slot = createWorkerSlot<PlannerApi>({ name: 'planner', spawn });
  const call = slot.call;
  // The mesh is copied, not transferred: the viewport keeps drawing the same arrays.
  return {
    prepareArch: (jaw, mesh) => call((r) => r.prepareArch(jaw, plainMesh(mesh))),
    autoSetup: (options, iprMaxPerContactMm) => call((r) => r.autoSetup({ ...options }, iprMaxPerContactMm)),
    forget: (jaw) => call((r) => r.forget(jaw)),
    dispose: slot.dispose,
  };
}

/** The API in this thread, for tests and hosts without module workers. */
export function directPlannerClient(api: PlannerApi): PlannerClient {
  return {
    prepareArch: async (jaw, mesh) => api.prepareArch(jaw, mesh),
    autoSetup: async (options, iprMaxPerContactMm) => api.autoSetup(options, iprMaxPerContactMm),
    forget: async (jaw) => api.forget(jaw),
    dispose: () => undefined,
  };
}

function plainMesh(mesh: LabelledMesh): LabelledMesh {
  return { positions: mesh.positions, indices: mesh.indices, labels: mesh.labels };
}
