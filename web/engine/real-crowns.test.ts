// The reference on real crowns cut from ../shared/data/scans/upper-arch-01, against brute
// force, at the scan position and after moving one tooth 0.5 mm towards its neighbour.
import { describe, expect, it } from 'vitest';
import { createReferenceEngine } from './reference.ts';
import { prepareTeeth, readPairResult, type ToothPair } from './engine.ts';
import { neighbourPairs } from '../core/pairs.ts';
import { readPose, readResult, unpackTooth } from './layout.ts';
import { realUpperInputs, realUpperTeeth } from './fixtures/real-crowns.ts';
import { brutePair } from './fixtures/oracle.ts';
import { dot, poseFromMovement, type Vec3 } from '../core/pose.ts';
import { isClosed } from '../geometry/collision-solid.ts';

const teeth = realUpperTeeth();
const frameOf = (fdi: number) => teeth.find((t) => t.crown.fdi === fdi)!.frame;

describe('real upper crowns', () => {
  it('are 14 closed solids with frames that point the clinical way', () => {
    expect(teeth.map((t) => t.crown.fdi)).toEqual([11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27]);
    for (const t of teeth) expect(isClosed(t.solid.mesh)).toBe(true);
    // Scan frame: +x the patient's left, -y anterior, crowns point -z.
    const expectations: [number, Vec3, Vec3][] = [[11, [1, 0, 0], [0, -1, 0]], [21, [-1, 0, 0], [0, -1, 0]], [16, [0, -1, 0], [-1, 0, 0]], [26, [0, -1, 0], [1, 0, 0]]];
    for (const [fdi, mesial, buccal] of expectations) {
      expect(dot(frameOf(fdi).mesial, mesial)).toBeGreaterThan(0.7);
      expect(dot(frameOf(fdi).buccal, buccal)).toBeGreaterThan(0.7);
    }
  });

  it('neighbours touch at the scan position: no pair far, none overlapping by more than 0.1 mm', async () => {
    const engine = createReferenceEngine();
    await engine.loadTeeth(realUpperInputs());
    await engine.computePoses({ stageCount: 1, teeth: [] });
    const pairs = neighbourPairs(teeth.map((t) => t.crown.fdi));
    const results = await engine.queryPairs(pairs);
    for (let p = 0; p < pairs.length; p++) {
      const r = readPairResult(results, p, 0);
      expect(r.far, `${pairs[p].a}-${pairs[p].b}`).toBe(false);
      // This scan's neighbours are in contact. A deep overlap here would mean a cap that folds
      // or cuts its crown, which turns the pseudo-normal sign around far from the tooth.
      expect(r.distance, `${pairs[p].a}-${pairs[p].b}`).toBeGreaterThan(-0.1);
      expect(r.distance, `${pairs[p].a}-${pairs[p].b}`).toBeLessThan(0.5);
    }
  });

  // The tooth that moves, mesially, towards the other one of the pair.
  const cases: [ToothPair, number][] = [[{ a: 11, b: 12 }, 12], [{ a: 11, b: 21 }, 11], [{ a: 16, b: 17 }, 17], [{ a: 23, b: 24 }, 24]];
  for (const [pair, mover] of cases) {
    it(`${pair.a}-${pair.b}: reference equals brute force at the scan position and with ${mover} moved 0.5 mm mesially`, async () => {
      const inputs = realUpperInputs([pair.a, pair.b]);
      const engine = createReferenceEngine();
      await engine.loadTeeth(inputs);
      const target = poseFromMovement(frameOf(mover), { mesial: 0.5, buccal: 0, extrusion: 0, tip: 0, torque: 0, rotation: 0 });
      const poses = await engine.computePoses({ stageCount: 2, teeth: [{ fdi: mover, target, start: 0, active: 1 }] });
      const results = await engine.queryPairs([pair]);
      const packed = prepareTeeth(inputs);
      const [a, b] = [unpackTooth(packed, 0), unpackTooth(packed, 1)];
      for (const stage of [0, 1]) {
        const oracle = brutePair(a, readPose(poses, 2, stage, 0), b, readPose(poses, 2, stage, 1), 1);
        const r = readResult(results.buffer, stage);
        expect(Math.abs(r.distance - oracle.distance)).toBeLessThan(1e-5);
        expect([r.aInB, r.bInA, r.flags]).toEqual([oracle.aInB, oracle.bInA, oracle.flags]);
        for (let k = 0; k < 3; k++) {
          expect(Math.abs(r.pointA[k] - oracle.pointA[k])).toBeLessThan(1e-4);
          expect(Math.abs(r.pointB[k] - oracle.pointB[k])).toBeLessThan(1e-4);
        }
      }
      // Moving towards the neighbour closes the gap or deepens the overlap.
      const [before, after] = [readResult(results.buffer, 0), readResult(results.buffer, 1)];
      expect(after.distance).toBeLessThan(before.distance);
      expect(after.aInB + after.bInA).toBeGreaterThan(before.aInB + before.bInA);
    });
  }
});
