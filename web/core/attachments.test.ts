import { describe, expect, it } from 'vitest';
import {
  attachmentProblems, DEFAULT_ATTACHMENT_RULES, mergeRuleAttachments, plannerAttachment, ruleAttachments,
  type Attachment, type AttachmentRules,
} from './attachments.ts';
import { applyAttachmentRules, emptyPlan, planFromJson, setAttachments, setPattern, setTarget, PlanError, zeroMovement } from './plan.ts';
import { editProtocol } from './protocol.ts';
import type { ToothMovement } from './pose.ts';

const m = (over: Partial<ToothMovement>): ToothMovement => ({ ...zeroMovement(), ...over });
const UPPER = [17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27];
const LOWER = [47, 46, 45, 44, 43, 42, 41, 31, 32, 33, 34, 35, 36, 37];

function rules(input: Record<number, Partial<ToothMovement>>, over: { teeth?: number[]; distalization?: boolean; rules?: AttachmentRules } = {}) {
  const movements = new Map(Object.entries(input).map(([fdi, mv]) => [Number(fdi), m(mv)]));
  return ruleAttachments({ movements, teeth: over.teeth ?? [...UPPER, ...LOWER], sequentialDistalization: over.distalization ?? false }, over.rules ?? DEFAULT_ATTACHMENT_RULES)
    .map((a) => `${a.fdi} ${a.shape} (${a.reason})`);
}

describe('the protocol\'s attachment rules', () => {
  it('put a rotation attachment on canines and premolars from 5 degrees either way, not on incisors or molars', () => {
    expect(rules({ 13: { rotation: 6 }, 24: { rotation: -5 }, 33: { rotation: 4.9 }, 11: { rotation: 12 }, 16: { rotation: 12 } }))
      .toEqual(['13 optimized-rotation (rotation)', '24 optimized-rotation (rotation)']);
  });

  it('put an extrusion attachment on incisors and canines extruded 0.5 mm or more, never for intrusion', () => {
    expect(rules({ 12: { extrusion: 0.5 }, 43: { extrusion: 0.8 }, 21: { extrusion: -1 }, 14: { extrusion: 1 }, 11: { extrusion: 0.4 } }))
      .toEqual(['12 optimized-extrusion (extrusion)', '43 optimized-extrusion (extrusion)']);
  });

  it('put a root-control attachment where tip or torque reaches 8 degrees, except on molars', () => {
    expect(rules({ 11: { torque: -8 }, 15: { tip: 9 }, 26: { tip: 12 }, 32: { torque: 7.9 } }))
      .toEqual(['11 optimized-root-control (root-control)', '15 optimized-root-control (root-control)']);
  });

  it('give one attachment per tooth, for the movement that needs it most (rotation, extrusion, root control)', () => {
    expect(rules({ 13: { rotation: 10, extrusion: 1, tip: 10 }, 12: { extrusion: 1, torque: 10 } }))
      .toEqual(['12 optimized-extrusion (extrusion)', '13 optimized-rotation (rotation)']);
  });

  it('anchor the canines and premolars of an arch whose molars are distalized in sequence, and only then', () => {
    const molarsBack = { 16: { mesial: -1.5 }, 26: { mesial: -0.5 } };
    expect(rules(molarsBack, { distalization: true })).toEqual([13, 14, 15, 23, 24, 25].map((f) => `${f} rectangular-horizontal (anchorage)`));
    expect(rules(molarsBack, { distalization: false }), 'not distalizing in sequence').toEqual([]);
    // A missing premolar gets none: anchorage goes on the teeth the arch has.
    expect(rules(molarsBack, { distalization: true, teeth: UPPER.filter((f) => f !== 14) })).not.toContain('14 rectangular-horizontal (anchorage)');
    expect(rules({ 13: { rotation: 8 }, 16: { mesial: -2 } }, { distalization: true })[0], 'the rotation attachment wins').toBe('13 optimized-rotation (rotation)');
  });

  it('follow the protocol: a rule turned off gives nothing, a threshold and shape changed are used', () => {
    const p = editProtocol({ attachments: { rotation: { enabled: false }, extrusion: { threshold: 0.3, shape: 'bevelled-incisal', depthMm: 1.25 } } });
    expect(rules({ 13: { rotation: 20 }, 11: { extrusion: 0.35 } }, { rules: p.attachments })).toEqual(['11 bevelled-incisal (extrusion)']);
    expect(ruleAttachments({ movements: new Map([[11, m({ extrusion: 0.35 })]]), teeth: [11], sequentialDistalization: false }, p.attachments)[0].depthMm).toBe(1.25);
    expect(() => editProtocol({ attachments: { rotation: { threshold: 0 } } })).toThrow(/rotation attachment rule's threshold must be above 0/);
  });
});

describe('merging the rules\' attachments into a plan', () => {
  const rule = (fdi: number, reason: Attachment['reason'], shape: Attachment['shape'] = 'optimized-rotation'): Attachment => ({ ...plannerAttachment(fdi, shape), reason });

  it('keeps the planner\'s own and the rule attachments a rule still asks for (as edited), drops the others, adds the new', () => {
    const edited = { ...rule(13, 'rotation'), offsetMm: { mesial: 0.4, occlusal: -0.2 } };
    const current = [plannerAttachment(11), edited, rule(23, 'rotation')];
    const merged = mergeRuleAttachments(current, [rule(13, 'rotation'), rule(24, 'rotation')]);
    expect(merged.map((a) => [a.fdi, a.reason])).toEqual([[11, 'planner'], [13, 'rotation'], [24, 'rotation']]);
    expect(merged[1].offsetMm).toEqual({ mesial: 0.4, occlusal: -0.2 });
    // A tooth the planner put an attachment on gets no rule attachment besides.
    expect(mergeRuleAttachments([plannerAttachment(13)], [rule(13, 'rotation')]).map((a) => a.reason)).toEqual(['planner']);
  });

  it('applies to a plan as one new value, the same plan again when nothing changes', () => {
    let plan = setTarget(emptyPlan(), 13, m({ rotation: 9 }));
    plan = setTarget(plan, 16, m({ mesial: -2 }));
    plan = setPattern(plan, 'posterior-first');
    const ruled = applyAttachmentRules(plan, UPPER);
    expect(plan.attachments).toEqual([]);
    expect(ruled.attachments.map((a) => `${a.fdi} ${a.reason}`)).toEqual(['13 rotation', '14 anchorage', '15 anchorage', '23 anchorage', '24 anchorage', '25 anchorage']);
    expect(Object.isFrozen(ruled.attachments)).toBe(true);
    expect(applyAttachmentRules(ruled, UPPER).attachments).toEqual(ruled.attachments);
    // The 13 rotation undone: its attachment goes, the anchorage stays.
    const undone = applyAttachmentRules(setTarget(ruled, 13, m({ rotation: 1 })), UPPER);
    expect(undone.attachments.map((a) => `${a.fdi} ${a.reason}`)).toEqual(['13 anchorage', '14 anchorage', '15 anchorage', '23 anchorage', '24 anchorage', '25 anchorage']);
  });
});

describe('an attachment\'s values', () => {
  it('are checked, each problem naming the tooth and the field', () => {
    const a = plannerAttachment(13);
    expect(attachmentProblems(a)).toEqual([]);
    expect(attachmentProblems({ ...a, depthMm: 2 })).toEqual(['the attachment on 13: depth must be 0.5-1.5 mm (got 2)']);
    expect(attachmentProblems({ ...a, shape: 'star' })).toEqual(['the attachment on 13 has an unknown shape "star"']);
    expect(attachmentProblems({ ...a, stagePlaced: 4, stageRemoved: 2 })).toEqual(['the attachment on 13: the stage it is removed after must be a whole number, not before it is placed (or none)']);
    expect(attachmentProblems({ ...a, fdi: 19 })[0]).toMatch(/names no tooth \(fdi 19\)/);
    expect(() => setAttachments(emptyPlan(), [{ ...a, widthMm: 9 }])).toThrow(PlanError);
  });

  it('round-trip through JSON as the plan stores them', () => {
    const plan = setAttachments(emptyPlan(), [{ ...plannerAttachment(23, 'ellipsoid'), surface: 'lingual', stagePlaced: 3, stageRemoved: 12, offsetMm: { mesial: -0.5, occlusal: 1 } }]);
    expect(planFromJson(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
  });
});
