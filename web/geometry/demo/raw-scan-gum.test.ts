// The generated gum line must look like a scan's where the segmentation reads it. On the
// shared real scan the gum meets the enamel in a crease as deep at each crown's zenith (the
// most apical point of its gum line) as at the papillae between teeth (median concavity
// -3.4 against -3.2 per mm); a gum leaving the crown tangentially mid-crown has no crease
// there to cut along, and a segmentation judged on it learns nothing about scans.
import { describe, expect, it } from 'vitest';
import type { Jaw } from '../../core/types.ts';
import { prepareSegmentation } from '../segmentation/context.ts';
import { principalCurvatures } from '../segmentation/curvature.ts';
import { rawScan } from './raw-scan.ts';

/** Median over crowns' gum lines of the deepest concavity within one ring, at the zeniths and at the papillae. */
function gumLineCrease(jaw: Jaw, seed: number): { zenith: number; papilla: number } {
  const scan = rawScan({ jaw, seed, triangles: 50_000 });
  const ctx = prepareSegmentation(scan.mesh, { jaw, proxyAbove: Infinity });
  const { topo } = ctx;
  // Unsmoothed, so the measure does not depend on how the segmentation smooths it.
  const { kMin } = principalCurvatures(topo, 0);
  const I = scan.mesh.indices;
  const tooth = new Int32Array(topo.vertexCount), gum = new Uint8Array(topo.vertexCount);
  scan.faceLabels.forEach((l, f) => {
    for (let k = 0; k < 3; k++) if (l) tooth[I[3 * f + k]] = l; else gum[I[3 * f + k]] = 1;
  });
  const rings = new Map<number, number[]>();
  for (let v = 0; v < topo.vertexCount; v++) if (tooth[v] && gum[v]) rings.set(tooth[v], [...(rings.get(tooth[v]) ?? []), v]);
  const zenith: number[] = [], papilla: number[] = [];
  for (const ring of rings.values()) {
    const h = ring.map((v) => ctx.coords.height[v]);
    const lo = Math.min(...h), hi = Math.max(...h);
    ring.forEach((v, i) => {
      let deepest = kMin[v];
      for (let k = topo.adjStart[v]; k < topo.adjStart[v + 1]; k++) deepest = Math.min(deepest, kMin[topo.adj[k]]);
      if (h[i] <= lo + (hi - lo) / 3) zenith.push(deepest);
      if (h[i] >= hi - (hi - lo) / 3) papilla.push(deepest);
    });
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1];
  return { zenith: median(zenith), papilla: median(papilla) };
}

describe('rawScan: the gum line', () => {
  // A gum leaving the crown tangentially mid-crown measured 0.32-0.48 of the papillae's crease.
  it.each([['upper', 2], ['lower', 3]] as const)('meets the %s crowns in a crease at their zeniths more than half as deep as at the papillae (seed %i)', (jaw, seed) => {
    const { zenith, papilla } = gumLineCrease(jaw, seed);
    expect(papilla).toBeLessThan(-1);
    expect(zenith / papilla).toBeGreaterThan(0.55);
  });
});
