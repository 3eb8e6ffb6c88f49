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
}

export const LIMIT_KEYS: readonly (keyof StagingLimits)[] = ['mesial', 'buccal', 'extrusion', 'intrusion', 'tip', 'torque', 'rotation'];

export const DEFAULT_LIMITS: Readonly<StagingLimits> = Object.freeze({
  mesial: 0.25, buccal: 0.25, extrusion: 0.15, intrusion: 0.15, tip: 2.0, torque: 1.0, rotation: 2.0,
});

export const DEFAULT_PROTOCOL: Readonly<Protocol> = Object.freeze({
  limits: DEFAULT_LIMITS,
  wearDays: 14,
  iprMaxPerContactMm: 0.5,
  overcorrectionStages: 0,
});

/** Bounds outside which a value is a typing error rather than a clinical choice. */
const LIMIT_CEILING: Readonly<StagingLimits> = { mesial: 1, buccal: 1, extrusion: 1, intrusion: 1, tip: 10, torque: 10, rotation: 10 };
const MAX_WEAR_DAYS = 60;
const MAX_IPR_MM = 2;
const MAX_OVERCORRECTION = 20;

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
  return out;
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
}

/** A new, checked protocol: `base` (default: the DESIGN.md defaults) with some values changed. */
export function editProtocol(changes: ProtocolChanges, base: Protocol = DEFAULT_PROTOCOL): Protocol {
  const next: Protocol = {
    limits: { ...base.limits, ...changes.limits },
    wearDays: changes.wearDays ?? base.wearDays,
    iprMaxPerContactMm: changes.iprMaxPerContactMm ?? base.iprMaxPerContactMm,
    overcorrectionStages: changes.overcorrectionStages ?? base.overcorrectionStages,
  };
  checkProtocol(next);
  Object.freeze(next.limits);
  return Object.freeze(next);
}
