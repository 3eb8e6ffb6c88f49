// A coarser stand-in for a dense scan. Intraoral scans run 200k-500k triangles, but
// every decision the segmentation makes (arch frame, crown-top profile, numbering, the
// random walk's cut) needs only about the density of a 100k-triangle arch, where it was
// tuned and where its accuracy is measured. Above that the work grows with the triangle
// count and the tuned radii (curvature smoothing, crease peeling, boundary ironing, all in
// rings of triangles) shrink with the edges. So a dense scan is segmented on a proxy and
// the labels are carried back to its own triangles.
//
// The proxy's vertices are a sample of the scan's (thinned evenly relative to the scan's
// own local density); every scan vertex joins its nearest sample over the surface, and
// each scan triangle whose corners join three samples becomes a proxy triangle (the dual
// of those surface regions). Regions grow along the surface, so the two sides of a thin
// gum flap, or two crowns facing each other across a tight contact, never merge.
import type { Mesh } from '../mesh.ts';
import { MinHeap } from './min-heap.ts';
import type { Topology } from './topology.ts';

/** Scans with more triangles than this are segmented on a proxy. */
export const PROXY_ABOVE = 150_000;
/**
 * Vertices aimed for in the proxy: a little above the 100k-triangle arch the tuning used
 * (50k vertices), which a resampled surface needs to cut as well (measured on the real arch
 * refined to 300k-500k triangles: mean IoU 0.937 at 50k, 0.940-0.946 at 60k, 0.946 at 70k).
 */
export const PROXY_VERTICES = 60_000;

export interface ProxyMap {
  mesh: Mesh;
  /** Proxy vertex of each scan vertex. */
  clusterOf: Int32Array;
  /** The scan vertex each proxy vertex stands for (and sits on). */
  representative: Int32Array;
  /** Proxy triangle of each scan triangle, -1 where the triangle collapsed. */
  faceOf: Int32Array;
  /**
   * 1 on proxy vertices holding a vertex of the scan's open edge. Clustering leaves small
   * holes of its own; those are not the scan's edge and must not pin the gum.
   */
  boundary: Uint8Array;
}

export function buildProxy(topo: Topology, targetVertices = PROXY_VERTICES): ProxyMap {
  // Scanners mesh finer where the surface bends (cusps, the gum line), and the cut relies
  // on that detail: samples keep the scan's own local density, thinned by one factor.
  const local = localEdgeLength(topo);
  let factor = Math.sqrt(topo.vertexCount / targetVertices);
  let samples = sampleVertices(topo, local, factor);
  for (let round = 0; round < 2 && Math.abs(samples.length / targetVertices - 1) > 0.1; round++) {
    factor *= Math.sqrt(samples.length / targetVertices);
    samples = sampleVertices(topo, local, factor);
  }
  return proxyMesh(topo, nearestSample(topo, samples), samples);
}

/** Mean length of the edges at each vertex. */
function localEdgeLength(topo: Topology): Float64Array {
  const { positions: P, adjStart, adj, vertexCount: nv } = topo;
  const out = new Float64Array(nv);
  for (let v = 0; v < nv; v++) {
    let s = 0;
    for (let k = adjStart[v]; k < adjStart[v + 1]; k++) {
      const u = adj[k];
      const dx = P[3 * u] - P[3 * v], dy = P[3 * u + 1] - P[3 * v + 1], dz = P[3 * u + 2] - P[3 * v + 2];
      s += Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
    out[v] = adjStart[v + 1] > adjStart[v] ? s / (adjStart[v + 1] - adjStart[v]) : 0;
  }
  return out;
}

/**
 * Vertices taken greedily in the scan's order, each at least `factor` times its local
 * edge length from those taken before.
 */
function sampleVertices(topo: Topology, local: Float64Array, factor: number): Int32Array {
  const { positions: P, vertexCount: nv } = topo;
  // The grid cell bounds the reach of the search: long edges (the scan's trimmed base)
  // are capped at it.
  const lengths = local.slice().sort();
  const spacing = factor * lengths[Math.floor(0.98 * (nv - 1))];
  let minX = Infinity, minY = Infinity, minZ = Infinity;
  for (let v = 0; v < nv; v++) {
    if (P[3 * v] < minX) minX = P[3 * v];
    if (P[3 * v + 1] < minY) minY = P[3 * v + 1];
    if (P[3 * v + 2] < minZ) minZ = P[3 * v + 2];
  }
  // A dense grid of cells a spacing wide (coarsened if an outlier would make it huge):
  // each sample's neighbours lie in the 27 cells around it.
  let cell = spacing;
  let dims: [number, number, number];
  for (;;) {
    let maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
    for (let v = 0; v < nv; v++) {
      if (P[3 * v] > maxX) maxX = P[3 * v];
      if (P[3 * v + 1] > maxY) maxY = P[3 * v + 1];
      if (P[3 * v + 2] > maxZ) maxZ = P[3 * v + 2];
    }
    dims = [Math.floor((maxX - minX) / cell) + 3, Math.floor((maxY - minY) / cell) + 3, Math.floor((maxZ - minZ) / cell) + 3];
    if (dims[0] * dims[1] * dims[2] <= 1 << 23) break;
    cell *= 2;
  }
  const [dx, dy, dz] = dims;
  const head = new Int32Array(dx * dy * dz).fill(-1);
  const next = new Int32Array(nv).fill(-1);
  const out: number[] = [];
  for (let v = 0; v < nv; v++) {
    const s2 = Math.min(spacing, factor * local[v]) ** 2;
    const i = Math.floor((P[3 * v] - minX) / cell) + 1, j = Math.floor((P[3 * v + 1] - minY) / cell) + 1, k = Math.floor((P[3 * v + 2] - minZ) / cell) + 1;
    let near = false;
    for (let a = i - 1; a <= i + 1 && !near; a++) for (let b = j - 1; b <= j + 1 && !near; b++) for (let c = k - 1; c <= k + 1 && !near; c++) {
      for (let u = head[(a * dy + b) * dz + c]; u >= 0; u = next[u]) {
        if ((P[3 * u] - P[3 * v]) ** 2 + (P[3 * u + 1] - P[3 * v + 1]) ** 2 + (P[3 * u + 2] - P[3 * v + 2]) ** 2 < s2) { near = true; break; }
      }
    }
    if (near) continue;
    const at = (i * dy + j) * dz + k;
    next[v] = head[at];
    head[at] = v;
    out.push(v);
  }
  return Int32Array.from(out);
}

/**
 * Each vertex's nearest sample over the surface (Dijkstra from all samples at once along
 * the edges): regions follow the surface, so the two sides of a thin flap or of a tight
 * contact never share a proxy vertex.
 */
function nearestSample(topo: Topology, samples: Int32Array): Int32Array {
  const { positions: P, adjStart, adj, vertexCount: nv } = topo;
  const owner = new Int32Array(nv).fill(-1);
  const dist = new Float64Array(nv).fill(Infinity);
  const heap = new MinHeap(nv);
  samples.forEach((v, i) => { owner[v] = i; dist[v] = 0; heap.push(v, 0); });
  while (heap.size) {
    const v = heap.pop();
    if (v < 0) break;
    const d = dist[v];
    for (let k = adjStart[v]; k < adjStart[v + 1]; k++) {
      const u = adj[k];
      const dx = P[3 * u] - P[3 * v], dy = P[3 * u + 1] - P[3 * v + 1], dz = P[3 * u + 2] - P[3 * v + 2];
      const du = d + Math.sqrt(dx * dx + dy * dy + dz * dz);
      if (du < dist[u]) { dist[u] = du; owner[u] = owner[v]; heap.push(u, du); }
    }
  }
  // Every piece of the scan holds a sample (each vertex is one or lies near one), so
  // nothing is left unowned; guard anyway.
  for (let v = 0; v < nv; v++) if (owner[v] < 0) owner[v] = 0;
  return owner;
}

/** Numbers the distinct values of `keys` 0, 1, ... in ascending order: each key's number. */
function denseIds(keys: Float64Array): { ids: Int32Array; count: number; sorted: Float64Array } {
  const sorted = keys.slice().sort();
  let count = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[count++] = sorted[i];
  const ids = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) ids[i] = findKey(sorted, count, keys[i]);
  return { ids, count, sorted };
}

/** Index of `key` in the first `count` entries of ascending `sorted`, or -1. */
function findKey(sorted: Float64Array, count: number, key: number): number {
  let lo = 0, hi = count - 1;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (sorted[m] < key) lo = m + 1; else hi = m;
  }
  return count > 0 && sorted[lo] === key ? lo : -1;
}

function proxyMesh(topo: Topology, clusterOf: Int32Array, samples: Int32Array): ProxyMap {
  const count = samples.length;
  const { positions: P, indices: I, vertexCount: nv, faceCount: nf } = topo;
  // Proxy vertices sit on their samples: points of the scan's own surface.
  const positions = new Float32Array(count * 3);
  for (let c = 0; c < count; c++) for (let k = 0; k < 3; k++) positions[3 * c + k] = P[3 * samples[c] + k];
  const representative = samples;
  // Triangles whose corners fall in three clusters survive; the same triangle met twice
  // (from a fold of the fine surface) is kept once.
  const alive: number[] = [];
  for (let f = 0; f < nf; f++) {
    const a = clusterOf[I[3 * f]], b = clusterOf[I[3 * f + 1]], c = clusterOf[I[3 * f + 2]];
    if (a !== b && b !== c && c !== a) alive.push(f);
  }
  const keys = new Float64Array(alive.length);
  alive.forEach((f, i) => {
    const a = clusterOf[I[3 * f]], b = clusterOf[I[3 * f + 1]], c = clusterOf[I[3 * f + 2]];
    const lo = Math.min(a, b, c), hi = Math.max(a, b, c), mid = a + b + c - lo - hi;
    keys[i] = (lo * count + mid) * count + hi;
  });
  // Proxy triangles keep the order the scan lists them in (the clean-up passes visit
  // triangles in order, so the proxy of an already coarse scan cuts as the scan does).
  const faces = denseIds(keys);
  const order = new Int32Array(faces.count).fill(-1);
  let m = 0;
  for (let i = 0; i < alive.length; i++) if (order[faces.ids[i]] < 0) order[faces.ids[i]] = m++;
  const faceOf = new Int32Array(nf).fill(-1);
  const out = new Uint32Array(m * 3);
  alive.forEach((f, i) => {
    const id = order[faces.ids[i]];
    if (out[3 * id] === out[3 * id + 1]) {
      out[3 * id] = clusterOf[I[3 * f]]; out[3 * id + 1] = clusterOf[I[3 * f + 1]]; out[3 * id + 2] = clusterOf[I[3 * f + 2]];
    }
    faceOf[f] = id;
  });
  const boundary = new Uint8Array(count);
  for (let v = 0; v < nv; v++) if (topo.boundary[v]) boundary[clusterOf[v]] = 1;
  return { mesh: { positions, indices: out }, clusterOf, representative, faceOf, boundary };
}
