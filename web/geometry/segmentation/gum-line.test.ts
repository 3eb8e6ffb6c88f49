// The cut must follow the scalloped gum line: keep the crown's cervical band at each zenith
// and leave the papillae between touching crowns to the gum. Measured on generated arches at
// the sweep's size, whose edges (about 0.55 mm) are coarser than the real scan's (0.37 mm):
// curvature smoothed by a fixed number of rings there ran the creases either side of a
// papilla together, and the teeth took the papillae (5% of the tooth area, IoU ~0.91).
import { describe, expect, it } from 'vitest';
import type { Jaw } from '../../core/types.ts';
import type { Mesh } from '../mesh.ts';
import { rawScan } from '../demo/raw-scan.ts';
import { sweepCase } from '../demo/raw-scan-cases.ts';
import { smoothingPasses } from './context.ts';
import { segmentArch } from './segment.ts';
import { buildTopology } from './topology.ts';

/** A flat square grid of `n` x `n` quads with `step` mm sides. */
function grid(n: number, step: number): Mesh {
  const positions: number[] = [], indices: number[] = [];
  for (let j = 0; j <= n; j++) for (let i = 0; i <= n; i++) positions.push(i * step, j * step, 0);
  const at = (i: number, j: number): number => j * (n + 1) + i;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) indices.push(at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j), at(i + 1, j + 1), at(i, j + 1));
  }
  return { positions: Float32Array.from(positions), indices: Uint32Array.from(indices) };
}

/** Tooth area called gum and gum area given to a tooth, as fractions of the true tooth area. */
function gumLineErrors(jaw: Jaw, seed: number): { lost: number; taken: number } {
  const scan = rawScan({ jaw, seed, triangles: 50_000 });
  const seg = segmentArch(scan.mesh, { jaw });
  const { faceAreas } = buildTopology(scan.mesh);
  let tooth = 0, lost = 0, taken = 0;
  scan.faceLabels.forEach((truth, f) => {
    if (truth) tooth += faceAreas[f];
    if (truth && !seg.faceLabels[f]) lost += faceAreas[f];
    if (!truth && seg.faceLabels[f]) taken += faceAreas[f];
  });
  return { lost: lost / tooth, taken: taken / tooth };
}

describe('segmentation: the gum line', () => {
  it('smooths the curvature over a fixed distance, not a fixed number of rings', () => {
    expect(smoothingPasses(buildTopology(grid(20, 0.55)))).toBe(0);
    expect(smoothingPasses(buildTopology(grid(20, 0.16)))).toBe(2);
    expect(smoothingPasses(buildTopology(grid(20, 0.05)))).toBe(3);
  });

  // Before: 3-5% of the tooth area lost at the zeniths and 4.5-6% taken from the papillae.
  // Then 1.0-1.5% lost (the prior giving way at 0.7 crown heights costs the zeniths about half a
  // percent, for more kept off the papillae and the palate) and 1.8-2.3% taken. Now 1.6-2.1% lost
  // and 0.8-0.9% taken: the pull to the gum at the papillae takes the crowns' flanks right
  // beside them too, less than it keeps off the papillae.
  it.each([['upper', 3], ['lower', 4]] as const)('keeps the cervical band and leaves the papillae to the gum on a generated %s arch (seed %i, 50k triangles)', (jaw, seed) => {
    const { lost, taken } = gumLineErrors(jaw, seed);
    expect(lost).toBeLessThan(0.025);
    expect(taken).toBeLessThan(0.015);
  });

  // Before: the prior still called the palate tooth a crown height down, and the incisors took
  // a band of it behind them (8.6-9.5% of their area; 7.3% now, mostly the papillae's tips).
  it.each([['crowding', 13], ['third-molars', 1]] as const)('leaves the palate behind the upper incisors to the gum (%s, upper seed %i, 50k triangles)', (variant, seed) => {
    const scan = rawScan(sweepCase(variant, 'upper', seed));
    const seg = segmentArch(scan.mesh, { jaw: 'upper' });
    const { faceAreas } = buildTopology(scan.mesh);
    const incisors = new Set([12, 11, 21, 22]);
    let area = 0, taken = 0;
    scan.faceLabels.forEach((truth, f) => {
      if (incisors.has(truth)) area += faceAreas[f];
      if (!truth && incisors.has(seg.faceLabels[f])) taken += faceAreas[f];
    });
    expect(taken / area).toBeLessThan(0.08);
  });

  // Before: the lingual papillae beside the canines sat shallow and smooth, a near tie the
  // lateral incisors won: 12.2-12.8% of their area taken from the gum (IoU 0.86-0.88, arch
  // mean 0.949); 2.9-5.7% now.
  it.each([4, 14])('leaves the lingual papillae beside the upper canines to the gum (partial, upper seed %i, 50k triangles)', (seed) => {
    const scan = rawScan(sweepCase('partial', 'upper', seed));
    const seg = segmentArch(scan.mesh, { jaw: 'upper' });
    const { faceAreas } = buildTopology(scan.mesh);
    const laterals = new Set([12, 22]);
    let area = 0, taken = 0;
    scan.faceLabels.forEach((truth, f) => {
      if (laterals.has(truth)) area += faceAreas[f];
      if (!truth && laterals.has(seg.faceLabels[f])) taken += faceAreas[f];
    });
    expect(taken / area).toBeLessThan(0.08);
  });
});
