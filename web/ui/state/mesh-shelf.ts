// The meshes a package import has just stored, handed to the case view that opens next, so
// that it need not read back from IndexedDB and decode again what the package reader already
// decoded (most of a share link's wait between the import and the first frame). It holds one
// case at a time; each mesh is taken once, and only by that case asking for the stored blob
// it was written as: another case, or a scan of this case imported since, never gets it. The
// arches' segmentation records are held the same way but read as often as asked (the
// segmentation and the plan both read them), each a copy, until another case is put or the case's view closes.
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

export interface MeshShelf {
  /** Replaces whatever was held (of any case) with these meshes of `caseId`. */
  put(caseId: string, meshes: readonly ShelvedMesh[]): void;
  /** The mesh stored as `blobId` in `caseId` (with its content hash), once; undefined when not held. */
  take(caseId: string, blobId: string): { mesh: LabelledMesh; meshHash: string } | undefined;
  /** A copy of the segmentation record stored as `blobId` in `caseId`; undefined when not held. */
  segmentation(caseId: string, blobId: string): ArrayBuffer | undefined;
  /** That case's view closed: what was held for it goes (another case's stays). */
  release(caseId: string): void;
  clear(): void;
}

export function createMeshShelf(): MeshShelf {
  let held: {
    caseId: string;
    byBlob: Map<string, { mesh: LabelledMesh; meshHash: string }>;
    records: Map<string, ArrayBuffer>;
  } | null = null;
  return {
    put(caseId, meshes) {
      held = {
        caseId,
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
    release(caseId) {
      if (held?.caseId === caseId) held = null;
    },
    clear() {
      held = null;
    },
  };
}
