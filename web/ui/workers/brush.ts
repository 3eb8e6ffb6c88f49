// The brush's footprint on the scan: triangles whose centre lies within the radius of the
// dab, reached over the surface from the vertex under the pointer. Walking the surface
// (not a sphere test over the whole scan) keeps a dab on a lingual cusp off the buccal
// gingiva behind it, and costs only the dab's own size.
import type { Topology } from '../../geometry/segmentation/topology.ts';

export interface BrushRegion {
  faces: number[];
  /** Vertices inside the radius: coloured at once, before the stroke's re-cut. */
  vertices: Uint32Array;
}

export function brushRegion(topo: Topology, centre: number, radiusMm: number): BrushRegion {
  if (!Number.isInteger(centre) || centre < 0 || centre >= topo.vertexCount) throw new RangeError(`no vertex ${centre} on this scan`);
  const P = topo.positions;
  const cx = P[3 * centre], cy = P[3 * centre + 1], cz = P[3 * centre + 2];
  const r2 = radiusMm * radiusMm;
  const inside = (v: number) => (P[3 * v] - cx) ** 2 + (P[3 * v + 1] - cy) ** 2 + (P[3 * v + 2] - cz) ** 2 <= r2;
  const seen = new Set<number>([centre]);
  const queue = [centre];
  const vertices: number[] = [];
  const faces = new Set<number>();
  while (queue.length) {
    const v = queue.pop()!;
    vertices.push(v);
    for (let k = topo.vfStart[v]; k < topo.vfStart[v + 1]; k++) {
      const f = topo.vf[k];
      if (faces.has(f)) continue;
      const a = topo.indices[3 * f], b = topo.indices[3 * f + 1], c = topo.indices[3 * f + 2];
      const fx = (P[3 * a] + P[3 * b] + P[3 * c]) / 3 - cx;
      const fy = (P[3 * a + 1] + P[3 * b + 1] + P[3 * c + 1]) / 3 - cy;
      const fz = (P[3 * a + 2] + P[3 * b + 2] + P[3 * c + 2]) / 3 - cz;
      if (fx * fx + fy * fy + fz * fz <= r2) faces.add(f);
    }
    for (let k = topo.adjStart[v]; k < topo.adjStart[v + 1]; k++) {
      const u = topo.adj[k];
      if (!seen.has(u) && inside(u)) {
        seen.add(u);
        queue.push(u);
      }
    }
  }
  // A dab smaller than a triangle still paints the triangle under the pointer.
  if (faces.size === 0 && topo.vfStart[centre + 1] > topo.vfStart[centre]) faces.add(topo.vf[topo.vfStart[centre]]);
  return { faces: [...faces], vertices: Uint32Array.from(vertices) };
}
