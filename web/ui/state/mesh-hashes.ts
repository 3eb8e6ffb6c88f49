// The content hash of each arch's stored scan (exchange/mesh-codec.ts), which an approval's
// plan hash covers: the same on the planner's and the doctor's side of a package, because it
// is taken over the package grid. The stored mesh, not the labelled one the plan works on:
// a segmentation made here lives in its own record and must not change what was approved.
// Hashed once per loaded mesh (tens of milliseconds for a full arch).
import { createMemo, type Accessor } from 'solid-js';
import { JAWS, type Jaw } from '../../core/types.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import { meshContentHash } from '../../exchange/mesh-codec.ts';

export function createMeshHashes(
  meshes: Accessor<Partial<Record<Jaw, LabelledMesh>>>,
  /** False while the case's scans are still being read: a half-loaded case has no hash. */
  loaded: Accessor<boolean>,
  /** A hash already taken (and checked) elsewhere for this very mesh object. */
  known: (mesh: LabelledMesh) => string | undefined = () => undefined,
): Accessor<Partial<Record<Jaw, string>> | undefined> {
  const perJaw = JAWS.map((jaw) => {
    const mesh = createMemo(() => meshes()[jaw]);
    return createMemo(() => {
      const m = mesh();
      if (!m) return null;
      const already = known(m);
      if (already !== undefined) return already;
      try {
        return meshContentHash(m);
      } catch {
        // A scan the package grid cannot hold (larger than 256 mm): no approval can cover it.
        return undefined;
      }
    });
  });
  return createMemo(() => {
    if (!loaded()) return undefined;
    const out: Partial<Record<Jaw, string>> = {};
    for (let i = 0; i < JAWS.length; i++) {
      const h = perJaw[i]();
      if (h === undefined) return undefined;
      if (h !== null) out[JAWS[i]] = h;
    }
    return out;
  });
}
