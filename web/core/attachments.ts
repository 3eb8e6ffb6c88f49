// Attachments: small composite bumps bonded to a tooth, which the aligner grips to deliver
// movements a smooth crown cannot (rotation of round teeth, extrusion, root movement,
// anchorage). Here the plan's side of them: which tooth, what shape and size, where on the
// crown (an offset from its facial-axis point, FA point), from which stage to which, and why.
// The solids themselves are geometry's (geometry/attachments/), made from these values.
// Stage 0 is the attachment template: an attachment placed at stage 0 is bonded before the
// first aligner.
import type { Fdi } from './fdi.ts';
import { isFdi, jawOf, toothType } from './fdi.ts';
import type { Jaw } from './types.ts';
import type { ToothMovement } from './pose.ts';

export const ATTACHMENT_SHAPES = [
  'rectangular-vertical', 'rectangular-horizontal', 'bevelled-gingival', 'bevelled-incisal', 'ellipsoid',
  'optimized-rotation', 'optimized-extrusion', 'optimized-root-control',
] as const;
export type AttachmentShape = typeof ATTACHMENT_SHAPES[number];

/** What a clinician calls each shape. */
export const SHAPE_LABEL: Readonly<Record<AttachmentShape, string>> = Object.freeze({
  'rectangular-vertical': 'Rectangular, vertical',
  'rectangular-horizontal': 'Rectangular, horizontal',
  'bevelled-gingival': 'Bevelled, gingival bevel',
  'bevelled-incisal': 'Bevelled, incisal bevel',
  ellipsoid: 'Ellipsoid',
  'optimized-rotation': 'Rotation',
  'optimized-extrusion': 'Extrusion',
  'optimized-root-control': 'Root control',
});

/** Why an attachment is on a tooth: a protocol rule (and which), or the planner's hand. */
export type AttachmentReason = 'rotation' | 'extrusion' | 'root-control' | 'anchorage' | 'planner';

export interface Attachment {
  fdi: Fdi;
  shape: AttachmentShape;
  surface: 'buccal' | 'lingual';
  /** Mesio-distal extent on the crown, mm. */
  widthMm: number;
  /** Occluso-gingival extent, mm. */
  heightMm: number;
  /** How far it stands proud of the enamel, mm. */
  depthMm: number;
  /** Its centre from the crown's FA point, along the tooth's mesial and occlusal axes, mm. */
  offsetMm: { mesial: number; occlusal: number };
  /** Bonded before this aligner (0: the template, before the first). */
  stagePlaced: number;
  /** Taken off after this aligner; null: kept to the end of treatment. */
  stageRemoved: number | null;
  reason: AttachmentReason;
}

/** Sizes a clinic may choose (mm): aligner makers' attachments span about these ranges. */
export const ATTACHMENT_SIZE_RANGE = Object.freeze({
  widthMm: [1, 6] as const,
  heightMm: [1, 6] as const,
  depthMm: [0.5, 1.5] as const,
});

/** Each shape's usual size when a planner adds one (mm): width x height x depth. */
const SHAPE_SIZE: Readonly<Record<AttachmentShape, readonly [number, number, number]>> = Object.freeze({
  'rectangular-vertical': [2, 3, 1],
  'rectangular-horizontal': [3, 2, 1],
  'bevelled-gingival': [3, 2, 1],
  'bevelled-incisal': [3, 2, 1],
  ellipsoid: [2, 3, 1],
  'optimized-rotation': [2, 3, 1],
  'optimized-extrusion': [3, 2, 1],
  'optimized-root-control': [2, 4, 1],
});

/** A planner's new attachment of `shape` on `fdi`: the usual size, at the FA point, template to the end. */
export function plannerAttachment(fdi: Fdi, shape: AttachmentShape = 'rectangular-vertical'): Attachment {
  const [widthMm, heightMm, depthMm] = SHAPE_SIZE[shape];
  return { fdi, shape, surface: 'buccal', widthMm, heightMm, depthMm, offsetMm: { mesial: 0, occlusal: 0 }, stagePlaced: 0, stageRemoved: null, reason: 'planner' };
}

/** "rectangular-vertical 2x3x1 mm": an attachment in a few words, for change lists. */
export function attachmentText(a: Attachment): string {
  const mm = (v: number) => String(Math.round(v * 100) / 100);
  return `${a.shape} ${mm(a.widthMm)}x${mm(a.heightMm)}x${mm(a.depthMm)} mm${a.surface === 'lingual' ? ' lingual' : ''}`;
}

/** One rule of the protocol: from what size of movement, on which teeth, which attachment. */
export interface AttachmentRule {
  enabled: boolean;
  /** Degrees (rotation, root control) or millimetres (extrusion, distalization of the molars). */
  threshold: number;
  shape: AttachmentShape;
  widthMm: number;
  heightMm: number;
  depthMm: number;
}

export interface AttachmentRules {
  rotation: AttachmentRule;
  extrusion: AttachmentRule;
  rootControl: AttachmentRule;
  anchorage: AttachmentRule;
}

export const RULE_KEYS: readonly (keyof AttachmentRules)[] = ['rotation', 'extrusion', 'rootControl', 'anchorage'];

/**
 * The defaults and where they come from (a judgement is called one):
 * - rotation 5 deg on canines and premolars: round crowns give an aligner little to turn;
 *   Kravitz 2009 (AJODO 135:27) measured canine rotation among the least accurate aligner
 *   movements (about a third of what was planned). The threshold is a judgement, in line
 *   with the rotation attachments aligner makers place on canines and premolars.
 * - extrusion 0.5 mm on incisors and canines: extrusion was the least accurate movement in
 *   Kravitz 2009 (about 30%; upper incisors less); a bevelled attachment whose flat face
 *   looks gingivally gives the aligner a surface to lift. 0.5 mm is a judgement.
 * - root control 8 deg of tip or torque on incisors, canines and premolars: Rossini 2015
 *   (Angle Orthod 85:881) found root movement poorly predictable and Simon 2014 (BMC Oral
 *   Health 14:68) saw about 42% of planned incisor torque; 8 deg is a judgement (the sanity
 *   checklist warns from 10).
 * - anchorage 1 mm of molar distalization (the posterior-first pattern): premolars and
 *   canines hold while the molars move back; horizontal attachments on them are the
 *   sequential-distalization protocols' anchorage (Ravera 2016, Prog Orthod 17:12, measured
 *   about 2.25 mm of bodily upper molar distalization that way). 1 mm is a judgement.
 * - sizes: 2 x 3 mm vertical and 3 x 2 mm horizontal at 1 mm depth are the common
 *   composite attachments (0.75-1.25 mm deep); larger only where a crown is long.
 */
export const DEFAULT_ATTACHMENT_RULES: Readonly<AttachmentRules> = Object.freeze({
  rotation: Object.freeze({ enabled: true, threshold: 5, shape: 'optimized-rotation', widthMm: 2, heightMm: 3, depthMm: 1 }),
  extrusion: Object.freeze({ enabled: true, threshold: 0.5, shape: 'optimized-extrusion', widthMm: 3, heightMm: 2, depthMm: 1 }),
  rootControl: Object.freeze({ enabled: true, threshold: 8, shape: 'optimized-root-control', widthMm: 2, heightMm: 4, depthMm: 1 }),
  anchorage: Object.freeze({ enabled: true, threshold: 1, shape: 'rectangular-horizontal', widthMm: 3, heightMm: 2, depthMm: 1 }),
}) as Readonly<AttachmentRules>;

const RULE_UNIT: Readonly<Record<keyof AttachmentRules, string>> = { rotation: 'deg', extrusion: 'mm', rootControl: 'deg', anchorage: 'mm' };
const RULE_CEILING: Readonly<Record<keyof AttachmentRules, number>> = { rotation: 45, extrusion: 5, rootControl: 45, anchorage: 8 };

const inRange = (v: unknown, [lo, hi]: readonly [number, number]): v is number => typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi;

/** Every problem with an attachment's values, one readable line each. */
export function attachmentProblems(a: unknown): string[] {
  if (typeof a !== 'object' || a === null) return ['an attachment is not an object'];
  const x = a as Partial<Attachment>;
  const out: string[] = [];
  const on = typeof x.fdi === 'number' && isFdi(x.fdi) ? `the attachment on ${x.fdi}` : 'an attachment';
  if (typeof x.fdi !== 'number' || !isFdi(x.fdi)) out.push(`${on} names no tooth (fdi ${String(x.fdi)})`);
  if (!ATTACHMENT_SHAPES.includes(x.shape as AttachmentShape)) out.push(`${on} has an unknown shape "${String(x.shape)}"`);
  if (x.surface !== 'buccal' && x.surface !== 'lingual') out.push(`${on} must sit on the buccal or lingual surface (got ${String(x.surface)})`);
  for (const key of ['widthMm', 'heightMm', 'depthMm'] as const) {
    const range = ATTACHMENT_SIZE_RANGE[key];
    if (!inRange(x[key], range)) out.push(`${on}: ${key.replace('Mm', '')} must be ${range[0]}-${range[1]} mm (got ${String(x[key])})`);
  }
  const o = x.offsetMm;
  if (typeof o !== 'object' || o === null || !inRange(o.mesial, [-6, 6]) || !inRange(o.occlusal, [-6, 6])) {
    out.push(`${on}: its offset from the FA point must be within 6 mm each way`);
  }
  if (typeof x.stagePlaced !== 'number' || !Number.isInteger(x.stagePlaced) || x.stagePlaced < 0) out.push(`${on}: the stage it is placed at must be a whole number from 0`);
  if (x.stageRemoved !== null && (typeof x.stageRemoved !== 'number' || !Number.isInteger(x.stageRemoved) || x.stageRemoved < (x.stagePlaced ?? 0))) {
    out.push(`${on}: the stage it is removed after must be a whole number, not before it is placed (or none)`);
  }
  if (!['rotation', 'extrusion', 'root-control', 'anchorage', 'planner'].includes(x.reason as string)) out.push(`${on} gives no reason it is there`);
  return out;
}

/** Every problem with a protocol's attachment rules. */
export function attachmentRuleProblems(rules: unknown): string[] {
  if (typeof rules !== 'object' || rules === null) return ['the attachment rules are missing'];
  const out: string[] = [];
  for (const key of RULE_KEYS) {
    const r = (rules as Record<string, Partial<AttachmentRule> | undefined>)[key];
    if (typeof r !== 'object' || r === null) {
      out.push(`the ${key} attachment rule is missing`);
      continue;
    }
    if (typeof r.enabled !== 'boolean') out.push(`the ${key} attachment rule must be on or off`);
    if (!inRange(r.threshold, [0, RULE_CEILING[key]]) || r.threshold === 0) out.push(`the ${key} attachment rule's threshold must be above 0 and at most ${RULE_CEILING[key]} ${RULE_UNIT[key]} (got ${String(r.threshold)})`);
    if (!ATTACHMENT_SHAPES.includes(r.shape as AttachmentShape)) out.push(`the ${key} attachment rule has an unknown shape "${String(r.shape)}"`);
    for (const size of ['widthMm', 'heightMm', 'depthMm'] as const) {
      if (!inRange(r[size], ATTACHMENT_SIZE_RANGE[size])) out.push(`the ${key} attachment rule's ${size.replace('Mm', '')} must be ${ATTACHMENT_SIZE_RANGE[size].join('-')} mm`);
    }
  }
  return out;
}

/** What the rules need of the plan: each tooth's final movement, and whether molars are distalized in sequence. */
export interface AttachmentRuleInput {
  movements: ReadonlyMap<Fdi, ToothMovement>;
  /** The teeth of the arches in the plan (anchorage goes on teeth that may not move at all). */
  teeth: readonly Fdi[];
  /** The staging pattern is posterior-first (sequential distalization). */
  sequentialDistalization: boolean;
}

function fromRule(fdi: Fdi, rule: AttachmentRule, reason: AttachmentReason): Attachment {
  return {
    fdi, shape: rule.shape, surface: 'buccal', widthMm: rule.widthMm, heightMm: rule.heightMm, depthMm: rule.depthMm,
    offsetMm: { mesial: 0, occlusal: 0 }, stagePlaced: 0, stageRemoved: null, reason,
  };
}

/**
 * The attachments the protocol's rules ask for, one per tooth at most (the first rule that
 * applies, in the order rotation, extrusion, root control, anchorage: the movement that needs
 * the grip most), ascending FDI.
 */
export function ruleAttachments(input: AttachmentRuleInput, rules: AttachmentRules): Attachment[] {
  const out = new Map<Fdi, Attachment>();
  const add = (fdi: Fdi, key: keyof AttachmentRules, reason: AttachmentReason) => {
    if (!out.has(fdi) && rules[key].enabled) out.set(fdi, fromRule(fdi, rules[key], reason));
  };
  const teeth = [...new Set(input.teeth)].filter(isFdi).sort((a, b) => a - b);
  for (const fdi of teeth) {
    const m = input.movements.get(fdi);
    if (!m) continue;
    const type = toothType(fdi);
    if ((type === 'canine' || type === 'premolar') && Math.abs(m.rotation) >= rules.rotation.threshold) add(fdi, 'rotation', 'rotation');
    if ((type === 'incisor' || type === 'canine') && m.extrusion >= rules.extrusion.threshold) add(fdi, 'extrusion', 'extrusion');
    if (type !== 'molar' && Math.max(Math.abs(m.tip), Math.abs(m.torque)) >= rules.rootControl.threshold) add(fdi, 'rootControl', 'root-control');
  }
  if (input.sequentialDistalization) {
    const distalized = new Set<Jaw>();
    for (const fdi of teeth) {
      const m = input.movements.get(fdi);
      if (m && toothType(fdi) === 'molar' && -m.mesial >= rules.anchorage.threshold) distalized.add(jawOf(fdi));
    }
    for (const fdi of teeth) {
      const type = toothType(fdi);
      if (distalized.has(jawOf(fdi)) && (type === 'premolar' || type === 'canine')) add(fdi, 'anchorage', 'anchorage');
    }
  }
  return [...out.values()].sort((a, b) => a.fdi - b.fdi);
}

/**
 * The plan's attachments after the rules ran again (targets or protocol changed): the
 * planner's own (reason 'planner') and the rule attachments the planner edited are kept as
 * they are; rule attachments no rule asks for any more go; new ones are added.
 */
export function mergeRuleAttachments(current: readonly Attachment[], fromRules: readonly Attachment[]): Attachment[] {
  const kept = current.filter((a) => a.reason === 'planner' || fromRules.some((r) => r.fdi === a.fdi && r.reason === a.reason));
  const has = new Set(kept.map((a) => a.fdi));
  return [...kept, ...fromRules.filter((r) => !has.has(r.fdi))].sort((a, b) => a.fdi - b.fdi || a.reason.localeCompare(b.reason));
}
