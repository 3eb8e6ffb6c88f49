import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLAN_SCHEMA_VERSION, emptyPlan, planFromJson, setProtocol } from './plan.ts';
import { FIRST_PLAN_SCHEMA_VERSION, PLAN_MIGRATIONS, upgradePlanJson, type PlanJson } from './plan-migrations.ts';
import { DEFAULT_PROTOCOL } from './protocol.ts';

const FIXTURES = new URL('./fixtures/plans/', import.meta.url);

/** A stored plan as the studio of that version wrote it, frozen so a step that edits its input fails. */
function storedPlan(file: string): PlanJson {
  return deepFreeze(JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as PlanJson);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const stepTo = (version: number) => PLAN_MIGRATIONS.find((m) => m.to === version)!;
const versions = Array.from({ length: PLAN_SCHEMA_VERSION - FIRST_PLAN_SCHEMA_VERSION + 1 }, (_, i) => FIRST_PLAN_SCHEMA_VERSION + i);
const fixtureFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
/** v<N>.json is the plan of schema N; v<N>-<what>.json a variant of it. */
const fixtureVersion = (file: string) => Number(/^v(\d+)(-[a-z0-9-]+)?\.json$/.exec(file)?.[1] ?? Number.NaN);
/** The fields of a plan the studio writes with every optional one set; an empty plan has the required ones. */
const everyField = Object.keys(setProtocol(emptyPlan(), DEFAULT_PROTOCOL, { id: 'p-1', name: 'P', version: 1, hash: '0'.repeat(64) })).sort();
const requiredFields = Object.keys(emptyPlan()).sort();

describe('the plan migration conventions', () => {
  it(`every schema version from ${FIRST_PLAN_SCHEMA_VERSION + 1} to ${PLAN_SCHEMA_VERSION} has exactly one named step, listed in order`, () => {
    expect(PLAN_MIGRATIONS.map((m) => m.to)).toEqual(versions.slice(1));
    for (const m of PLAN_MIGRATIONS) expect(m.name.trim()).not.toBe('');
    expect(new Set(PLAN_MIGRATIONS.map((m) => m.name)).size).toBe(PLAN_MIGRATIONS.length);
  });

  it(`every schema version from ${FIRST_PLAN_SCHEMA_VERSION} to ${PLAN_SCHEMA_VERSION} has exactly one stored plan v<N>.json, and every fixture names its version`, () => {
    for (const v of versions) expect(fixtureFiles.filter((f) => f === `v${v}.json`), `fixtures/plans/v${v}.json`).toHaveLength(1);
    for (const file of fixtureFiles) {
      const version = fixtureVersion(file);
      expect(versions, `${file}: name it v<version>[-what].json, with a version this studio knows`).toContain(version);
      expect(storedPlan(file).schemaVersion, file).toBe(version);
    }
  });

  it('the current fixture has exactly the fields the studio writes today, and reads back to itself', () => {
    // A field added to Plan without a new schema version and its fixture fails here.
    const current = storedPlan(`v${PLAN_SCHEMA_VERSION}.json`);
    expect(Object.keys(current).sort()).toEqual(everyField);
    expect(JSON.parse(JSON.stringify(planFromJson(current)))).toEqual(current);
  });

  it('every stored plan of every version reads as a plan of the current schema', () => {
    for (const file of fixtureFiles) {
      const plan = planFromJson(storedPlan(file));
      expect(plan.schemaVersion, file).toBe(PLAN_SCHEMA_VERSION);
      expect(everyField, file).toEqual(expect.arrayContaining(Object.keys(plan)));
      expect(Object.keys(plan), file).toEqual(expect.arrayContaining(requiredFields));
    }
  });

  it('each step is pure: the stored plan before it is left as it was (it is frozen), and it runs twice the same', () => {
    for (const m of PLAN_MIGRATIONS) {
      const before = storedPlan(`v${m.to - 1}.json`);
      expect(m.up(before)).toEqual(m.up(before));
      expect(m.up(before)).not.toBe(before);
    }
  });
});

describe('the step to schema 2: the plan carries its protocol', () => {
  const step = stepTo(2);

  it('gives a plan saved before protocols the protocol it was staged under, and changes nothing else', () => {
    const v1 = storedPlan('v1.json');
    expect(v1.protocol).toBeUndefined();
    const up = step.up(v1);
    expect(up).toEqual({
      ...v1,
      protocol: {
        limits: { mesial: 0.25, buccal: 0.25, extrusion: 0.15, intrusion: 0.15, tip: 2, torque: 1, rotation: 2 },
        wearDays: 14, iprMaxPerContactMm: 0.5, overcorrectionStages: 0,
      },
    });
    // Today that is still the default protocol; were the defaults to change, the step must not.
    expect(planFromJson(v1).protocol).toEqual(DEFAULT_PROTOCOL);
  });

  it('keeps the protocol of a schema-1 plan saved after plans carried one', () => {
    const v1 = storedPlan('v1-with-protocol.json');
    expect(step.up(v1)).toEqual(v1);
    expect(planFromJson(v1).protocol).toMatchObject({ wearDays: 10, overcorrectionStages: 2, limits: { mesial: 0.2, rotation: 1.5 } });
  });

  it('leaves a bad protocol for the validator to refuse', () => {
    const bad = { ...storedPlan('v1.json'), protocol: null };
    expect(step.up(bad).protocol).toBeNull();
    expect(() => planFromJson(bad)).toThrow(/protocol must be an object/);
  });

  it('a whole stored v1 plan reads with every field it had', () => {
    const plan = planFromJson(storedPlan('v1.json'));
    expect(plan.targets.map((t) => t.fdi)).toEqual([11, 13, 21]);
    expect(plan.targets[0].movement).toEqual({ mesial: 0.5, buccal: -0.3, extrusion: 0, tip: 2, torque: -1.5, rotation: -4 });
    expect(plan.staging).toEqual({ pattern: 'manual', manualStarts: [{ fdi: 13, start: 2, active: 8 }, { fdi: 21, start: 1 }] });
    expect(plan.ipr).toEqual([{ a: 11, b: 12, amountMm: 0.2, stage: 3 }]);
    expect(plan.attachments.map((a) => [a.fdi, a.shape, a.reason])).toEqual([[13, 'optimized-rotation', 'planner']]);
    expect(plan.comments).toEqual([{ author: 'Dr Okafor', at: 1_700_000_000_500, text: 'less torque on 11', fdi: 11 }]);
  });
});

describe('the step to schema 3: the protocol carries the sanity checklist thresholds', () => {
  const step = stepTo(3);
  const firstThresholds = {
    molarRotationDeg: 10, rotationDeg: 15, tipDeg: 10, torqueDeg: 10, posteriorExtrusionMm: 0.5, translationMm: 4,
    expansionPerSideMm: 2, midlineMm: 0.5, openSpaceMm: 0.5, boltonExcessMm: 1.5,
  };

  it('gives a schema-2 plan the thresholds of the day the checklist came, and changes nothing else', () => {
    const v2 = storedPlan('v2.json');
    expect((v2.protocol as Record<string, unknown>).sanity).toBeUndefined();
    const up = step.up(v2);
    expect(up).toEqual({ ...v2, protocol: { ...(v2.protocol as object), sanity: firstThresholds } });
    // The plan's own protocol (7 wear days, 1 over-correction aligner) is kept.
    expect(planFromJson(v2).protocol).toMatchObject({ wearDays: 7, overcorrectionStages: 1, sanity: firstThresholds });
    // Today these are still the defaults; were the defaults to change, the step must not.
    expect(planFromJson(v2).protocol.sanity).toEqual(DEFAULT_PROTOCOL.sanity);
  });

  it('a stored v1 plan goes through both steps and gets its protocol and the thresholds', () => {
    expect(planFromJson(storedPlan('v1.json')).protocol).toEqual(DEFAULT_PROTOCOL);
    expect(planFromJson(storedPlan('v1-with-protocol.json')).protocol.sanity).toEqual(firstThresholds);
  });

  it('leaves a bad protocol for the validator to refuse', () => {
    const bad = { ...storedPlan('v2.json'), protocol: 'strict' };
    expect(step.up(bad).protocol).toBe('strict');
    expect(() => planFromJson(bad)).toThrow(/protocol must be an object/);
  });

  it('a v3 plan whose thresholds are bad is refused with the field named', () => {
    const v3 = storedPlan('v3.json');
    const protocol = v3.protocol as Record<string, unknown>;
    const bad = { ...v3, protocol: { ...protocol, sanity: { ...(protocol.sanity as object), midlineMm: -1 } } };
    expect(() => planFromJson(bad)).toThrow(/midline change check threshold \(sanity\.midlineMm\) must be a number above 0 mm/);
    expect(planFromJson(v3).protocol.sanity).toMatchObject({ molarRotationDeg: 12, torqueDeg: 8, expansionPerSideMm: 2.5 });
  });
});

describe('the step to schema 4: attachments are designed and the protocol carries attachment rules', () => {
  const step = stepTo(4);
  const firstRules = {
    rotation: { enabled: true, threshold: 5, shape: 'optimized-rotation', widthMm: 2, heightMm: 3, depthMm: 1 },
    extrusion: { enabled: true, threshold: 0.5, shape: 'optimized-extrusion', widthMm: 3, heightMm: 2, depthMm: 1 },
    rootControl: { enabled: true, threshold: 8, shape: 'optimized-root-control', widthMm: 2, heightMm: 4, depthMm: 1 },
    anchorage: { enabled: true, threshold: 1, shape: 'rectangular-horizontal', widthMm: 3, heightMm: 2, depthMm: 1 },
  };

  it('turns each kind into the shape it names at the usual size, placed by the planner, and gives the rules of the day; nothing else changes', () => {
    const v3 = storedPlan('v3.json');
    const up = step.up(v3);
    expect(up.attachments).toEqual([16, 26].map((fdi) => ({
      fdi, shape: 'rectangular-vertical', surface: 'buccal', widthMm: 2, heightMm: 3, depthMm: 1,
      offsetMm: { mesial: 0, occlusal: 0 }, stagePlaced: 0, stageRemoved: null, reason: 'planner',
    })));
    expect((up.protocol as Record<string, unknown>).attachments).toEqual(firstRules);
    const { attachments: _a, protocol: p3, ...rest3 } = v3;
    const { attachments: _b, protocol: p4, ...rest4 } = up;
    expect(rest4).toEqual(rest3);
    const { attachments: _r, ...protocol4 } = p4 as Record<string, unknown>;
    expect(protocol4).toEqual(p3);
  });

  it('an unknown kind becomes a vertical rectangle; a named shape keeps its usual proportions', () => {
    const plan = planFromJson({ ...storedPlan('v3.json'), attachments: [{ fdi: 13, kind: 'mystery' }, { fdi: 23, kind: 'optimized-extrusion' }] });
    expect(plan.attachments.map((a) => [a.fdi, a.shape, a.widthMm, a.heightMm])).toEqual([[13, 'rectangular-vertical', 2, 3], [23, 'optimized-extrusion', 3, 2]]);
  });

  it('a v4 plan whose attachment is out of range is refused with the tooth and the field named', () => {
    const v4 = storedPlan('v4.json');
    const bad = { ...v4, attachments: [{ ...(v4.attachments as object[])[0], depthMm: 3 }] };
    expect(() => planFromJson(bad)).toThrow(/the attachment on 14: depth must be 0\.5-1\.5 mm \(got 3\)/);
    const badRule = { ...v4, protocol: { ...(v4.protocol as object), attachments: { ...firstRules, rotation: { ...firstRules.rotation, threshold: -2 } } } };
    expect(() => planFromJson(badRule)).toThrow(/the rotation attachment rule's threshold must be above 0/);
  });
});

describe('step 5: the protocol carries the printable models\' settings', () => {
  const step = stepTo(5);

  it('gives a v4 plan\'s protocol the model settings as first released (15 mm, trimmed 0.5 mm onto the gum); nothing else changes', () => {
    const v4 = storedPlan('v4.json');
    const up = step.up(v4);
    expect((up.protocol as Record<string, unknown>).models).toEqual({ heightMm: 15, trim: { style: 'gingival', offsetMm: 0.5, heightMm: 2 } });
    const { protocol: p4, ...rest4 } = v4;
    const { protocol: p5, ...rest5 } = up;
    expect(rest5).toEqual(rest4);
    const { models: _m, ...protocol5 } = p5 as Record<string, unknown>;
    expect(protocol5).toEqual(p4);
  });

  it('a v5 plan whose model height or trim line is out of range is refused, naming the setting', () => {
    const v5 = storedPlan('v5.json');
    const models = (v5.protocol as { models: Record<string, unknown> }).models;
    expect(() => planFromJson({ ...v5, protocol: { ...(v5.protocol as object), models: { ...models, heightMm: 40 } } })).toThrow(/model height must be from 10 to 30 mm \(got 40\)/);
    expect(() => planFromJson({ ...v5, protocol: { ...(v5.protocol as object), models: { ...models, trim: { style: 'wavy', offsetMm: 0.5, heightMm: 2 } } } })).toThrow(/trim line style must be gingival or straight \(got wavy\)/);
  });
});

describe('step 6: the plan may name the protocol document it was staged under', () => {
  const step = stepTo(6);

  it('leaves a v5 plan as it was: without a ref it reads as staged under settings that were never a shared document', () => {
    const v5 = storedPlan('v5.json');
    expect(step.up(v5)).toEqual(v5);
    expect(planFromJson(v5).protocolRef).toBeUndefined();
    expect('protocolRef' in planFromJson(v5)).toBe(false);
  });

  it('a v6 plan reads with its ref; a bad ref is refused, naming the field', () => {
    const v6 = storedPlan('v6.json');
    expect(planFromJson(v6).protocolRef).toEqual({ id: '5b0e7c1a-2f4d-4c6e-9a8b-1d2e3f4a5b6c', name: 'Northside adult standard', version: 3, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const ref = v6.protocolRef as Record<string, unknown>;
    expect(() => planFromJson({ ...v6, protocolRef: { ...ref, version: 0 } })).toThrow(/protocolRef\.version must be a whole number from 1 \(got 0\)/);
    expect(() => planFromJson({ ...v6, protocolRef: { ...ref, hash: 'abc' } })).toThrow(/protocolRef\.hash must be a SHA-256/);
    expect(() => planFromJson({ ...v6, protocolRef: { ...ref, id: 'a b' } })).toThrow(/protocolRef\.id must be 1-64 letters/);
    expect(() => planFromJson({ ...v6, protocolRef: null })).toThrow(/protocolRef must be an object/);
  });
});

describe('running the steps', () => {
  it('sets the schema version after each step and runs none for a plan already at the target', () => {
    const v1 = storedPlan('v1.json');
    expect(upgradePlanJson(v1, 1, 2).schemaVersion).toBe(2);
    expect(upgradePlanJson(v1, 1, 3).schemaVersion).toBe(3);
    expect(upgradePlanJson(v1, 1, 1)).toBe(v1);
  });

  it('a version with no step is a bug in the list, said plainly', () => {
    expect(() => upgradePlanJson(storedPlan('v1.json'), 1, PLAN_SCHEMA_VERSION + 1)).toThrow(/0 steps to schema/);
  });

  it('a plan from a newer studio, or of no known version, is refused before any step runs', () => {
    const current = storedPlan(`v${PLAN_SCHEMA_VERSION}.json`);
    expect(() => planFromJson({ ...current, schemaVersion: PLAN_SCHEMA_VERSION + 1, brackets: ['new'] })).toThrow(`saved by a newer version (schema ${PLAN_SCHEMA_VERSION + 1}`);
    for (const schemaVersion of [0, 1.5, '1', null, undefined]) {
      expect(() => planFromJson({ ...current, schemaVersion }), String(schemaVersion)).toThrow(/unknown plan schema version/);
    }
    expect(() => planFromJson([current])).toThrow(/must be an object/);
  });
});
