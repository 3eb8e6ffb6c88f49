// A package's arches prepared for planning while the package is still being stored and its
// case view opened, so that a share link's staged plan is drawn that much sooner (issue 13's
// speed figure). The case view asks the planner as always; when it asks for exactly what was
// prepared ahead (this case, this arch, the very mesh object the shelf handed it, the same
// segmentation record) it gets that result, once. Anything else (another case, a scan
// replaced, a record changed, a second ask) is prepared afresh, so the head start can only
// save time, never give a case another case's or an older scan's geometry.
import type { Jaw } from '../../core/types.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import type { PlanArchParts, PlannerClient } from './plan-types.ts';

interface Ahead {
  mesh: LabelledMesh;
  record: ArrayBuffer | undefined;
  parts: Promise<PlanArchParts>;
}

export interface HeadStartPlanner extends PlannerClient {
  /** Starts preparing `mesh` as arch `jaw` of case `caseId`; a later matching prepareArch takes the result. */
  prepareAhead(caseId: string, jaw: Jaw, mesh: LabelledMesh, record?: ArrayBuffer): void;
}

function sameBytes(a: ArrayBuffer | undefined, b: ArrayBuffer | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a), y = new Uint8Array(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

export function createPlannerHeadStart(planner: PlannerClient): HeadStartPlanner {
  let ahead: { caseId: string; byJaw: Map<Jaw, Ahead> } | null = null;

  function take(caseId: string, jaw: Jaw): Ahead | undefined {
    if (ahead?.caseId !== caseId) {
      ahead = null;
      return undefined;
    }
    const a = ahead.byJaw.get(jaw);
    ahead.byJaw.delete(jaw);
    return a;
  }

  return {
    ...planner,
    prepareAhead(caseId, jaw, mesh, record) {
      if (ahead?.caseId !== caseId) ahead = { caseId, byJaw: new Map() };
      // The worker keeps its own copy: the caller's record stays comparable even if it is reused.
      const kept = record?.slice(0);
      const parts = planner.prepareArch(caseId, jaw, mesh, record);
      // A failure is the case view's to report, when (and if) it asks.
      parts.catch(() => undefined);
      ahead.byJaw.set(jaw, { mesh, record: kept, parts });
    },
    prepareArch(caseId, jaw, mesh, record) {
      const a = take(caseId, jaw);
      if (a && a.mesh === mesh && sameBytes(a.record, record)) return a.parts;
      return planner.prepareArch(caseId, jaw, mesh, record);
    },
    forget(caseId, jaw) {
      if (ahead?.caseId === caseId) {
        if (jaw) ahead.byJaw.delete(jaw);
        else ahead = null;
      }
      return planner.forget(caseId, jaw);
    },
    dispose() {
      ahead = null;
      planner.dispose();
    },
  };
}
