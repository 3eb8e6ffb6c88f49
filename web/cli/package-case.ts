// What `package create` puts in a package: a case from arches (the demo or labelled scans),
// planned by the headless pipeline as the studio plans it (auto-setup, or a plan given as
// JSON), with the derived summary a viewer shows before computing and the case's first audit
// events. Planning runs on the meshes as the receiver will decode them (snapped to the
// package grid), so the summary is what the doctor's studio would derive.
import { appendEvent, type AuditEvent, type AuditEventInput } from '../core/audit.ts';
import { hashOf } from '../core/canonical.ts';
import { emptyPlan, type Plan } from '../core/plan.ts';
import { DEFAULT_PROTOCOL } from '../core/protocol.ts';
import type { Actor } from '../core/review.ts';
import { JAWS, type CaseRecord, type Jaw } from '../core/types.ts';
import type { Engine } from '../engine/engine.ts';
import { meshContentHash, quantizedMesh } from '../exchange/mesh-codec.ts';
import type { PackageArch, PackageContents } from '../exchange/package-types.ts';
import { summaryOf } from '../exchange/summary.ts';
import type { LabelledMesh } from '../geometry/mesh.ts';
import { autoSetup } from '../geometry/setup/auto-setup.ts';
import { archPlanParts } from '../geometry/setup/plan-parts.ts';
import { deriveFromRun, derivePlan, framesOf, loadCase, planSetup, runEngine, type DerivedPlan, type PreparedCase } from '../pipeline/index.ts';
import { STUDIO_VERSION } from '../core/studio-version.ts';

export interface ArchInput {
  mesh: LabelledMesh;
  sourceFiles: string[];
  format: string;
  unitScale: number;
}

export interface PackageCaseInput {
  fields: Pick<CaseRecord, 'pseudonym' | 'clinic' | 'doctor' | 'notes' | 'demo'>;
  arches: Partial<Record<Jaw, ArchInput>>;
  /** A plan to package as is; without one, auto-setup proposes it. */
  plan?: Plan;
  versionName: string;
  actor: Actor;
  now: number;
  /** The package's file name, for the export event. */
  fileName: string;
}

/** FDI numbers in the labels, ascending. */
function teethOf(labels: Uint8Array | null): number[] {
  return labels ? [...new Set(labels)].filter((l) => l !== 0).sort((a, b) => a - b) : [];
}

/** The pipeline's derivation; auto-setup as plan-case.ts runs it when no plan is given. */
async function derive(engine: Engine, parts: ReturnType<typeof archPlanParts>[], given: Plan | undefined): Promise<DerivedPlan> {
  const prepared: PreparedCase = { parts };
  if (given) return derivePlan(engine, prepared, given);
  const byJaw = Object.fromEntries(parts.map((p) => [p.jaw, p.teeth]));
  const crowns = Object.assign({}, ...parts.map((p) => p.crowns)) as Record<number, Float32Array>;
  const setup = autoSetup({ upper: byJaw.upper, lower: byJaw.lower, crowns, iprMaxPerContactMm: DEFAULT_PROTOCOL.iprMaxPerContactMm });
  const targets = Object.entries(setup.targets).map(([fdi, movement]) => ({ fdi: Number(fdi), movement }));
  const loaded = await loadCase(engine, prepared);
  const frames = framesOf(parts);
  const { staging, run } = await planSetup((p, st) => runEngine(engine, p, st, frames, loaded), emptyPlan(DEFAULT_PROTOCOL), { targets, ipr: setup.ipr, teeth: parts.flatMap((p) => p.teeth.map((t) => t.fdi)) });
  return deriveFromRun(run, staging, prepared);
}

export interface PackagedCase {
  contents: PackageContents;
  derived: DerivedPlan;
  /** What the receiver will plan from: the arches as decoded, and their parts. */
  prepared: PreparedCase;
  meshes: Partial<Record<Jaw, LabelledMesh>>;
}

export async function packageCase(input: PackageCaseInput, engine: Engine): Promise<PackagedCase> {
  const caseId = crypto.randomUUID();
  const arches: Partial<Record<Jaw, PackageArch>> = {};
  const meshes: Partial<Record<Jaw, LabelledMesh>> = {};
  for (const jaw of JAWS) {
    const a = input.arches[jaw];
    if (!a) continue;
    const mesh = quantizedMesh(a.mesh);
    meshes[jaw] = mesh;
    arches[jaw] = {
      jaw, sourceFiles: [...a.sourceFiles], format: a.format, teeth: teethOf(a.mesh.labels), unitScale: a.unitScale,
      importedAt: input.now, mesh, meshHash: meshContentHash(mesh),
    };
  }
  const parts = JAWS.filter((j) => meshes[j]).map((j) => archPlanParts(meshes[j]!, j));
  const derived = await derive(engine, parts, input.plan);
  const plan = derived.plan;
  const versionId = crypto.randomUUID();

  let audit: AuditEvent[] = [];
  const record = (e: Omit<AuditEventInput, 'caseId' | 'at' | 'actor'>) => {
    audit = [...audit, appendEvent({ ...e, caseId, at: input.now, actor: input.actor }, audit.slice(-1))];
  };
  const sources = [...new Set(Object.values(arches).map((a) => a.sourceFiles.join(' + ')))];
  record({ kind: 'case-created', summary: `Created case "${input.fields.pseudonym}" from ${sources.join(' and ')}` });
  record({ kind: 'version-saved', summary: `Saved plan version "${input.versionName}"`, detail: { versionId } });
  record({ kind: 'package-exported', summary: `Exported package ${input.fileName}`, detail: { kind: 'case', file: input.fileName } });

  const contents: PackageContents = {
    kind: 'case',
    studioVersion: STUDIO_VERSION,
    exportedAt: input.now,
    exportedBy: { ...input.actor },
    case: { id: caseId, ...input.fields, status: 'doctor-review', createdAt: input.now, updatedAt: input.now },
    arches,
    working: { plan, hash: hashOf(plan) },
    versions: [{ id: versionId, name: input.versionName, savedAt: input.now, plan }],
    summary: summaryOf(derived),
    comments: [],
    decisions: [],
    audit,
  };
  return { contents, derived, prepared: { parts }, meshes };
}
