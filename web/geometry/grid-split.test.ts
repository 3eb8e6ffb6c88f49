import { describe, expect, it } from 'vitest';
import { gridSplit } from './grid-split.ts';
import type { Mesh } from './mesh.ts';

/** A closed, outward-facing tetrahedron. */
const tetra: Mesh = {
  positions: Float32Array.from([0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0, 3]),
  indices: Uint32Array.from([0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3]),
};

function volume(m: Mesh): number {
  let v = 0;
  const p = m.positions;
  for (let t = 0; t < m.indices.length; t += 3) {
    const [a, b, c] = [m.indices[t] * 3, m.indices[t + 1] * 3, m.indices[t + 2] * 3];
    v += (p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1]) - p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c]) + p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c])) / 6;
  }
  return v;
}

/** Each directed edge once, and its reverse once: closed and consistently wound. */
function closedAndWound(m: Mesh): boolean {
  const directed = new Map<string, number>();
  for (let t = 0; t < m.indices.length; t += 3) {
    for (let e = 0; e < 3; e++) {
      const key = `${m.indices[t + e]},${m.indices[t + (e + 1) % 3]}`;
      directed.set(key, (directed.get(key) ?? 0) + 1);
    }
  }
  return [...directed].every(([key, count]) => {
    const [a, b] = key.split(',');
    return count === 1 && directed.get(`${b},${a}`) === 1;
  });
}

describe('gridSplit', () => {
  it('cuts each triangle into n x n on its barycentric grid, closed, wound as before, the same solid', () => {
    for (const n of [1, 2, 3, 4]) {
      const split = gridSplit(tetra, n);
      expect(split.indices.length / 3, `n ${n}`).toBe(4 * n * n);
      // V - E + F = 2 for a closed genus-0 surface, with E = 3F/2.
      const faces = split.indices.length / 3;
      expect(split.positions.length / 3 - (3 * faces) / 2 + faces).toBe(2);
      expect(closedAndWound(split)).toBe(true);
      expect(volume(split)).toBeCloseTo(volume(tetra), 5);
    }
  });

  it('puts the vertices at the grid points i/n, j/n of each face', () => {
    const split = gridSplit({ positions: tetra.positions, indices: tetra.indices.subarray(0, 3) }, 3);
    const points = new Set<string>();
    for (const v of new Set(split.indices)) points.add([...split.positions.subarray(v * 3, v * 3 + 3)].map((x) => x.toFixed(4)).join(' '));
    // Face (0, 2, 1) lies in z = 0 with corners at the origin, (0, 3, 0) and (3, 0, 0): the ten grid points.
    const expected = new Set<string>();
    for (let x = 0; x <= 3; x++) for (let y = 0; x + y <= 3; y++) expected.add([x, y, 0].map((c) => c.toFixed(4)).join(' '));
    expect(points).toEqual(expected);
  });

  it('refuses a part count that is not a whole number of at least 1', () => {
    expect(() => gridSplit(tetra, 0)).toThrow(/whole number/);
    expect(() => gridSplit(tetra, 1.5)).toThrow(/whole number/);
  });
});
