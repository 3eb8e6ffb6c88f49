// Seeded synthetic arches with known teeth: numbering along the arch (including missing
// teeth and third molars), both jaws, and cut accuracy against the generator's labels.
import { describe, expect, it } from 'vitest';
import type { Jaw } from '../../core/types.ts';
import { toothIou } from './metrics.ts';
import { segmentArch } from './segment.ts';
import { syntheticArch } from './synthetic-arch.ts';

interface Case { jaw: Jaw; seed: number; missing?: number[]; thirdMolars?: boolean; closeSpaces?: boolean }

const cases: Case[] = [
  { jaw: 'upper', seed: 11 },
  { jaw: 'lower', seed: 12 },
  { jaw: 'upper', seed: 13, missing: [24] },
  { jaw: 'lower', seed: 14, missing: [45] },
  { jaw: 'upper', seed: 16, missing: [11] },
  { jaw: 'lower', seed: 19, missing: [47] },
  { jaw: 'upper', seed: 15, thirdMolars: true },
  // Closed spaces: no gap says a tooth is gone, only the widths of the crowns either side.
  { jaw: 'upper', seed: 43, missing: [14], closeSpaces: true },
  { jaw: 'upper', seed: 44, missing: [22], closeSpaces: true },
];

describe('segmentArch on synthetic arches', () => {
  for (const c of cases) {
    const label = `${c.jaw} seed ${c.seed}${c.missing ? `, ${c.missing.join(' ')} missing` : ''}${c.closeSpaces ? ' (space closed)' : ''}${c.thirdMolars ? ', third molars' : ''}`;
    it(`numbers exactly the teeth present (${label})`, () => {
      const arch = syntheticArch({ jaw: c.jaw, seed: c.seed, missing: c.missing, thirdMolars: c.thirdMolars, closeSpaces: c.closeSpaces });
      const seg = segmentArch(arch.mesh, { jaw: c.jaw });
      expect(seg.seeds.map((s) => s.fdi)).toEqual(arch.teeth);
      for (const m of c.missing ?? []) expect(seg.faceLabels.includes(m)).toBe(false);
      const scores = toothIou(arch.mesh, seg.faceLabels, arch.faceLabels);
      const mean = scores.reduce((s, x) => s + x.iou, 0) / scores.length;
      // The generator's crowns meet the gum at near-vertical walls sampled by long
      // triangles, so its floor is lower than the real scan's.
      expect(mean).toBeGreaterThan(0.8);
      expect(Math.min(...scores.map((s) => s.iou))).toBeGreaterThan(0.7);
    });
  }

  it('leaves a scan without crowns to the gingiva, with a warning, and does not throw', () => {
    const pos: number[] = [], idx: number[] = [];
    for (let j = 0; j <= 60; j++) for (let i = 0; i <= 80; i++) pos.push(i * 0.5, j * 0.5, 0);
    for (let j = 0; j < 60; j++) for (let i = 0; i < 80; i++) {
      const a = j * 81 + i;
      idx.push(a, a + 1, a + 82, a, a + 82, a + 81);
    }
    const flat = segmentArch({ positions: Float32Array.from(pos), indices: Uint32Array.from(idx) }, { jaw: 'upper' });
    expect(flat.seeds).toEqual([]);
    expect(flat.faceLabels.every((l) => l === 0)).toBe(true);
    expect(flat.warnings.length).toBeGreaterThan(0);
    const empty = segmentArch({ positions: new Float32Array(0), indices: new Uint32Array(0) }, { jaw: 'lower' });
    expect(empty.faceLabels.length).toBe(0);
  });

  it('makes the same arch for the same seed and a different one for another (seeds 3, 4)', () => {
    const a = syntheticArch({ jaw: 'upper', seed: 3 }), b = syntheticArch({ jaw: 'upper', seed: 3 });
    const c = syntheticArch({ jaw: 'upper', seed: 4 });
    expect(a.mesh.positions).toEqual(b.mesh.positions);
    expect(a.faceLabels).toEqual(b.faceLabels);
    expect(c.mesh.positions.length === a.mesh.positions.length && c.mesh.positions.every((x, i) => x === a.mesh.positions[i])).toBe(false);
  });
});
