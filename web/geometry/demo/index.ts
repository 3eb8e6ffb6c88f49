// The bundled demo case: both arches of a generated patient, segmented, built in code from
// a seed so the studio can open it offline on first run (no files, no network). The same
// seed gives bit-identical meshes.
import type { Jaw } from '../../core/types.ts';
import type { LabelledMesh } from '../mesh.ts';
import { toothType } from '../../core/fdi.ts';
import { buildGingiva } from './gingiva.ts';
import type { GumShape, GumTooth } from './gingiva.ts';
import { demoTeeth, planMalocclusion } from './malocclusion.ts';
import type { Malposition, MalocclusionPlan } from './malocclusion.ts';
import { demoArchForms, placeArch } from './placement.ts';
import type { PlacedTooth } from './placement.ts';
import { mulberry32 } from '../../core/random.ts';

export const DEMO_SEED = 20261123;

export interface DemoArch {
  jaw: Jaw;
  /** labels: FDI per vertex, 0 gingiva. */
  mesh: LabelledMesh;
}

export interface DemoCase {
  seed: number;
  pseudonym: string;
  arches: Record<Jaw, DemoArch>;
  /**
   * What the generator did, for tests and the case notes: per tooth its applied
   * malposition (mm / deg) in the tooth frame (signs in malocclusion.ts).
   */
  malpositions: Record<number, Malposition>;
  notes: string;
}

export type { Malposition };

const GUM: Record<Jaw, GumShape> = {
  upper: { lingualRows: 18, buccalRows: 18, buccalDepth: 9, lingualDepth: 10, lingualReach: 6, buccalFlare: 1.5 },
  lower: { lingualRows: 18, buccalRows: 18, buccalDepth: 8, lingualDepth: 6.5, lingualReach: 3, buccalFlare: 1.5 },
};

/** Crowns first (each a contiguous block, margin ring first), then the gingiva. */
function archMesh(jaw: Jaw, teeth: PlacedTooth[]): LabelledMesh {
  const positions: number[] = [];
  const gum: GumTooth[] = [];
  let crownTriangles = 0;
  for (const t of teeth) {
    const start = positions.length / 3;
    const p = t.crown.positions;
    const f = t.actual;
    for (let i = 0; i < p.length; i += 3) {
      for (let k = 0; k < 3; k++) positions.push(f.origin[k] + f.x[k] * p[i] + f.y[k] * p[i + 1] + f.z[k] * p[i + 2]);
    }
    crownTriangles += t.crown.indices.length;
    gum.push({ ringStart: start, layout: t.crown.layout, eminence: toothType(t.fdi) === 'canine' ? 0.9 : 0.4 });
  }
  const gumIndices = buildGingiva(jaw, demoArchForms()[jaw], gum, GUM[jaw], positions);
  const labels = new Uint8Array(positions.length / 3);
  const indices = new Uint32Array(crownTriangles + gumIndices.length);
  let o = 0;
  teeth.forEach((t, n) => {
    labels.fill(t.fdi, gum[n].ringStart, gum[n].ringStart + t.crown.positions.length / 3);
    for (const v of t.crown.indices) indices[o++] = gum[n].ringStart + v;
  });
  indices.set(gumIndices, o);
  return { positions: Float32Array.from(positions), indices, labels };
}

/** Places both arches for a seed; exposed for tests that need the tooth frames. */
export function placeDemoTeeth(seed: number): { teeth: Record<Jaw, PlacedTooth[]>; plan: MalocclusionPlan } {
  const plan = planMalocclusion(mulberry32(seed));
  const forms = demoArchForms();
  const fdis = demoTeeth();
  return {
    teeth: {
      upper: placeArch('upper', forms.upper, fdis, plan.malpositions),
      lower: placeArch('lower', forms.lower, fdis, plan.malpositions),
    },
    plan,
  };
}

export function generateDemoCase(seed: number = DEMO_SEED): DemoCase {
  const { teeth, plan } = placeDemoTeeth(seed);
  return {
    seed,
    pseudonym: `Demo patient ${seed}`,
    arches: {
      upper: { jaw: 'upper', mesh: archMesh('upper', teeth.upper) },
      lower: { jaw: 'lower', mesh: archMesh('lower', teeth.lower) },
    },
    malpositions: plan.malpositions,
    notes: plan.notes,
  };
}
