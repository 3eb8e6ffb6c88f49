import { describe, expect, it } from 'vitest';
import { DEMO_SEED, generateDemoCase, placeDemoTeeth } from './index.ts';
import type { DemoCase } from './index.ts';
import { tableWidth } from './anatomy.ts';
import { boundaryLoops, cappedVolume, crownGap, orientationDefects, smallestTriangleArea, trianglesLabelled } from './checks.ts';
import { boundingBox, boxSize } from '../mesh.ts';
import type { LabelledMesh } from '../mesh.ts';
import { toLocal } from './vec.ts';
import type { Jaw } from '../../core/types.ts';
import { poseFromMovement, rotateVector } from '../../core/pose.ts';
import { zeroMovement } from '../../core/plan.ts';

const demo = generateDemoCase();
const UPPER = [11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27];
const LOWER = [31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 47];
const JAWS: Jaw[] = ['upper', 'lower'];

function verticesOf(mesh: LabelledMesh, label: number): number[] {
  const out: number[] = [];
  mesh.labels!.forEach((l, i) => { if (l === label) out.push(i); });
  return out;
}

function triangleCounts(c: DemoCase): { crowns: number[]; gingiva: number[]; total: number } {
  const crowns: number[] = [];
  const gingiva: number[] = [];
  let total = 0;
  for (const jaw of JAWS) {
    const m = c.arches[jaw].mesh;
    const teeth = jaw === 'upper' ? UPPER : LOWER;
    let inCrowns = 0;
    for (const fdi of teeth) {
      const n = trianglesLabelled(m, m.labels!, fdi).length / 3;
      crowns.push(n);
      inCrowns += n;
    }
    gingiva.push(m.indices.length / 3 - inCrowns);
    total += m.indices.length / 3;
  }
  return { crowns, gingiva, total };
}

describe('generated demo case: structure', () => {
  it('labels 14 teeth per arch (28 distinct FDI numbers) plus gingiva, one label per vertex', () => {
    for (const jaw of JAWS) {
      const m = demo.arches[jaw].mesh;
      expect(demo.arches[jaw].jaw).toBe(jaw);
      expect(m.labels!.length).toBe(m.positions.length / 3);
      const present = [...new Set(m.labels!)].sort((a, b) => a - b);
      expect(present).toEqual([0, ...(jaw === 'upper' ? UPPER : LOWER)]);
      for (const fdi of jaw === 'upper' ? UPPER : LOWER) {
        const n = verticesOf(m, fdi).length;
        expect(n).toBeGreaterThan(800);
        expect(n).toBeLessThan(2000);
      }
      expect(verticesOf(m, 0).length).toBeGreaterThan(5000);
    }
    expect(Object.keys(demo.malpositions).map(Number).sort()).toEqual([...UPPER, ...LOWER].sort());
  });

  it('has indices in range, finite positions and no degenerate triangles', () => {
    for (const jaw of JAWS) {
      const m = demo.arches[jaw].mesh;
      const n = m.positions.length / 3;
      expect(m.indices.length % 3).toBe(0);
      expect(m.indices.every((i) => i < n)).toBe(true);
      expect(m.positions.every(Number.isFinite)).toBe(true);
      expect(smallestTriangleArea(m)).toBeGreaterThan(1e-4);
    }
  });

  it('tessellates crowns at 1500-3000 and gingiva at 20k-40k triangles, < 250k in all', () => {
    const { crowns, gingiva, total } = triangleCounts(demo);
    for (const n of crowns) {
      expect(n).toBeGreaterThanOrEqual(1500);
      expect(n).toBeLessThanOrEqual(3000);
    }
    for (const n of gingiva) {
      expect(n).toBeGreaterThanOrEqual(20_000);
      expect(n).toBeLessThanOrEqual(40_000);
    }
    expect(total).toBeLessThan(250_000);
  });

  it('is one consistently oriented surface per arch (crowns and gingiva agree on winding)', () => {
    for (const jaw of JAWS) expect(orientationDefects(demo.arches[jaw].mesh.indices)).toBe(0);
  });
});

describe('generated demo case: seed', () => {
  it(`seed ${DEMO_SEED} twice gives bit-identical arrays`, () => {
    const again = generateDemoCase(DEMO_SEED);
    for (const jaw of JAWS) {
      const a = demo.arches[jaw].mesh;
      const b = again.arches[jaw].mesh;
      expect(Buffer.from(b.positions.buffer).equals(Buffer.from(a.positions.buffer))).toBe(true);
      expect(Buffer.from(b.indices.buffer).equals(Buffer.from(a.indices.buffer))).toBe(true);
      expect(Buffer.from(b.labels!.buffer).equals(Buffer.from(a.labels!.buffer))).toBe(true);
    }
    expect(again.malpositions).toEqual(demo.malpositions);
    expect(again.notes).toBe(demo.notes);
  });

  it('seed 7 gives a different case with the same layout', () => {
    const other = generateDemoCase(7);
    expect(other.seed).toBe(7);
    expect(other.malpositions[41]).not.toEqual(demo.malpositions[41]);
    for (const jaw of JAWS) {
      const a = demo.arches[jaw].mesh;
      const b = other.arches[jaw].mesh;
      expect(b.indices.length).toBe(a.indices.length);
      expect(Buffer.from(b.labels!.buffer).equals(Buffer.from(a.labels!.buffer))).toBe(true);
      expect(Buffer.from(b.positions.buffer).equals(Buffer.from(a.positions.buffer))).toBe(false);
    }
  });

  it('defaults to DEMO_SEED and says what it generated', () => {
    expect(demo.seed).toBe(DEMO_SEED);
    expect(demo.pseudonym).toContain('Demo');
    expect(demo.notes).toMatch(/diastema/);
    expect(demo.notes).toMatch(/crowding/);
  });
});

describe('generated demo case: anatomy and frame', () => {
  it('is sized like the real scan: largest side 50-80 mm, the lower arch smaller', () => {
    const upper = boxSize(boundingBox(demo.arches.upper.mesh.positions));
    const lower = boxSize(boundingBox(demo.arches.lower.mesh.positions));
    for (const s of [upper, lower]) {
      expect(Math.max(...s)).toBeGreaterThan(50);
      expect(Math.max(...s)).toBeLessThan(80);
    }
    expect(lower[0]).toBeLessThan(upper[0]);
  });

  it('points upper crowns down (-z) and lower crowns up (+z) from their margin rings', () => {
    for (const jaw of JAWS) {
      const m = demo.arches[jaw].mesh;
      for (const fdi of jaw === 'upper' ? UPPER : LOWER) {
        const [ring] = boundaryLoops(trianglesLabelled(m, m.labels!, fdi));
        const ringZ = ring.reduce((s, v) => s + m.positions[3 * v + 2], 0) / ring.length;
        const zs = verticesOf(m, fdi).map((v) => m.positions[3 * v + 2]);
        if (jaw === 'upper') expect(Math.min(...zs)).toBeLessThan(ringZ - 4);
        else expect(Math.max(...zs)).toBeGreaterThan(ringZ + 4);
      }
    }
  });

  it('gives every crown one margin loop, its table width (within 15%) and outward winding', () => {
    const { teeth } = placeDemoTeeth(DEMO_SEED);
    for (const jaw of JAWS) {
      const m = demo.arches[jaw].mesh;
      for (const t of teeth[jaw]) {
        const tris = trianglesLabelled(m, m.labels!, t.fdi);
        const loops = boundaryLoops(tris);
        expect(loops).toHaveLength(1);
        expect(loops[0]).toHaveLength(t.crown.ringSize);
        const xs = verticesOf(m, t.fdi).map((v) =>
          toLocal(t.actual, [m.positions[3 * v], m.positions[3 * v + 1], m.positions[3 * v + 2]])[0]);
        const width = Math.max(...xs) - Math.min(...xs);
        expect(Math.abs(width - tableWidth(t.fdi)) / tableWidth(t.fdi)).toBeLessThan(0.15);
        expect(cappedVolume(m.positions, tris, loops[0])).toBeGreaterThan(50);
      }
    }
  });
});

describe('generated demo case: bite', () => {
  const coordinate = (m: LabelledMesh, teeth: number[], axis: number): number[] =>
    teeth.flatMap((fdi) => verticesOf(m, fdi).map((v) => m.positions[3 * v + axis]));

  it('closes the arches with a ~2 mm overbite and a 2-3 mm overjet at the centrals', () => {
    const upper = demo.arches.upper.mesh;
    const lower = demo.arches.lower.mesh;
    const overbite = Math.max(...coordinate(lower, [31, 41], 2)) - Math.min(...coordinate(upper, [11, 21], 2));
    expect(overbite).toBeGreaterThan(1.5);
    expect(overbite).toBeLessThan(3);
    // -y is anterior: how far the upper centrals' labial faces stand ahead of the lower ones.
    const overjet = Math.min(...coordinate(lower, [31, 41], 1)) - Math.min(...coordinate(upper, [11, 21], 1));
    expect(overjet).toBeGreaterThan(1.5);
    expect(overjet).toBeLessThan(3.5);
  });

  it('interdigitates the posterior teeth without driving cusps into their antagonists', () => {
    const upper = demo.arches.upper.mesh;
    const lower = demo.arches.lower.mesh;
    const positions = new Float32Array(upper.positions.length + lower.positions.length);
    positions.set(upper.positions);
    positions.set(lower.positions, upper.positions.length);
    const offset = upper.positions.length / 3;
    for (const u of [14, 15, 16, 17, 24, 25, 26, 27]) {
      const l = (Math.floor(u / 10) === 1 ? 40 : 30) + (u % 10);
      const gap = crownGap(positions, trianglesLabelled(upper, upper.labels!, u),
        trianglesLabelled(lower, lower.labels!, l).map((v) => v + offset));
      expect(gap).toBeGreaterThan(-0.3);
      expect(gap).toBeLessThan(1.2);
    }
  });
});

describe('generated demo case: malocclusion', () => {
  const gaps = (c: DemoCase, jaw: Jaw, pairs: [number, number][]): number[] => {
    const m = c.arches[jaw].mesh;
    return pairs.map(([a, b]) => crownGap(m.positions, trianglesLabelled(m, m.labels!, a), trianglesLabelled(m, m.labels!, b)));
  };
  const LOWER_ANTERIOR: [number, number][] = [[43, 42], [42, 41], [41, 31], [31, 32], [32, 33]];

  for (const seed of [DEMO_SEED, 7, 99]) {
    it(`crowds the lower incisors, at most ~1 mm deep (seed ${seed})`, () => {
      const c = seed === DEMO_SEED ? demo : generateDemoCase(seed);
      const g = gaps(c, 'lower', LOWER_ANTERIOR);
      expect(g.filter((d) => d < 0.3).length).toBeGreaterThanOrEqual(2);
      expect(Math.min(...g)).toBeGreaterThan(-1.5);
      for (const fdi of [31, 32, 41, 42]) {
        expect(Math.abs(c.malpositions[fdi].rotationDeg)).toBeGreaterThanOrEqual(10);
        expect(Math.abs(c.malpositions[fdi].rotationDeg)).toBeLessThanOrEqual(25);
      }
    });

    it(`opens a midline diastema over 1 mm and blocks out one upper canine (seed ${seed})`, () => {
      const c = seed === DEMO_SEED ? demo : generateDemoCase(seed);
      const [diastema] = gaps(c, 'upper', [[11, 21]]);
      expect(diastema).toBeGreaterThan(1);
      expect(diastema).toBeLessThan(3);
      const buccal = [13, 23].map((fdi) => c.malpositions[fdi].buccalMm).sort((a, b) => b - a);
      expect(buccal[0]).toBeGreaterThanOrEqual(2);
      expect(buccal[1]).toBeLessThan(1);
    });
  }
});

describe('demo malpositions use the core sign conventions', () => {
  it('a rotated tooth turns its mesial surface the way web/core/pose.ts turns it (seed 20261123)', () => {
    const { teeth, plan } = placeDemoTeeth(DEMO_SEED);
    let checked = 0;
    for (const jaw of ['upper', 'lower'] as const) {
      for (const t of teeth[jaw]) {
        const rotation = plan.malpositions[t.fdi].rotationDeg;
        if (Math.abs(rotation) < 5) continue;
        const mesial = scaleVec(t.ideal.x, t.mesialSign);
        const frame = { origin: t.ideal.origin, mesial, buccal: t.ideal.y, occlusal: t.ideal.z };
        const turned = rotateVector(poseFromMovement(frame, { ...zeroMovement(), rotation }).q, mesial);
        const generated = scaleVec(t.actual.x, t.mesialSign);
        // Same side of the buccal axis: both say whether the mesial surface went in or out.
        expect(Math.sign(dotVec(generated, t.ideal.y)), `tooth ${t.fdi}, rotation ${rotation.toFixed(1)} deg`)
          .toBe(Math.sign(dotVec(turned, t.ideal.y)));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});

const scaleVec = (v: readonly number[], s: number): [number, number, number] => [v[0] * s, v[1] * s, v[2] * s];
const dotVec = (a: readonly number[], b: readonly number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
