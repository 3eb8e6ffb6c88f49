// Crown-only meshes: labs often trim the gum away before export, or merge per-tooth crowns
// into one file. Everything on such a mesh is tooth, so the cut must call nothing gum.
//
// Told apart from a scan with gum by where its open edge runs: a scan's trimmed base is one
// long rim far below the crowns (12 mm or so below the occlusal plane, past the vestibule
// and the palate), while a crown-only mesh is open along every cervical line, a few
// millimetres below the cusps, and its open edges are long for its area.
import type { ArchCoordinates } from './arch-curve.ts';
import type { Topology } from './topology.ts';

/** Open edge length per area (1/mm) above which the open edges are cervical lines, not a base rim. */
const RIM_PER_AREA = 0.08;
/** Median depth (mm below the occlusal plane) of the open edge above which it runs along the crowns. */
const RIM_DEPTH = -9;

export function isCrownOnly(topo: Topology, coords: ArchCoordinates): boolean {
  const { indices: I, positions: P, vfStart, vf, boundary } = topo;
  let area = 0;
  for (let f = 0; f < topo.faceCount; f++) area += topo.faceAreas[f];
  // Open edges: an edge of a face whose other end is listed once around the vertex is on
  // the rim; measured as the edges between two boundary vertices that only one face shares.
  let rim = 0;
  const depths: number[] = [];
  for (let v = 0; v < topo.vertexCount; v++) {
    if (!boundary[v]) continue;
    depths.push(coords.height[v]);
    for (let e = vfStart[v]; e < vfStart[v + 1]; e++) {
      const f = vf[e];
      for (let k = 0; k < 3; k++) {
        const a = I[3 * f + k], b = I[3 * f + ((k + 1) % 3)];
        if (a !== v || !boundary[b] || sharedFaces(topo, a, b) !== 1) continue;
        rim += Math.hypot(P[3 * a] - P[3 * b], P[3 * a + 1] - P[3 * b + 1], P[3 * a + 2] - P[3 * b + 2]);
      }
    }
  }
  if (!depths.length || area <= 0) return false;
  depths.sort((x, y) => x - y);
  return rim / area > RIM_PER_AREA && depths[depths.length >> 1] > RIM_DEPTH;
}

function sharedFaces(topo: Topology, a: number, b: number): number {
  const { vfStart, vf, indices: I } = topo;
  let n = 0;
  for (let e = vfStart[a]; e < vfStart[a + 1]; e++) {
    const f = vf[e];
    if (I[3 * f] === b || I[3 * f + 1] === b || I[3 * f + 2] === b) n++;
  }
  return n;
}

/**
 * Gives every triangle the cut left as gum to the tooth nearest it over the surface
 * (breadth-first from the labelled triangles); a piece holding no tooth at all (a crown
 * with no seed) goes whole to the tooth whose seed is nearest it. Painted triangles stay.
 */
export function giveGumToTeeth(
  topo: Topology, neighbours: Int32Array, labels: Uint8Array, seeds: readonly { fdi: number; vertex: number }[],
  locked: ReadonlySet<number>,
): void {
  const nf = topo.faceCount;
  const queue = new Int32Array(nf);
  let head = 0, tail = 0;
  for (let f = 0; f < nf; f++) if (labels[f]) queue[tail++] = f;
  while (head < tail) {
    const f = queue[head++];
    for (let k = 0; k < 3; k++) {
      const g = neighbours[3 * f + k];
      if (g < 0 || labels[g] || locked.has(g)) continue;
      labels[g] = labels[f];
      queue[tail++] = g;
    }
  }
  if (!seeds.length) return;
  const P = topo.positions, I = topo.indices;
  for (let f = 0; f < nf; f++) {
    if (labels[f] || locked.has(f)) continue;
    // The whole piece around f: its centre picks the nearest seed.
    const piece = [f];
    labels[f] = 255;
    let cx = 0, cy = 0, cz = 0;
    for (let i = 0; i < piece.length; i++) {
      const g = piece[i];
      const a = I[3 * g];
      cx += P[3 * a]; cy += P[3 * a + 1]; cz += P[3 * a + 2];
      for (let k = 0; k < 3; k++) {
        const h = neighbours[3 * g + k];
        if (h >= 0 && !labels[h] && !locked.has(h)) { labels[h] = 255; piece.push(h); }
      }
    }
    cx /= piece.length; cy /= piece.length; cz /= piece.length;
    let best = seeds[0].fdi, bd = Infinity;
    for (const s of seeds) {
      const d = (P[3 * s.vertex] - cx) ** 2 + (P[3 * s.vertex + 1] - cy) ** 2 + (P[3 * s.vertex + 2] - cz) ** 2;
      if (d < bd) { bd = d; best = s.fdi; }
    }
    for (const g of piece) labels[g] = best;
  }
}
