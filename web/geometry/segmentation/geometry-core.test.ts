// The numerical building blocks checked against shapes with known answers: topology on a
// grid, curvature on a sphere and a cylinder, the harmonic solve on a strip, the metrics.
import { describe, expect, it } from 'vitest';
import type { Mesh } from '../mesh.ts';
import { principalCurvatures } from './curvature.ts';
import { solveHarmonic } from './harmonic.ts';
import { MinHeap } from './min-heap.ts';
import { seededRandom } from './random.ts';
import { boundaryError, toothIou } from './metrics.ts';
import { buildTopology, faceNeighbours } from './topology.ts';

/** A flat nx-by-ny grid of unit squares, two triangles each, counter-clockwise seen from +z. */
function grid(nx: number, ny: number, lift: (x: number, y: number) => [number, number, number] = (x, y) => [x, y, 0]): Mesh {
  const pos: number[] = [], idx: number[] = [];
  for (let j = 0; j <= ny; j++) for (let i = 0; i <= nx; i++) pos.push(...lift(i, j));
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const a = j * (nx + 1) + i, b = a + 1, c = a + nx + 2, d = a + nx + 1;
    idx.push(a, b, c, a, c, d);
  }
  return { positions: Float32Array.from(pos), indices: Uint32Array.from(idx) };
}

function icosphere(radius: number, levels: number): Mesh {
  const t = (1 + Math.sqrt(5)) / 2;
  let verts: number[][] = [[-1, t, 0], [1, t, 0], [-1, -t, 0], [1, -t, 0], [0, -1, t], [0, 1, t], [0, -1, -t], [0, 1, -t], [t, 0, -1], [t, 0, 1], [-t, 0, -1], [-t, 0, 1]];
  let faces = [[0, 11, 5], [0, 5, 1], [0, 1, 7], [0, 7, 10], [0, 10, 11], [1, 5, 9], [5, 11, 4], [11, 10, 2], [10, 7, 6], [7, 1, 8],
    [3, 9, 4], [3, 4, 2], [3, 2, 6], [3, 6, 8], [3, 8, 9], [4, 9, 5], [2, 4, 11], [6, 2, 10], [8, 6, 7], [9, 8, 1]];
  verts = verts.map((v) => { const l = Math.hypot(v[0], v[1], v[2]); return v.map((x) => x / l); });
  for (let level = 0; level < levels; level++) {
    const mid = new Map<string, number>();
    const midpoint = (a: number, b: number) => {
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      let m = mid.get(key);
      if (m === undefined) {
        const p = [0, 1, 2].map((k) => (verts[a][k] + verts[b][k]) / 2);
        const l = Math.hypot(p[0], p[1], p[2]);
        m = verts.push(p.map((x) => x / l)) - 1;
        mid.set(key, m);
      }
      return m;
    };
    faces = faces.flatMap(([a, b, c]) => {
      const ab = midpoint(a, b), bc = midpoint(b, c), ca = midpoint(c, a);
      return [[a, ab, ca], [b, bc, ab], [c, ca, bc], [ab, bc, ca]];
    });
  }
  return { positions: Float32Array.from(verts.flat().map((x) => x * radius)), indices: Uint32Array.from(faces.flat()) };
}

const median = (a: Float64Array) => Float64Array.from(a).sort()[a.length >> 1];

describe('topology', () => {
  it('finds the rim of an open grid as its boundary and every interior edge shared', () => {
    const topo = buildTopology(grid(6, 4));
    let rim = 0;
    for (let v = 0; v < topo.vertexCount; v++) rim += topo.boundary[v];
    expect(rim).toBe(2 * (6 + 4));
    const nb = faceNeighbours(topo);
    expect(nb.filter((f) => f < 0).length).toBe(2 * (6 + 4));
    expect(topo.meanEdgeLength).toBeGreaterThan(1);
  });
});

describe('principal curvatures', () => {
  it('are 1/R both ways on a sphere of radius 5 mm (convex, outward normals)', () => {
    const c = principalCurvatures(buildTopology(icosphere(5, 4)));
    expect(median(c.kMin)).toBeCloseTo(0.2, 1);
    expect(median(c.kMax)).toBeCloseTo(0.2, 1);
  });

  it('are 0 and 1/R on a cylinder of radius 4 mm, and flip sign when the normals point inward', () => {
    const r = 4;
    const around = 48, along = 30;
    const outward = grid(around, along, (i, j) => [r * Math.cos((2 * Math.PI * i) / around), r * Math.sin((2 * Math.PI * i) / around), j * 0.5]);
    const c = principalCurvatures(buildTopology(outward));
    expect(Math.abs(median(c.kMin))).toBeLessThan(0.03);
    expect(median(c.kMax)).toBeCloseTo(1 / r, 1);
    const inward: Mesh = { positions: outward.positions, indices: outward.indices.slice() };
    for (let f = 0; f < inward.indices.length; f += 3) [inward.indices[f + 1], inward.indices[f + 2]] = [inward.indices[f + 2], inward.indices[f + 1]];
    const ci = principalCurvatures(buildTopology(inward));
    expect(median(ci.kMin)).toBeCloseTo(-1 / r, 1);
  });

  it('stay defined beside a vertex with no normal (a degenerate fan, as a simplified scan can have)', () => {
    // A sphere plus a flat sliver fan hung on one of its vertices: the fan's centre has only
    // zero-area triangles, so no normal; nothing undefined may spread from it.
    const sphere = icosphere(5, 3);
    const nv = sphere.positions.length / 3;
    const p = sphere.positions;
    const positions = Float32Array.from([...p, p[0], p[1], p[2], p[0], p[1], p[2]]);
    const indices = Uint32Array.from([...sphere.indices, nv, nv + 1, 0]);
    const c = principalCurvatures(buildTopology({ positions, indices }));
    expect(c.kMin.every(Number.isFinite)).toBe(true);
    expect(c.kMax.every(Number.isFinite)).toBe(true);
    expect(median(c.kMin)).toBeCloseTo(0.2, 1);
  });
});

describe('solveHarmonic', () => {
  it('interpolates from 0 to 1 along a strip held at its ends (nearly linearly, rising)', () => {
    const mesh = grid(20, 2);
    const topo = buildTopology(mesh);
    const x = (v: number) => topo.positions[3 * v];
    const free = Int32Array.from({ length: topo.vertexCount }, (_, v) => v).filter((v) => x(v) > 0 && x(v) < 20);
    const res = solveHarmonic({ topo, weights: new Float64Array(topo.adj.length).fill(1), free, fixed: (v) => (x(v) >= 20 ? 1 : 0), tolerance: 1e-10 });
    // The graph Laplacian of a strip cut by parallel diagonals is sheared a little, not linear-precise.
    free.forEach((v, i) => expect(Math.abs(res.values[i] - x(v) / 20)).toBeLessThan(0.04));
    const middleRow = Array.from(free).map((v, i) => ({ v, x: res.values[i] })).filter(({ v }) => topo.positions[3 * v + 1] === 1);
    for (let i = 1; i < middleRow.length; i++) expect(middleRow[i].x).toBeGreaterThan(middleRow[i - 1].x);
  });

  it('follows the prior where no edge conducts', () => {
    const topo = buildTopology(grid(4, 4));
    const free = Int32Array.from({ length: topo.vertexCount }, (_, v) => v);
    const res = solveHarmonic({
      topo, weights: new Float64Array(topo.adj.length), free, fixed: () => 0,
      priorWeight: new Float64Array(free.length).fill(1), priorTarget: new Float64Array(free.length).fill(0.3), tolerance: 1e-10,
    });
    for (const x of res.values) expect(x).toBeCloseTo(0.3, 6);
  });
});

describe('segmentation metrics', () => {
  const mesh = grid(4, 1);
  it('scores a perfect labelling 1 with no boundary error', () => {
    const labels = Uint8Array.from([11, 11, 11, 11, 0, 0, 21, 21]);
    expect(toothIou(mesh, labels, labels)).toEqual([{ fdi: 11, iou: 1 }, { fdi: 21, iou: 1 }]);
    expect(boundaryError(mesh, labels, labels)).toBe(0);
  });

  it('scores by area and measures how far a boundary moved (1 mm)', () => {
    const truth = Uint8Array.from([11, 11, 0, 0, 0, 0, 0, 0]);
    const predicted = Uint8Array.from([11, 11, 11, 11, 0, 0, 0, 0]);
    expect(toothIou(mesh, predicted, truth)).toEqual([{ fdi: 11, iou: 0.5 }]);
    expect(boundaryError(mesh, predicted, truth)).toBeCloseTo(1, 6);
  });
});

describe('MinHeap (seed 9)', () => {
  it('pops vertices by their latest key, ascending, skipping superseded entries, past its first capacity', () => {
    const rand = seededRandom(9);
    const n = 200;
    const heap = new MinHeap(n);
    const key = new Float64Array(n);
    for (let v = 0; v < n; v++) { key[v] = rand(); heap.push(v, key[v]); }
    // Lower some keys again (as Dijkstra does): only the latest counts.
    for (let v = 0; v < n; v += 3) { key[v] /= 2; heap.push(v, key[v]); }
    const popped: number[] = [];
    for (let v = heap.pop(); v >= 0; v = heap.pop()) popped.push(v);
    expect(popped.length).toBe(n);
    expect(new Set(popped).size).toBe(n);
    for (let i = 1; i < n; i++) expect(key[popped[i]]).toBeGreaterThanOrEqual(key[popped[i - 1]]);
  });
});
