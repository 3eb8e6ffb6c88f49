// A tiny closed crown for core tests: an octahedron of radius 2 mm around a centroid.
import type { Vec3 } from './pose.ts';

export function octahedronCrownAt(c: Vec3, r = 2): { positions: Float32Array; indices: Uint32Array } {
  const positions = new Float32Array([
    c[0] + r, c[1], c[2], c[0] - r, c[1], c[2], c[0], c[1] + r, c[2], c[0], c[1] - r, c[2], c[0], c[1], c[2] + r, c[0], c[1], c[2] - r,
  ]);
  const indices = new Uint32Array([0, 2, 4, 2, 1, 4, 1, 3, 4, 3, 0, 4, 2, 0, 5, 1, 2, 5, 3, 1, 5, 0, 3, 5]);
  return { positions, indices };
}
