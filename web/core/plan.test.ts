import { describe, expect, it } from 'vitest';
import {
  HISTORY_LIMIT, PLAN_SCHEMA_VERSION, PlanError, addComment, canRedo, canUndo, commit, currentPlan, emptyPlan, historyOf,
  nudgeTarget, planFromJson, redo, setIpr, setManualStart, setPattern, setProtocol, setTarget, setTargets, targetOf, undo, zeroMovement,
} from './plan.ts';
import { DEFAULT_PROTOCOL, editProtocol } from './protocol.ts';

const m = (over: Partial<ReturnType<typeof zeroMovement>>) => ({ ...zeroMovement(), ...over });

describe('plan edits', () => {
  it('return a new frozen plan and leave the old one as it was', () => {
    const p0 = emptyPlan();
    const p1 = setTarget(p0, 11, m({ mesial: 1 }));
    expect(p1).not.toBe(p0);
    expect(p0.targets).toEqual([]);
    expect(targetOf(p1, 11).mesial).toBe(1);
    expect(Object.isFrozen(p1)).toBe(true);
    expect(Object.isFrozen(p1.targets[0].movement)).toBe(true);
    expect(() => { (p1.targets[0].movement as { mesial: number }).mesial = 9; }).toThrow(TypeError);
  });

  it('share untouched parts with the plan they came from', () => {
    const p1 = setTarget(emptyPlan(), 11, m({ tip: 3 }));
    const p2 = setPattern(p1, 'anterior-first');
    expect(p2.targets).toBe(p1.targets);
    expect(p2.staging.pattern).toBe('anterior-first');
  });

  it('keep targets in FDI order, and a zero movement removes the target', () => {
    let p = setTargets(emptyPlan(), [{ fdi: 21, movement: m({ buccal: 1 }) }, { fdi: 11, movement: m({ buccal: -1 }) }]);
    expect(p.targets.map((t) => t.fdi)).toEqual([11, 21]);
    p = setTarget(p, 21, zeroMovement());
    expect(p.targets.map((t) => t.fdi)).toEqual([11]);
  });

  it('nudge one component by a step, as the arrow keys do', () => {
    let p = nudgeTarget(emptyPlan(), 13, 'rotation', 0.5);
    p = nudgeTarget(p, 13, 'rotation', 0.5);
    expect(targetOf(p, 13)).toEqual(m({ rotation: 1 }));
  });

  it('refuse bad input with a message naming the tooth or field', () => {
    expect(() => setTarget(emptyPlan(), 19, zeroMovement())).toThrow(/FDI/);
    expect(() => setTarget(emptyPlan(), 11, m({ tip: Number.NaN }))).toThrow(/tooth 11: tip/);
    expect(() => setTarget(emptyPlan(), 11, m({ torque: 95 }))).toThrow(PlanError);
    expect(() => setManualStart(emptyPlan(), 11, -1)).toThrow(/start stage/);
    expect(() => setManualStart(emptyPlan(), 11, 2, 0)).toThrow(/active stages/);
    expect(() => setIpr(emptyPlan(), 11, 11, 0.2, 1)).toThrow(/two different teeth/);
    expect(() => setPattern(emptyPlan(), 'zigzag' as never)).toThrow(/unknown staging pattern/);
  });

  it('store IPR once per contact whichever way the teeth are named', () => {
    let p = setIpr(emptyPlan(), 21, 11, 0.2, 3);
    p = setIpr(p, 11, 21, 0.3, 4);
    expect(p.ipr).toEqual([{ a: 11, b: 21, amountMm: 0.3, stage: 4 }]);
    expect(setIpr(p, 21, 11, 0, 0).ipr).toEqual([]);
  });

  it('set and clear manual starts', () => {
    let p = setManualStart(emptyPlan(), 13, 4, 6);
    p = setManualStart(p, 12, 2);
    expect(p.staging.manualStarts).toEqual([{ fdi: 12, start: 2 }, { fdi: 13, start: 4, active: 6 }]);
    expect(setManualStart(p, 13, null).staging.manualStarts).toEqual([{ fdi: 12, start: 2 }]);
  });
});

describe('plan JSON', () => {
  it('round-trips through JSON to an equal plan', () => {
    let p = setTargets(emptyPlan(), [{ fdi: 11, movement: m({ mesial: 0.5, rotation: -4 }) }, { fdi: 36, movement: m({ extrusion: -0.3 }) }]);
    p = setManualStart(setPattern(p, 'manual'), 36, 3);
    p = setIpr(p, 11, 12, 0.2, 2);
    p = addComment(p, { author: 'dr', at: 1, text: 'less torque on 11', fdi: 11 });
    expect(planFromJson(JSON.parse(JSON.stringify(p)))).toEqual(p);
  });

  it('refuses a plan from a newer studio, and broken fields', () => {
    const json = JSON.parse(JSON.stringify(emptyPlan()));
    expect(() => planFromJson({ ...json, schemaVersion: PLAN_SCHEMA_VERSION + 1 })).toThrow(/newer version/);
    expect(() => planFromJson({ ...json, targets: 'x' })).toThrow(/targets must be a list/);
    expect(() => planFromJson({ ...json, targets: [{ fdi: 11, movement: { mesial: 'a' } }] })).toThrow(/tooth 11: mesial/);
    expect(() => planFromJson({ ...json, staging: undefined })).toThrow(/staging/);
  });
});

describe('plan history', () => {
  const p0 = emptyPlan();
  const p1 = setTarget(p0, 11, m({ mesial: 1 }));
  const p2 = setTarget(p1, 12, m({ mesial: 1 }));

  it('undoes and redoes edits in order', () => {
    let h = commit(commit(historyOf(p0), p1), p2);
    expect(currentPlan(h)).toBe(p2);
    h = undo(h);
    expect(currentPlan(h)).toBe(p1);
    h = undo(h);
    expect(currentPlan(h)).toBe(p0);
    expect(canUndo(h)).toBe(false);
    expect(undo(h)).toBe(h);
    h = redo(redo(h));
    expect(currentPlan(h)).toBe(p2);
    expect(canRedo(h)).toBe(false);
  });

  it('forgets the undone edits when a new edit is made', () => {
    const p3 = setPattern(p1, 'posterior-first');
    const h = commit(undo(commit(commit(historyOf(p0), p1), p2)), p3);
    expect(h.states).toEqual([p0, p1, p3]);
    expect(canRedo(h)).toBe(false);
  });

  it('does not record an edit that returned the same plan', () => {
    const h = historyOf(p0);
    expect(commit(h, p0)).toBe(h);
  });

  it(`keeps at most the limit of states (default ${HISTORY_LIMIT}), dropping the oldest`, () => {
    let h = historyOf(p0);
    for (let i = 1; i <= 5; i++) h = commit(h, setTarget(p0, 11, m({ mesial: i })), 3);
    expect(h.states).toHaveLength(3);
    expect(targetOf(currentPlan(h), 11).mesial).toBe(5);
    expect(targetOf(h.states[0], 11).mesial).toBe(3);
  });
});

describe('plan protocol', () => {
  it('starts from the given protocol and keeps an edited one through JSON', () => {
    const clinic = editProtocol({ limits: { mesial: 0.2 }, wearDays: 10, overcorrectionStages: 2 });
    const p = setTarget(emptyPlan(clinic), 11, m({ mesial: 1 }));
    expect(p.protocol).toEqual(clinic);
    const back = planFromJson(JSON.parse(JSON.stringify(setProtocol(p, editProtocol({ wearDays: 7 }, clinic)))));
    expect(back.protocol.wearDays).toBe(7);
    expect(back.protocol.limits.mesial).toBe(0.2);
  });

  it('reads a schema-1 plan saved before plans carried a protocol as the default protocol (by migration)', () => {
    const old = { schemaVersion: 1, targets: [], staging: { pattern: 'manual', manualStarts: [] }, attachments: [], ipr: [], comments: [] };
    expect(planFromJson(old).protocol).toEqual(DEFAULT_PROTOCOL);
    expect(planFromJson(old).schemaVersion).toBe(PLAN_SCHEMA_VERSION);
  });

  it('refuses a current plan without a protocol: since schema 2 it is no optional extra', () => {
    const { protocol: _dropped, ...json } = JSON.parse(JSON.stringify(emptyPlan())) as Record<string, unknown>;
    expect(() => planFromJson(json)).toThrow(/protocol must be an object/);
  });

  it('keeps only the protocol\'s own fields from a stored one', () => {
    const json = JSON.parse(JSON.stringify(emptyPlan())) as { protocol: Record<string, unknown> & { limits: Record<string, unknown> } };
    json.protocol.brand = 'x';
    json.protocol.limits.spin = 1;
    expect(planFromJson(json).protocol).toEqual(DEFAULT_PROTOCOL);
  });

  it('records the protocol document it was set from, and drops it once the settings are edited by hand', () => {
    const ref = { id: 'northside', name: 'Northside adult standard', version: 2, hash: 'c'.repeat(64) };
    const slower = editProtocol({ limits: { mesial: 0.2 } });
    const under = setProtocol(emptyPlan(), slower, ref);
    expect(under.protocolRef).toEqual(ref);
    expect(planFromJson(JSON.parse(JSON.stringify(under)))).toEqual(under);
    // The same settings again (a field typed back to its value): still that document's.
    expect(setProtocol(under, editProtocol({}, slower)).protocolRef).toEqual(ref);
    const edited = setProtocol(under, editProtocol({ wearDays: 10 }, slower));
    expect('protocolRef' in edited).toBe(false);
    expect(Object.isFrozen(edited)).toBe(true);
    expect(() => setProtocol(emptyPlan(), slower, { ...ref, version: 1.5 })).toThrow(/protocolRef\.version must be a whole number/);
  });

  it('refuses a protocol with a bad value, naming the field', () => {
    expect(() => setProtocol(emptyPlan(), { ...DEFAULT_PROTOCOL, wearDays: -1 })).toThrow(PlanError);
    const bad = { ...JSON.parse(JSON.stringify(emptyPlan())), protocol: { limits: { tip: 'x' } } };
    expect(() => planFromJson(bad)).toThrow(/tip/);
  });
});
