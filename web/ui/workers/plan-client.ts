// The main thread's handle on the planner workers (plan-api.ts), one per arch. Calls queue in
// each worker in order. A worker that dies fails the call in progress and is replaced on the next call; the
// fresh one has no prepared arch, so auto-setup then asks for the arches to be prepared again.
// Every call names its case: the worker keeps one case's arches.
import { createWorkerSlot, type WorkerEndpoint, type WorkerSlot } from '../../engine/worker-slot.ts';
import { JAWS, type Jaw } from '../../core/types.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import type { PlannerClient } from '../state/plan-types.ts';
import type { Kept, PlannerApi } from './plan-api.ts';

/**
 * A worker per arch where the machine has cores to spare. On two cores the UI thread (building
 * the tooth meshes meanwhile) already takes the other, and a second planner worker only makes
 * both arches late (each worker compiles the same code cold): one worker prepares the arches in turn.
 */
export function createWorkerPlannerClient(cores = navigator.hardwareConcurrency || 2): PlannerClient {
  return plannerClientOn(() => new Worker(new URL('./plan.worker.ts', import.meta.url), { type: 'module', name: 'planner' }), { perArch: cores > 2 });
}

/**
 * The client over comlink endpoints running plan.worker.ts's API (tests use a MessageChannel):
 * with `perArch`, one worker per arch, so a case's two arches are prepared at the same time;
 * otherwise one worker for both. Auto-setup runs in the first arch's worker, with the other
 * arch's axes and crowns fetched from its worker for the same case (a worker holding another
 * case's arch gives nothing).
 */
export function plannerClientOn(spawn: () => WorkerEndpoint, options: { perArch?: boolean } = {}): PlannerClient {
  const upper = createWorkerSlot<PlannerApi>({ name: 'planner', spawn });
  const slots: Record<Jaw, WorkerSlot<PlannerApi>> = {
    upper,
    lower: options.perArch ? createWorkerSlot<PlannerApi>({ name: 'planner', spawn }) : upper,
  };
  // An unknown arch goes to a worker all the same, which refuses it in words.
  const slotOf = (jaw: Jaw) => slots[jaw] ?? slots.upper;
  // The mesh is copied, not transferred: the viewport keeps drawing the same arrays.
  return {
    prepareArch: (caseId, jaw, mesh, record) => slotOf(jaw).call((r) => r.prepareArch(caseId, jaw, plainMesh(mesh), record)),
    parallelArches: !!options.perArch,
    async autoSetup(caseId, jaws, options, iprMaxPerContactMm) {
      const [host = 'upper' as Jaw, ...others] = JAWS.filter((j) => jaws.includes(j));
      const borrowed: Partial<Record<Jaw, Kept>> = {};
      for (const j of others) {
        const kept = await slots[j].call((r) => r.exportArch(caseId, j));
        if (kept) borrowed[j] = kept;
      }
      return slots[host].call((r) => r.autoSetup(caseId, [...jaws], { ...options }, iprMaxPerContactMm, borrowed));
    },
    async forget(caseId, jaw) {
      if (jaw) return slotOf(jaw).call((r) => r.forget(caseId, jaw));
      await Promise.all(JAWS.map((j) => slots[j].call((r) => r.forget(caseId))));
    },
    warm() {
      for (const j of JAWS) slots[j].warm();
    },
    dispose() {
      for (const slot of new Set(Object.values(slots))) slot.dispose();
    },
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
