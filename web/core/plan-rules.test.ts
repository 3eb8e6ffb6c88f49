// The plan derivation's clinical rules on hand-made plans and records.
import { describe, expect, test } from 'vitest';
import { emptyPlan, setIpr, setTarget, zeroMovement } from './plan.ts';
import type { IprProposal, PairRecord } from './findings.ts';
import { acceptIpr, findingsWithIpr, planFromSetup, withIprStages, type SetupProposal } from './plan-rules.ts';
import { antagonistPairs, neighbourPairs, planPairs } from './pairs.ts';

const series = (a: number, b: number, distances: number[]): PairRecord[] => distances.map((distance, stage) => ({ a, b, stage, distance }));
const proposal = (a: number, b: number, overlapMm: number, amountMm: number, stage: number): IprProposal =>
  ({ a, b, overlapMm, amountMm, fromA: amountMm / 2, fromB: amountMm / 2, stage, aboveMax: false });

describe('findings with the plan\'s IPR done', () => {
  test('overlaps of 20 microns or less are touching contacts, deeper ones collisions', () => {
    const records = [...series(11, 21, [-0.01, -0.02, -0.03]), ...series(11, 12, [-0.015, -0.015, -0.015])];
    const f = findingsWithIpr(records, emptyPlan(), 3);
    expect(f.collisions).toEqual([{ stage: 2, collisions: [{ a: 11, b: 21, kind: 'neighbour', depthMm: expect.closeTo(0.03, 9) }] }]);
    expect(f.ipr.map((p) => [p.a, p.b, p.amountMm, p.stage])).toEqual([[11, 21, 0.1, 1]]);
  });

  test('planned IPR counts: the overlap it was planned for is gone after its stage', () => {
    const plan = setIpr(emptyPlan(), 11, 21, 0.3, 1);
    const f = findingsWithIpr(series(11, 21, [0, -0.1, -0.25, -0.25]), plan, 4);
    expect(f.collisions.map((c) => c.stage)).toEqual([1]);
    expect(f.ipr).toEqual([]);
  });
});

describe('auto-setup and IPR proposals into the plan', () => {
  test('the setup replaces every target and every IPR; each IPR is done the stage before its contact first overlaps beyond touching', () => {
    let plan = setTarget(emptyPlan(), 17, { ...zeroMovement(), buccal: 1 });
    plan = setIpr(plan, 16, 17, 0.2, 0);
    const setup: SetupProposal = {
      targets: [{ fdi: 11, movement: { ...zeroMovement(), mesial: 1 } }, { fdi: 12, movement: zeroMovement() }],
      ipr: [{ mesial: 21, distal: 11, amountMm: 0.3 }, { mesial: 12, distal: 13, amountMm: 0.2 }],
      teeth: [11, 12, 13, 21],
    };
    const proposed = planFromSetup(plan, setup);
    expect(proposed.targets.map((t) => t.fdi)).toEqual([11]);
    expect(proposed.ipr.map((e) => [e.a, e.b, e.amountMm])).toEqual([[11, 21, 0.3], [12, 13, 0.2]]);
    const records = [...series(21, 11, [0.1, 0, -0.01, -0.2, -0.3]), ...series(12, 13, [-0.1, -0.1, -0.1, -0.1, -0.1])];
    expect(withIprStages(proposed, records).ipr.map((e) => [e.a, e.b, e.stage])).toEqual([[11, 21, 2], [12, 13, 0]]);
    expect(withIprStages(proposed, []).ipr.map((e) => e.stage)).toEqual([0, 0]);
  });

  test('accepting proposals skips tight contacts and adds to IPR already planned at a contact', () => {
    const plan = setIpr(emptyPlan(), 11, 21, 0.3, 4);
    const next = acceptIpr(plan, [proposal(11, 21, 0.15, 0.2, 2), proposal(12, 13, 0.08, 0.1, 1), proposal(21, 22, 0.31, 0.4, 0)]);
    expect(next.ipr).toEqual([{ a: 11, b: 21, amountMm: 0.5, stage: 2 }, { a: 21, b: 22, amountMm: 0.4, stage: 0 }]);
  });
});

describe('which pairs a plan checks', () => {
  test('neighbours across the midline and over a gap, antagonists at the same position and one either side', () => {
    expect(neighbourPairs([11, 21, 13]).map((p) => [p.a, p.b, p.kind])).toEqual([[11, 13, 'neighbour'], [11, 21, 'neighbour']]);
    expect(antagonistPairs([11], [41, 42, 43, 31, 32]).map((p) => [p.a, p.b])).toEqual([[11, 42], [11, 41], [11, 31]]);
    const all = planPairs([11, 21, 31, 41]);
    expect(all.filter((p) => p.kind === 'neighbour').map((p) => [p.a, p.b])).toEqual([[11, 21], [31, 41]]);
    expect(all.filter((p) => p.kind === 'antagonist').map((p) => [p.a, p.b])).toEqual([[11, 41], [11, 31], [21, 41], [21, 31]]);
  });
});
