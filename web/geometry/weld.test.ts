import { describe, expect, it } from 'vitest';
import { weldSoup, weldWithTolerance } from './weld.ts';
import { cornerPositions, seededRandom, syntheticScan } from './fixtures/synthetic-scan.ts';

/** The obvious weld: a Map keyed by the printed coordinates. Slow, clearly right. */
function slowWeld(soup: Float32Array): { vertices: number; indices: number[] } {
  const map = new Map<string, number>();
  const indices: number[] = [];
  for (let i = 0; i < soup.length; i += 3) {
    const key = `${soup[i] + 0},${soup[i + 1] + 0},${soup[i + 2] + 0}`;
    if (!map.has(key)) map.set(key, map.size);
    indices.push(map.get(key)!);
  }
  return { vertices: map.size, indices };
}

describe('weldSoup', () => {
  it('rebuilds the indexed mesh a soup came from (seed 11)', () => {
    const { mesh } = syntheticScan(11);
    const welded = weldSoup(cornerPositions(mesh));
    expect(welded.positions.length).toBe(mesh.positions.length);
    expect(welded.indices.length).toBe(mesh.indices.length);
    expect(cornerPositions(welded)).toEqual(cornerPositions(mesh));
  });

  it('matches the Map-based weld on a soup with many repeats (seed 5)', () => {
    const random = seededRandom(5);
    const pool = Array.from({ length: 300 }, () => [random() * 10, random() * 10, random() * 10]);
    const soup = new Float32Array(3000 * 9);
    for (let i = 0; i < soup.length / 3; i++) soup.set(pool[Math.floor(random() * pool.length)], i * 3);
    const fast = weldSoup(soup);
    const slow = slowWeld(soup);
    expect(fast.positions.length / 3).toBe(slow.vertices);
    expect(Array.from(fast.indices)).toEqual(slow.indices);
  });

  it('treats -0 and +0 as the same corner and keeps degenerate triangles', () => {
    const soup = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, -0, -0, -0, 1, 0, 0, 1, 0, 0]);
    const welded = weldSoup(soup);
    expect(welded.positions.length / 3).toBe(3);
    expect(Array.from(welded.indices)).toEqual([0, 1, 2, 0, 1, 1]);
  });

  it('does not merge corners that differ in the last float bit', () => {
    const a = 1.5;
    const b = new Float32Array([a])[0] + 2 ** -22; // next float32 up from 1.5
    const welded = weldSoup(new Float32Array([a, 0, 0, b, 0, 0, 0, 1, 0]));
    expect(welded.positions.length / 3).toBe(3);
  });
});

describe('weldWithTolerance', () => {
  it('merges copies jittered below the tolerance and keeps the rest apart (seed 23)', () => {
    const random = seededRandom(23);
    const base = syntheticScan(23).mesh;
    const n = base.positions.length / 3;
    // Every vertex twice: the copy moved by at most 0.004 mm in each axis (< 0.01 mm).
    const positions = new Float32Array(n * 6);
    positions.set(base.positions);
    for (let i = 0; i < n * 3; i++) positions[n * 3 + i] = base.positions[i] + (random() - 0.5) * 0.008;
    const indices = new Uint32Array(base.indices.length * 2);
    indices.set(base.indices);
    for (let i = 0; i < base.indices.length; i++) indices[base.indices.length + i] = base.indices[i] + n;
    const { mesh, remap } = weldWithTolerance({ positions, indices }, 0.01);
    expect(mesh.positions.length / 3).toBe(n);
    for (let i = 0; i < n; i++) expect(remap[i + n]).toBe(remap[i]);
    expect(Array.from(mesh.indices.subarray(base.indices.length))).toEqual(Array.from(mesh.indices.subarray(0, base.indices.length)));
  });

  it('does not chain a row of points closer than the tolerance into one', () => {
    const positions = new Float32Array([0, 0, 0, 0.6, 0, 0, 1.2, 0, 0, 1.8, 0, 0]);
    const { remap } = weldWithTolerance({ positions, indices: new Uint32Array(0) }, 1);
    expect(Array.from(remap)).toEqual([0, 0, 1, 1]);
  });

  it('refuses a tolerance that is not a positive number', () => {
    const mesh = syntheticScan(1).mesh;
    expect(() => weldWithTolerance(mesh, 0)).toThrow(RangeError);
    expect(() => weldWithTolerance(mesh, Number.NaN)).toThrow(RangeError);
  });
});
