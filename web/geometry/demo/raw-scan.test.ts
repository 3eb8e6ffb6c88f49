// The generated raw scans are what the segmentation is judged on, so each option must do
// what it says: same seed same mesh, real variation between seeds, the teeth asked for and
// no others, crown-only without gum, triangle counts on target, a welded clean surface.
import { describe, expect, it } from 'vitest';
import type { Mesh } from '../mesh.ts';
import { DEMO_SEED, generateDemoCase } from './index.ts';
import { rawScan } from './raw-scan.ts';
import type { RawScan } from './raw-scan.ts';
import { orientationDefects } from './checks.ts';

function vertexSet(scan: RawScan, fdi: number): number[] {
  const out: number[] = [];
  scan.vertexLabels.forEach((l, v) => { if (l === fdi) out.push(v); });
  return out;
}

function centre(scan: RawScan, fdi: number): [number, number, number] {
  const vs = vertexSet(scan, fdi);
  const P = scan.mesh.positions;
  const c: [number, number, number] = [0, 0, 0];
  for (const v of vs) for (let k = 0; k < 3; k++) c[k] += P[3 * v + k] / vs.length;
  return c;
}

/** Horizontal extent of a tooth along the arch at its position (x for incisors at the front). */
function xExtent(scan: RawScan, fdi: number): number {
  const xs = vertexSet(scan, fdi).map((v) => scan.mesh.positions[3 * v]);
  return Math.max(...xs) - Math.min(...xs);
}

function closestDistance(scan: RawScan, a: number, b: number): number {
  const P = scan.mesh.positions;
  const vb = vertexSet(scan, b);
  let best = Infinity;
  for (const i of vertexSet(scan, a)) {
    for (const j of vb) {
      const d = (P[3 * i] - P[3 * j]) ** 2 + (P[3 * i + 1] - P[3 * j + 1]) ** 2 + (P[3 * i + 2] - P[3 * j + 2]) ** 2;
      if (d < best) best = d;
    }
  }
  return Math.sqrt(best);
}

/** Connected components of the triangles (sharing a vertex), as the set of labels in each. */
function components(mesh: Mesh, faceLabels: Uint8Array): Array<Set<number>> {
  const parent = Int32Array.from({ length: mesh.positions.length / 3 }, (_, i) => i);
  const find = (v: number): number => { while (parent[v] !== v) { parent[v] = parent[parent[v]]; v = parent[v]; } return v; };
  const I = mesh.indices;
  for (let t = 0; t < I.length; t += 3) { parent[find(I[t + 1])] = find(I[t]); parent[find(I[t + 2])] = find(I[t]); }
  const byRoot = new Map<number, Set<number>>();
  for (let f = 0; f < I.length / 3; f++) {
    const r = find(I[3 * f]);
    if (!byRoot.has(r)) byRoot.set(r, new Set());
    byRoot.get(r)!.add(faceLabels[f]);
  }
  return [...byRoot.values()];
}

/** What would keep a mesh from being one welded scanner surface; zeros when clean. */
function weldDefects(mesh: Mesh): { duplicateVertices: number; nonManifoldEdges: number; degenerate: number; unused: number } {
  const P = mesh.positions, I = mesh.indices;
  const seen = new Set<string>();
  let duplicateVertices = 0;
  for (let v = 0; v < P.length / 3; v++) {
    const key = `${Math.round(P[3 * v] * 1e4)},${Math.round(P[3 * v + 1] * 1e4)},${Math.round(P[3 * v + 2] * 1e4)}`;
    if (seen.has(key)) duplicateVertices++;
    seen.add(key);
  }
  const edges = new Map<number, number>();
  const nv = P.length / 3;
  const used = new Uint8Array(nv);
  let degenerate = 0;
  for (let t = 0; t < I.length; t += 3) {
    const [a, b, c] = [I[t], I[t + 1], I[t + 2]];
    used[a] = used[b] = used[c] = 1;
    const ux = P[3 * b] - P[3 * a], uy = P[3 * b + 1] - P[3 * a + 1], uz = P[3 * b + 2] - P[3 * a + 2];
    const vx = P[3 * c] - P[3 * a], vy = P[3 * c + 1] - P[3 * a + 1], vz = P[3 * c + 2] - P[3 * a + 2];
    const area = Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx) / 2;
    if (a === b || b === c || a === c || area < 1e-6) degenerate++;
    for (const [p, q] of [[a, b], [b, c], [c, a]]) {
      const key = Math.min(p, q) * nv + Math.max(p, q);
      edges.set(key, (edges.get(key) ?? 0) + 1);
    }
  }
  let nonManifoldEdges = 0;
  for (const n of edges.values()) if (n > 2) nonManifoldEdges++;
  return { duplicateVertices, nonManifoldEdges, degenerate, unused: used.reduce((s, u) => s + (1 - u), 0) };
}

const labelsOf = (scan: RawScan): number[] => [...new Set(scan.faceLabels)].filter((l) => l > 0).sort((a, b) => a - b);
const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

describe('rawScan: seeds', () => {
  it('gives bit-identical meshes and labels for the same options (upper seed 7, missing 24, 60k)', () => {
    const o = { jaw: 'upper' as const, seed: 7, missing: [24], crowding: 3, triangles: 60_000 };
    const a = rawScan(o), b = rawScan(o);
    expect(Buffer.from(a.mesh.positions.buffer).equals(Buffer.from(b.mesh.positions.buffer))).toBe(true);
    expect(a.mesh.indices).toEqual(b.mesh.indices);
    expect(a.faceLabels).toEqual(b.faceLabels);
    expect(a.vertexLabels).toEqual(b.vertexLabels);
  });

  it('varies the patient with the seed, not just the noise (lower seeds 1-6, no noise)', () => {
    const scans = [1, 2, 3, 4, 5, 6].map((seed) => rawScan({ jaw: 'lower', seed, noiseMm: 0 }));
    // Crown sizes, arch width and tooth positions all move by more than a scanner's noise.
    const widths = scans.map((s) => xExtent(s, 41));
    const archWidths = scans.map((s) => centre(s, 36)[0] - centre(s, 46)[0]);
    expect(Math.max(...widths) - Math.min(...widths)).toBeGreaterThan(0.3);
    expect(Math.max(...archWidths) - Math.min(...archWidths)).toBeGreaterThan(1.5);
    const c11 = scans.map((s) => centre(s, 31));
    expect(Math.hypot(c11[0][0] - c11[1][0], c11[0][1] - c11[1][1], c11[0][2] - c11[1][2])).toBeGreaterThan(0.1);
  });

  it('leaves the bundled demo case alone (DEMO_SEED still builds its 28 teeth)', () => {
    // demo.test.ts pins the demo bit for bit; this guards the shared builders' defaults.
    const demo = generateDemoCase(DEMO_SEED);
    expect(demo.arches.upper.mesh.indices.length / 3).toBe(59672);
    expect(demo.arches.lower.mesh.indices.length / 3).toBe(59672);
  });
});

describe('rawScan: frame and anatomy', () => {
  it('stands in the shared scans frame: +z superior, -y anterior, +x the patient left (seed 2, both jaws)', () => {
    for (const jaw of ['upper', 'lower'] as const) {
      const s = rawScan({ jaw, seed: 2 });
      const q = jaw === 'upper' ? [1, 2] : [4, 3];
      const crownZ = centre(s, q[0] * 10 + 6)[2];
      let gumZ = 0, n = 0;
      s.vertexLabels.forEach((l, v) => { if (l === 0) { gumZ += s.mesh.positions[3 * v + 2]; n++; } });
      gumZ /= n;
      // Upper crowns hang below their gum (point to -z); lower crowns stand above theirs.
      expect(jaw === 'upper' ? crownZ < gumZ : crownZ > gumZ).toBe(true);
      expect(centre(s, q[0] * 10 + 1)[1]).toBeLessThan(centre(s, q[0] * 10 + 6)[1] - 15);
      expect(centre(s, q[0] * 10 + 3)[0]).toBeLessThan(-10);
      expect(centre(s, q[1] * 10 + 3)[0]).toBeGreaterThan(10);
    }
  });

  it('lists the teeth from the patient right to left and labels exactly those (seed 3)', () => {
    const upper = rawScan({ jaw: 'upper', seed: 3, thirdMolars: true });
    expect(upper.teeth).toEqual([18, 17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27, 28]);
    expect(labelsOf(upper)).toEqual(sorted(upper.teeth));
    const lower = rawScan({ jaw: 'lower', seed: 3 });
    expect(lower.teeth).toEqual([47, 46, 45, 44, 43, 42, 41, 31, 32, 33, 34, 35, 36, 37]);
    expect(labelsOf(lower)).toEqual(sorted(lower.teeth));
  });

  it('sizes teeth by jaw: lower incisors 4.5-6.5 mm, narrower than upper centrals 7.5-10 mm (seeds 1-8)', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const lower = rawScan({ jaw: 'lower', seed, rotationDeg: 0 });
      const upper = rawScan({ jaw: 'upper', seed, rotationDeg: 0 });
      for (const fdi of [41, 31]) {
        expect(xExtent(lower, fdi)).toBeGreaterThan(4.5);
        expect(xExtent(lower, fdi)).toBeLessThan(6.5);
      }
      for (const fdi of [11, 21]) {
        expect(xExtent(upper, fdi)).toBeGreaterThan(7.5);
        expect(xExtent(upper, fdi)).toBeLessThan(10);
        expect(xExtent(upper, fdi)).toBeGreaterThan(xExtent(lower, 41) + 1.5);
      }
    }
  });
});

describe('rawScan: options', () => {
  it('missing teeth are absent from the labels and leave their space open (upper seed 4, 14 and 26)', () => {
    const s = rawScan({ jaw: 'upper', seed: 4, missing: [14, 26] });
    expect(s.teeth).not.toContain(14);
    expect(s.teeth).not.toContain(26);
    expect(labelsOf(s)).toEqual(sorted(s.teeth));
    expect(closestDistance(s, 13, 15)).toBeGreaterThan(5);
    expect(closestDistance(s, 25, 27)).toBeGreaterThan(8);
  });

  it('a partial arch keeps its gum ridge over the missing molars (lower seed 5, 46 47 missing)', () => {
    const full = rawScan({ jaw: 'lower', seed: 5 });
    const partial = rawScan({ jaw: 'lower', seed: 5, missing: [46, 47] });
    const distalGum = (s: RawScan): number => {
      let y = -Infinity;
      s.vertexLabels.forEach((l, v) => { if (l === 0 && s.mesh.positions[3 * v] < 0) y = Math.max(y, s.mesh.positions[3 * v + 1]); });
      return y;
    };
    expect(distalGum(partial) - centre(partial, 45)[1]).toBeGreaterThan(18);
    expect(Math.abs(distalGum(partial) - distalGum(full))).toBeLessThan(4);
  });

  it('a closed space brings the neighbours into contact (lower seed 5, 34 closed)', () => {
    const s = rawScan({ jaw: 'lower', seed: 5, closedSpaces: [34] });
    expect(labelsOf(s)).not.toContain(34);
    expect(s.teeth).toEqual([47, 46, 45, 44, 43, 42, 41, 31, 32, 33, 35, 36, 37]);
    expect(closestDistance(s, 33, 35)).toBeLessThan(0.6);
  });

  it('crowding staggers and turns the anterior teeth; spacing opens the contacts (upper seed 6)', () => {
    const plain = rawScan({ jaw: 'upper', seed: 6, noiseMm: 0 });
    const crowded = rawScan({ jaw: 'upper', seed: 6, crowding: 6, noiseMm: 0 });
    const spaced = rawScan({ jaw: 'upper', seed: 6, spacing: 5, noiseMm: 0 });
    // Labial-lingual stagger: the incisors' distance from the arch front changes by mm.
    const shift = [11, 12, 21, 22].map((f) => Math.abs(centre(crowded, f)[1] - centre(plain, f)[1]));
    expect(Math.max(...shift)).toBeGreaterThan(0.8);
    const contacts = (s: RawScan): number => [[11, 21], [11, 12], [12, 13], [21, 22], [22, 23]].reduce((sum, [a, b]) => sum + closestDistance(s, a, b), 0);
    expect(contacts(spaced)).toBeGreaterThan(contacts(plain) + 1.2);
  });

  it('crown-only trimmed has no gum, every vertex on a tooth, one joined surface (lower seed 8)', () => {
    const s = rawScan({ jaw: 'lower', seed: 8, crownOnly: 'trimmed' });
    expect(s.faceLabels.every((l) => l > 0)).toBe(true);
    expect(s.vertexLabels.every((l) => l > 0)).toBe(true);
    expect(labelsOf(s)).toEqual(sorted(s.teeth));
    expect(components(s.mesh, s.faceLabels).length).toBe(1);
    // Where the teeth stand apart (spacing) the trimmed crowns are not joined either.
    const spaced = rawScan({ jaw: 'lower', seed: 8, crownOnly: 'trimmed', spacing: 5 });
    expect(components(spaced.mesh, spaced.faceLabels).length).toBeGreaterThan(1);
    expect(spaced.faceLabels.every((l) => l > 0)).toBe(true);
  });

  it('crown-only separate is one component per tooth, each a single label (upper seed 9, third molars)', () => {
    const s = rawScan({ jaw: 'upper', seed: 9, crownOnly: 'separate', thirdMolars: true });
    expect(s.vertexLabels.every((l) => l > 0)).toBe(true);
    const parts = components(s.mesh, s.faceLabels);
    expect(parts.length).toBe(16);
    expect(parts.every((p) => p.size === 1)).toBe(true);
    expect(sorted(parts.map((p) => [...p][0]))).toEqual(sorted(s.teeth));
  });

  it('hits the triangle target within 15% at 50k, 300k and 500k (seed 10)', () => {
    const cases = [
      { jaw: 'upper' as const, triangles: 50_000 },
      { jaw: 'lower' as const, triangles: 50_000, thirdMolars: true },
      { jaw: 'lower' as const, triangles: 300_000 },
      { jaw: 'upper' as const, triangles: 300_000, crownOnly: 'trimmed' as const },
      { jaw: 'upper' as const, triangles: 500_000, missing: [12] },
    ];
    for (const c of cases) {
      const n = rawScan({ seed: 10, ...c }).mesh.indices.length / 3;
      expect(Math.abs(n / c.triangles - 1)).toBeLessThan(0.15);
    }
    expect(() => rawScan({ jaw: 'upper', seed: 10, triangles: 5_000_000 })).toThrow(/between/);
  });

  it('non-separate variants are one welded, consistently wound surface without degenerate triangles (seed 11)', () => {
    const variants = [
      { jaw: 'upper' as const },
      { jaw: 'lower' as const, thirdMolars: true, crowding: 5 },
      { jaw: 'upper' as const, missing: [15], spacing: 3 },
      { jaw: 'lower' as const, closedSpaces: [44], missing: [36, 37] },
      { jaw: 'upper' as const, crownOnly: 'trimmed' as const },
    ];
    for (const v of variants) {
      const s = rawScan({ seed: 11, triangles: 80_000, ...v });
      expect(weldDefects(s.mesh)).toEqual({ duplicateVertices: 0, nonManifoldEdges: 0, degenerate: 0, unused: 0 });
      expect(orientationDefects(s.mesh.indices)).toBe(0);
      expect(components(s.mesh, s.faceLabels).length).toBe(1);
    }
  });
});
