// The plan session's drag timing on hand-made plans.
import { describe, expect, test } from 'vitest';
import { emptyPlan, setManualStart, setTarget, zeroMovement } from '../../core/plan.ts';
import { stagePlan } from '../../core/staging.ts';
import { dragTiming } from './plan-derive.ts';

describe('the timing of a dragged tooth', () => {
  const plan = setTarget(emptyPlan(), 21, { ...zeroMovement(), mesial: 1 });
  const staging = stagePlan(plan, plan.protocol);

  test('keeps its start and moves in the stages its movement needs, within the plan', () => {
    expect(staging.stageCount).toBe(5);
    expect(dragTiming(plan, staging, 21, { ...zeroMovement(), mesial: 0.5 }, 5)).toEqual({ start: 0, active: 2 });
    expect(dragTiming(plan, staging, 11, { ...zeroMovement(), mesial: 3 }, 5)).toEqual({ start: 0, active: 4 });
    expect(dragTiming(plan, staging, 11, { ...zeroMovement(), mesial: 0.01 }, 5)).toEqual({ start: 0, active: 1 });
    const manual = setManualStart(plan, 11, 3);
    expect(dragTiming(manual, stagePlan(manual, manual.protocol), 11, { ...zeroMovement(), mesial: 3 }, 5)).toEqual({ start: 3, active: 1 });
  });

  test('a plan with no stage to move in shows the final position at once', () => {
    expect(dragTiming(emptyPlan(), stagePlan(emptyPlan(), emptyPlan().protocol), 11, { ...zeroMovement(), mesial: 3 }, 1)).toEqual({ start: 0, active: 0 });
  });
});
