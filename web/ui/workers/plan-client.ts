// The main thread's handle on the planner worker (plan-api.ts). Calls queue in the worker in
// order. A worker that dies fails the call in progress and is replaced on the next call; the
// fresh one has no prepared arch, so auto-setup then asks for the arches to be prepared again.
// Every call names its case: the worker keeps one case's arches.
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
    prepareArch: (caseId, jaw, mesh, record) => call((r) => r.prepareArch(caseId, jaw, plainMesh(mesh), record)),
    autoSetup: (caseId, jaws, options, iprMaxPerContactMm) => call((r) => r.autoSetup(caseId, [...jaws], { ...options }, iprMaxPerContactMm)),
    forget: (caseId, jaw) => call((r) => r.forget(caseId, jaw)),
    dispose: slot.dispose,
  };
}

/** The API in this thread, for tests and hosts without module workers. */
export function directPlannerClient(api: PlannerApi): PlannerClient {
  return {
    prepareArch: async (caseId, jaw, mesh, record) => api.prepareArch(caseId, jaw, mesh, record),
    autoSetup: async (caseId, jaws, options, iprMaxPerContactMm) => api.autoSetup(caseId, jaws, options, iprMaxPerContactMm),
    forget: async (caseId, jaw) => api.forget(caseId, jaw),
    dispose: () => undefined,
  };
}

function plainMesh(mesh: LabelledMesh): LabelledMesh {
  return { positions: mesh.positions, indices: mesh.indices, labels: mesh.labels };
}
