// The gingiva follows the teeth while a plan moves them: each gum vertex near a crown is
// dragged along by that crown's pose, fading out with distance over the surface. Distance
// is measured along the mesh (not through space), so gum across an interdental gap or the
// palate is not pulled by a tooth it only faces. Pure: typed arrays in, typed arrays out.
import { matrixFromQuat } from '../../core/pose.ts';
import type { Pose } from '../../core/pose.ts';

export interface GingivaBinding {
  /** Per vertex: the FDI number of the tooth that drives it (0: none). */
  tooth: Uint8Array;
  /** Per vertex: how much of that tooth's motion it takes, 1 on the crown, 0 beyond the radius. */
  weight: Float32Array;
  /** The vertices with weight > 0, ascending; followTeeth only visits these. */
  moving: Uint32Array;
}

/** Undirected edges of a triangle list as CSR adjacency (duplicates are harmless to Dijkstra). */
function adjacency(indices: Uint32Array, vertexCount: number): { start: Uint32Array; next: Uint32Array } {
  const start = new Uint32Array(vertexCount + 1);
  for (let i = 0; i < indices.length; i++) start[indices[i] + 1] += 2;
  for (let v = 0; v < vertexCount; v++) start[v + 1] += start[v];
  const fill = start.slice(0, vertexCount);
  const next = new Uint32Array(indices.length * 2);
  for (let t = 0; t + 2 < indices.length; t += 3) {
    const a = indices[t], b = indices[t + 1], c = indices[t + 2];
    next[fill[a]++] = b; next[fill[a]++] = c;
    next[fill[b]++] = c; next[fill[b]++] = a;
    next[fill[c]++] = a; next[fill[c]++] = b;
  }
  return { start, next };
}

/** Binary min-heap of (distance, vertex) with lazy deletion; capacity is fixed up front. */
class Heap {
  private key: Float64Array;
  private val: Uint32Array;
  size = 0;
  constructor(capacity: number) {
    this.key = new Float64Array(capacity);
    this.val = new Uint32Array(capacity);
  }
  push(k: number, v: number): void {
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.key[p] <= k) break;
      this.key[i] = this.key[p];
      this.val[i] = this.val[p];
      i = p;
    }
    this.key[i] = k;
    this.val[i] = v;
  }
  /** Removes the smallest entry; its key and vertex are left in topKey / topVal. */
  topKey = 0;
  topVal = 0;
  pop(): void {
    this.topKey = this.key[0];
    this.topVal = this.val[0];
    const k = this.key[--this.size], v = this.val[this.size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && this.key[c + 1] < this.key[c]) c++;
      if (this.key[c] >= k) break;
      this.key[i] = this.key[c];
      this.val[i] = this.val[c];
      i = c;
    }
    this.key[i] = k;
    this.val[i] = v;
  }
}

/**
 * Which tooth drives each vertex and how strongly. Labelled vertices drive themselves with
 * weight 1; every other vertex takes the tooth whose crown is nearest along the mesh's
 * edges and a weight falling smoothly from 1 at the crown to 0 at `radiusMm`.
 */
export function gingivaBinding(positions: Float32Array, indices: Uint32Array, labels: Uint8Array, radiusMm = 3): GingivaBinding {
  const n = labels.length;
  const tooth = new Uint8Array(n);
  const weight = new Float32Array(n);
  const dist = new Float64Array(n).fill(Infinity);
  const { start, next } = adjacency(indices, n);
  // Each vertex is pushed once as a seed or once per improving relaxation: at most one per directed edge.
  const heap = new Heap(n + next.length);
  for (let v = 0; v < n; v++) {
    if (labels[v] === 0) continue;
    tooth[v] = labels[v];
    dist[v] = 0;
    // Only crown vertices with a gum neighbour can start a path into the gum.
    for (let e = start[v]; e < start[v + 1]; e++) {
      if (labels[next[e]] === 0) {
        heap.push(0, v);
        break;
      }
    }
  }
  while (heap.size > 0) {
    heap.pop();
    const d = heap.topKey, v = heap.topVal;
    if (d > dist[v]) continue;
    const px = positions[v * 3], py = positions[v * 3 + 1], pz = positions[v * 3 + 2];
    for (let e = start[v]; e < start[v + 1]; e++) {
      const u = next[e];
      if (labels[u] !== 0) continue;
      const dx = positions[u * 3] - px, dy = positions[u * 3 + 1] - py, dz = positions[u * 3 + 2] - pz;
      const du = d + Math.sqrt(dx * dx + dy * dy + dz * dz);
      if (du >= radiusMm || du >= dist[u]) continue;
      dist[u] = du;
      tooth[u] = tooth[v];
      heap.push(du, u);
    }
  }
  let count = 0;
  for (let v = 0; v < n; v++) {
    if (tooth[v] === 0) continue;
    const s = dist[v] / radiusMm;
    weight[v] = 1 - s * s * (3 - 2 * s);
    if (weight[v] > 0) count++;
    else tooth[v] = 0;
  }
  const moving = new Uint32Array(count);
  for (let v = 0, k = 0; v < n; v++) if (weight[v] > 0) moving[k++] = v;
  return { tooth, weight, moving };
}

/**
 * out = positions, with every bound vertex moved by w * (pose(p) - p): the crown rigidly
 * (w = 1), the gum around it part of the way. A tooth without a pose stays where scanned.
 */
export function followTeeth(binding: GingivaBinding, positions: Float32Array, poses: ReadonlyMap<number, Pose>, out: Float32Array): void {
  if (out !== positions) out.set(positions);
  // Row-major R (9) then t (3) per FDI number: one lookup per vertex, no per-vertex objects.
  const table = new Float64Array(256 * 12);
  const has = new Uint8Array(256);
  for (const [fdi, pose] of poses) {
    if (fdi <= 0 || fdi > 255) continue;
    table.set(matrixFromQuat(pose.q), fdi * 12);
    table.set(pose.t, fdi * 12 + 9);
    has[fdi] = 1;
  }
  const { tooth, weight, moving } = binding;
  for (let i = 0; i < moving.length; i++) {
    const v = moving[i];
    const f = tooth[v];
    if (!has[f]) continue;
    const w = weight[v], m = f * 12, o = v * 3;
    const x = positions[o], y = positions[o + 1], z = positions[o + 2];
    const nx = table[m] * x + table[m + 1] * y + table[m + 2] * z + table[m + 9];
    const ny = table[m + 3] * x + table[m + 4] * y + table[m + 5] * z + table[m + 10];
    const nz = table[m + 6] * x + table[m + 7] * y + table[m + 8] * z + table[m + 11];
    out[o] = x + w * (nx - x);
    out[o + 1] = y + w * (ny - y);
    out[o + 2] = z + w * (nz - z);
  }
}

/** Area-weighted vertex normals over a triangle list (the rule three.js uses), into out. */
export function vertexNormals(positions: Float32Array, indices: Uint32Array, out: Float32Array): void {
  out.fill(0);
  for (let t = 0; t + 2 < indices.length; t += 3) {
    const a = indices[t] * 3, b = indices[t + 1] * 3, c = indices[t + 2] * 3;
    const ux = positions[b] - positions[a], uy = positions[b + 1] - positions[a + 1], uz = positions[b + 2] - positions[a + 2];
    const vx = positions[c] - positions[a], vy = positions[c + 1] - positions[a + 1], vz = positions[c + 2] - positions[a + 2];
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    out[a] += nx; out[a + 1] += ny; out[a + 2] += nz;
    out[b] += nx; out[b + 1] += ny; out[b + 2] += nz;
    out[c] += nx; out[c + 1] += ny; out[c + 2] += nz;
  }
  for (let o = 0; o < out.length; o += 3) {
    const l = Math.hypot(out[o], out[o + 1], out[o + 2]);
    if (l > 0) {
      out[o] /= l; out[o + 1] /= l; out[o + 2] /= l;
    }
  }
}
