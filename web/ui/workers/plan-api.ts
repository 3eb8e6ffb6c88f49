// The planner's geometry off the main thread: tooth axes, crowns and collision solids of each
// labelled arch (seconds on a real scan, unless its saved segmentation record already holds
// them), and auto-setup over them. The worker keeps the
// open case's axes and crowns, so auto-setup (run again with other options) sends nothing
// big in. What it keeps belongs to one case: every call names the case, preparing another
// case drops the last one's arches, and auto-setup uses exactly the arches the caller names,
// prepared for that case, so no arch of an earlier patient can ride into a plan.
// A factory returning a plain object: tests call it directly; plan.worker.ts exposes one
// instance through comlink. The solids' arrays go back transferred.
import { transfer } from 'comlink';
import type { Jaw } from '../../core/types.ts';
import type { ToothTarget } from '../../core/plan.ts';
import { MOVEMENT_KEYS } from '../../core/plan.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import type { ToothAxes } from '../../geometry/tooth-axes.ts';
import { archPlanParts, type SavedArchParts } from '../../geometry/setup/plan-parts.ts';
import { decodeSegmentationRecord } from '../../geometry/segmentation-record.ts';
import { autoSetup } from '../../geometry/setup/auto-setup.ts';
import type { AutoSetupOptions, AutoSetupReport, PlanArchParts, PlannerClient } from '../state/plan-types.ts';

type Sync<F> = F extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never;

/** PlannerClient's calls, answered synchronously (the worker's comlink wrap makes them promises). */
export type PlannerApi = { [K in Exclude<keyof PlannerClient, 'dispose' | 'warm' | 'autoSetup' | 'parallelArches'>]: Sync<PlannerClient[K]> } & {
  /** As PlannerClient's, with arches another planner worker prepared for the case (`borrowed`). */
  autoSetup(...args: [...Parameters<PlannerClient['autoSetup']>, borrowed?: Partial<Record<Jaw, Kept>>]): AutoSetupReport;
  /** The case's arch as prepared here (axes and crowns), for the worker running auto-setup; null when not prepared here. */
  exportArch(caseId: string, jaw: Jaw): Kept | null;
};

/** What auto-setup needs of a prepared arch: its axes and crowns. */
export interface Kept {
  teeth: ToothAxes[];
  crowns: Record<number, Float32Array>;
}

const JAWS: readonly Jaw[] = ['upper', 'lower'];

/** `archParts` is injectable so tests can compute each mesh's geometry once per file. */
export function createPlannerApi(archParts: typeof archPlanParts = archPlanParts): PlannerApi {
  let held: { caseId: string; kept: Map<Jaw, Kept> } | null = null;

  return {
    prepareArch(caseId, jaw, mesh, record) {
      if (jaw !== 'upper' && jaw !== 'lower') throw new Error(`Unknown arch '${String(jaw)}': expected upper or lower.`);
      if (held?.caseId !== caseId) held = { caseId, kept: new Map() };
      const kept = held.kept;
      // What was kept is of the arch's previous scan or labels: a failed prepare must not leave it for auto-setup.
      kept.delete(jaw);
      const { saved, note } = savedParts(jaw, record);
      const geometry = prepare(jaw, mesh, saved, archParts);
      const { crowns, ...parts } = geometry;
      kept.set(jaw, { teeth: parts.teeth, crowns });
      const out: PlanArchParts = {
        jaw,
        teeth: structuredClone(parts.teeth),
        solids: parts.solids,
        skipped: note ? [note, ...parts.skipped] : [...parts.skipped],
      };
      return transfer(out, solidBuffers(out));
    },
    autoSetup(caseId, archJaws, options, iprMaxPerContactMm, borrowed = {}) {
      const kept = new Map<Jaw, Kept>(held?.caseId === caseId ? held.kept : []);
      // An arch another planner worker prepared for this case (exportArch), when this one has not.
      for (const j of JAWS) if (!kept.has(j) && borrowed[j]) kept.set(j, borrowed[j]);
      const jaws = JAWS.filter((j) => archJaws.includes(j));
      const missing = jaws.filter((j) => !kept.has(j));
      if (jaws.length === 0 || missing.length > 0) {
        throw new Error(`Prepare the arches before auto-setup: ${missing.length > 0 ? `the ${missing.join(' and ')} arch is` : 'no arch has been'} not prepared for planning yet.`);
      }
      if (!(iprMaxPerContactMm >= 0)) throw new Error(`The IPR maximum per contact must be 0 mm or more (got ${iprMaxPerContactMm}).`);
      const crowns: Record<number, Float32Array> = {};
      for (const j of jaws) Object.assign(crowns, kept.get(j)!.crowns);
      let result;
      try {
        result = autoSetup({
          upper: kept.get('upper')?.teeth,
          lower: kept.get('lower')?.teeth,
          crowns,
          form: options.form,
          allowMolarMovement: options.allowMolarMovement,
          strategy: options.strategy,
          iprMaxPerContactMm,
          ...(options.missing ? { missing: options.missing } : {}),
        });
      } catch (e) {
        throw new Error(`Auto-setup failed: ${messageOf(e).replace(/^auto-setup: /, '').replace(/\.$/, '')}.`);
      }
      const targets: ToothTarget[] = Object.entries(result.targets)
        .map(([fdi, movement]) => ({ fdi: Number(fdi), movement: { ...movement } }))
        .filter((t) => MOVEMENT_KEYS.some((k) => t.movement[k] !== 0))
        .sort((a, b) => a.fdi - b.fdi);
      const report: AutoSetupReport = {
        options: echo(options),
        targets,
        ipr: result.ipr.map((p) => ({ jaw: p.jaw, mesial: p.mesial, distal: p.distal, amountMm: p.amountMm })),
        expansionMm: { ...result.expansionMm },
        notes: [...result.notes],
        spaceAnalysis: structuredClone(result.spaceAnalysis),
        budget: structuredClone(result.budget),
        midlines: structuredClone(result.midlines),
        gaps: jaws.flatMap((j) => (result.arches[j]?.gaps ?? []).map((g) => ({ jaw: j, missing: [...g.missing], measuredMm: g.measuredMm, choice: g.choice }))),
        bolton: structuredClone(result.bolton),
      };
      return report;
    },
    exportArch(caseId, jaw) {
      const k = held?.caseId === caseId ? held.kept.get(jaw) : undefined;
      return k ? { teeth: structuredClone(k.teeth), crowns: { ...k.crowns } } : null;
    },
    forget(caseId, jaw) {
      if (held?.caseId !== caseId) return;
      if (jaw) held.kept.delete(jaw);
      else held = null;
    },
  };
}

/** archPlanParts with its failures worded for the clinician who pressed the button. */
function prepare(jaw: Jaw, mesh: LabelledMesh, saved: SavedArchParts | undefined, archParts: typeof archPlanParts): ReturnType<typeof archPlanParts> {
  if (!mesh.labels || !mesh.labels.some((l) => l !== 0)) {
    throw new Error(`The ${jaw} arch is not segmented into teeth yet: segment it before planning.`);
  }
  if (mesh.labels.length * 3 !== mesh.positions.length) {
    throw new Error(`The ${jaw} arch's tooth labels do not match its scan (vertex count differs): segment it again.`);
  }
  let parts;
  try {
    parts = archParts(mesh, jaw, saved);
  } catch (e) {
    throw new Error(`Could not prepare the ${jaw} arch for planning: ${messageOf(e)}`);
  }
  if (parts.teeth.length === 0) throw new Error(`No tooth of the ${jaw} arch could be measured (axes and width): check its segmentation.`);
  return parts;
}

/** The saved segmentation record's parts; one that cannot be read only costs the time to measure again. */
function savedParts(jaw: Jaw, record: ArrayBuffer | undefined): { saved?: SavedArchParts; note?: string } {
  if (!record) return {};
  try {
    const r = decodeSegmentationRecord(record);
    if (r.jaw !== jaw) return { note: `The saved segmentation given for the ${jaw} arch is of the ${r.jaw} arch: its teeth were measured again from the labels.` };
    return { saved: r };
  } catch (e) {
    return { note: `The saved segmentation of the ${jaw} arch could not be read (${messageOf(e)}): its teeth were measured again from the labels.` };
  }
}

function echo(options: AutoSetupOptions): AutoSetupOptions {
  return { form: options.form, allowMolarMovement: options.allowMolarMovement, strategy: options.strategy, ...(options.missing ? { missing: { ...options.missing } } : {}) };
}

/** Each distinct buffer once: a transfer list with duplicates throws. */
function solidBuffers(parts: PlanArchParts): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  for (const s of parts.solids) {
    for (const arr of [s.mesh.positions, s.mesh.indices, s.sourceVertex]) {
      if (arr.buffer instanceof ArrayBuffer) set.add(arr.buffer);
    }
  }
  return [...set];
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
