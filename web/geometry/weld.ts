// Welding turns a triangle soup (STL stores every corner on its own) into an indexed mesh,
// so that neighbouring triangles share vertices and edges, which segmentation, boundary
// checks and per-vertex labels all depend on. Hash tables are typed arrays with open
// addressing: per-vertex string keys would be ten times slower and allocate per corner.
import type { Mesh } from './mesh.ts';

/** Smallest power of two >= 2n (load factor <= 0.5), at least 16. */
function tableSizeFor(n: number): number {
  let size = 16;
  while (size < n * 2) size *= 2;
  return size;
}

function mixBits(a: number, b: number, c: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * Exact weld of a soup: corners whose float32 coordinates are bit-identical become one
 * vertex (+0 and -0 count as equal). STL stores float32, so an exporter writes a shared
 * corner with the same bits every time; this is the weld that loses nothing.
 * `soup` holds 9 floats per triangle. Vertices keep first-appearance order. Nothing is
 * dropped: degenerate triangles stay (they are reported, not repaired).
 */
export function weldSoup(soup: Float32Array): Mesh {
  const corners = Math.floor(soup.length / 3);
  const bits = new Uint32Array(soup.buffer, soup.byteOffset, corners * 3);
  const size = tableSizeFor(corners);
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1);
  // Worst case every corner is unique; trimmed at the end.
  const uniqueBits = new Uint32Array(corners * 3);
  const indices = new Uint32Array(corners);
  let vertexCount = 0;
  for (let i = 0; i < corners; i++) {
    // Clearing the sign bit of zero makes -0 and +0 one key.
    let x = bits[i * 3];
    let y = bits[i * 3 + 1];
    let z = bits[i * 3 + 2];
    if (x === 0x80000000) x = 0;
    if (y === 0x80000000) y = 0;
    if (z === 0x80000000) z = 0;
    let slot = mixBits(x, y, z) & mask;
    for (;;) {
      const v = table[slot];
      if (v < 0) {
        table[slot] = vertexCount;
        uniqueBits[vertexCount * 3] = x;
        uniqueBits[vertexCount * 3 + 1] = y;
        uniqueBits[vertexCount * 3 + 2] = z;
        indices[i] = vertexCount++;
        break;
      }
      if (uniqueBits[v * 3] === x && uniqueBits[v * 3 + 1] === y && uniqueBits[v * 3 + 2] === z) {
        indices[i] = v;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  const positions = new Float32Array(uniqueBits.buffer, 0, vertexCount * 3).slice();
  return { positions, indices };
}

export interface ToleranceWeld {
  mesh: Mesh;
  /** Old vertex index -> new vertex index (use it to carry per-vertex labels across). */
  remap: Uint32Array;
}

/**
 * Weld vertices closer than `toleranceMm` (Euclidean), for scans whose exporter rounded
 * shared corners differently (ASCII files, converted formats). Greedy in vertex order: a
 * vertex joins the first kept vertex within tolerance, so the result does not chain-merge
 * a long run of close points into one. Triangles that collapse stay in the index list
 * (reported as degenerate by the import report), so triangle order and count are kept.
 */
export function weldWithTolerance(mesh: Mesh, toleranceMm: number): ToleranceWeld {
  if (!(toleranceMm > 0) || !Number.isFinite(toleranceMm)) {
    throw new RangeError(`weld tolerance must be a positive number of mm, got ${toleranceMm}`);
  }
  const p = mesh.positions;
  const n = p.length / 3;
  const inv = 1 / toleranceMm;
  const tol2 = toleranceMm * toleranceMm;
  const size = tableSizeFor(n);
  const mask = size - 1;
  // Per cell: its integer coordinates and the head of its list of kept vertices.
  const cellKey = new Int32Array(size * 3);
  const cellHead = new Int32Array(size).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const remap = new Uint32Array(n);
  const kept = new Float32Array(n * 3);
  let keptCount = 0;

  const findCell = (cx: number, cy: number, cz: number, create: boolean): number => {
    let slot = mixBits(cx, cy, cz) & mask;
    for (;;) {
      if (cellHead[slot] === -1) {
        if (!create) return -1;
        cellKey[slot * 3] = cx;
        cellKey[slot * 3 + 1] = cy;
        cellKey[slot * 3 + 2] = cz;
        cellHead[slot] = -2; // occupied, list empty until the caller links a vertex
        return slot;
      }
      if (cellKey[slot * 3] === cx && cellKey[slot * 3 + 1] === cy && cellKey[slot * 3 + 2] === cz) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  };

  for (let i = 0; i < n; i++) {
    const x = p[i * 3];
    const y = p[i * 3 + 1];
    const z = p[i * 3 + 2];
    const cx = Math.floor(x * inv);
    const cy = Math.floor(y * inv);
    const cz = Math.floor(z * inv);
    let match = -1;
    for (let dx = -1; dx <= 1 && match < 0; dx++) {
      for (let dy = -1; dy <= 1 && match < 0; dy++) {
        for (let dz = -1; dz <= 1 && match < 0; dz++) {
          const slot = findCell(cx + dx, cy + dy, cz + dz, false);
          if (slot < 0) continue;
          for (let k = cellHead[slot]; k >= 0; k = next[k]) {
            const ex = kept[k * 3] - x;
            const ey = kept[k * 3 + 1] - y;
            const ez = kept[k * 3 + 2] - z;
            if (ex * ex + ey * ey + ez * ez <= tol2) {
              match = k;
              break;
            }
          }
        }
      }
    }
    if (match >= 0) {
      remap[i] = match;
      continue;
    }
    const k = keptCount++;
    kept[k * 3] = x;
    kept[k * 3 + 1] = y;
    kept[k * 3 + 2] = z;
    const slot = findCell(cx, cy, cz, true);
    next[k] = cellHead[slot] === -2 ? -1 : cellHead[slot];
    cellHead[slot] = k;
    remap[i] = k;
  }

  const indices = new Uint32Array(mesh.indices.length);
  for (let t = 0; t < indices.length; t++) indices[t] = remap[mesh.indices[t]];
  return { mesh: { positions: kept.slice(0, keptCount * 3), indices }, remap };
}
