// The planner's corrections as pure state transitions, on a seeded synthetic upper arch.
import { describe, expect, it } from 'vitest';
import { prepareSegmentation } from './context.ts';
import { addSeed, deleteSeed, erasePaint, moveSeed, paintFaces, recutSegmentation, renumberTooth } from './corrections.ts';
import { autoSegment, recut, type Segmentation } from './segment.ts';
import { syntheticArch } from './synthetic-arch.ts';

const count = (labels: Uint8Array, l: number) => labels.reduce((n, x) => n + (x === l ? 1 : 0), 0);
const agreement = (a: Uint8Array, b: Uint8Array) => a.reduce((n, x, i) => n + (x === b[i] ? 1 : 0), 0) / a.length;

describe('segmentation corrections (synthetic upper arch, seed 21)', () => {
  const arch = syntheticArch({ jaw: 'upper', seed: 21 });
  const ctx = prepareSegmentation(arch.mesh, { jaw: 'upper' });
  const base = autoSegment(ctx);
  const snapshot = Uint8Array.from(base.faceLabels);

  it('starts from a full automatic segmentation', () => {
    expect(base.seeds.map((s) => s.fdi)).toEqual(arch.teeth);
  });

  it('deletes a tooth and adds it back, leaving earlier states untouched (undo by keeping them)', () => {
    const without = deleteSeed(ctx, base, 14);
    expect(without.seeds.some((s) => s.fdi === 14)).toBe(false);
    expect(count(without.faceLabels, 14)).toBe(0);
    // Its neighbours keep their crowns.
    expect(count(without.faceLabels, 13)).toBeGreaterThan(0.9 * count(base.faceLabels, 13));
    const back = addSeed(ctx, without, base.seeds.find((s) => s.fdi === 14)!);
    expect(agreement(back.faceLabels, base.faceLabels)).toBeGreaterThan(0.999);
    expect(base.faceLabels).toEqual(snapshot);
    expect(base.seeds.some((s) => s.fdi === 14)).toBe(true);
  });

  it('moves a seed within its crown without changing the cut much', () => {
    const seed = base.seeds.find((s) => s.fdi === 16)!;
    // Another vertex of tooth 16, a few rings away from the seed.
    let v = seed.vertex;
    for (let i = 0; i < 4; i++) v = ctx.topo.adj[ctx.topo.adjStart[v]];
    expect(base.vertexLabels[v]).toBe(16);
    const moved = moveSeed(ctx, base, 16, v);
    expect(moved.seeds.find((s) => s.fdi === 16)!.vertex).toBe(v);
    expect(agreement(moved.faceLabels, base.faceLabels)).toBeGreaterThan(0.99);
  });

  it('re-solves only the teeth an edit touches, with the same result as solving all', () => {
    const seed = base.seeds.find((s) => s.fdi === 17)!;
    const moved = moveSeed(ctx, base, 17, ctx.topo.adj[ctx.topo.adjStart[seed.vertex]]);
    const far = (s: Segmentation) => s.fields.find((f) => f.fdi === 27);
    expect(far(moved)).toBe(far(base));
    const scratch = recut(ctx, { ...moved, fields: [] });
    expect(agreement(scratch.faceLabels, moved.faceLabels)).toBeGreaterThan(0.999);
  });

  it('renumbers by swapping labels without re-cutting', () => {
    const swapped = renumberTooth(ctx, base, 21, 22);
    expect(count(swapped.faceLabels, 22)).toBe(count(base.faceLabels, 21));
    expect(count(swapped.faceLabels, 21)).toBe(count(base.faceLabels, 22));
    expect(swapped.seeds.find((s) => s.fdi === 22)!.vertex).toBe(base.seeds.find((s) => s.fdi === 21)!.vertex);
  });

  it('keeps painted triangles as hard constraints through later cuts', () => {
    const gumNext11: number[] = [];
    const toothOf11: number[] = [];
    for (let f = 0; f < base.faceLabels.length && gumNext11.length < 40; f++) {
      if (base.faceLabels[f] !== 0) continue;
      const v = ctx.topo.indices[3 * f];
      if (Math.abs(ctx.coords.along[v] - ctx.coords.along[base.seeds.find((s) => s.fdi === 11)!.vertex]) < 2) gumNext11.push(f);
    }
    for (let f = 0; f < base.faceLabels.length && toothOf11.length < 40; f++) if (base.faceLabels[f] === 11) toothOf11.push(f);
    let painted = paintFaces(ctx, base, gumNext11, 11, { recut: false });
    painted = paintFaces(ctx, painted, toothOf11, 0, { recut: false });
    const cut = recutSegmentation(ctx, painted);
    for (const f of gumNext11) expect(cut.faceLabels[f]).toBe(11);
    for (const f of toothOf11) expect(cut.faceLabels[f]).toBe(0);
    // Another edit later still honours the paint.
    const later = moveSeed(ctx, cut, 12, cut.seeds.find((s) => s.fdi === 12)!.vertex);
    for (const f of gumNext11) expect(later.faceLabels[f]).toBe(11);
    // Erasing the paint gives the cut back its say.
    const erased = erasePaint(ctx, later, [...gumNext11, ...toothOf11]);
    expect(erased.paint.size).toBe(0);
    expect(agreement(erased.faceLabels, base.faceLabels)).toBeGreaterThan(0.999);
  });

  it('refuses numbers of the other jaw, unknown teeth and vertices off the scan', () => {
    expect(() => addSeed(ctx, base, { fdi: 31, vertex: 0 })).toThrow(RangeError);
    expect(() => addSeed(ctx, base, { fdi: 11, vertex: ctx.topo.vertexCount })).toThrow(RangeError);
    expect(() => moveSeed(ctx, base, 18, 0)).toThrow(RangeError);
    expect(() => deleteSeed(ctx, base, 18)).toThrow(RangeError);
    expect(() => paintFaces(ctx, base, [-1], 11)).toThrow(RangeError);
    expect(() => renumberTooth(ctx, base, 11, 41)).toThrow(RangeError);
  });
  // Renumbering kept the automatic numbering's doubt: the panel went on asking for a tooth
  // the planner had just named.
  it('drops the uncertain-numbering flag and its warning once the planner renumbers a tooth, and only then', () => {
    const doubt = 'The tooth numbers are uncertain on this scan: click tooth 11 (or any tooth you know) to set them.';
    const unsure: Segmentation = {
      ...base, warnings: [...base.warnings, doubt, 'tooth 16 spans 14.0 mm along the arch'],
      numbering: { ambiguous: true, alternatives: [{ numbers: base.seeds.map((s) => s.fdi), extraCost: 0.5 }] },
    };
    const moved = moveSeed(ctx, unsure, 16, unsure.seeds.find((s) => s.fdi === 16)!.vertex);
    expect(moved.numbering?.ambiguous).toBe(true);
    expect(moved.warnings).toContain(doubt);
    const named = renumberTooth(ctx, unsure, 21, 22);
    expect(named.numbering?.ambiguous).toBe(false);
    expect(named.warnings).not.toContain(doubt);
    expect(named.warnings).toContain('tooth 16 spans 14.0 mm along the arch');
    expect(unsure.numbering?.ambiguous).toBe(true);
    // Later corrections keep it settled.
    expect(recutSegmentation(ctx, named).numbering?.ambiguous).toBe(false);
  });
});
