import { describe, expect, it } from 'vitest';
import { bodyPose, EngineInputError, type Engine } from './engine.ts';
import { antagonistPairs, neighbourPairs } from '../core/pairs.ts';
import { createReferenceEngine } from './reference.ts';
import { contactPair } from './fixtures/synthetic-crowns.ts';
import { archOrder } from '../core/fdi.ts';
import { applyPose, identityPose, type Pose } from '../core/pose.ts';

const key = (p: { a: number; b: number }) => `${p.a}-${p.b}`;

describe('neighbourPairs', () => {
  it('pairs each full arch in order, across the midline: 15 per arch', () => {
    const pairs = neighbourPairs([...archOrder('upper'), ...archOrder('lower')]);
    expect(pairs).toHaveLength(30);
    const keys = pairs.map(key);
    for (const k of ['11-12', '11-21', '16-17', '17-18', '21-22', '31-41', '31-32', '46-47']) expect(keys).toContain(k);
    expect(keys).not.toContain('18-21');
    expect(pairs.every((p) => p.kind === 'neighbour')).toBe(true);
  });

  it('bridges a missing tooth and ignores order of input', () => {
    const keys = neighbourPairs([15, 11, 13, 21, 12]).map(key);
    expect(keys).toEqual(['13-15', '12-13', '11-12', '11-21']);
  });

  it('the real upper arch (11-17, 21-27) has 13 neighbour pairs', () => {
    expect(neighbourPairs([11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27])).toHaveLength(13);
  });
});

describe('antagonistPairs', () => {
  const upper = archOrder('upper'), lower = archOrder('lower');
  const keys = antagonistPairs(upper, lower).map(key);

  it('pairs an upper tooth with the lower tooth in the same position and one each side', () => {
    for (const k of ['16-45', '16-46', '16-47', '13-43', '13-44', '26-36', '26-37']) expect(keys).toContain(k);
    expect(keys).not.toContain('16-44');
    expect(keys).not.toContain('16-36');
  });

  it('crosses the midline at the centrals: 11 meets 41, 42 and 31', () => {
    expect(keys.filter((k) => k.startsWith('11-')).sort()).toEqual(['11-31', '11-41', '11-42']);
    expect(keys.filter((k) => k.startsWith('21-')).sort()).toEqual(['21-31', '21-32', '21-41']);
  });

  it('puts the upper tooth first and counts 46 pairs for full arches', () => {
    expect(antagonistPairs(upper, lower).every((p) => p.a < 30 && p.b > 30 && p.kind === 'antagonist')).toBe(true);
    expect(keys).toHaveLength(46);
  });
});

describe('bodyPose', () => {
  it('maps body axes onto mesial, buccal and mesial x buccal at the origin', () => {
    const frame = { origin: [1, 2, 3] as [number, number, number], mesial: [0, -1, 0] as [number, number, number], buccal: [-1, 0, 0] as [number, number, number], occlusal: [0, 0, -1] as [number, number, number] };
    const body = bodyPose(frame);
    const m = applyPose(body, [1, 0, 0]), b = applyPose(body, [0, 1, 0]), o = applyPose(body, [0, 0, 0]);
    expect(o).toEqual([1, 2, 3]);
    [0, 1, 2].forEach((k) => {
      expect(m[k] - o[k]).toBeCloseTo(frame.mesial[k], 12);
      expect(b[k] - o[k]).toBeCloseTo(frame.buccal[k], 12);
    });
  });
});

describe('bad input gives EngineInputError naming the culprit', () => {
  async function loaded(): Promise<Engine> {
    const engine = createReferenceEngine();
    await engine.loadTeeth(contactPair(0.2));
    await engine.computePoses({ stageCount: 3, teeth: [{ fdi: 31, target: { t: [0.1, 0, 0], q: [0, 0, 0, 1] }, start: 0, active: 2 }] });
    return engine;
  }
  const nanPose: Pose = { t: [0, NaN, 0], q: [0, 0, 0, 1] };

  it('before loading or planning', async () => {
    const engine = createReferenceEngine();
    await expect(engine.computePoses({ stageCount: 2, teeth: [] })).rejects.toThrow(/loadTeeth/);
    await engine.loadTeeth(contactPair(0.2));
    await expect(engine.queryPairs([{ a: 31, b: 32 }])).rejects.toThrow(/computePoses/);
  });

  it('teeth: duplicates, bad numbers, NaN coordinates, broken frames', async () => {
    const engine = createReferenceEngine();
    const [a, b] = contactPair(0.2);
    await expect(engine.loadTeeth([a, { ...b, fdi: 31 }])).rejects.toThrow(/tooth 31 is loaded twice/);
    await expect(engine.loadTeeth([{ ...a, fdi: 19 }])).rejects.toThrow(/not an FDI tooth number: 19/);
    const nan = a.solid.positions.slice();
    nan[5] = NaN;
    await expect(engine.loadTeeth([{ ...a, solid: { positions: nan, indices: a.solid.indices } }])).rejects.toThrow(/tooth 31: its solid has non-finite/);
    await expect(engine.loadTeeth([{ ...a, frame: { ...a.frame, buccal: [1, 0, 0] } }])).rejects.toThrow(/tooth 31: its frame axes are not orthonormal/);
    await expect(engine.loadTeeth([{ ...a, solid: { positions: new Float32Array(0), indices: new Uint32Array(0) } }])).rejects.toThrow(EngineInputError);
  });

  it('plans: NaN transforms, unknown teeth, bad stages', async () => {
    const engine = await loaded();
    await expect(engine.computePoses({ stageCount: 3, teeth: [{ fdi: 31, target: nanPose, start: 0, active: 2 }] })).rejects.toThrow(/tooth 31: target pose has a missing or non-finite value/);
    await expect(engine.computePoses({ stageCount: 3, teeth: [{ fdi: 31, initial: nanPose, target: identityPose(), start: 0, active: 2 }] })).rejects.toThrow(/tooth 31: initial pose/);
    await expect(engine.computePoses({ stageCount: 3, teeth: [{ fdi: 31, target: { t: [0, 0, 0], q: [0, 0, 0, 0] }, start: 0, active: 2 }] })).rejects.toThrow(/zero rotation/);
    await expect(engine.computePoses({ stageCount: 3, teeth: [{ fdi: 11, target: identityPose(), start: 0, active: 2 }] })).rejects.toThrow(/tooth 11, which is not loaded/);
    await expect(engine.computePoses({ stageCount: 0, teeth: [] })).rejects.toThrow(/stageCount 0/);
    await expect(engine.computePoses({ stageCount: 3, teeth: [{ fdi: 31, target: identityPose(), start: NaN, active: 2 }] })).rejects.toThrow(/tooth 31: start stage NaN/);
  });

  it('pairs and queries: unknown teeth, self pairs, stages and search distances', async () => {
    const engine = await loaded();
    await expect(engine.queryPairs([{ a: 31, b: 32 }, { a: 31, b: 48 }])).rejects.toThrow(/pair 1 names tooth 48, which is not loaded/);
    await expect(engine.queryPairs([{ a: 32, b: 32 }])).rejects.toThrow(/pair 0 pairs tooth 32 with itself/);
    await expect(engine.queryPairs([{ a: 31, b: 32 }], { stages: [3] })).rejects.toThrow(/stage 3 is not one of the plan's stages 0..2/);
    await expect(engine.queryPairs([{ a: 31, b: 32 }], { searchMm: -1 })).rejects.toThrow(/searchMm -1/);
    await expect(engine.occlusionMap({ teeth: [31], antagonists: [44], stage: 0 })).rejects.toThrow(/tooth 44 is not loaded/);
    await expect(engine.updateToothTarget(31, nanPose)).rejects.toThrow(/tooth 31: target pose/);
    await expect(engine.updateToothTarget(47, identityPose())).rejects.toThrow(/tooth 47 is not loaded/);
  });

  it('a disposed engine refuses work', async () => {
    const engine = await loaded();
    engine.dispose();
    await expect(engine.queryPairs([{ a: 31, b: 32 }])).rejects.toThrow(/disposed/);
  });
});
