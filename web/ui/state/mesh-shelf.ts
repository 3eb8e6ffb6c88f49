// The meshes a package import has just stored, handed to the case view that opens next, so
// that it need not read back from IndexedDB and decode again what the package reader already
// decoded (most of a share link's wait between the import and the first frame). It holds one
// case at a time; each mesh is taken once, and only by that case asking for the stored blob
// it was written as: another case, or a scan of this case imported since, never gets it. The
// arches' segmentation records are held the same way but read as often as asked (the
// segmentation and the plan both read them), each a copy, until another case is put or the case's view closes.
// The case's working plan as the import stored it is held too, taken once by the plan session:
// read back from IndexedDB it would wait behind the main thread building the scene.
import type { Plan } from '../../core/plan.ts';
import type { Jaw } from '../../core/types.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';

export interface ShelvedMesh {
  jaw: Jaw;
  /** The stored mesh blob this mesh is exactly the decoding of. */
  blobId: string;
  mesh: LabelledMesh;
  /** Its meshContentHash, as the package reader checked it. */
  meshHash: string;
  /** The arch's segmentation record as stored, under its blob id (a save writes a new blob). */
  segmentation?: { blobId: string; bytes: ArrayBuffer };
}

export interface ShelvedWorking {
  plan: Plan;
  /** The stored record's revision: a save of this plan is based on it. */
  revision: number;
}

export interface MeshShelf {
  /** Replaces whatever was held (of any case) with these meshes of `caseId`, and its working plan as stored. */
  put(caseId: string, meshes: readonly ShelvedMesh[], working?: ShelvedWorking): void;
  /** The mesh stored as `blobId` in `caseId` (with its content hash), once; undefined when not held. */
  take(caseId: string, blobId: string): { mesh: LabelledMesh; meshHash: string } | undefined;
  /** A copy of the segmentation record stored as `blobId` in `caseId`; undefined when not held. */
  segmentation(caseId: string, blobId: string): ArrayBuffer | undefined;
  /** The working plan stored for `caseId`, once; undefined when not held (read it from storage). */
  takeWorking(caseId: string): ShelvedWorking | undefined;
  /** That case's view closed: what was held for it goes (another case's stays). */
  release(caseId: string): void;
  clear(): void;
}

export function createMeshShelf(): MeshShelf {
  let held: {
    caseId: string;
    byBlob: Map<string, { mesh: LabelledMesh; meshHash: string }>;
    records: Map<string, ArrayBuffer>;
    working?: ShelvedWorking;
  } | null = null;
  return {
    put(caseId, meshes, working) {
      held = {
        caseId,
        ...(working ? { working } : {}),
        byBlob: new Map(meshes.map((m) => [m.blobId, { mesh: m.mesh, meshHash: m.meshHash }])),
        records: new Map(meshes.flatMap((m) => (m.segmentation ? [[m.segmentation.blobId, m.segmentation.bytes.slice(0)] as const] : []))),
      };
    },
    take(caseId, blobId) {
      if (held?.caseId !== caseId) return undefined;
      const shelved = held.byBlob.get(blobId);
      held.byBlob.delete(blobId);
      return shelved;
    },
    segmentation(caseId, blobId) {
      if (held?.caseId !== caseId) return undefined;
      return held.records.get(blobId)?.slice(0);
    },
    takeWorking(caseId) {
      if (held?.caseId !== caseId) return undefined;
      const working = held.working;
      delete held.working;
      return working;
    },
    release(caseId) {
      if (held?.caseId === caseId) held = null;
    },
    clear() {
      held = null;
    },
  };
}
