// What a printer needs of a model, checked on the triangles that will be written: closed
// (every edge in exactly two triangles), one consistent winding (each edge walked once each
// way), facing outwards (positive volume). A model that fails is not written.
import type { Mesh } from '../geometry/mesh.ts';

export interface SolidCheck {
  ok: boolean;
  /** What is wrong, in words; empty when ok. */
  problem: string;
  /** Enclosed volume, mm^3 (signed: negative when inside out). */
  volume: number;
  triangles: number;
}

export function signedVolume(mesh: Mesh): number {
  const p = mesh.positions, idx = mesh.indices;
  let volume = 0;
  for (let t = 0; t < idx.length; t += 3) {
    const a = idx[t] * 3, b = idx[t + 1] * 3, c = idx[t + 2] * 3;
    volume += p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1]) - p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c]) + p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c]);
  }
  return volume / 6;
}

export function checkClosedSolid(mesh: Mesh): SolidCheck {
  const idx = mesh.indices;
  const triangles = idx.length / 3;
  const n = mesh.positions.length / 3;
  // Every directed edge a -> b as the number a n + b, sorted: repeats sit side by side and a twin is a binary search away.
  const keys = new Float64Array(idx.length);
  for (let t = 0; t < idx.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const a = idx[t + k], b = idx[t + (k === 2 ? 0 : k + 1)];
      if (a === b) return { ok: false, problem: `triangle ${t / 3} repeats a vertex`, volume: 0, triangles };
      keys[t + k] = a * n + b;
    }
  }
  keys.sort();
  const has = (key: number): boolean => {
    let lo = 0, hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid] === key) return true;
      if (keys[mid] < key) lo = mid + 1; else hi = mid - 1;
    }
    return false;
  };
  for (let i = 0; i < keys.length; i++) {
    const a = Math.floor(keys[i] / n), b = keys[i] - a * n;
    if (i > 0 && keys[i] === keys[i - 1]) return { ok: false, problem: `edge ${a}-${b} is walked 2 times the same way (not manifold, or the winding flips)`, volume: 0, triangles };
    if (!has(b * n + a)) return { ok: false, problem: `edge ${a}-${b} borders a hole (it is in one triangle only)`, volume: 0, triangles };
  }
  const volume = signedVolume(mesh);
  if (!(volume > 0)) return { ok: false, problem: 'the solid faces inwards (negative volume)', volume, triangles };
  return { ok: true, problem: '', volume, triangles };
}

/**
 * Two sheets of a solid may touch in a point or along an edge (a boolean leaves that where
 * surfaces meet exactly): separate vertices at one place, fine by the vertex indices but one
 * vertex to an STL reader, which then sees an edge in four triangles. Each such vertex is
 * moved `mm` inwards along its own normal, so the sheets part by twice that.
 */
export function separateTouchingSheets(mesh: Mesh, mm: number): number {
  const p = mesh.positions, idx = mesh.indices;
  const n = p.length / 3;
  const bits = new Uint32Array(p.buffer, p.byteOffset, p.length);
  const groups = new Map<string, number[]>();
  for (let v = 0; v < n; v++) {
    const key = `${bits[v * 3]},${bits[v * 3 + 1]},${bits[v * 3 + 2]}`;
    const g = groups.get(key);
    if (g) g.push(v); else groups.set(key, [v]);
  }
  const touching = new Set<number>();
  for (const g of groups.values()) if (g.length > 1) for (const v of g) touching.add(v);
  if (touching.size === 0) return 0;
  // Vertices joined by an edge are a sliver the weld collapses, not two sheets.
  const joined = new Set<number>();
  for (let t = 0; t < idx.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const a = idx[t + k], b = idx[t + (k + 1) % 3];
      if (touching.has(a) && touching.has(b) && p[a * 3] === p[b * 3] && p[a * 3 + 1] === p[b * 3 + 1] && p[a * 3 + 2] === p[b * 3 + 2]) { joined.add(a); joined.add(b); }
    }
  }
  const normal = new Float64Array(n * 3);
  for (let t = 0; t < idx.length; t += 3) {
    const a = idx[t], b = idx[t + 1], c = idx[t + 2];
    if (!touching.has(a) && !touching.has(b) && !touching.has(c)) continue;
    const ux = p[b * 3] - p[a * 3], uy = p[b * 3 + 1] - p[a * 3 + 1], uz = p[b * 3 + 2] - p[a * 3 + 2];
    const vx = p[c * 3] - p[a * 3], vy = p[c * 3 + 1] - p[a * 3 + 1], vz = p[c * 3 + 2] - p[a * 3 + 2];
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    for (const v of [a, b, c]) { normal[v * 3] += nx; normal[v * 3 + 1] += ny; normal[v * 3 + 2] += nz; }
  }
  let moved = 0;
  for (const v of touching) {
    if (joined.has(v)) continue;
    const l = Math.hypot(normal[v * 3], normal[v * 3 + 1], normal[v * 3 + 2]);
    if (!(l > 0)) continue;
    for (let k = 0; k < 3; k++) p[v * 3 + k] -= (normal[v * 3 + k] / l) * mm;
    moved++;
  }
  return moved;
}

/**
 * The mesh as an STL reader will see it: corners at the same float32 point are one vertex,
 * and triangles left with a repeated corner (slivers a boolean left under float32's
 * resolution) are dropped, which collapses their edge. The result is what gets checked.
 */
export function weldExact(mesh: Mesh): Mesh {
  const p = mesh.positions;
  const n = p.length / 3;
  const bits = new Uint32Array(p.buffer, p.byteOffset, p.length);
  const remap = new Uint32Array(n);
  const keep: number[] = [];
  // Open addressing on the three float bit patterns: exact equality, no string keys.
  let size = 1;
  while (size < n * 2) size <<= 1;
  const table = new Int32Array(size).fill(-1);
  for (let v = 0; v < n; v++) {
    const x = bits[v * 3], y = bits[v * 3 + 1], z = bits[v * 3 + 2];
    let h = (Math.imul(x, 73856093) ^ Math.imul(y, 19349663) ^ Math.imul(z, 83492791)) & (size - 1);
    for (;;) {
      const at = table[h];
      if (at < 0) { table[h] = keep.length; remap[v] = keep.length; keep.push(v); break; }
      const w = keep[at];
      if (bits[w * 3] === x && bits[w * 3 + 1] === y && bits[w * 3 + 2] === z) { remap[v] = at; break; }
      h = (h + 1) & (size - 1);
    }
  }
  const positions = new Float32Array(keep.length * 3);
  keep.forEach((v, i) => positions.set(p.subarray(v * 3, v * 3 + 3), i * 3));
  const idx = mesh.indices;
  const out = new Uint32Array(idx.length);
  let m = 0;
  for (let t = 0; t < idx.length; t += 3) {
    const a = remap[idx[t]], b = remap[idx[t + 1]], c = remap[idx[t + 2]];
    if (a !== b && b !== c && a !== c) { out[m++] = a; out[m++] = b; out[m++] = c; }
  }
  return { positions, indices: out.slice(0, m) };
}

/**
 * The mesh without pieces that enclose (next to) nothing: a boolean can leave a closed sliver
 * beside the model, or a sealed pocket inside it (a piece facing inwards), which a printer's
 * software reports as a second body. Pieces are the mesh's connected parts; an inward-facing
 * one (a pocket) goes whatever its size, an outward one under `minMm3` too.
 */
export function dropSlivers(mesh: Mesh, minMm3: number): Mesh {
  const idx = mesh.indices;
  const n = mesh.positions.length / 3;
  const parent = new Int32Array(n).map((_, i) => i);
  const find = (v: number): number => {
    while (parent[v] !== v) { parent[v] = parent[parent[v]]; v = parent[v]; }
    return v;
  };
  for (let t = 0; t < idx.length; t += 3) {
    const a = find(idx[t]), b = find(idx[t + 1]), c = find(idx[t + 2]);
    parent[b] = a; parent[find(c)] = a;
  }
  const volume = new Map<number, number>();
  const p = mesh.positions;
  for (let t = 0; t < idx.length; t += 3) {
    const a = idx[t] * 3, b = idx[t + 1] * 3, c = idx[t + 2] * 3;
    const v = (p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1]) - p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c]) + p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c])) / 6;
    const root = find(idx[t]);
    volume.set(root, (volume.get(root) ?? 0) + v);
  }
  if (volume.size < 2) return mesh;
  const keep: number[] = [];
  // A piece facing inwards is a sealed pocket inside the solid (the model is solid there: it is filled); a tiny outward one is a sliver.
  for (let t = 0; t < idx.length; t += 3) if (volume.get(find(idx[t]))! >= minMm3) keep.push(idx[t], idx[t + 1], idx[t + 2]);
  return { positions: mesh.positions, indices: Uint32Array.from(keep) };
}
