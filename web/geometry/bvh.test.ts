import { describe, expect, it } from 'vitest';
import { buildBvh, BvhError, BVH_LEAF_SIZE, BVH_MAX_DEPTH, closestPoint, emptyClosestPoint, type ToothBvh } from './bvh.ts';
import type { Mesh } from './mesh.ts';
import { closeCrown } from './collision-solid.ts';
import { noisySphere, openCrown, triangleSoup } from '../engine/fixtures/synthetic-crowns.ts';
import { bruteClosest, bruteUnsignedDistance, insideByParity } from '../engine/fixtures/oracle.ts';
import { seededRandom, uniform } from '../core/random.ts';
import type { Vec3 } from '../core/pose.ts';

function randomPoints(seed: number, count: number, lo: number, hi: number): Vec3[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => [uniform(random, lo, hi), uniform(random, lo, hi), uniform(random, lo, hi)] as Vec3);
}

function checkStructure(bvh: ToothBvh): void {
  const triCount = bvh.triangles.length / 3;
  const seen = new Uint8Array(triCount);
  const nodes = bvh.nodeData.length / 2;
  for (let n = 0; n < nodes; n++) {
    const [a, count] = [bvh.nodeData[n * 2], bvh.nodeData[n * 2 + 1]];
    if (count > 0) {
      expect(count).toBeLessThanOrEqual(BVH_LEAF_SIZE);
      for (let t = a; t < a + count; t++) {
        seen[t]++;
        for (let k = 0; k < 3; k++) {
          const v = bvh.triangles[t * 3 + k];
          for (let j = 0; j < 3; j++) {
            expect(bvh.positions[v * 3 + j]).toBeGreaterThanOrEqual(bvh.nodeBounds[n * 6 + j]);
            expect(bvh.positions[v * 3 + j]).toBeLessThanOrEqual(bvh.nodeBounds[n * 6 + 3 + j]);
          }
        }
      }
    } else {
      expect(a).toBeGreaterThan(n + 1);
      for (const c of [n + 1, a]) {
        for (let j = 0; j < 3; j++) {
          expect(bvh.nodeBounds[c * 6 + j]).toBeGreaterThanOrEqual(bvh.nodeBounds[n * 6 + j]);
          expect(bvh.nodeBounds[c * 6 + 3 + j]).toBeLessThanOrEqual(bvh.nodeBounds[n * 6 + 3 + j]);
        }
      }
    }
  }
  expect([...seen].every((s) => s === 1)).toBe(true);
  expect([...bvh.sourceTriangle].sort((x, y) => x - y)).toEqual(Array.from({ length: triCount }, (_, i) => i));
  expect(bvh.depth).toBeLessThanOrEqual(BVH_MAX_DEPTH);
}

describe('buildBvh', () => {
  it('seed 21: every triangle in exactly one leaf, boxes nest, leaves small, depth bounded', () => {
    const bvh = buildBvh(triangleSoup(21, 1000));
    checkStructure(bvh);
    expect(bvh.depth).toBeLessThan(20);
  });

  it('seed 22: keeps each triangle as it was, only reordered', () => {
    const soup = triangleSoup(22, 200);
    const bvh = buildBvh(soup);
    for (let t = 0; t < 200; t++) {
      for (let k = 0; k < 3; k++) expect(bvh.triangles[t * 3 + k]).toBe(soup.indices[bvh.sourceTriangle[t] * 3 + k]);
    }
  });

  it('seed 23: handles many triangles sharing one centroid (median split fallback)', () => {
    const positions: number[] = [];
    for (let i = 0; i < 100; i++) {
      const a = (i / 100) * Math.PI;
      positions.push(Math.cos(a), Math.sin(a), 0, -Math.cos(a), -Math.sin(a), 0, 0, 0, 1);
    }
    const bvh = buildBvh({ positions: Float32Array.from(positions), indices: Uint32Array.from({ length: 300 }, (_, i) => i) });
    checkStructure(bvh);
  });

  it('gives pseudo-normals of unit length that point outwards on a closed solid (seed 24)', () => {
    const bvh = buildBvh(noisySphere(24));
    for (let v = 0; v < bvh.positions.length / 3; v++) {
      const n = [0, 1, 2].map((k) => bvh.vertexNormals[v * 3 + k]);
      expect(Math.hypot(...n)).toBeCloseTo(1, 5);
      expect(n[0] * bvh.positions[v * 3] + n[1] * bvh.positions[v * 3 + 1] + n[2] * bvh.positions[v * 3 + 2]).toBeGreaterThan(0);
    }
    for (let i = 0; i < bvh.edgeNormals.length; i += 3) expect(Math.hypot(bvh.edgeNormals[i], bvh.edgeNormals[i + 1], bvh.edgeNormals[i + 2])).toBeCloseTo(1, 5);
  });

  it('refuses empty and non-finite input', () => {
    expect(() => buildBvh({ positions: new Float32Array(0), indices: new Uint32Array(0) }, 'tooth 11')).toThrow(/tooth 11 has no triangles/);
    expect(() => buildBvh({ positions: Float32Array.from([0, 0, NaN, 1, 0, 0, 0, 1, 0]), indices: Uint32Array.from([0, 1, 2]) })).toThrow(BvhError);
    expect(() => buildBvh({ positions: new Float32Array(9), indices: Uint32Array.from([0, 1, 3]) })).toThrow(/vertex 3 of 3/);
  });
});

describe('closestPoint against brute force', () => {
  for (const seed of [31, 32, 33]) {
    it(`seed ${seed}: same distance, point and triangle as scanning every triangle, and as an independent formula`, () => {
      const soup = triangleSoup(seed, 400);
      const bvh = buildBvh(soup);
      const hit = emptyClosestPoint();
      for (const p of randomPoints(seed + 1000, 300, -3, 13)) {
        closestPoint(bvh, p[0], p[1], p[2], hit);
        const brute = bruteClosest(bvh, p);
        expect(hit.triangle).toBe(brute.triangle);
        expect(Math.abs(hit.distance - brute.distance)).toBeLessThan(1e-12);
        expect(Math.hypot(hit.x - brute.point[0], hit.y - brute.point[1], hit.z - brute.point[2])).toBeLessThan(1e-12);
        expect(Math.abs(Math.abs(hit.distance) - bruteUnsignedDistance(soup, p))).toBeLessThan(1e-9);
      }
    });
  }

  it('seed 34: degenerate triangles (a point, a segment) give finite, correct distances', () => {
    const positions = Float32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 5, 5, 5, 6, 5, 5, 5, 6, 5]);
    const mesh: Mesh = { positions, indices: Uint32Array.from({ length: 9 }, (_, i) => i) };
    const bvh = buildBvh(mesh);
    for (const p of randomPoints(34, 200, -2, 8)) {
      const hit = closestPoint(bvh, p[0], p[1], p[2]);
      expect(Number.isFinite(hit.distance)).toBe(true);
      expect(Math.abs(Math.abs(hit.distance) - bruteUnsignedDistance(mesh, p))).toBeLessThan(1e-9);
    }
  });
});

describe('closestPoint sign against ray parity', () => {
  const solids: [string, Mesh][] = [
    ['noisy sphere seed 41', noisySphere(41)],
    ['capped crown seed 42', closeCrown(openCrown({ centre: [0, 0, 0], radii: [4, 3.5, 5], noise: { seed: 42, amplitude: 0.15 } })).mesh],
  ];
  for (const [name, mesh] of solids) {
    it(`${name}: negative exactly when the point is inside`, () => {
      const bvh = buildBvh(mesh);
      const hit = emptyClosestPoint();
      let inside = 0, checked = 0;
      for (const p of randomPoints(43, 600, -6.5, 6.5)) {
        closestPoint(bvh, p[0], p[1], p[2], hit);
        if (Math.abs(hit.distance) < 1e-3) continue;
        checked++;
        const parity = insideByParity(mesh, p);
        if (parity) inside++;
        expect(hit.distance < 0).toBe(parity);
      }
      expect(inside).toBeGreaterThan(50);
      expect(checked - inside).toBeGreaterThan(50);
    });
  }

  it('capped crown seed 44: points just off the surface, inside and out, are signed right', () => {
    const mesh = closeCrown(openCrown({ centre: [0, 0, 0], radii: [4, 3.5, 5], noise: { seed: 44, amplitude: 0.1 } })).mesh;
    const bvh = buildBvh(mesh);
    const random = seededRandom(44);
    for (let i = 0; i < 300; i++) {
      // A point on a random triangle, pushed 0.01 mm along its normal either way.
      const t = Math.floor(random() * (bvh.triangles.length / 3));
      const [u, v] = [random(), random()];
      const [s, w] = u + v > 1 ? [1 - u, 1 - v] : [u, v];
      const q = [0, 1, 2].map((k) => {
        const a = bvh.positions[bvh.triangles[t * 3] * 3 + k], b = bvh.positions[bvh.triangles[t * 3 + 1] * 3 + k], c = bvh.positions[bvh.triangles[t * 3 + 2] * 3 + k];
        return a + s * (b - a) + w * (c - a);
      });
      const out = i % 2 === 0 ? 0.01 : -0.01;
      const p = q.map((x, k) => x + out * bvh.faceNormals[t * 3 + k]);
      const hit = closestPoint(bvh, p[0], p[1], p[2]);
      expect(Math.sign(hit.distance)).toBe(Math.sign(out));
      expect(Math.abs(hit.distance)).toBeLessThanOrEqual(0.01 + 1e-6);
    }
  });
});
