import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jawOf } from '../../core/fdi.ts';
import { isFinitePose, type Pose, type Vec3 } from '../../core/pose.ts';
import type { Jaw } from '../../core/types.ts';
import { readPairResult, type Engine, type ToothInput } from '../../engine/engine.ts';
import { neighbourPairs } from '../../core/pairs.ts';
import { createWasmEngine } from '../../engine/wasm.ts';
import { closeCrown } from '../collision-solid.ts';
import { DEMO_SEED, generateDemoCase } from '../demo/index.ts';
import type { LabelledMesh } from '../mesh.ts';
import { estimateArchFrame } from '../segmentation/arch-frame.ts';
import { loadRealScan } from '../fixtures/real-scan.ts';
import { computeToothAxes, type ToothAxes } from '../tooth-axes.ts';
import { cutCrowns } from '../tooth-crowns.ts';
import { projectOnForm } from './arch-form.ts';
import { autoSetup, type AutoSetupResult } from './auto-setup.ts';
import { toPlan } from './plan-frame.ts';
import { openContacts } from './open-contacts.ts';
import { budgetBalance } from './space-budget.ts';

function axesOf(mesh: LabelledMesh, jaw: Jaw): ToothAxes[] {
  return computeToothAxes(mesh, mesh.labels!, estimateArchFrame(mesh, jaw), jaw).teeth;
}

/** Engine input with the setup's own tooth frames (the poses are scan-frame, any frame works). */
function inputsOf(mesh: LabelledMesh, axes: ToothAxes[]): ToothInput[] {
  const byFdi = new Map(axes.map((t) => [t.fdi, t]));
  return cutCrowns(mesh).filter((c) => byFdi.has(c.fdi)).map((c) => {
    const solid = closeCrown(c.mesh, `tooth ${c.fdi}`);
    const t = byFdi.get(c.fdi)!;
    return { fdi: c.fdi, solid: solid.mesh, frame: { origin: t.origin, mesial: t.mesial, buccal: t.buccal, occlusal: t.occlusal }, crownVertexCount: solid.crownVertexCount };
  });
}

const applyPose = (p: Pose, v: Vec3): Vec3 => {
  const [x, y, z, w] = p.q;
  const uv: Vec3 = [y * v[2] - z * v[1], z * v[0] - x * v[2], x * v[1] - y * v[0]];
  const uuv: Vec3 = [y * uv[2] - z * uv[1], z * uv[0] - x * uv[2], x * uv[1] - y * uv[0]];
  return [0, 1, 2].map((k) => v[k] + 2 * (w * uv[k] + uuv[k]) + p.t[k]) as Vec3;
};

describe(`autoSetup on the demo case (seed ${DEMO_SEED})`, () => {
  const demo = generateDemoCase(DEMO_SEED);
  const axes = { upper: axesOf(demo.arches.upper.mesh, 'upper'), lower: axesOf(demo.arches.lower.mesh, 'lower') };
  const crowns: Record<number, Float32Array> = {};
  for (const jaw of ['upper', 'lower'] as const) for (const c of cutCrowns(demo.arches[jaw].mesh)) crowns[c.fdi] = c.mesh.positions;
  const result: AutoSetupResult = autoSetup({ upper: axes.upper, lower: axes.lower, crowns });
  let engine: Engine;

  beforeAll(async () => {
    engine = await createWasmEngine();
  });
  afterAll(() => engine?.dispose());

  it('leaves no neighbour overlap above 0.1 mm beyond the proposed IPR at the final stage', async () => {
    const inputs = [...inputsOf(demo.arches.upper.mesh, axes.upper), ...inputsOf(demo.arches.lower.mesh, axes.lower)];
    await engine.loadTeeth(inputs);
    await engine.computePoses({ stageCount: 2, teeth: inputs.map((t) => ({ fdi: t.fdi, target: result.poses[t.fdi], start: 0, active: 1 })) });
    const pairs = neighbourPairs(inputs.map((t) => t.fdi));
    const results = await engine.queryPairs(pairs, { stages: [1], searchMm: 1 });
    const iprAt = new Map(result.ipr.map((p) => [`${Math.min(p.mesial, p.distal)}-${Math.max(p.mesial, p.distal)}`, p.amountMm]));
    const worst: string[] = [];
    pairs.forEach((p, i) => {
      const r = readPairResult(results, i, 0);
      const allowed = (iprAt.get(`${p.a}-${p.b}`) ?? 0) + 0.1;
      if (-r.distance > allowed) worst.push(`${p.a}-${p.b}: overlap ${(-r.distance).toFixed(2)} mm, IPR ${allowed - 0.1} mm`);
    });
    expect(worst).toEqual([]);
  });

  it('keeps every IPR within the protocol maximum, in 0.1 mm steps', () => {
    expect(result.ipr.length).toBeGreaterThan(0);
    for (const p of result.ipr) {
      expect(p.amountMm).toBeGreaterThan(0);
      expect(p.amountMm).toBeLessThanOrEqual(0.5 + 1e-9);
      expect(Math.abs(p.amountMm * 10 - Math.round(p.amountMm * 10))).toBeLessThan(1e-6);
      expect(jawOf(p.mesial)).toBe(p.jaw);
    }
  });

  it.each(['upper', 'lower'] as const)('puts the %s contact points of the moved teeth within 0.5 mm of the fitted arch form', (jaw) => {
    const arch = result.arches[jaw]!;
    const byFdi = new Map(axes[jaw].map((t) => [t.fdi, t]));
    // A contact point of a moved tooth: the end of its mesial-distal axis (half its width from
    // the centroid), moved by its target pose: this fails if a tooth is not derotated onto
    // the arch, or not placed on the form.
    const end = (fdi: number, towardsMesial: boolean, share: number): Vec3 => {
      const t = byFdi.get(fdi)!;
      const d = towardsMesial ? share : -(t.widthMm - share);
      return applyPose(result.poses[fdi], [0, 1, 2].map((k) => t.origin[k] + t.mesial[k] * d) as Vec3);
    };
    let checked = 0;
    for (const c of arch.contacts) {
      if (c.spaceMm > 0 || c.mesial % 10 >= 6 || c.distal % 10 >= 6) continue;
      const tm = byFdi.get(c.mesial)!, td = byFdi.get(c.distal)!;
      // Across the midline both crowns meet with their mesial ends; elsewhere distal meets mesial.
      const midline = c.mesial % 10 === 1 && c.distal % 10 === 1;
      for (const p of [end(c.mesial, midline, tm.widthMm / 2), end(c.distal, true, td.widthMm / 2)]) {
        const [x, y] = toPlan(arch.frame, p);
        expect(projectOnForm(arch.form, x, y).distance, `contact ${c.mesial}-${c.distal}`).toBeLessThan(0.5);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(16);
  });

  it('closes the 11/21 diastema by moving the centrals, with no IPR there, and its budget adds up', () => {
    expect(openContacts(axes, ['upper'], { upper: result.arches.upper!.frame }, crowns).upper).toContain('11-21');
    expect(result.ipr.some((p) => p.mesial === 11 && p.distal === 21)).toBe(false);
    expect(result.arches.upper!.contacts.find((c) => c.mesial === 11 && c.distal === 21)!.spaceMm).toBe(0);
    for (const jaw of ['upper', 'lower'] as const) {
      const { sources, uses } = budgetBalance(result.budget[jaw]!);
      expect(Math.abs(sources - uses)).toBeLessThan(0.3);
    }
  });

  it('gives every tooth a finite target and leaves the molars in place', () => {
    for (const t of [...axes.upper, ...axes.lower]) {
      const m = result.targets[t.fdi];
      expect(Object.values(m).every(Number.isFinite), `tooth ${t.fdi}`).toBe(true);
      if (t.fdi % 10 >= 6) for (const v of Object.values(m)) expect(Math.abs(v), `tooth ${t.fdi}`).toBeLessThan(1e-6);
    }
  });
});

describe(`autoSetup options on the demo case (seed ${DEMO_SEED})`, () => {
  const demo = generateDemoCase(DEMO_SEED);
  const lower = axesOf(demo.arches.lower.mesh, 'lower');
  const upper = axesOf(demo.arches.upper.mesh, 'upper');
  const total = (r: AutoSetupResult) => r.ipr.reduce((s, p) => s + p.amountMm, 0);

  it('proposes expansion before IPR when asked, and says so', () => {
    const iprFirst = autoSetup({ lower });
    const expansionFirst = autoSetup({ lower, strategy: 'expansion-first' });
    expect(iprFirst.expansionMm.lower).toBe(0);
    expect(total(iprFirst)).toBeGreaterThan(0);
    expect(expansionFirst.expansionMm.lower).toBeGreaterThan(0);
    expect(expansionFirst.expansionMm.lower).toBeLessThanOrEqual(3);
    expect(total(expansionFirst)).toBeLessThan(total(iprFirst));
    expect(expansionFirst.notes.some((n) => n.includes('expansion'))).toBe(true);
  });

  it('moves the molars only when allowed', () => {
    const fixed = autoSetup({ lower });
    const free = autoSetup({ lower, allowMolarMovement: true });
    const moved = (r: AutoSetupResult, fdi: number) => Math.hypot(r.targets[fdi].mesial, r.targets[fdi].buccal, r.targets[fdi].extrusion);
    expect(moved(fixed, 36)).toBe(0);
    expect(moved(free, 36) + moved(free, 46)).toBeGreaterThan(0.05);
    expect(free.ipr).toEqual([]);
  });

  it('keeps the fitted widths whichever form type, and the forms differ between them', () => {
    const square = autoSetup({ upper, form: 'square' }).arches.upper!;
    const tapered = autoSetup({ upper, form: 'tapered' }).arches.upper!;
    expect(square.form.params.canineHalfWidth).toBeCloseTo(tapered.form.params.canineHalfWidth, 6);
    expect(square.form.params.molarHalfWidth).toBeCloseTo(tapered.form.params.molarHalfWidth, 6);
    const at8 = (f: typeof square.form) => f.ys[f.xs.findIndex((x) => x >= 8)] - f.params.front;
    expect(at8(tapered.form)).toBeLessThan(at8(square.form));
  });

  it('coordinates the arches: one midline, and the upper incisors ahead of the lower by about the overjet', () => {
    const r = autoSetup({ upper, lower });
    const u = r.arches.upper!, l = r.arches.lower!;
    // Both forms are symmetric about the same midline: their front points line up across it.
    const [ux, uy] = [0, u.form.params.front];
    const front = (a: typeof u, x: number, y: number) => [0, 1, 2].map((k) => a.frame.origin[k] + a.frame.left[k] * x + a.frame.anterior[k] * y);
    const pu = front(u, ux, uy), pl = front(l, 0, l.form.params.front);
    const across = (pu[0] - pl[0]) * u.frame.left[0] + (pu[1] - pl[1]) * u.frame.left[1] + (pu[2] - pl[2]) * u.frame.left[2];
    const ahead = (pu[0] - pl[0]) * u.frame.anterior[0] + (pu[1] - pl[1]) * u.frame.anterior[1] + (pu[2] - pl[2]) * u.frame.anterior[2];
    expect(Math.abs(across)).toBeLessThan(0.05);
    expect(ahead).toBeGreaterThan(2.5);
    expect(ahead).toBeLessThan(4);
    expect(r.notes.some((n) => n.startsWith('Overbite'))).toBe(true);
  });
});

describe('autoSetup on the real upper arch (upper-arch-01)', () => {
  it('runs on the ground-truth labels and returns finite targets for all 14 teeth', () => {
    const { mesh, vertexLabels } = loadRealScan();
    const teeth = computeToothAxes(mesh, vertexLabels, estimateArchFrame(mesh, 'upper'), 'upper').teeth;
    const result = autoSetup({ upper: teeth });
    expect(Object.keys(result.targets).length).toBe(14);
    for (const t of teeth) {
      expect(Object.values(result.targets[t.fdi]).every(Number.isFinite), `tooth ${t.fdi}`).toBe(true);
      expect(isFinitePose(result.poses[t.fdi])).toBe(true);
    }
    expect(result.spaceAnalysis.upper).not.toBeNull();
    expect(Number.isFinite(result.spaceAnalysis.upper!.discrepancyMm)).toBe(true);
    expect(result.bolton.anterior).toBeNull();
    expect(result.notes.length).toBeGreaterThan(2);
  });
});
