// Cut one crown mesh per tooth out of a labelled arch (per-vertex FDI, 0 = gingiva). The
// crowns are what gets staged and collided; the maps back to the arch let per-vertex
// results (occlusion colours) be painted on the original scan.
import type { LabelledMesh, Mesh } from './mesh.ts';

export interface ToothCrown {
  fdi: number;
  mesh: Mesh;
  /** Arch vertex index of each crown vertex. */
  sourceVertex: Uint32Array;
  /** Arch triangle index of each crown triangle. */
  sourceTriangle: Uint32Array;
}

export interface CrownCutOptions {
  /**
   * Which triangles belong to a tooth: 'majority' (at least two of its three vertices carry
   * the label; the default, it leaves fewer jagged notches at the gum line) or 'all'.
   */
  rule?: 'majority' | 'all';
  /**
   * Keep only the largest edge-connected piece of each tooth (default true): stray
   * mislabelled islands would otherwise become tiny solids of their own.
   */
  largestPieceOnly?: boolean;
}

export class CrownCutError extends Error {
  override name = 'CrownCutError';
}

function triangleLabel(l0: number, l1: number, l2: number, rule: 'majority' | 'all'): number {
  if (l0 === l1 && l1 === l2) return l0;
  if (rule === 'all') return 0;
  if (l0 === l1 || l0 === l2) return l0;
  if (l1 === l2) return l1;
  return 0;
}

/** Triangles (indices into `tris`) grouped into pieces connected through shared edges; largest first. */
function edgeConnectedPieces(indices: Uint32Array, tris: number[]): number[][] {
  const parent = tris.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const edgeOwner = new Map<string, number>();
  tris.forEach((t, i) => {
    for (let k = 0; k < 3; k++) {
      const a = indices[t * 3 + k];
      const b = indices[t * 3 + ((k + 1) % 3)];
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      const other = edgeOwner.get(key);
      if (other === undefined) edgeOwner.set(key, i);
      else parent[find(i)] = find(other);
    }
  });
  const groups = new Map<number, number[]>();
  tris.forEach((t, i) => {
    const r = find(i);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(t);
  });
  return [...groups.values()].sort((a, b) => b.length - a.length);
}

function reindex(arch: Mesh, fdi: number, tris: number[]): ToothCrown {
  const map = new Map<number, number>();
  const sourceVertex: number[] = [];
  const indices = new Uint32Array(tris.length * 3);
  tris.forEach((t, i) => {
    for (let k = 0; k < 3; k++) {
      const v = arch.indices[t * 3 + k];
      let local = map.get(v);
      if (local === undefined) {
        local = sourceVertex.length;
        map.set(v, local);
        sourceVertex.push(v);
      }
      indices[i * 3 + k] = local;
    }
  });
  const positions = new Float32Array(sourceVertex.length * 3);
  sourceVertex.forEach((v, i) => positions.set(arch.positions.subarray(v * 3, v * 3 + 3), i * 3));
  return { fdi, mesh: { positions, indices }, sourceVertex: Uint32Array.from(sourceVertex), sourceTriangle: Uint32Array.from(tris) };
}

/** One crown per labelled tooth, in ascending FDI order. */
export function cutCrowns(arch: LabelledMesh, options: CrownCutOptions = {}): ToothCrown[] {
  const rule = options.rule ?? 'majority';
  const largestOnly = options.largestPieceOnly ?? true;
  const labels = arch.labels;
  const vertexCount = arch.positions.length / 3;
  if (!labels) throw new CrownCutError('the arch has no per-vertex tooth labels');
  if (labels.length !== vertexCount) {
    throw new CrownCutError(`the arch has ${vertexCount} vertices but ${labels.length} labels`);
  }
  const byTooth = new Map<number, number[]>();
  const triangles = arch.indices.length / 3;
  for (let t = 0; t < triangles; t++) {
    const [a, b, c] = [arch.indices[t * 3], arch.indices[t * 3 + 1], arch.indices[t * 3 + 2]];
    if (a >= vertexCount || b >= vertexCount || c >= vertexCount) {
      throw new CrownCutError(`triangle ${t} refers to a vertex beyond the ${vertexCount} the arch has`);
    }
    const label = triangleLabel(labels[a], labels[b], labels[c], rule);
    if (label === 0) continue;
    let list = byTooth.get(label);
    if (!list) byTooth.set(label, (list = []));
    list.push(t);
  }
  return [...byTooth.keys()].sort((a, b) => a - b).map((fdi) => {
    const tris = byTooth.get(fdi)!;
    return reindex(arch, fdi, largestOnly ? edgeConnectedPieces(arch.indices, tris)[0] : tris);
  });
}
