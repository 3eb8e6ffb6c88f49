import { describe, expect, it } from 'vitest';
import { archOrder, jawOf, toothType } from './fdi.ts';
import { mulberry32, uniform, type Rng } from './random.ts';
import { identityPose, interpolatePose, movementFromPose, poseFromMovement, stageFraction, type Vec3 } from './pose.ts';
import { DEFAULT_PROTOCOL, editProtocol, type StagingLimits } from './protocol.ts';
import { MOVEMENT_KEYS, emptyPlan, setManualStart, setPattern, setTargets, zeroMovement, type Plan, type StagingPattern, type ToothTarget } from './plan.ts';
import { PATTERN_GROUPS, StagingError, largestSteps, limitOf, poseRequest, requiredStages, stagePlan, type Staging } from './staging.ts';
import { createReferenceEngine } from '../engine/reference.ts';
import { readPose } from '../engine/layout.ts';
import { crownRow } from '../engine/fixtures/synthetic-crowns.ts';

const LIMITS = DEFAULT_PROTOCOL.limits;
const m = (over: Partial<ReturnType<typeof zeroMovement>>) => ({ ...zeroMovement(), ...over });

/** Movements within what a course of aligners does, for every tooth 1-7 of both arches. */
function randomTargets(rng: Rng): ToothTarget[] {
  const range = { mesial: 2, buccal: 1.5, extrusion: 1, tip: 10, torque: 8, rotation: 25 };
  return [...archOrder('upper'), ...archOrder('lower')].filter((f) => f % 10 !== 8).map((fdi) => ({
    fdi, movement: Object.fromEntries(MOVEMENT_KEYS.map((k) => [k, uniform(rng, -range[k], range[k])])) as unknown as ToothTarget['movement'],
  }));
}

function planWith(targets: ToothTarget[], pattern: StagingPattern): Plan {
  return setPattern(setTargets(emptyPlan(), targets), pattern);
}

/** The largest step (by differencing consecutive stages) of any component of any tooth over its limit. */
function worstStepOverLimit(s: Staging, limits: StagingLimits): number {
  let worst = 0;
  for (const row of s.table) {
    for (let k = 1; k < row.positions.length; k++) {
      for (const c of MOVEMENT_KEYS) {
        const d = row.positions[k][c] - row.positions[k - 1][c];
        worst = Math.max(worst, Math.abs(d) / limitOf(c, d, limits));
      }
    }
  }
  return worst;
}

describe('active stages needed', () => {
  it('are max over components of ceil(|delta| / limit), with intrusion and extrusion limits by sign', () => {
    expect(requiredStages(zeroMovement(), LIMITS)).toBe(0);
    expect(requiredStages(m({ mesial: 1 }), LIMITS)).toBe(4);
    expect(requiredStages(m({ mesial: 1.01 }), LIMITS)).toBe(5);
    expect(requiredStages(m({ extrusion: 0.31 }), LIMITS)).toBe(3);
    expect(requiredStages(m({ extrusion: -0.31 }), editProtocol({ limits: { intrusion: 0.1 } }).limits)).toBe(4);
    expect(requiredStages(m({ mesial: 0.5, rotation: 15 }), LIMITS)).toBe(8);
  });

  it('do not count float noise as an extra stage', () => {
    expect(requiredStages(m({ mesial: 0.25 }), LIMITS)).toBe(1);
    expect(requiredStages(m({ buccal: 0.1 * 3 }), editProtocol({ limits: { buccal: 0.1 } }).limits)).toBe(3);
    expect(requiredStages(m({ torque: -0.7 }), editProtocol({ limits: { torque: 0.1 } }).limits)).toBe(7);
  });
});

describe.each(['all-together', 'anterior-first', 'posterior-first', 'manual'] as const)('pattern %s on random targets (seed 2026)', (pattern) => {
  const targets = randomTargets(mulberry32(2026));
  const staging = stagePlan(planWith(targets, pattern), DEFAULT_PROTOCOL);

  it('no tooth exceeds any per-stage limit in any stage, and none is warned about', () => {
    expect(worstStepOverLimit(staging, LIMITS)).toBeLessThanOrEqual(1 + 1e-9);
    expect(staging.warnings).toEqual([]);
    for (const [k, v] of Object.entries(largestSteps(staging, LIMITS))) expect(v.step, k).toBeLessThanOrEqual(v.limit * (1 + 1e-9));
  });

  it('every tooth reaches its target, nothing moves at stage 0 (the attachment template)', () => {
    for (const row of staging.table) {
      expect(row.positions[0]).toEqual(zeroMovement());
      const target = targets.find((t) => t.fdi === row.fdi)!.movement;
      for (const c of MOVEMENT_KEYS) expect(row.positions[staging.stageCount - 1][c]).toBeCloseTo(target[c], 12);
    }
  });

  it('the stage count equals the formula', () => {
    const required = (fdi: number) => requiredStages(targets.find((t) => t.fdi === fdi)!.movement, LIMITS);
    const perArch = (['upper', 'lower'] as const).map((jaw) => {
      const fdis = targets.map((t) => t.fdi).filter((f) => jawOf(f) === jaw);
      if (pattern === 'all-together' || pattern === 'manual') return Math.max(...fdis.map(required));
      // Sequenced: each group takes as long as its slowest tooth.
      return PATTERN_GROUPS[pattern].reduce((sum, g) => sum + Math.max(0, ...fdis.filter((f) => toothType(f) === g).map(required)), 0);
    });
    expect(staging.arches.map((a) => a.activeStages)).toEqual(perArch);
    expect(staging.stageCount).toBe(Math.max(...perArch) + 1);
    expect(staging.arches.map((a) => a.aligners)).toEqual(perArch);
    expect(staging.durationDays).toBe(Math.max(...perArch) * 14);
    for (const t of staging.teeth) expect(t.active).toBe(required(t.fdi));
  });
});

describe('sequenced patterns start teeth in the stated order (seed 77)', () => {
  const targets = randomTargets(mulberry32(77));
  it.each(['anterior-first', 'posterior-first'] as const)('%s: each group starts when the one before has arrived', (pattern) => {
    const staging = stagePlan(planWith(targets, pattern), DEFAULT_PROTOCOL);
    for (const jaw of ['upper', 'lower'] as const) {
      let finished = 0;
      for (const group of PATTERN_GROUPS[pattern]) {
        const members = staging.teeth.filter((t) => t.jaw === jaw && toothType(t.fdi) === group);
        expect(members.length).toBeGreaterThan(0);
        for (const t of members) expect(t.start, `${t.fdi}`).toBe(finished);
        const groupEnd = Math.max(...members.map((t) => t.start + t.active));
        expect(groupEnd).toBeGreaterThan(finished);
        finished = groupEnd;
      }
    }
  });

  it('anterior-first moves incisors before canines, premolars and molars; posterior-first the other way round', () => {
    const firstMoving = (pattern: StagingPattern, fdi: number) => stagePlan(planWith(targets, pattern), DEFAULT_PROTOCOL).teeth.find((t) => t.fdi === fdi)!.start;
    expect(firstMoving('anterior-first', 11)).toBeLessThan(firstMoving('anterior-first', 13));
    expect(firstMoving('anterior-first', 13)).toBeLessThan(firstMoving('anterior-first', 14));
    expect(firstMoving('anterior-first', 14)).toBeLessThan(firstMoving('anterior-first', 16));
    expect(firstMoving('posterior-first', 16)).toBeLessThan(firstMoving('posterior-first', 14));
    expect(firstMoving('posterior-first', 14)).toBeLessThan(firstMoving('posterior-first', 13));
    expect(firstMoving('posterior-first', 13)).toBeLessThan(firstMoving('posterior-first', 11));
  });
});

describe('manual starts and over-correction', () => {
  const base = setTargets(emptyPlan(), [{ fdi: 11, movement: m({ mesial: 1 }) }, { fdi: 12, movement: m({ rotation: 6 }) }, { fdi: 31, movement: m({ extrusion: -0.3 }) }]);

  it('a manual start moves that tooth only; the pattern keeps the others', () => {
    const s = stagePlan(setManualStart(base, 12, 5), DEFAULT_PROTOCOL);
    expect(s.teeth.map((t) => [t.fdi, t.start, t.active, t.manual])).toEqual([[11, 0, 4, false], [12, 5, 3, true], [31, 0, 2, false]]);
    expect(s.stageCount).toBe(9);
    expect(s.arches).toEqual([{ jaw: 'upper', activeStages: 8, aligners: 8, durationDays: 112 }, { jaw: 'lower', activeStages: 2, aligners: 2, durationDays: 28 }]);
    const row = s.table.find((r) => r.fdi === 12)!;
    expect(row.positions[5].rotation).toBe(0);
    expect(row.positions[6].rotation).toBeCloseTo(2, 12);
  });

  it('a manual active count below what the limits need is kept and warned about with its stage range', () => {
    const s = stagePlan(setManualStart(base, 11, 1, 2), DEFAULT_PROTOCOL);
    expect(s.teeth.find((t) => t.fdi === 11)!.active).toBe(2);
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toMatchObject({ fdi: 11, limit: 'mesial', step: 0.5, limitValue: 0.25, fromStage: 2, toStage: 3 });
    expect(s.warnings[0].message).toMatch(/manual timing: 2 stages where the limits need 4/);
    expect(largestSteps(s, LIMITS).mesial.step).toBeCloseTo(0.5, 12);
  });

  it('an intrusion warning is measured against the intrusion limit', () => {
    const s = stagePlan(setManualStart(base, 31, 0, 1), DEFAULT_PROTOCOL);
    expect(s.warnings.map((w) => [w.fdi, w.limit, w.limitValue])).toEqual([[31, 'intrusion', 0.15]]);
  });

  it('the manual pattern starts teeth without a manual start at 0', () => {
    const s = stagePlan(setManualStart(setPattern(base, 'manual'), 31, 3), DEFAULT_PROTOCOL);
    expect(s.teeth.map((t) => t.start)).toEqual([0, 0, 3]);
  });

  it('over-correction stages follow the last active stage and hold the final position', () => {
    const s = stagePlan(base, editProtocol({ overcorrectionStages: 2, wearDays: 10 }));
    expect(s.stageCount).toBe(4 + 2 + 1);
    expect(s.arches.map((a) => a.aligners)).toEqual([6, 4]);
    expect(s.durationDays).toBe(60);
    const row = s.table.find((r) => r.fdi === 11)!;
    expect(row.positions.slice(4).map((p) => p.mesial)).toEqual([1, 1, 1]);
    expect(row.steps.slice(5).map((p) => p.mesial)).toEqual([0, 0]);
  });

  it('a plan with nothing to move has only the template stage and no aligners', () => {
    const s = stagePlan(emptyPlan(), editProtocol({ overcorrectionStages: 3 }));
    expect([s.stageCount, s.durationDays, s.arches.length]).toEqual([1, 0, 0]);
  });

  it('refuses broken manual settings', () => {
    const bad = { ...base, staging: { pattern: 'manual' as const, manualStarts: [{ fdi: 11, start: 1.5 }] } };
    expect(() => stagePlan(bad, DEFAULT_PROTOCOL)).toThrow(StagingError);
  });
});

describe('pose request for the engine (seed 31)', () => {
  it('the engine puts each tooth at its target when its active stages end, and at the scan position before it starts', async () => {
    const teeth = crownRow(31, 4);
    const targets = teeth.map((t, i) => ({ fdi: t.fdi, movement: m({ mesial: 0.3 * i, buccal: -0.2, tip: 3, rotation: 5 - 2 * i }) }));
    const staging = stagePlan(setManualStart(planWith(targets, 'all-together'), 43, 2), DEFAULT_PROTOCOL);
    const request = poseRequest(staging, teeth);
    const engine = createReferenceEngine();
    await engine.loadTeeth(teeth);
    const poses = await engine.computePoses(request);
    for (const [i, t] of staging.teeth.entries()) {
      const frame = teeth.find((x) => x.fdi === t.fdi)!.frame;
      const before = movementFromPose(frame, readPose(poses, teeth.length, t.start, i));
      const after = movementFromPose(frame, readPose(poses, teeth.length, t.start + t.active, i));
      for (const c of MOVEMENT_KEYS) {
        expect(Math.abs(before[c]), `${t.fdi} ${c}`).toBeLessThan(1e-4);
        expect(Math.abs(after[c] - t.target[c]), `${t.fdi} ${c}`).toBeLessThan(1e-4);
      }
    }
    expect(() => poseRequest(staging, teeth.slice(1))).toThrow(/tooth 41 has a target but no tooth frame/);
  });
});

describe('the movement table against the slerp path the engine takes (seed 2026)', () => {
  it('translations agree exactly and angles within 0.6 deg mid-course, for movements up to 10/8/25 deg', () => {
    const frame = { origin: [1, 2, 3] as Vec3, mesial: [1, 0, 0] as Vec3, buccal: [0, -1, 0] as Vec3, occlusal: [0, 0, 1] as Vec3 };
    const staging = stagePlan(planWith(randomTargets(mulberry32(2026)), 'all-together'), DEFAULT_PROTOCOL);
    let angle = 0, shift = 0;
    for (const [i, t] of staging.teeth.entries()) {
      const target = poseFromMovement(frame, t.target);
      for (let s = 0; s < staging.stageCount; s++) {
        const read = movementFromPose(frame, interpolatePose(identityPose(), target, stageFraction(s, t.start, t.active), frame.origin));
        const row = staging.table[i].positions[s];
        for (const c of ['tip', 'torque', 'rotation'] as const) angle = Math.max(angle, Math.abs(read[c] - row[c]));
        for (const c of ['mesial', 'buccal', 'extrusion'] as const) shift = Math.max(shift, Math.abs(read[c] - row[c]));
      }
    }
    expect(shift).toBeLessThan(1e-9);
    expect(angle).toBeGreaterThan(0);
    expect(angle).toBeLessThan(0.6);
  });
});
