// Arch orientation: the frame of the real scan as placed, after seeded arbitrary poses,
// with its triangles wound inward, and on a synthetic lower arch (no palate).
import { describe, expect, it } from 'vitest';
import type { Mesh } from '../mesh.ts';
import { estimateArchFrame, type ArchFrame } from './arch-frame.ts';
import { movedMesh, randomPose } from './random.ts';
import { loadRealScan } from '../fixtures/real-scan.ts';
import { syntheticArch } from './synthetic-arch.ts';
import { dot, type Vec3 } from './vec.ts';

const degrees = (a: Vec3, b: Vec3) => (Math.acos(Math.min(1, Math.max(-1, dot(a, b)))) * 180) / Math.PI;
const rotate = (r: number[], v: Vec3): Vec3 => [
  r[0] * v[0] + r[1] * v[1] + r[2] * v[2], r[3] * v[0] + r[4] * v[1] + r[5] * v[2], r[6] * v[0] + r[7] * v[1] + r[8] * v[2],
];

describe('estimateArchFrame', () => {
  const { mesh } = loadRealScan();
  const frame = estimateArchFrame(mesh, 'upper');

  it('finds the real scan\'s anatomy: crowns towards -z, front towards -y, patient left +x', () => {
    expect(degrees(frame.occlusal, [0, 0, -1])).toBeLessThan(5);
    expect(degrees(frame.anterior, [0, -1, 0])).toBeLessThan(5);
    expect(degrees(frame.left, [1, 0, 0])).toBeLessThan(5);
    expect(Math.abs(dot(frame.occlusal, frame.anterior))).toBeLessThan(1e-9);
    expect(frame.jawGuess).toBe('upper');
    expect(frame.inwardNormals).toBe(false);
    // The origin sits at the front of the arch, between the central incisors.
    expect(Math.abs(frame.origin[0])).toBeLessThan(4);
    expect(frame.origin[1]).toBeLessThan(-25);
  });

  for (const seed of [1, 2, 3]) {
    it(`turns with the scan under a seeded arbitrary pose (seed ${seed})`, () => {
      const pose = randomPose(seed);
      const moved = estimateArchFrame(movedMesh(mesh, pose.rotation, pose.translation), 'upper');
      const key: (keyof ArchFrame)[] = ['occlusal', 'anterior', 'left'];
      for (const k of key) expect(degrees(moved[k] as Vec3, rotate(pose.rotation, frame[k] as Vec3))).toBeLessThan(0.5);
      const o = rotate(pose.rotation, frame.origin);
      const shift = Math.hypot(o[0] + pose.translation[0] - moved.origin[0], o[1] + pose.translation[1] - moved.origin[1], o[2] + pose.translation[2] - moved.origin[2]);
      expect(shift).toBeLessThan(0.5);
    });
  }

  it('tells inward-wound triangles and still points the occlusal normal at the crowns', () => {
    const flipped: Mesh = { positions: mesh.positions, indices: mesh.indices.slice() };
    for (let f = 0; f < flipped.indices.length; f += 3) {
      const t = flipped.indices[f + 1];
      flipped.indices[f + 1] = flipped.indices[f + 2];
      flipped.indices[f + 2] = t;
    }
    const f2 = estimateArchFrame(flipped, 'upper');
    expect(f2.inwardNormals).toBe(true);
    expect(degrees(f2.occlusal, frame.occlusal)).toBeLessThan(0.5);
  });

  it('reports "unknown" for a lower arch without a palate, and its left follows the jaw (seed 5)', () => {
    const arch = syntheticArch({ jaw: 'lower', seed: 5 });
    const f = estimateArchFrame(arch.mesh, 'lower');
    expect(f.jawGuess).toBe('unknown');
    // Incisors stand taller than molars here, so the plane through the tips tilts a little.
    expect(degrees(f.occlusal, [0, 0, 1])).toBeLessThan(10);
    expect(degrees(f.anterior, [0, -1, 0])).toBeLessThan(10);
    expect(degrees(f.left, [1, 0, 0])).toBeLessThan(5);
  });
});
