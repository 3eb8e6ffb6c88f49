// Seeded randomness for the synthetic arches and the orientation tests: the same seed
// gives the same arch and the same pose on every machine, so a failure can be replayed.
import type { Mesh } from '../mesh.ts';

import { seededRandom } from '../../core/random.ts';

export { seededRandom };

/** A uniformly random rotation (row-major 3x3) from a random unit quaternion. */
export function randomRotation(rand: () => number): number[] {
  const u1 = rand(), u2 = rand() * 2 * Math.PI, u3 = rand() * 2 * Math.PI;
  const a = Math.sqrt(1 - u1), b = Math.sqrt(u1);
  const [x, y, z, w] = [a * Math.sin(u2), a * Math.cos(u2), b * Math.sin(u3), b * Math.cos(u3)];
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
  ];
}

/** The mesh rotated by `rotation` and moved by `translation` (mm); triangles unchanged. */
export function movedMesh(mesh: Mesh, rotation: number[], translation: [number, number, number]): Mesh {
  const P = mesh.positions;
  const out = new Float32Array(P.length);
  for (let i = 0; i < P.length; i += 3) {
    const x = P[i], y = P[i + 1], z = P[i + 2];
    for (let r = 0; r < 3; r++) out[i + r] = rotation[3 * r] * x + rotation[3 * r + 1] * y + rotation[3 * r + 2] * z + translation[r];
  }
  return { positions: out, indices: mesh.indices };
}

/** A seeded arbitrary pose: random rotation and a translation up to 200 mm per axis. */
export function randomPose(seed: number): { rotation: number[]; translation: [number, number, number] } {
  const rand = seededRandom(seed);
  const rotation = randomRotation(rand);
  const translation: [number, number, number] = [(rand() - 0.5) * 400, (rand() - 0.5) * 400, (rand() - 0.5) * 400];
  return { rotation, translation };
}
