// The meshes a package import has just stored, handed to the case view that opens next, so
// that it need not read back from IndexedDB and decode again what the package reader already
// decoded (most of a share link's wait between the import and the first frame). It holds one
// case at a time; each mesh is taken once, and only by that case asking for the stored blob
// it was written as: another case, or a scan of this case imported since, never gets it.
import type { Jaw } from '../../core/types.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';

export interface ShelvedMesh {
  jaw: Jaw;
  /** The stored mesh blob this mesh is exactly the decoding of. */
  blobId: string;
  mesh: LabelledMesh;
  /** Its meshContentHash, as the package reader checked it. */
  meshHash: string;
}

export interface MeshShelf {
  /** Replaces whatever was held (of any case) with these meshes of `caseId`. */
  put(caseId: string, meshes: readonly ShelvedMesh[]): void;
  /** The mesh stored as `blobId` in `caseId` (with its content hash), once; undefined when not held. */
  take(caseId: string, blobId: string): { mesh: LabelledMesh; meshHash: string } | undefined;
  clear(): void;
}

export function createMeshShelf(): MeshShelf {
  let held: { caseId: string; byBlob: Map<string, { mesh: LabelledMesh; meshHash: string }> } | null = null;
  return {
    put(caseId, meshes) {
      held = { caseId, byBlob: new Map(meshes.map((m) => [m.blobId, { mesh: m.mesh, meshHash: m.meshHash }])) };
    },
    take(caseId, blobId) {
      if (held?.caseId !== caseId) return undefined;
      const shelved = held.byBlob.get(blobId);
      held.byBlob.delete(blobId);
      if (held.byBlob.size === 0) held = null;
      return shelved;
    },
    clear() {
      held = null;
    },
  };
}
