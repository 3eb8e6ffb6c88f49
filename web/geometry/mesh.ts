// The one mesh type. Indexed triangles in millimetres, in the scan frame as exported.
// Crosses every boundary (worker, store, engine) as plain typed arrays.

export interface Mesh {
  /** xyz per vertex, mm. */
  positions: Float32Array;
  /** Three vertex indices per triangle, counter-clockwise seen from outside. */
  indices: Uint32Array;
}

/** A mesh with one FDI label per vertex (0 = gingiva), the Teeth3DS layout. */
export interface LabelledMesh extends Mesh {
  labels: Uint8Array | null;
}

export interface Box3 {
  min: [number, number, number];
  max: [number, number, number];
}

export function vertexCount(mesh: Mesh): number {
  return mesh.positions.length / 3;
}

export function triangleCount(mesh: Mesh): number {
  return mesh.indices.length / 3;
}

export function boundingBox(positions: Float32Array): Box3 {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const v = positions[i + k];
      if (v < min[k]) min[k] = v;
      if (v > max[k]) max[k] = v;
    }
  }
  return { min, max };
}

export function boxSize(box: Box3): [number, number, number] {
  return [box.max[0] - box.min[0], box.max[1] - box.min[1], box.max[2] - box.min[2]];
}
