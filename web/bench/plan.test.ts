// The issue #5 bench section on the demo case with the WASM engine: the counts it reports
// are the case's (pairs recomputed per move = the pairs that involve the moved tooth) and
// every figure is a finite number. Timings are measured, never asserted. Needs
// engine-asm/build/release.wasm (`npm run asbuild`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { jawOf } from '../core/fdi.ts';
import { antagonistPairs, neighbourPairs } from '../core/pairs.ts';
import { createWasmEngine } from '../engine/wasm.ts';
import { chooseTeeth, runPlanBench, type PlanBenchReport } from './plan.ts';

const WASM = fileURLToPath(new URL('../../engine-asm/build/release.wasm', import.meta.url));

describe('plan bench on the demo case (move seed 77)', () => {
  let r: PlanBenchReport;
  beforeAll(async () => {
    if (!existsSync(WASM)) throw new Error(`${WASM} is missing: run \`npm run asbuild\` before the tests`);
    r = await runPlanBench({ createEngine: () => createWasmEngine(), moves: 6, seed: 77, repeats: 1 });
  });

  it('reports the case sizes consistently', () => {
    expect(r.backend).toBe('wasm');
    expect(r.teeth).toBe(r.fdis.length);
    expect(r.fdis.some((f) => jawOf(f) === 'upper') && r.fdis.some((f) => jawOf(f) === 'lower')).toBe(true);
    const upper = r.fdis.filter((f) => jawOf(f) === 'upper'), lower = r.fdis.filter((f) => jawOf(f) === 'lower');
    expect(r.neighbourPairs).toBe(neighbourPairs(r.fdis).length);
    expect(r.antagonistPairs).toBe(antagonistPairs(upper, lower).length);
    expect(r.pairs).toBe(r.neighbourPairs + r.antagonistPairs);
    expect(r.stages).toBeGreaterThan(1);
    expect(r.pairStages).toBe(r.pairs * r.stages);
  });

  it('recomputes exactly the moved tooth\'s pairs at every stage', () => {
    const pairs = [...neighbourPairs(r.fdis), ...antagonistPairs(r.fdis.filter((f) => jawOf(f) === 'upper'), r.fdis.filter((f) => jawOf(f) === 'lower'))];
    expect(r.moveOneTooth.moves.map((m) => m.fdi)).toEqual(chooseTeeth(r.fdis, 6, 77));
    expect(new Set(r.moveOneTooth.moves.map((m) => m.fdi)).size).toBe(6);
    for (const m of r.moveOneTooth.moves) {
      expect(m.pairsRecomputed, `tooth ${m.fdi}`).toBe(pairs.filter((p) => p.a === m.fdi || p.b === m.fdi).length);
      expect(m.pairsRecomputed).toBeGreaterThan(0);
      expect(m.stages).toBe(r.stages);
    }
  });

  it('gives finite, non-negative times and findings', () => {
    const times = [
      r.prepare_ms.archPlanParts, r.prepare_ms.loadTeeth, r.autoSetup_ms, r.wholePlan.median_ms, ...r.wholePlan.runs_ms,
      ...Object.values(r.wholePlan.parts_ms), r.moveOneTooth.median_ms, r.moveOneTooth.max_ms, ...r.moveOneTooth.moves.map((m) => m.ms),
    ];
    for (const t of times) expect(Number.isFinite(t) && t >= 0).toBe(true);
    expect(r.wholePlan.runs_ms).toHaveLength(1);
    expect(r.moveOneTooth.max_ms).toBe(Math.max(...r.moveOneTooth.moves.map((m) => m.ms)));
    expect(Number.isInteger(r.wholePlan.collisions) && r.wholePlan.collisions >= 0).toBe(true);
    expect(r.wholePlan.collisions).toBeLessThanOrEqual(r.pairStages);
    expect(r.moveOneTooth.target_ms).toBe(50);
  });
});

describe('chooseTeeth', () => {
  it('draws distinct teeth, the same for the same seed (seed 3)', () => {
    const fdis = [11, 12, 13, 14, 21, 22, 23, 24];
    const a = chooseTeeth(fdis, 5, 3);
    expect(a).toEqual(chooseTeeth(fdis, 5, 3));
    expect(new Set(a).size).toBe(5);
    expect(a.every((f) => fdis.includes(f))).toBe(true);
    expect(chooseTeeth(fdis, 20, 3).sort((x, y) => x - y)).toEqual(fdis);
  });
});
