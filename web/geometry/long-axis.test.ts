// Long axes checked where the truth is known (generated crowns posed by the generator) and,
// on the real upper arch, against a reading by another method: the crown's mid-line.
import { describe, expect, it } from 'vitest';
import { positionOf, toothType } from '../core/fdi.ts';
import type { Jaw } from '../core/types.ts';
import { DEMO_SEED, generateDemoCase, placeDemoTeeth } from './demo/index.ts';
import { rawScan } from './demo/raw-scan.ts';
import { drawPatient } from './demo/raw-scan-patient.ts';
import { placeRawArch } from './demo/raw-scan-place.ts';
import { loadRealScan } from './fixtures/real-scan.ts';
import type { Mesh } from './mesh.ts';
import { estimateArchFrame } from './segmentation/arch-frame.ts';
import { cross, dot, orthogonalize, scale, sub, unitOrZero, type Vec3 } from './segmentation/vec.ts';
import { planFrame } from './setup/plan-frame.ts';
import { axisAngles, MAX_AXIS_CHANGE_DEG, TIP_NORMS, TORQUE_NORMS } from './setup/orientation.ts';
import { fuseLongAxis, proximalWallAxis, SHAPE_TOLERANCE_DEG, withinCone } from './long-axis.ts';
import { computeToothAxes, type ToothAxes } from './tooth-axes.ts';

const DEG = Math.PI / 180;
const angleDeg = (a: Vec3, b: Vec3) => Math.acos(Math.max(-1, Math.min(1, dot(a, b)))) / DEG;

/** Long-axis error (deg) of every tooth of an arch against the generator's crown z. */
function errors(mesh: Mesh, labels: Uint8Array, jaw: Jaw, truth: Map<number, Vec3>): { fdi: number; error: number }[] {
  const { teeth } = computeToothAxes(mesh, labels, estimateArchFrame(mesh, jaw), jaw);
  expect(teeth.length).toBe(truth.size);
  return teeth.map((t) => ({ fdi: t.fdi, error: angleDeg(t.occlusal, truth.get(t.fdi)!) }));
}

/** Tip and torque against the arch's occlusal plane, with the tooth's own mesial laid in that plane. */
function tipTorque(t: ToothAxes, n: Vec3, axis: Vec3 = t.occlusal): { tip: number; torque: number } {
  const mesial = orthogonalize(t.mesial, n);
  const c = unitOrZero(cross(n, mesial));
  return axisAngles(axis, n, mesial, dot(c, t.buccal) >= 0 ? c : scale(c, -1));
}

/** Components auto-setup would leave as measured: more than MAX_AXIS_CHANGE_DEG from the norm. */
function held(teeth: ToothAxes[], jaw: Jaw): string[] {
  const n = planFrame(teeth).occlusal;
  const out: string[] = [];
  for (const t of teeth) {
    const p = Math.min(8, positionOf(t.fdi)) - 1;
    const { tip, torque } = tipTorque(t, n);
    if (Math.abs(tip - TIP_NORMS[jaw][p]) > MAX_AXIS_CHANGE_DEG) out.push(`${t.fdi} tip`);
    if (Math.abs(torque - TORQUE_NORMS[jaw][p]) > MAX_AXIS_CHANGE_DEG) out.push(`${t.fdi} torque`);
  }
  return out;
}

describe('long axes of generated crowns with known axes', () => {
  const byType = new Map<string, number[]>();
  const record = (rows: { fdi: number; error: number }[], what: string) => {
    for (const r of rows) {
      expect(r.error, `${what} tooth ${r.fdi}`).toBeLessThan(3);
      const k = toothType(r.fdi);
      byType.set(k, [...(byType.get(k) ?? []), r.error]);
    }
  };

  it.each(['upper', 'lower'] as const)(`demo case (seed ${DEMO_SEED}) %s: every tooth within 3 deg`, (jaw) => {
    const mesh = generateDemoCase(DEMO_SEED).arches[jaw].mesh;
    const truth = new Map(placeDemoTeeth(DEMO_SEED).teeth[jaw].map((p) => [p.fdi, p.actual.z]));
    record(errors(mesh, mesh.labels!, jaw, truth), `demo ${jaw}`);
  });

  // Tipped up to 10 deg, or crowded (incisors turned up to 30 deg and staggered), both jaws.
  const cases = [1, 6].flatMap((seed) => (['upper', 'lower'] as const).flatMap((jaw) =>
    [{ tipDeg: 10 }, { crowding: 4 }].map((v) => ({ seed, jaw, ...v }))));
  it.each(cases)('raw scan seed $seed $jaw (tip $tipDeg, crowding $crowding): every tooth within 3 deg', (opts) => {
    const scan = rawScan(opts);
    const truth = new Map(placeRawArch(drawPatient(opts)).map((t) => [t.fdi, t.frame.z]));
    record(errors(scan.mesh, scan.vertexLabels, opts.jaw, truth), `seed ${opts.seed} ${opts.jaw}`);
  });

  it('covers every tooth type (mean and worst per type)', () => {
    const summary = [...byType].map(([k, v]) => `${k}: mean ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(2)}, worst ${Math.max(...v).toFixed(2)}`);
    console.log(`long-axis error on generated crowns (deg): ${summary.join('; ')}`);
    expect([...byType.keys()].sort()).toEqual(['canine', 'incisor', 'molar', 'premolar']);
  });
});

describe('fuseLongAxis', () => {
  const up: Vec3 = [0, 0, 1];
  const tilted = (deg: number): Vec3 => [Math.sin(deg * DEG), 0, Math.cos(deg * DEG)];

  it('keeps a margin normal within the tooth type tolerance of the wall axis as it is', () => {
    const margin = tilted(10), walls = tilted(12);
    expect(fuseLongAxis(margin, walls, 'molar', up)).toEqual(margin);
  });

  it('pulls a margin normal tilted by a lopsided gum line back to the edge of the tolerance', () => {
    // Margin 25 deg off, walls at 5: an incisor's axis ends 6 deg from the walls, on the margin's side.
    const fused = fuseLongAxis(tilted(25), tilted(5), 'incisor', up);
    expect(angleDeg(fused, tilted(5))).toBeCloseTo(SHAPE_TOLERANCE_DEG.incisor, 6);
    expect(angleDeg(fused, up)).toBeCloseTo(5 + SHAPE_TOLERANCE_DEG.incisor, 6);
  });

  it('falls back to the walls without a margin, to the arch without either, and never leans past 30 deg', () => {
    expect(fuseLongAxis(null, tilted(7), 'canine', up)).toEqual(tilted(7));
    expect(fuseLongAxis(null, null, 'canine', up)).toEqual(up);
    expect(angleDeg(fuseLongAxis(tilted(50), null, 'premolar', up), up)).toBeCloseTo(30, 6);
    expect(angleDeg(withinCone(tilted(50), up, 30), up)).toBeCloseTo(30, 6);
  });

  it('reads the axis of a tapered oval crown from its proximal walls, tipped 12 deg', () => {
    // An oval frustum (walls leaning in towards the top as a crown's do towards its neck),
    // tipped 12 deg about the buccal axis as a whole; only its mesial and distal walls count.
    const ring = (z: number, s: number): Vec3[] => Array.from({ length: 32 }, (_, k) => [4 * s * Math.cos((k * Math.PI) / 16), 3 * s * Math.sin((k * Math.PI) / 16), z] as Vec3);
    const tip = (p: Vec3): Vec3 => [p[0] * Math.cos(12 * DEG) + p[2] * Math.sin(12 * DEG), p[1], -p[0] * Math.sin(12 * DEG) + p[2] * Math.cos(12 * DEG)];
    const positions = new Float32Array([...ring(0, 1), ...ring(8, 0.85)].map(tip).flat());
    const indices: number[] = [];
    for (let k = 0; k < 32; k++) {
      const a = k, b = (k + 1) % 32;
      indices.push(a, b, b + 32, a, b + 32, a + 32);
    }
    const axis = proximalWallAxis({ positions, indices: new Uint32Array(indices), faces: Array.from({ length: 64 }, (_, f) => f) }, [1, 0, 0], up);
    expect(axis).not.toBeNull();
    expect(angleDeg(axis!, tip([0, 0, 1]))).toBeLessThan(0.05);
    // Flat proximal walls (a box) turn about no axis near the arch's: no reading rather than a wrong one.
    const box = new Float32Array([-4, -3, 0, 4, -3, 0, 4, 3, 0, -4, 3, 0, -3, -3, 8, 3, -3, 8, 3, 3, 8, -3, 3, 8]);
    const sides = [[0, 1, 5, 4], [1, 2, 6, 5], [2, 3, 7, 6], [3, 0, 4, 7]].flatMap(([a, b, c, d]) => [a, b, c, a, c, d]);
    expect(proximalWallAxis({ positions: box, indices: new Uint32Array(sides), faces: [0, 1, 2, 3, 4, 5, 6, 7] }, [1, 0, 0], up)).toBeNull();
  });
});

/**
 * The second reading: the crown's mid-line. Above the highest point of its gum line the crown
 * (its border with the gum) is whole all round; the mid-points between its labial and lingual (and mesial and distal)
 * extremes, slice by slice, lie on a line whose direction is the axis. It uses neither the
 * margin plane nor the proximal walls' normals.
 */
function midLineAxis(mesh: Mesh, labels: Uint8Array, t: ToothAxes): Vec3 {
  const P = mesh.positions;
  const at = (v: number): Vec3 => [P[3 * v], P[3 * v + 1], P[3 * v + 2]];
  const own: number[] = [];
  labels.forEach((l, v) => { if (l === t.fdi) own.push(v); });
  const onMargin = new Set<number>();
  const I = mesh.indices;
  for (let f = 0; f < I.length; f += 3) {
    const vs = [I[f], I[f + 1], I[f + 2]];
    if (vs.some((v) => labels[v] === 0) && vs.some((v) => labels[v] === t.fdi)) for (const v of vs) if (labels[v] === t.fdi) onMargin.add(v);
  }
  let d = t.occlusal;
  for (let pass = 0; pass < 2; pass++) {
    const m = orthogonalize(t.mesial, d), b = unitOrZero(cross(d, m));
    const h = (v: number) => dot(sub(at(v), t.origin), d);
    const lo = Math.max(...[...onMargin].map(h)) + 0.3, hi = Math.max(...own.map(h)) - 1.5;
    if (hi - lo < 1) return d;
    const K = 6;
    const ext = Array.from({ length: K }, () => [Infinity, -Infinity, Infinity, -Infinity]);
    for (const v of own) {
      const r = sub(at(v), t.origin), z = dot(r, d);
      if (z < lo || z >= hi) continue;
      const e = ext[Math.min(K - 1, Math.floor(((z - lo) / (hi - lo)) * K))];
      const x = dot(r, m), y = dot(r, b);
      e[0] = Math.min(e[0], x); e[1] = Math.max(e[1], x); e[2] = Math.min(e[2], y); e[3] = Math.max(e[3], y);
    }
    const rows = ext.map((e, k) => ({ z: lo + ((k + 0.5) * (hi - lo)) / K, x: (e[0] + e[1]) / 2, y: (e[2] + e[3]) / 2 })).filter((r) => Number.isFinite(r.x));
    const slope = (key: 'x' | 'y') => {
      const mz = rows.reduce((s, r) => s + r.z, 0) / rows.length, mv = rows.reduce((s, r) => s + r[key], 0) / rows.length;
      return rows.reduce((s, r) => s + (r.z - mz) * (r[key] - mv), 0) / rows.reduce((s, r) => s + (r.z - mz) ** 2, 0);
    };
    d = unitOrZero([0, 1, 2].map((k) => d[k] + slope('x') * m[k] + slope('y') * b[k]) as Vec3);
  }
  return d;
}

describe('long axes on the real upper arch (upper-arch-01, ground-truth labels)', () => {
  const { mesh, vertexLabels } = loadRealScan();
  const { teeth } = computeToothAxes(mesh, vertexLabels, estimateArchFrame(mesh, 'upper'), 'upper');
  const n = planFrame(teeth).occlusal;

  it('agrees on the anterior teeth with the crown mid-line, another method (torque within 12 deg, mean within 6)', () => {
    const anterior = teeth.filter((t) => positionOf(t.fdi) <= 3);
    const gaps = anterior.map((t) => Math.abs(tipTorque(t, n).torque - tipTorque(t, n, midLineAxis(mesh, vertexLabels, t)).torque));
    anterior.forEach((t, i) => expect(gaps[i], `tooth ${t.fdi}`).toBeLessThan(12));
    expect(gaps.reduce((a, b) => a + b, 0) / gaps.length).toBeLessThan(6);
  });

  it('reads tip and torque against the occlusal plane within clinically usual ranges', () => {
    // Crown angulation -10..+15 deg, inclination -15..+30 deg (long axis, untreated arches).
    for (const t of teeth) {
      const { tip, torque } = tipTorque(t, n);
      expect(tip, `tooth ${t.fdi} tip`).toBeGreaterThan(-10);
      expect(tip, `tooth ${t.fdi} tip`).toBeLessThan(15);
      expect(torque, `tooth ${t.fdi} torque`).toBeGreaterThan(-15);
      expect(torque, `tooth ${t.fdi} torque`).toBeLessThan(30);
    }
  });

  it('leaves no more components as measured than the margin plane alone did (13 of 28)', () => {
    const list = held(teeth, 'upper');
    console.log(`real upper arch, tip/torque over ${MAX_AXIS_CHANGE_DEG} deg from the norms: ${list.length} (${list.join(', ')})`);
    expect(list.length).toBeLessThanOrEqual(13);
  });

  it('leaves nothing as measured on the demo case', () => {
    const demo = generateDemoCase(DEMO_SEED);
    for (const jaw of ['upper', 'lower'] as const) {
      const m = demo.arches[jaw].mesh;
      expect(held(computeToothAxes(m, m.labels!, estimateArchFrame(m, jaw), jaw).teeth, jaw), jaw).toEqual([]);
    }
  });
});
