// A stored plan keeps the shape of the studio that saved it: a working plan from last year, a
// version in a backup, a plan package from another clinic. Rather than one reader that
// guesses at every old shape (fields turning "optional" one by one), each change of the plan
// schema is a named up-step from the version before, on plain JSON, and the reader
// (planFromJson in plan.ts) runs the steps from the stored version up and then checks the
// current shape only. Steps are never edited once released: a stored plan must upgrade the
// same way forever. plan-migrations.test.ts holds the conventions (one step per version, one
// stored fixture per version in fixtures/plans/) and each step tested on its fixture.
//
// Adding a plan field: bump PLAN_SCHEMA_VERSION in plan.ts; append a step here whose `to` is
// the new version; add fixtures/plans/v<new>.json as the studio now writes it; test the step
// on v<old>.json.

/** A plan as stored: a plain JSON object of some schema version. */
export type PlanJson = Readonly<Record<string, unknown>>;

export interface PlanMigration {
  /** The schema version this step upgrades to, from `to - 1`. */
  readonly to: number;
  /** What changed, for people reading the list. */
  readonly name: string;
  /** The plan one version up; pure: it returns a new object and leaves its argument alone. */
  readonly up: (plan: PlanJson) => PlanJson;
}

/** The schema version of the first plans ever stored; there is no step to it. */
export const FIRST_PLAN_SCHEMA_VERSION = 1;

/**
 * The protocol every plan was staged under before plans carried one: the DESIGN.md defaults
 * of that time, written out rather than taken from DEFAULT_PROTOCOL, so that changing the
 * clinic defaults later does not restage plans saved back then.
 */
function protocolBeforePlansHadOne(): Record<string, unknown> {
  return {
    limits: { mesial: 0.25, buccal: 0.25, extrusion: 0.15, intrusion: 0.15, tip: 2, torque: 1, rotation: 2 },
    wearDays: 14,
    iprMaxPerContactMm: 0.5,
    overcorrectionStages: 0,
  };
}

/**
 * The sanity checklist's thresholds as first released (core/protocol.ts DEFAULT_SANITY
 * says where each comes from), written out for the same reason: a plan saved before the
 * checklist is checked against the thresholds of the day it appeared.
 */
function sanityWhenChecklistCame(): Record<string, unknown> {
  return {
    molarRotationDeg: 10, rotationDeg: 15, tipDeg: 10, torqueDeg: 10, posteriorExtrusionMm: 0.5, translationMm: 4,
    expansionPerSideMm: 2, midlineMm: 0.5, openSpaceMm: 0.5, boltonExcessMm: 1.5,
  };
}

/** The model settings as first released (core/protocol.ts DEFAULT_MODEL_SETTINGS says why), written out for the same reason. */
function modelSettingsWhenTheyCame(): Record<string, unknown> {
  return { heightMm: 15, trim: { style: 'gingival', offsetMm: 0.5, heightMm: 2 } };
}

/**
 * The attachment rules as first released (core/attachments.ts DEFAULT_ATTACHMENT_RULES says
 * where each comes from), written out: a plan saved before them keeps its staging, and gets
 * the rules of the day they came.
 */
function attachmentRulesWhenTheyCame(): Record<string, unknown> {
  return {
    rotation: { enabled: true, threshold: 5, shape: 'optimized-rotation', widthMm: 2, heightMm: 3, depthMm: 1 },
    extrusion: { enabled: true, threshold: 0.5, shape: 'optimized-extrusion', widthMm: 3, heightMm: 2, depthMm: 1 },
    rootControl: { enabled: true, threshold: 8, shape: 'optimized-root-control', widthMm: 2, heightMm: 4, depthMm: 1 },
    anchorage: { enabled: true, threshold: 1, shape: 'rectangular-horizontal', widthMm: 3, heightMm: 2, depthMm: 1 },
  };
}

/**
 * A schema-3 attachment named a tooth and a free-text kind, placed by hand: the kind becomes
 * the shape it names (an unknown one a vertical rectangle), at the usual size of that day, on
 * the buccal surface at the FA point, from the template to the end.
 */
function designedAttachment(a: unknown): unknown {
  if (typeof a !== 'object' || a === null) return a;
  const old = a as { fdi?: unknown; kind?: unknown };
  const kind = typeof old.kind === 'string' ? old.kind : '';
  const shape = ({
    rectangular: 'rectangular-vertical', 'rectangular-vertical': 'rectangular-vertical', 'rectangular-horizontal': 'rectangular-horizontal',
    'bevelled-gingival': 'bevelled-gingival', 'bevelled-incisal': 'bevelled-incisal', ellipsoid: 'ellipsoid',
    'optimized-rotation': 'optimized-rotation', 'optimized-extrusion': 'optimized-extrusion', 'optimized-root-control': 'optimized-root-control',
  } as Record<string, string>)[kind] ?? 'rectangular-vertical';
  const horizontal = ['rectangular-horizontal', 'bevelled-gingival', 'bevelled-incisal', 'optimized-extrusion'].includes(shape);
  return {
    fdi: old.fdi, shape, surface: 'buccal', widthMm: horizontal ? 3 : 2, heightMm: shape === 'optimized-root-control' ? 4 : horizontal ? 2 : 3, depthMm: 1,
    offsetMm: { mesial: 0, occlusal: 0 }, stagePlaced: 0, stageRemoved: null, reason: 'planner',
  };
}

/** In order, keyed by the version they upgrade to. */
export const PLAN_MIGRATIONS: readonly PlanMigration[] = Object.freeze([
  {
    to: 2,
    name: 'the plan carries its protocol',
    // Schema-1 plans saved after the field appeared already have one; keep it as it is (the
    // validator checks it) and give the others the protocol they were staged under.
    up: (plan: PlanJson): PlanJson => (plan.protocol === undefined ? { ...plan, protocol: protocolBeforePlansHadOne() } : { ...plan }),
  },
  {
    to: 3,
    name: 'the protocol carries the sanity checklist thresholds',
    // A protocol that is not an object is left for the validator to refuse, as in step 2.
    up: (plan: PlanJson): PlanJson => {
      const protocol = plan.protocol;
      if (typeof protocol !== 'object' || protocol === null || Array.isArray(protocol)) return { ...plan };
      return { ...plan, protocol: { ...protocol, sanity: sanityWhenChecklistCame() } };
    },
  },
  {
    to: 4,
    name: 'attachments are designed (shape, size, place, stages, reason) and the protocol carries attachment rules',
    // Anything that is not a list or an object is left for the validator to refuse, as above.
    up: (plan: PlanJson): PlanJson => {
      const protocol = plan.protocol;
      const withRules = typeof protocol === 'object' && protocol !== null && !Array.isArray(protocol)
        ? { ...protocol, attachments: attachmentRulesWhenTheyCame() } : protocol;
      const attachments = Array.isArray(plan.attachments) ? plan.attachments.map(designedAttachment) : plan.attachments;
      return { ...plan, attachments, protocol: withRules };
    },
  },
  {
    to: 5,
    name: 'the protocol carries the printable models\' settings (model height, trim line)',
    up: (plan: PlanJson): PlanJson => {
      const protocol = plan.protocol;
      if (typeof protocol !== 'object' || protocol === null || Array.isArray(protocol)) return { ...plan };
      return { ...plan, protocol: { ...protocol, models: modelSettingsWhenTheyCame() } };
    },
  },
  {
    to: 6,
    name: 'the plan may name the protocol document it was staged under',
    // Nothing to add: no plan before schema 6 was staged under a protocol document, and an
    // absent protocolRef says exactly that. The step exists so that a studio of schema 5,
    // which would drop the ref and so change the plan's content hash, refuses a schema-6 plan.
    up: (plan: PlanJson): PlanJson => ({ ...plan }),
  },
]);

/**
 * `plan` (schema `from`) upgraded step by step to schema `to`, schemaVersion set after each
 * step. A missing step is a bug in this list, not in the plan, hence a plain Error.
 */
export function upgradePlanJson(plan: PlanJson, from: number, to: number): PlanJson {
  let out = plan;
  for (let version = from + 1; version <= to; version++) {
    const steps = PLAN_MIGRATIONS.filter((m) => m.to === version);
    if (steps.length !== 1) throw new Error(`plan migrations: ${steps.length} steps to schema ${version}, expected exactly one`);
    out = { ...steps[0].up(out), schemaVersion: version };
  }
  return out;
}
