// A clinic's treatment protocol as far as staging and IPR are concerned: how far a tooth
// may move per aligner, how long each aligner is worn, how much enamel may be stripped per
// contact. Protocols make cases comparable across clinics, so every number is checked
// here once and bad values are refused with a message that names the field.
//
// Defaults (DESIGN.md "Staging"): 0.25 mm mesial/distal and buccal/lingual, 0.15 mm
// extrusion and intrusion, 2 deg tip, 1 deg torque, 2 deg rotation per stage. Wear time
// stays at 14 days per aligner: Kravitz 2009 measured aligners programmed at 0.25-0.33 mm
// per 14-day aligner, so 14 days is the wear time that goes with 0.25 mm steps; clinics
// on accelerated protocols (7-10 days) lower it together with the limits.

import { attachmentRuleProblems, DEFAULT_ATTACHMENT_RULES, RULE_KEYS, type AttachmentRule, type AttachmentRules } from './attachments.ts';

export interface StagingLimits {
  /** Per stage, mm. */
  mesial: number;
  buccal: number;
  extrusion: number;
  intrusion: number;
  /** Per stage, degrees. */
  tip: number;
  torque: number;
  rotation: number;
}

export interface Protocol {
  limits: StagingLimits;
  /** Days each aligner is worn. */
  wearDays: number;
  /** Most enamel stripped at one contact (both teeth together), mm. */
  iprMaxPerContactMm: number;
  /** Aligners added after the last active stage, holding the final position. */
  overcorrectionStages: number;
  /** Where the sanity checklist (core/sanity.ts) starts to warn. Since plan schema 3. */
  sanity: SanityThresholds;
  /** Which movements put an attachment on a tooth, and what attachment. Since plan schema 4. */
  attachments: AttachmentRules;
  /** The printable models: their height and where the aligner is trimmed. Since plan schema 5. */
  models: ModelSettings;
}

export type TrimStyle = 'gingival' | 'straight';

export interface TrimSettings {
  /** gingival: following the gum line at an offset; straight: a set height above each tooth's gingival zenith. */
  style: TrimStyle;
  /** gingival: how far onto the gum from the gum line, mm. */
  offsetMm: number;
  /** straight: how far above each tooth's gingival zenith, mm. */
  heightMm: number;
}

export interface ModelSettings {
  /** Base to cusp tips, mm. */
  heightMm: number;
  trim: TrimSettings;
}

/**
 * Model height: 15 mm, inside the 13-19 mm printer and thermoforming makers recommend (a
 * taller model thins the sheet over it and takes longer to print; a shorter one leaves the
 * sheet no room below the trim line). Trim line 0.5 mm onto the gum: aligner makers trim
 * at or just past the gingival margin for retention without pressing on the gum; the
 * straight cut, 2 mm over the zeniths, is the usual alternative for sensitive gums.
 */
export const DEFAULT_MODEL_SETTINGS: Readonly<ModelSettings> = Object.freeze({
  heightMm: 15,
  trim: Object.freeze({ style: 'gingival' as TrimStyle, offsetMm: 0.5, heightMm: 2 }),
});
export const TRIM_STYLES: readonly TrimStyle[] = ['gingival', 'straight'];
/** Outside these a value is a typing error: no printer or thermoformer takes it. */
const MODEL_HEIGHT_RANGE_MM = [10, 30] as const;
const TRIM_OFFSET_MAX_MM = 3;
const TRIM_HEIGHT_MAX_MM = 6;

function modelSettingsProblems(m: unknown): string[] {
  if (typeof m !== 'object' || m === null) return ['the model settings are missing'];
  const q = m as Partial<ModelSettings>;
  const out: string[] = [];
  const [lo, hi] = MODEL_HEIGHT_RANGE_MM;
  if (typeof q.heightMm !== 'number' || !Number.isFinite(q.heightMm) || q.heightMm < lo || q.heightMm > hi) out.push(`model height must be from ${lo} to ${hi} mm (got ${String(q.heightMm)})`);
  const t = q.trim as Partial<TrimSettings> | undefined;
  if (typeof t !== 'object' || t === null) return [...out, 'the trim line settings are missing'];
  if (!TRIM_STYLES.includes(t.style as TrimStyle)) out.push(`trim line style must be gingival or straight (got ${String(t.style)})`);
  if (typeof t.offsetMm !== 'number' || !Number.isFinite(t.offsetMm) || t.offsetMm < 0 || t.offsetMm > TRIM_OFFSET_MAX_MM) out.push(`trim line offset must be from 0 to ${TRIM_OFFSET_MAX_MM} mm (got ${String(t.offsetMm)})`);
  if (typeof t.heightMm !== 'number' || !Number.isFinite(t.heightMm) || t.heightMm < 0 || t.heightMm > TRIM_HEIGHT_MAX_MM) out.push(`straight trim height must be from 0 to ${TRIM_HEIGHT_MAX_MM} mm (got ${String(t.heightMm)})`);
  return out;
}

/**
 * What a clinician would question in a final setup: movements aligners deliver poorly,
 * expansion, midline changes, spaces and tooth-size mismatches. Each default's source is
 * beside it in DEFAULT_SANITY.
 */
export interface SanityThresholds {
  /** Rotation of a molar, deg. */
  molarRotationDeg: number;
  /** Rotation of an incisor, canine or premolar, deg. */
  rotationDeg: number;
  /** Root-heavy movements: crown tip and torque, deg. */
  tipDeg: number;
  torqueDeg: number;
  /** Extrusion of a premolar or molar, mm. */
  posteriorExtrusionMm: number;
  /** A tooth's mesial-distal and buccal-lingual movement together, mm. */
  translationMm: number;
  /** Buccal movement of a canine, premolar or molar, per side of each arch, mm. */
  expansionPerSideMm: number;
  /** Shift of a dental midline, and upper against lower, mm. */
  midlineMm: number;
  /** A gap between neighbours at the end, mm. */
  openSpaceMm: number;
  /** Bolton tooth-size excess no IPR in the excess arch accounts for, mm. */
  boltonExcessMm: number;
}

export const SANITY_KEYS: readonly (keyof SanityThresholds)[] = [
  'molarRotationDeg', 'rotationDeg', 'tipDeg', 'torqueDeg', 'posteriorExtrusionMm', 'translationMm',
  'expansionPerSideMm', 'midlineMm', 'openSpaceMm', 'boltonExcessMm',
];

/**
 * Where each default comes from (aligner outcome studies; a judgement is called one):
 * - molarRotationDeg 10: a judgement. Molar derotation with aligners is little studied and
 *   needs attachments; Haouili 2020 (AJODO 158:420) found rotations among the least
 *   accurate movements.
 * - rotationDeg 15: Kravitz 2009 (AJODO 135:27) found canine rotations above 15 deg markedly
 *   less accurate than smaller ones; held for every non-molar (a judgement for incisors).
 * - tipDeg 10, torqueDeg 10: a judgement. Rossini 2015 (Angle Orthod 85:881) found root
 *   control (torque, bodily movement) poorly predictable; Simon 2014 (BMC Oral Health 14:68)
 *   saw about 42% of the planned incisor torque expressed, less the more was planned.
 * - posteriorExtrusionMm 0.5: extrusion is the least accurate movement (Kravitz 2009, about
 *   30%; Rossini 2015); 0.5 mm on a premolar or molar is a judgement of "more than trivial".
 * - translationMm 4: Ravera 2016 (Prog Orthod 17:12) and Simon 2014 measured about 2.25-2.7 mm
 *   of bodily upper molar distalization with aligners, while bringing a blocked-out canine
 *   into the arch routinely moves it 3-4 mm; past 4 mm for one tooth is a judgement of
 *   "beyond usual practice", where a planner should look twice.
 * - expansionPerSideMm 2: a judgement from Houle 2017 (Angle Orthod 87:19): about 73% of the
 *   planned upper expansion was achieved, less at the molars, so past 2 mm per side the
 *   shortfall exceeds half a millimetre.
 * - midlineMm 0.5: issue 12's target (dental midlines within 0.5 mm unless the planner moves
 *   them); far below what Kokich 1999 found people notice, so it flags changes, not harm.
 * - openSpaceMm 0.5: the ABO objective grading system (Casko 1998, AJODO 114:589) counts an
 *   interproximal space of 0.5 mm or more against a finished case.
 * - boltonExcessMm 1.5: Proffit (Contemporary Orthodontics): discrepancies under 1.5 mm are
 *   rarely significant, larger ones create treatment problems.
 */
export const DEFAULT_SANITY: Readonly<SanityThresholds> = Object.freeze({
  molarRotationDeg: 10, rotationDeg: 15, tipDeg: 10, torqueDeg: 10, posteriorExtrusionMm: 0.5, translationMm: 4,
  expansionPerSideMm: 2, midlineMm: 0.5, openSpaceMm: 0.5, boltonExcessMm: 1.5,
});

export const LIMIT_KEYS: readonly (keyof StagingLimits)[] = ['mesial', 'buccal', 'extrusion', 'intrusion', 'tip', 'torque', 'rotation'];

export const DEFAULT_LIMITS: Readonly<StagingLimits> = Object.freeze({
  mesial: 0.25, buccal: 0.25, extrusion: 0.15, intrusion: 0.15, tip: 2.0, torque: 1.0, rotation: 2.0,
});

export const DEFAULT_PROTOCOL: Readonly<Protocol> = Object.freeze({
  limits: DEFAULT_LIMITS,
  wearDays: 14,
  iprMaxPerContactMm: 0.5,
  overcorrectionStages: 0,
  sanity: DEFAULT_SANITY,
  attachments: DEFAULT_ATTACHMENT_RULES,
  models: DEFAULT_MODEL_SETTINGS,
});

/** Bounds outside which a value is a typing error rather than a clinical choice. */
const LIMIT_CEILING: Readonly<StagingLimits> = { mesial: 1, buccal: 1, extrusion: 1, intrusion: 1, tip: 10, torque: 10, rotation: 10 };
const MAX_WEAR_DAYS = 60;
const MAX_IPR_MM = 2;
const MAX_OVERCORRECTION = 20;
/** Thresholds above these are typing errors: no plan moves a tooth that far on purpose. */
const SANITY_CEILING: Readonly<SanityThresholds> = {
  molarRotationDeg: 90, rotationDeg: 90, tipDeg: 45, torqueDeg: 45, posteriorExtrusionMm: 10, translationMm: 20,
  expansionPerSideMm: 10, midlineMm: 10, openSpaceMm: 10, boltonExcessMm: 10,
};

/** How the problems name each threshold: the words of the checklist. */
export const SANITY_LABEL: Readonly<Record<keyof SanityThresholds, string>> = {
  molarRotationDeg: 'molar rotation', rotationDeg: 'rotation', tipDeg: 'tip', torqueDeg: 'torque',
  posteriorExtrusionMm: 'posterior extrusion', translationMm: 'translation', expansionPerSideMm: 'expansion per side',
  midlineMm: 'midline change', openSpaceMm: 'open space', boltonExcessMm: 'Bolton excess',
};

export function sanityUnit(key: keyof SanityThresholds): string {
  return key.endsWith('Deg') ? 'deg' : 'mm';
}

function sanityProblems(s: unknown): string[] {
  if (typeof s !== 'object' || s === null) return ['sanity check thresholds (sanity) are missing'];
  const out: string[] = [];
  for (const key of SANITY_KEYS) {
    const v = (s as Record<string, unknown>)[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      out.push(`${SANITY_LABEL[key]} check threshold (sanity.${key}) must be a number above 0 ${sanityUnit(key)} (got ${String(v)})`);
    } else if (v > SANITY_CEILING[key]) {
      out.push(`${SANITY_LABEL[key]} check threshold (sanity.${key}) ${v} ${sanityUnit(key)} is above the ${SANITY_CEILING[key]} ${sanityUnit(key)} any plan means`);
    }
  }
  return out;
}

export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(readonly problems: string[]) {
    super(`invalid protocol: ${problems.join('; ')}`);
  }
}

function unit(key: keyof StagingLimits): string {
  return key === 'tip' || key === 'torque' || key === 'rotation' ? 'deg' : 'mm';
}

/** Every problem with a protocol, one readable line each; empty when it is valid. */
export function protocolProblems(p: unknown): string[] {
  if (typeof p !== 'object' || p === null) return ['the protocol is not an object'];
  const out: string[] = [];
  const q = p as Partial<Protocol>;
  if (typeof q.limits !== 'object' || q.limits === null) {
    out.push('limits are missing');
  } else {
    for (const key of LIMIT_KEYS) {
      const v = (q.limits as unknown as Record<string, unknown>)[key];
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
        out.push(`${key} limit must be a number above 0 ${unit(key)} per stage (got ${String(v)})`);
      } else if (v > LIMIT_CEILING[key]) {
        out.push(`${key} limit ${v} ${unit(key)} per stage is above the ${LIMIT_CEILING[key]} ${unit(key)} an aligner can deliver`);
      }
    }
  }
  if (typeof q.wearDays !== 'number' || !Number.isInteger(q.wearDays) || q.wearDays < 1 || q.wearDays > MAX_WEAR_DAYS) {
    out.push(`wear days must be a whole number of days from 1 to ${MAX_WEAR_DAYS} (got ${String(q.wearDays)})`);
  }
  if (typeof q.iprMaxPerContactMm !== 'number' || !Number.isFinite(q.iprMaxPerContactMm) || q.iprMaxPerContactMm < 0 || q.iprMaxPerContactMm > MAX_IPR_MM) {
    out.push(`IPR maximum per contact must be from 0 to ${MAX_IPR_MM} mm (got ${String(q.iprMaxPerContactMm)})`);
  }
  if (typeof q.overcorrectionStages !== 'number' || !Number.isInteger(q.overcorrectionStages) || q.overcorrectionStages < 0 || q.overcorrectionStages > MAX_OVERCORRECTION) {
    out.push(`over-correction stages must be a whole number from 0 to ${MAX_OVERCORRECTION} (got ${String(q.overcorrectionStages)})`);
  }
  out.push(...sanityProblems(q.sanity));
  out.push(...attachmentRuleProblems(q.attachments));
  out.push(...modelSettingsProblems(q.models));
  return out;
}

/**
 * Only the protocol's own fields, copied: whatever else a stored or imported one carries is
 * not kept, so that it cannot ride along into a plan or into what a hash or signature covers.
 * For a valid protocol (see checkProtocol).
 */
export function protocolFields(p: Protocol): Protocol {
  const limits = Object.fromEntries(LIMIT_KEYS.map((k) => [k, p.limits[k]])) as unknown as StagingLimits;
  const sanity = Object.fromEntries(SANITY_KEYS.map((k) => [k, p.sanity[k]])) as unknown as SanityThresholds;
  const attachments = Object.fromEntries(RULE_KEYS.map((k) => {
    const r = p.attachments[k];
    return [k, { enabled: r.enabled, threshold: r.threshold, shape: r.shape, widthMm: r.widthMm, heightMm: r.heightMm, depthMm: r.depthMm }];
  })) as unknown as AttachmentRules;
  const models = { heightMm: p.models.heightMm, trim: { style: p.models.trim.style, offsetMm: p.models.trim.offsetMm, heightMm: p.models.trim.heightMm } };
  return { limits, wearDays: p.wearDays, iprMaxPerContactMm: p.iprMaxPerContactMm, overcorrectionStages: p.overcorrectionStages, sanity, attachments, models };
}

/** The protocol itself when valid; otherwise a ProtocolError listing every problem. */
export function checkProtocol(p: unknown): Protocol {
  const problems = protocolProblems(p);
  if (problems.length > 0) throw new ProtocolError(problems);
  return p as Protocol;
}

export interface ProtocolChanges {
  limits?: Partial<StagingLimits>;
  wearDays?: number;
  iprMaxPerContactMm?: number;
  overcorrectionStages?: number;
  sanity?: Partial<SanityThresholds>;
  attachments?: { [K in keyof AttachmentRules]?: Partial<AttachmentRule> };
  models?: { heightMm?: number; trim?: Partial<TrimSettings> };
}

/** A new, checked protocol: `base` (default: the DESIGN.md defaults) with some values changed. */
export function editProtocol(changes: ProtocolChanges, base: Protocol = DEFAULT_PROTOCOL): Protocol {
  const next: Protocol = {
    limits: { ...base.limits, ...changes.limits },
    wearDays: changes.wearDays ?? base.wearDays,
    iprMaxPerContactMm: changes.iprMaxPerContactMm ?? base.iprMaxPerContactMm,
    overcorrectionStages: changes.overcorrectionStages ?? base.overcorrectionStages,
    sanity: { ...base.sanity, ...changes.sanity },
    attachments: Object.fromEntries(RULE_KEYS.map((k) => [k, Object.freeze({ ...base.attachments[k], ...changes.attachments?.[k] })])) as unknown as AttachmentRules,
    models: { heightMm: changes.models?.heightMm ?? base.models.heightMm, trim: Object.freeze({ ...base.models.trim, ...changes.models?.trim }) },
  };
  checkProtocol(next);
  Object.freeze(next.limits);
  Object.freeze(next.sanity);
  Object.freeze(next.attachments);
  Object.freeze(next.models);
  return Object.freeze(next);
}

/**
 * A protocol kept outside a plan (the clinic default in the settings), which has no schema
 * version to migrate by: one saved before protocols had sanity thresholds, attachment
 * rules or model settings gets today's defaults for them, its own values kept; then it is checked like any other.
 */
export function storedProtocol(p: unknown): Protocol {
  if (typeof p !== 'object' || p === null) return checkProtocol(p);
  const q = p as Partial<Protocol>;
  return checkProtocol({ ...q, sanity: q.sanity ?? DEFAULT_SANITY, attachments: q.attachments ?? DEFAULT_ATTACHMENT_RULES, models: q.models ?? DEFAULT_MODEL_SETTINGS });
}
