// Connectivity and per-element geometry of a scan, computed once and shared by the frame
// estimate, the curvature field, the tooth finder and every re-cut. Flat typed arrays
// (CSR) because the cut touches each edge many times per correction.
import type { Mesh } from '../mesh.ts';

export interface Topology {
  vertexCount: number;
  faceCount: number;
  /** Positions as float64 copies: curvature differences lose too much in float32. */
  positions: Float64Array;
  indices: Uint32Array;
  /** Vertex neighbours in CSR form: neighbours of v are adj[adjStart[v] .. adjStart[v+1]). */
  adjStart: Int32Array;
  adj: Int32Array;
  /** Faces around each vertex in CSR form. */
  vfStart: Int32Array;
  vf: Int32Array;
  /** Unit face normals (CCW = outward) and face areas in mm^2. */
  faceNormals: Float64Array;
  faceAreas: Float64Array;
  /** Area-weighted unit vertex normals. */
  vertexNormals: Float64Array;
  /** A third of the area of the faces around each vertex (mm^2). */
  vertexAreas: Float64Array;
  /** 1 where the vertex lies on an open edge of the scan (its cut base or holes). */
  boundary: Uint8Array;
  meanEdgeLength: number;
}

export function buildTopology(mesh: Mesh): Topology {
  const nv = mesh.positions.length / 3;
  const ind = mesh.indices;
  const nf = ind.length / 3;
  const P = Float64Array.from(mesh.positions);
  const faceNormals = new Float64Array(nf * 3);
  const faceAreas = new Float64Array(nf);
  const vertexNormals = new Float64Array(nv * 3);
  const vertexAreas = new Float64Array(nv);
  const vfCount = new Int32Array(nv + 1);
  for (let f = 0; f < nf; f++) {
    const a = ind[3 * f], b = ind[3 * f + 1], c = ind[3 * f + 2];
    const ux = P[3 * b] - P[3 * a], uy = P[3 * b + 1] - P[3 * a + 1], uz = P[3 * b + 2] - P[3 * a + 2];
    const vx = P[3 * c] - P[3 * a], vy = P[3 * c + 1] - P[3 * a + 1], vz = P[3 * c + 2] - P[3 * a + 2];
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    const area = len / 2;
    faceAreas[f] = area;
    if (len > 0) {
      faceNormals[3 * f] = nx / len; faceNormals[3 * f + 1] = ny / len; faceNormals[3 * f + 2] = nz / len;
    }
    for (let k = 0; k < 3; k++) {
      const v = ind[3 * f + k];
      vertexNormals[3 * v] += nx; vertexNormals[3 * v + 1] += ny; vertexNormals[3 * v + 2] += nz;
      vertexAreas[v] += area / 3;
      vfCount[v + 1]++;
    }
  }
  for (let v = 0; v < nv; v++) {
    const l = Math.hypot(vertexNormals[3 * v], vertexNormals[3 * v + 1], vertexNormals[3 * v + 2]) || 1;
    vertexNormals[3 * v] /= l; vertexNormals[3 * v + 1] /= l; vertexNormals[3 * v + 2] /= l;
  }
  const vfStart = new Int32Array(nv + 1);
  for (let v = 0; v < nv; v++) vfStart[v + 1] = vfStart[v] + vfCount[v + 1];
  const vf = new Int32Array(vfStart[nv]);
  const fill = vfStart.slice(0, nv);
  for (let f = 0; f < nf; f++) for (let k = 0; k < 3; k++) vf[fill[ind[3 * f + k]]++] = f;

  // Each face around v contributes its two other corners; sorted, a neighbour listed
  // once lies across an open edge (the scan's cut base or a hole), twice across a shared one.
  // Neighbours are written straight into one array (at most two per face corner) and
  // compacted after: no per-vertex arrays for the collector to chase on a dense scan.
  const adjStart = new Int32Array(nv + 1);
  let adj = new Int32Array(2 * vfStart[nv]);
  const boundary = new Uint8Array(nv);
  const scratch = new Int32Array(64);
  let edgeSum = 0, edgeCount = 0;
  for (let v = 0; v < nv; v++) {
    let m = 0;
    const deg = vfStart[v + 1] - vfStart[v];
    const buf = deg * 2 <= scratch.length ? scratch : new Int32Array(deg * 2);
    for (let e = vfStart[v]; e < vfStart[v + 1]; e++) {
      const f = vf[e];
      const k = ind[3 * f] === v ? 0 : ind[3 * f + 1] === v ? 1 : 2;
      buf[m++] = ind[3 * f + ((k + 1) % 3)];
      buf[m++] = ind[3 * f + ((k + 2) % 3)];
    }
    // Insertion sort: a vertex has a handful of neighbours, where a typed-array sort's
    // call overhead dominates.
    for (let i = 1; i < m; i++) {
      const x = buf[i];
      let j = i - 1;
      while (j >= 0 && buf[j] > x) { buf[j + 1] = buf[j]; j--; }
      buf[j + 1] = x;
    }
    const sorted = buf;
    let at = adjStart[v];
    for (let i = 0; i < m;) {
      let j = i + 1;
      while (j < m && sorted[j] === sorted[i]) j++;
      const w = sorted[i];
      adj[at++] = w;
      if (j - i === 1) boundary[v] = 1;
      if (w > v) {
        const dx = P[3 * w] - P[3 * v], dy = P[3 * w + 1] - P[3 * v + 1], dz = P[3 * w + 2] - P[3 * v + 2];
        edgeSum += Math.sqrt(dx * dx + dy * dy + dz * dz);
        edgeCount++;
      }
      i = j;
    }
    adjStart[v + 1] = at;
  }
  adj = adj.slice(0, adjStart[nv]);
  return {
    vertexCount: nv, faceCount: nf, positions: P, indices: ind, adjStart, adj, vfStart, vf,
    faceNormals, faceAreas, vertexNormals, vertexAreas, boundary,
    meanEdgeLength: edgeCount ? edgeSum / edgeCount : 0,
  };
}

/** Across each edge of each face (edge k joins corners k and k+1): the other face, or -1. */
export function faceNeighbours(topo: Topology): Int32Array {
  const { indices: I, vfStart, vf, faceCount } = topo;
  const out = new Int32Array(faceCount * 3).fill(-1);
  for (let f = 0; f < faceCount; f++) {
    for (let k = 0; k < 3; k++) {
      const a = I[3 * f + k], b = I[3 * f + ((k + 1) % 3)];
      for (let e = vfStart[a]; e < vfStart[a + 1]; e++) {
        const g = vf[e];
        if (g === f) continue;
        if (I[3 * g] === b || I[3 * g + 1] === b || I[3 * g + 2] === b) { out[3 * f + k] = g; break; }
      }
    }
  }
  return out;
}
