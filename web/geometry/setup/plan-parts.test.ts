import { describe, expect, it } from 'vitest';
import { DEMO_SEED, generateDemoCase } from '../demo/index.ts';
import { archPlanParts } from './plan-parts.ts';
import { isClosed } from '../collision-solid.ts';

describe(`plan parts of the demo case (seed ${DEMO_SEED})`, () => {
  const demo = generateDemoCase(DEMO_SEED);
  const parts = archPlanParts(demo.arches.upper.mesh, 'upper');

  it('gives every numbered tooth axes and a closed solid, in ascending FDI', () => {
    const fdis = [...new Set(demo.arches.upper.mesh.labels!)].filter((l) => l !== 0).sort((a, b) => a - b);
    expect(parts.teeth.map((t) => t.fdi)).toEqual(fdis);
    expect(parts.solids.map((s) => s.fdi)).toEqual(fdis);
    expect(parts.skipped).toEqual([]);
    for (const s of parts.solids) expect(isClosed(s.mesh)).toBe(true);
  });

  it('maps each crown vertex of a solid back to the scan vertex at the same place (its own label, or gingiva at the rim)', () => {
    for (const s of parts.solids) {
      expect(s.sourceVertex.length).toBe(s.crownVertexCount);
      let own = 0;
      for (let i = 0; i < s.crownVertexCount; i++) {
        const v = s.sourceVertex[i];
        const label = demo.arches.upper.mesh.labels![v];
        expect([0, s.fdi]).toContain(label);
        if (label === s.fdi) own++;
        for (let k = 0; k < 3; k++) expect(s.mesh.positions[i * 3 + k]).toBe(demo.arches.upper.mesh.positions[v * 3 + k]);
      }
      expect(own / s.crownVertexCount).toBeGreaterThan(0.9);
    }
  });

  it('refuses an arch with no tooth labels, saying so', () => {
    expect(() => archPlanParts({ ...demo.arches.upper.mesh, labels: new Uint8Array(demo.arches.upper.mesh.labels!.length) }, 'upper')).toThrow(/not segmented/);
  });
});
