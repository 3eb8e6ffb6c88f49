import { describe, expect, it } from 'vitest';
import { applyPlannedIpr, collisionsByStage, iprAmount, iprStageLookup, midCourseCollisions, planFindings, proposeIpr, FindingsError, type PairRecord } from './findings.ts';
import { DEFAULT_PROTOCOL } from './protocol.ts';
import { emptyPlan, setManualStart, setTargets, zeroMovement } from './plan.ts';
import { poseRequest, stagePlan } from './staging.ts';
import { createWasmEngine } from '../engine/wasm.ts';
import { readPairResult } from '../engine/engine.ts';
import { neighbourPairs } from './pairs.ts';
import { contactPair } from '../engine/fixtures/synthetic-crowns.ts';

/** A pair's distances over stages 0, 1, 2, ... */
function series(a: number, b: number, distances: number[], kind?: PairRecord['kind']): PairRecord[] {
  return distances.map((distance, stage) => ({ a, b, stage, distance, ...(kind ? { kind } : {}) }));
}

describe('IPR amount', () => {
  it('rounds the overlap up to the next 0.1 mm without counting float noise as a step', () => {
    expect(iprAmount(0)).toBe(0);
    expect(iprAmount(-0.2)).toBe(0);
    expect(iprAmount(0.01)).toBe(0.1);
    expect(iprAmount(0.1)).toBe(0.1);
    expect(iprAmount(0.1 * 3)).toBe(0.3);
    expect(iprAmount(0.30001)).toBe(0.4);
    expect(iprAmount(0.71)).toBe(0.8);
  });
});

describe('collisions per stage (hand-made results)', () => {
  const records = [
    ...series(11, 21, [0.2, -0.05, -0.3, 0.1]),
    ...series(12, 11, [0.1, 0, -0.1, -0.2]),
    ...series(11, 41, [-0.4, 0.5, 0.5, 0.5]),
  ];

  it('lists pairs with a negative distance at each stage, deepest first, with their kind', () => {
    expect(collisionsByStage(records)).toEqual([
      { stage: 0, collisions: [{ a: 11, b: 41, kind: 'antagonist', depthMm: 0.4 }] },
      { stage: 1, collisions: [{ a: 11, b: 21, kind: 'neighbour', depthMm: 0.05 }] },
      { stage: 2, collisions: [{ a: 11, b: 21, kind: 'neighbour', depthMm: 0.3 }, { a: 11, b: 12, kind: 'neighbour', depthMm: 0.1 }] },
      { stage: 3, collisions: [{ a: 11, b: 12, kind: 'neighbour', depthMm: 0.2 }] },
    ]);
  });

  it('a touching contact (distance 0) is not a collision', () => {
    expect(collisionsByStage(series(11, 12, [0, 0]))).toEqual([]);
  });
});

describe('mid-course collisions (hand-made results)', () => {
  it('warns about overlaps that vanish before the end, with their stage range and deepest stage', () => {
    const records = [...series(11, 21, [0.2, -0.05, -0.3, -0.1, 0.1, 0.2]), ...series(13, 12, [0.1, 0.1, 0.1, -0.2, -0.3, -0.3])];
    const found = midCourseCollisions(records, 5);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ a: 11, b: 21, kind: 'neighbour', fromStage: 1, toStage: 3, deepestStage: 2 });
    expect(found[0].maxDepthMm).toBeCloseTo(0.3, 12);
    expect(found[0].message).toMatch(/stages 1-3/);
  });

  it('reports each run separately when a pair overlaps, clears and overlaps again', () => {
    const found = midCourseCollisions(series(31, 32, [0.1, -0.1, 0.1, -0.2, -0.2, 0.1, -0.1]), 6);
    expect(found.map((f) => [f.fromStage, f.toStage])).toEqual([[1, 1], [3, 4]]);
  });

  it('does not warn about an overlap the scan already has and the staging resolves, unless the staging deepens it', () => {
    const resolved = midCourseCollisions(series(13, 14, [-0.5, -0.4, -0.2, 0.1, 0.2]), 4);
    expect(resolved).toEqual([]);
    const deepened = midCourseCollisions(series(13, 14, [-0.1, -0.3, -0.2, 0.1, 0.2]), 4);
    expect(deepened).toHaveLength(1);
    expect(deepened[0]).toMatchObject({ fromStage: 0, toStage: 2, deepestStage: 1 });
  });
});

describe('IPR proposals (hand-made results)', () => {
  const records = [
    ...series(11, 21, [0.2, 0.1, -0.05, -0.14, -0.26]),
    ...series(22, 23, [0.1, -0.1, -0.3, -0.5, -0.62]),
    ...series(13, 43, [0.1, -0.1, -0.3, -0.5, -0.6]),
    ...series(24, 25, [-0.2, 0.3, 0.3, 0.3, 0.3]),
  ];
  const ipr = proposeIpr(records, 4, 0.5);

  it('proposes IPR only for neighbour contacts still overlapping at the final stage', () => {
    expect(ipr.map((p) => `${p.a}-${p.b}`)).toEqual(['11-21', '22-23']);
  });

  it('rounds up to 0.1 mm, splits it between the two teeth and flags it above the protocol maximum', () => {
    expect(ipr[0]).toMatchObject({ amountMm: 0.3, fromA: 0.15, fromB: 0.15, aboveMax: false });
    expect(ipr[0].overlapMm).toBeCloseTo(0.26, 12);
    expect(ipr[1]).toMatchObject({ amountMm: 0.7, aboveMax: true });
    expect(proposeIpr(series(11, 21, [0.1, -0.5]), 1, 0.5)[0]).toMatchObject({ amountMm: 0.5, aboveMax: false });
  });

  it('schedules it after the last stage before the overlap first appears', () => {
    expect(ipr.map((p) => p.stage)).toEqual([1, 0]);
    expect(proposeIpr(series(11, 12, [-0.1, -0.2]), 1, 0.5)[0].stage).toBe(0);
  });

  it('an explicit kind wins over the jaw rule', () => {
    expect(proposeIpr(series(11, 13, [0.1, -0.3], 'other'), 1, 0.5)).toEqual([]);
  });

  it('refuses records that are not finite', () => {
    expect(() => proposeIpr(series(11, 12, [Number.NaN]), 0, 0.5)).toThrow(FindingsError);
  });
});

describe('findings from the WASM engine on the contact-pair fixture', () => {
  /** Teeth 31 and 32, 0.2 mm apart; 32 closes in by 0.55 mm, and 31 may back away later. */
  async function run(retreat31: boolean) {
    const teeth = contactPair(0.2);
    let plan = setTargets(emptyPlan(), [{ fdi: 32, movement: { ...zeroMovement(), mesial: -0.55 } }]);
    if (retreat31) {
      plan = setTargets(plan, [{ fdi: 31, movement: { ...zeroMovement(), mesial: -0.6 } }]);
      plan = setManualStart(plan, 31, 3);
    }
    const staging = stagePlan(plan, DEFAULT_PROTOCOL);
    const engine = await createWasmEngine();
    try {
      await engine.loadTeeth(teeth);
      await engine.computePoses(poseRequest(staging, teeth));
      const results = await engine.queryPairs(neighbourPairs([31, 32]));
      const records: PairRecord[] = [];
      for (let p = 0; p < results.pairs.length; p++) {
        for (let k = 0; k < results.stages.length; k++) records.push({ ...readPairResult(results, p, k), kind: results.pairs[p].kind });
      }
      return { staging, findings: planFindings(records, staging.stageCount - 1, DEFAULT_PROTOCOL.iprMaxPerContactMm) };
    } finally {
      engine.dispose();
    }
  }

  it('a tooth moving into its neighbour gets IPR of the final overlap, rounded up, before the overlap appears', async () => {
    const { staging, findings } = await run(false);
    // 0.55 mm at 0.25 mm per stage: 3 stages; gap 0.2 - 0.55 k/3 is negative from stage 2 on, -0.35 at the end.
    expect(staging.stageCount).toBe(4);
    expect(findings.collisions.map((c) => c.stage)).toEqual([2, 3]);
    expect(findings.collisions[1].collisions[0].depthMm).toBeCloseTo(0.35, 2);
    expect(findings.ipr).toHaveLength(1);
    expect(findings.ipr[0]).toMatchObject({ a: 31, b: 32, amountMm: 0.4, fromA: 0.2, fromB: 0.2, stage: 1, aboveMax: false });
    expect(findings.midCourse).toEqual([]);
  });

  it('an overlap that the neighbour moving away resolves is a mid-course warning, not IPR', async () => {
    const { staging, findings } = await run(true);
    // 31 backs away 0.6 mm in stages 4-6 (0.2 mm each): -0.35, -0.15, +0.05, +0.25.
    expect(staging.stageCount).toBe(7);
    expect(findings.ipr).toEqual([]);
    expect(findings.midCourse).toHaveLength(1);
    expect(findings.midCourse[0]).toMatchObject({ a: 31, b: 32, fromStage: 2, toStage: 4, deepestStage: 3 });
    expect(findings.midCourse[0].maxDepthMm).toBeCloseTo(0.35, 2);
  });
});

describe('planned IPR applied to the records', () => {
  it('adds the stripped amount at later stages of the contact only, neighbours only', () => {
    const records = [...series(11, 12, [0.1, -0.1, -0.3, -0.4]), ...series(21, 11, [0, -0.2, -0.2, -0.2]), ...series(11, 41, [0.2, -0.3, -0.3, -0.3])];
    const out = applyPlannedIpr(records, [{ a: 11, b: 12, amountMm: 0.4, stage: 1 }, { a: 11, b: 21, amountMm: 0.1, stage: 0 }, { a: 11, b: 41, amountMm: 0.5, stage: 0 }]);
    const d = (a: number, b: number) => out.filter((r) => r.a === a && r.b === b).map((r) => Number(r.distance.toFixed(6)));
    expect(d(11, 12)).toEqual([0.1, -0.1, 0.1, 0]);
    // Queried either way round, the contact is the same.
    expect(d(21, 11)).toEqual([0, -0.1, -0.1, -0.1]);
    // Stripping never separates antagonists.
    expect(d(11, 41)).toEqual([0.2, -0.3, -0.3, -0.3]);
    expect(records[2].distance).toBe(-0.3);
  });

  it('clears the final overlap the IPR was proposed for, so findings propose nothing more there', () => {
    const records = series(11, 12, [0.05, -0.1, -0.25, -0.25]);
    const before = planFindings(records, 3, 0.5);
    expect(before.ipr).toHaveLength(1);
    const after = planFindings(applyPlannedIpr(records, [{ a: 11, b: 12, amountMm: before.ipr[0].amountMm, stage: before.ipr[0].stage }]), 3, 0.5);
    expect(after.ipr).toEqual([]);
    expect(after.collisions.every((c) => c.stage < 1)).toBe(true);
  });
});

describe('IPR timing (hand-made results)', () => {
  it('is the last stage before the contact first overlaps beyond touching, 0 from the start or never, either way round', () => {
    const records = [...series(11, 21, [0.2, 0.1, -0.01, -0.2, -0.3]), ...series(31, 41, [-0.2, -0.3]), ...series(12, 13, [0.4, 0.3])];
    const stageOf = iprStageLookup(records, 0.02);
    expect(stageOf(11, 21)).toBe(2);
    expect(stageOf(21, 11)).toBe(2);
    expect(stageOf(31, 41)).toBe(0);
    expect(stageOf(12, 13)).toBe(0);
    expect(iprStageLookup(records)(11, 21), 'any overlap counts without a touching tolerance').toBe(1);
  });
});
