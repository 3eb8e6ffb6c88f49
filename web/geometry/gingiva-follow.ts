// The gingiva follows the teeth while a plan moves them: each gum vertex near a crown is
// dragged along by that crown's pose, fading out with distance over the surface. Distance
// is measured along the mesh (not through space), so gum across an interdental gap or the
// palate is not pulled by a tooth it only faces. Pure: typed arrays in, typed arrays out.
import { matrixFromQuat } from '../core/pose.ts';
import type { Pose } from '../core/pose.ts';

export interface GingivaBinding {
  /** Per vertex: the FDI number of the nearest tooth, along the surface (0: none in reach). */
  tooth: Uint8Array;
  /** Per vertex: the second-nearest tooth in reach (0: none). */
  other: Uint8Array;
  /** Per vertex: distance (mm) along the surface to `tooth`'s crown (0 on the crown). */
  near: Float32Array;
  /** Per vertex: distance (mm) to `other`'s crown. */
  far: Float32Array;
  /** Per tooth: its crown vertices at the gum line, whose motion sets how far the gum follows. */
  margins: Map<number, Uint32Array>;
  /** The vertices with a tooth in reach, ascending; followTeeth only visits these. */
  moving: Uint32Array;
}

/** The gum follows a still or slightly moved tooth over this distance (mm)... */
export const FOLLOW_MM = 3;
/**
 * ...and over this multiple of the tooth's largest movement at its gum line, up to
 * REACH_MM: a smoothstep's steepest slope is 1.5 / radius, so a radius of twice the
 * movement stretches the gum by at most 75% of it and never folds it over.
 */
const FOLLOW_PER_MM = 2;
export const REACH_MM = 8;

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

/** Binary min-heap of (distance, vertex, tooth) with lazy deletion; it grows as needed. */
class Heap {
  private key: Float64Array;
  private val: Uint32Array;
  private tag: Uint8Array;
  size = 0;
  constructor(capacity: number) {
    this.key = new Float64Array(capacity);
    this.val = new Uint32Array(capacity);
    this.tag = new Uint8Array(capacity);
  }
  push(k: number, v: number, t: number): void {
    if (this.size === this.key.length) this.grow();
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.key[p] <= k) break;
      this.key[i] = this.key[p];
      this.val[i] = this.val[p];
      this.tag[i] = this.tag[p];
      i = p;
    }
    this.key[i] = k;
    this.val[i] = v;
    this.tag[i] = t;
  }
  /** Removes the smallest entry; its key, vertex and tooth are left in topKey / topVal / topTag. */
  topKey = 0;
  topVal = 0;
  topTag = 0;
  pop(): void {
    this.topKey = this.key[0];
    this.topVal = this.val[0];
    this.topTag = this.tag[0];
    const k = this.key[--this.size], v = this.val[this.size], t = this.tag[this.size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && this.key[c + 1] < this.key[c]) c++;
      if (this.key[c] >= k) break;
      this.key[i] = this.key[c];
      this.val[i] = this.val[c];
      this.tag[i] = this.tag[c];
      i = c;
    }
    this.key[i] = k;
    this.val[i] = v;
    this.tag[i] = t;
  }
  private grow(): void {
    const n = this.key.length * 2;
    const key = new Float64Array(n), val = new Uint32Array(n), tag = new Uint8Array(n);
    key.set(this.key); val.set(this.val); tag.set(this.tag);
    this.key = key; this.val = val; this.tag = tag;
  }
}

/** Fall-off of a tooth's pull with distance along the surface: 1 at the crown, 0 at the radius. */
export function falloff(d: number, radiusMm: number): number {
  const s = Math.min(1, d / radiusMm);
  return 1 - s * s * (3 - 2 * s);
}

/** How strongly a tooth at distance d claims a vertex against another: the nearer dominates near a crown. */
const claim = (d: number, radiusMm: number): number => falloff(d, radiusMm) / (d + 0.05) ** 2;

/**
 * Which teeth may drive each vertex: the two whose crowns are nearest along the mesh's
 * edges, within `reachMm`. Measured along the surface, gum across an interdental gap or the
 * palate is not pulled by a tooth it only faces. Two teeth, blended, because with one the
 * papilla between teeth moving apart split along the line where the nearer tooth changes
 * and showed as a notch.
 */
export function gingivaBinding(positions: Float32Array, indices: Uint32Array, labels: Uint8Array, reachMm = REACH_MM): GingivaBinding {
  const n = labels.length;
  const tooth = new Uint8Array(n), other = new Uint8Array(n);
  const d1 = new Float64Array(n).fill(Infinity), d2 = new Float64Array(n).fill(Infinity);
  const { start, next } = adjacency(indices, n);
  const heap = new Heap(Math.max(16, 2 * n));
  const marginLists = new Map<number, number[]>();
  for (let v = 0; v < n; v++) {
    if (labels[v] === 0) continue;
    tooth[v] = labels[v];
    d1[v] = 0;
    // Only crown vertices with a gum neighbour can start a path into the gum.
    for (let e = start[v]; e < start[v + 1]; e++) {
      if (labels[next[e]] === 0) {
        heap.push(0, v, labels[v]);
        const list = marginLists.get(labels[v]) ?? [];
        list.push(v);
        marginLists.set(labels[v], list);
        break;
      }
    }
  }
  // Dijkstra keeping the two nearest distinct teeth per vertex.
  while (heap.size > 0) {
    heap.pop();
    const d = heap.topKey, v = heap.topVal, t = heap.topTag;
    if (!((t === tooth[v] && d === d1[v]) || (t === other[v] && d === d2[v]))) continue;
    const px = positions[v * 3], py = positions[v * 3 + 1], pz = positions[v * 3 + 2];
    for (let e = start[v]; e < start[v + 1]; e++) {
      const u = next[e];
      if (labels[u] !== 0) continue;
      const dx = positions[u * 3] - px, dy = positions[u * 3 + 1] - py, dz = positions[u * 3 + 2] - pz;
      const du = d + Math.sqrt(dx * dx + dy * dy + dz * dz);
      if (du >= reachMm) continue;
      if (t === tooth[u]) {
        if (du >= d1[u]) continue;
        d1[u] = du;
      } else if (t === other[u]) {
        if (du >= d2[u]) continue;
        d2[u] = du;
        if (du < d1[u]) {
          other[u] = tooth[u]; d2[u] = d1[u];
          tooth[u] = t; d1[u] = du;
        }
      } else if (du < d1[u]) {
        other[u] = tooth[u]; d2[u] = d1[u];
        tooth[u] = t; d1[u] = du;
      } else if (du < d2[u]) {
        other[u] = t; d2[u] = du;
      } else continue;
      heap.push(du, u, t);
    }
  }
  let count = 0;
  for (let v = 0; v < n; v++) if (tooth[v] !== 0) count++;
  const moving = new Uint32Array(count);
  for (let v = 0, k = 0; v < n; v++) if (tooth[v] !== 0) moving[k++] = v;
  const margins = new Map([...marginLists].map(([fdi, list]) => [fdi, Uint32Array.from(list)]));
  return { tooth, other, near: Float32Array.from(d1, (d) => (d === Infinity ? 0 : d)), far: Float32Array.from(d2, (d) => (d === Infinity ? 0 : d)), margins, moving };
}

/** How far (mm) the gum follows each posed tooth: FOLLOW_MM, or more for a larger movement. */
function followRadii(binding: GingivaBinding, positions: Float32Array, table: Float64Array, has: Uint8Array): Float64Array {
  const radius = new Float64Array(256).fill(FOLLOW_MM);
  for (const [fdi, margin] of binding.margins) {
    if (!has[fdi]) continue;
    const m = fdi * 12;
    let most = 0;
    for (let i = 0; i < margin.length; i++) {
      const o = margin[i] * 3;
      const x = positions[o], y = positions[o + 1], z = positions[o + 2];
      const dx = table[m] * x + table[m + 1] * y + table[m + 2] * z + table[m + 9] - x;
      const dy = table[m + 3] * x + table[m + 4] * y + table[m + 5] * z + table[m + 10] - y;
      const dz = table[m + 6] * x + table[m + 7] * y + table[m + 8] * z + table[m + 11] - z;
      most = Math.max(most, dx * dx + dy * dy + dz * dz);
    }
    radius[fdi] = Math.min(REACH_MM, Math.max(FOLLOW_MM, FOLLOW_PER_MM * Math.sqrt(most)));
  }
  return radius;
}

/**
 * out = positions, with every bound vertex moved by w * (blend of pose(p) - p over its two
 * nearest teeth): the crown rigidly (w = 1), the gum around it part of the way, out to a
 * distance that grows with the tooth's movement. A tooth without a pose stays where scanned.
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
  const { tooth, other, near, far, moving } = binding;
  const radius = followRadii(binding, positions, table, has);
  for (let i = 0; i < moving.length; i++) {
    const v = moving[i];
    const f = tooth[v], g = other[v];
    // A tooth without a pose pulls towards where it was scanned: no motion, same say.
    const rf = radius[f], wf = falloff(near[v], rf);
    const rg = g ? radius[g] : 0, wg = g ? falloff(far[v], rg) : 0;
    const weight = Math.max(wf, wg);
    if (weight <= 0) continue;
    const s = wg > 0 ? claim(far[v], rg) / (claim(near[v], rf) + claim(far[v], rg)) : 0;
    const o = v * 3;
    const x = positions[o], y = positions[o + 1], z = positions[o + 2];
    let dx = 0, dy = 0, dz = 0;
    if (has[f] && s < 1) {
      const m = f * 12;
      dx += (1 - s) * (table[m] * x + table[m + 1] * y + table[m + 2] * z + table[m + 9] - x);
      dy += (1 - s) * (table[m + 3] * x + table[m + 4] * y + table[m + 5] * z + table[m + 10] - y);
      dz += (1 - s) * (table[m + 6] * x + table[m + 7] * y + table[m + 8] * z + table[m + 11] - z);
    }
    if (g && has[g] && s > 0) {
      const m = g * 12;
      dx += s * (table[m] * x + table[m + 1] * y + table[m + 2] * z + table[m + 9] - x);
      dy += s * (table[m + 3] * x + table[m + 4] * y + table[m + 5] * z + table[m + 10] - y);
      dz += s * (table[m + 6] * x + table[m + 7] * y + table[m + 8] * z + table[m + 11] - z);
    }
    out[o] = x + weight * dx;
    out[o + 1] = y + weight * dy;
    out[o + 2] = z + weight * dz;
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
    const l = Math.sqrt(out[o] * out[o] + out[o + 1] * out[o + 1] + out[o + 2] * out[o + 2]);
    if (l > 0) {
      out[o] /= l; out[o + 1] /= l; out[o + 2] /= l;
    }
  }
}
