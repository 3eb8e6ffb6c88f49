import { describe, expect, it } from 'vitest';
import { boundaryLoops, closeCrown, CollisionSolidError, isClosed, signedVolume } from './collision-solid.ts';
import type { Mesh } from './mesh.ts';
import { noisySphere, openCrown } from '../engine/fixtures/synthetic-crowns.ts';
import { realUpperTeeth } from '../engine/fixtures/real-crowns.ts';
import { buildBvh, closestPoint, emptyClosestPoint } from './bvh.ts';
import { boundingBox } from './mesh.ts';
import { insideByParity } from '../engine/fixtures/oracle.ts';
import { seededRandom, uniform } from '../core/random.ts';

const crown = (): Mesh => openCrown({ centre: [10, -20, 5], radii: [4, 3.5, 5] });

function reversed(m: Mesh): Mesh {
  const indices = m.indices.slice();
  for (let t = 0; t < indices.length; t += 3) [indices[t + 1], indices[t + 2]] = [indices[t + 2], indices[t + 1]];
  return { positions: m.positions, indices };
}

/** Every undirected edge used by exactly two triangles. */
function everyEdgeTwice(m: Mesh): boolean {
  const count = new Map<string, number>();
  for (let t = 0; t < m.indices.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const a = m.indices[t + k], b = m.indices[t + ((k + 1) % 3)];
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      count.set(key, (count.get(key) ?? 0) + 1);
    }
  }
  return [...count.values()].every((c) => c === 2);
}

describe('closeCrown', () => {
  it('caps the gingival opening: closed, outward, the crown vertices unchanged and no vertex added', () => {
    const open = crown();
    const solid = closeCrown(open);
    expect(solid.loops).toBe(1);
    expect(solid.flipped).toBe(false);
    expect(isClosed(solid.mesh)).toBe(true);
    expect(everyEdgeTwice(solid.mesh)).toBe(true);
    expect(solid.crownVertexCount).toBe(open.positions.length / 3);
    expect(solid.droppedTriangles).toBe(0);
    expect([...solid.mesh.positions]).toEqual([...open.positions]);
    expect(solid.volume).toBeCloseTo(signedVolume(solid.mesh), 9);
    // Between the inscribed polyhedron and the ellipsoid truncated at 135 degrees.
    const full = (4 / 3) * Math.PI * 4 * 3.5 * 5;
    expect(solid.volume).toBeGreaterThan(0.8 * full);
    expect(solid.volume).toBeLessThan(full);
  });

  it('turns an inward-facing crown round', () => {
    const solid = closeCrown(reversed(crown()));
    expect(solid.flipped).toBe(true);
    expect(solid.volume).toBeGreaterThan(0);
    expect(signedVolume(solid.mesh)).toBeGreaterThan(0);
    expect(isClosed(solid.mesh)).toBe(true);
  });

  it('fills small holes as well as the opening', () => {
    const open = crown();
    // Drop three triangles far apart: three extra holes.
    const drop = new Set([200, 700, 1500]);
    const indices = Uint32Array.from([...open.indices].filter((_, i) => !drop.has(Math.floor(i / 3))));
    const solid = closeCrown({ positions: open.positions, indices });
    expect(solid.loops).toBe(4);
    expect(isClosed(solid.mesh)).toBe(true);
    expect(everyEdgeTwice(solid.mesh)).toBe(true);
  });

  it('seed 3: leaves an already closed solid as it is', () => {
    const sphere = noisySphere(3);
    const solid = closeCrown(sphere);
    expect(solid.loops).toBe(0);
    expect(solid.mesh.indices.length).toBe(sphere.indices.length);
  });

  it('peels off a fin on an edge shared by three triangles and still closes', () => {
    const open = crown();
    const n = open.positions.length / 3;
    const positions = new Float32Array([...open.positions, 30, 30, 30]);
    const [a, b] = [open.indices[300], open.indices[301]];
    const indices = Uint32Array.from([...open.indices, a, b, n]);
    const solid = closeCrown({ positions, indices });
    expect(isClosed(solid.mesh)).toBe(true);
    expect(solid.droppedTriangles).toBeGreaterThanOrEqual(3);
  });

  it('gives clear errors for empty, degenerate, broken and flat input', () => {
    expect(() => closeCrown({ positions: new Float32Array(0), indices: new Uint32Array(0) }, 'tooth 11')).toThrow(/tooth 11 is empty/);
    expect(() => closeCrown({ positions: new Float32Array(9), indices: Uint32Array.from([0, 0, 1]) })).toThrow(/degenerate/);
    expect(() => closeCrown({ positions: new Float32Array(9), indices: Uint32Array.from([0, 1, 5]) })).toThrow(/vertex 5 of 3/);
    const nan = crown();
    nan.positions[7] = NaN;
    expect(() => closeCrown(nan)).toThrow(/non-finite/);
    const flat: Mesh = { positions: Float32Array.from([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0]), indices: Uint32Array.from([0, 1, 2, 0, 2, 3]) };
    expect(() => closeCrown(flat, 'tooth 12')).toThrow(CollisionSolidError);
    expect(() => closeCrown(flat, 'tooth 12')).toThrow(/tooth 12 is degenerate/);
  });
});

describe('boundaryLoops', () => {
  it('splits a pinched boundary into simple loops', () => {
    // Two triangles touching at vertex 0 only (a bow tie).
    const m: Mesh = { positions: new Float32Array(15), indices: Uint32Array.from([0, 1, 2, 0, 3, 4]) };
    const loops = boundaryLoops(m).map((l) => [...l].sort());
    expect(loops).toHaveLength(2);
    expect(loops).toContainEqual([0, 1, 2]);
    expect(loops).toContainEqual([0, 3, 4]);
  });
});

describe('collision solids of the real upper crowns', () => {
  const teeth = realUpperTeeth();
  for (const { crown: c, solid } of teeth) {
    it(`tooth ${c.fdi}: closed (every edge used twice), outward, a plausible crown volume`, () => {
      expect(isClosed(solid.mesh)).toBe(true);
      expect(everyEdgeTwice(solid.mesh)).toBe(true);
      expect(signedVolume(solid.mesh)).toBeGreaterThan(0);
      expect(solid.volume).toBeGreaterThan(100);
      expect(solid.volume).toBeLessThan(700);
      // Folds, fins, spikes and curled-back rim triangles, all at the rim: under 10% of the crown.
      expect(solid.droppedTriangles / (solid.crownTriangleCount + solid.droppedTriangles)).toBeLessThan(0.1);
    });
  }

  it('seed 91: the pseudo-normal sign agrees with ray parity around every crown (the caps neither fold nor cut the crown)', () => {
    const random = seededRandom(91);
    const hit = emptyClosestPoint();
    let inside = 0;
    for (const { solid } of teeth) {
      const bvh = buildBvh(solid.mesh);
      const box = boundingBox(solid.mesh.positions);
      for (let i = 0; i < 60; i++) {
        const p = [0, 1, 2].map((k) => uniform(random, box.min[k] - 2, box.max[k] + 2)) as [number, number, number];
        closestPoint(bvh, p[0], p[1], p[2], hit);
        if (Math.abs(hit.distance) < 1e-3) continue;
        const parity = insideByParity(solid.mesh, p);
        if (parity) inside++;
        expect(hit.distance < 0).toBe(parity);
      }
    }
    expect(inside).toBeGreaterThan(50);
  });
});
