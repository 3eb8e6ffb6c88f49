// Every printable model of a case: for each arch, the template (stage 0) and one model per
// aligner, over-correction included, each posed as the plan stages it (core/staging.ts
// stagePoses, the engine's interpolation) with the attachments on at that stage. The studio's
// export worker, the CLI and the bench all come through here.
import type { Attachment } from '../core/attachments.ts';
import type { Fdi } from '../core/fdi.ts';
import type { Pose } from '../core/pose.ts';
import type { Jaw } from '../core/types.ts';
import type { Plan } from '../core/plan.ts';
import { stagePoses, type Staging } from '../core/staging.ts';
import type { LabelledMesh, Mesh } from '../geometry/mesh.ts';
import type { PlanArchParts } from '../geometry/setup/plan-parts.ts';
import { gingivaBinding } from '../geometry/gingiva-follow.ts';
import { crownVertexLabels, gingivaTriangles, toothTriangles } from '../geometry/arch-tissue.ts';
import type { ToothFrame } from '../core/tooth-frame.ts';
import type { Vec3 } from '../core/vec.ts';
import type { ManifoldApi } from './manifold.ts';
import { attachmentSolid } from './attachment-solid.ts';
import { capTriangles } from './crown-cap.ts';
import { archModel, archModelSource, archTrimLine, deleteArchModelSource, ModelError, type ArchModelSource, type HollowSettings } from './arch-model.ts';
import type { EngravingFont } from './engraving.ts';
import { archLetter, caseFileLabel, modelInputProblems, modelJobs, type ModelJob } from './model-jobs.ts';

export { archLetter, caseFileLabel, modelInputProblems, modelJobs, type ModelJob };
import type { TrimLine, TrimSettings } from './trim-line.ts';

export interface ModelArch {
  jaw: Jaw;
  /** The scan with its per-vertex FDI labels (0 gingiva). */
  mesh: LabelledMesh;
  parts: PlanArchParts;
}

export interface CaseModelsInput {
  /** Engraved on every base and the start of every file name. */
  caseLabel: string;
  arches: readonly ModelArch[];
  plan: Plan;
  staging: Staging;
  font: EngravingFont;
  heightMm?: number;
  gridMm?: number;
  /** Only these stages (a preview, a test); all by default. */
  stages?: readonly number[];
  /** Hollow models with drain holes; solid by default. */
  hollow?: HollowSettings;
}

export interface BuiltModel extends ModelJob {
  mesh: Mesh;
  triangles: number;
  volumeMm3: number;
  toothSurfaceErrorMm: number;
  attachments: number;
  trim: TrimLine;
  /** The model's up axis (base to cusps) and its height, base to the highest cusp tip, mm. */
  up: Vec3;
  heightMm: number;
}

/**
 * The plan's attachments on these teeth as solids at the scan position, placed on each tooth's
 * collision solid (its first vertices are the crown's) by its axes: what the viewport draws and
 * the models carry. One that cannot be placed (no crown surface there) is named in `problems`.
 */
export function attachmentSolids(api: ManifoldApi, attachments: readonly Attachment[], parts: readonly Pick<PlanArchParts, 'solids' | 'teeth'>[]): { placed: { attachment: Attachment; mesh: Mesh }[]; problems: string[] } {
  const solids = new Map(parts.flatMap((p) => p.solids.map((s) => [s.fdi, s.mesh] as const)));
  const axes = new Map(parts.flatMap((p) => p.teeth.map((t) => [t.fdi, t] as const)));
  const placed: { attachment: Attachment; mesh: Mesh }[] = [];
  const problems: string[] = [];
  for (const a of attachments) {
    const solid = solids.get(a.fdi), frame = axes.get(a.fdi);
    if (!solid || !frame) continue;
    try {
      placed.push({ attachment: a, mesh: attachmentSolid(api, { attachment: a, crown: solid, frame }).mesh });
    } catch (e) {
      problems.push(`The attachment on ${a.fdi} cannot be placed: ${e instanceof Error ? e.message : String(e)}.`);
    }
  }
  return { placed, problems };
}

function placedOrThrow(api: ManifoldApi, attachments: readonly Attachment[], parts: PlanArchParts): { attachment: Attachment; mesh: Mesh }[] {
  const { placed, problems } = attachmentSolids(api, attachments, [parts]);
  if (problems.length) throw new ModelError(problems.join(' '));
  return placed;
}

function framesOfArch(parts: PlanArchParts): Map<Fdi, ToothFrame> {
  return new Map(parts.teeth.map((t) => [t.fdi, { origin: t.origin, mesial: t.mesial, buccal: t.buccal, occlusal: t.occlusal }]));
}

async function sourceOf(api: ManifoldApi, arch: ModelArch, input: Omit<CaseModelsInput, 'font'>): Promise<ArchModelSource> {
  const { mesh, parts } = arch;
  const labels = mesh.labels!;
  const frames = framesOfArch(parts);
  const binding = gingivaBinding(mesh.positions, mesh.indices, crownVertexLabels(toothTriangles(mesh.indices, labels), labels));
  const vertexCount = mesh.positions.length / 3;
  return archModelSource(api, {
    jaw: arch.jaw,
    positions: mesh.positions,
    gumTriangles: gingivaTriangles(mesh.indices, labels),
    binding,
    frames,
    teeth: parts.solids.map((s) => ({ fdi: s.fdi, mesh: s.mesh, cap: capTriangles(s, mesh.indices, vertexCount) })),
    attachments: placedOrThrow(api, input.plan.attachments, parts).map(({ attachment, mesh: m }) => ({ fdi: attachment.fdi, mesh: m, stagePlaced: attachment.stagePlaced, stageRemoved: attachment.stageRemoved })),
    templatePoses: stagePoses(input.staging, frames, 0),
    heightMm: input.heightMm ?? input.plan.protocol.models.heightMm,
  });
}

/**
 * Each stage to make, in order, with its arch's source (built once per arch and freed when
 * the arch is done, or when the caller stops) and the teeth's poses there.
 */
async function* stagesToMake(api: ManifoldApi, input: Omit<CaseModelsInput, 'font'>, signal?: AbortSignal): AsyncGenerator<{ job: ModelJob; source: ArchModelSource; poses: ReadonlyMap<Fdi, Pose> }> {
  const problems = modelInputProblems(input);
  if (problems.length) throw new ModelError(problems.join(' '));
  const jobs = modelJobs(input);
  for (const arch of input.arches) {
    const mine = jobs.filter((j) => j.jaw === arch.jaw);
    if (mine.length === 0) continue;
    const source = await sourceOf(api, arch, input);
    const frames = framesOfArch(arch.parts);
    try {
      for (const job of mine) {
        signal?.throwIfAborted();
        yield { job, source, poses: stagePoses(input.staging, frames, job.stage) };
      }
    } finally {
      deleteArchModelSource(source);
    }
  }
}

/**
 * The models one by one (a caller writes each and lets it go, so memory holds one model at a
 * time). Stops between models when `signal` is aborted. Throws ModelError with the stage and
 * arch when a model cannot be made or fails its checks.
 */
export async function* caseModels(api: ManifoldApi, input: CaseModelsInput, signal?: AbortSignal, trimSettings?: TrimSettings): AsyncGenerator<BuiltModel> {
  // The plan's protocol says how tall the models are and where they are trimmed, unless the caller says otherwise.
  const trim = trimSettings ?? input.plan.protocol.models.trim;
  const label = caseFileLabel(input.caseLabel);
  for await (const { job, source, poses } of stagesToMake(api, input, signal)) {
    const model = archModel(api, source, { stage: job.stage, poses, label: [label, `${archLetter(job.jaw)} ${String(job.stage).padStart(2, '0')}`], font: input.font, gridMm: input.gridMm, trim, ...(input.hollow ? { hollow: input.hollow } : {}) });
    yield { ...job, mesh: model.mesh, triangles: model.check.triangles, volumeMm3: model.check.volume, toothSurfaceErrorMm: model.toothSurfaceErrorMm, attachments: model.attachments, trim: model.trim, up: source.basis.up, heightMm: source.heightMm };
  }
}

export interface StageTrimLine {
  jaw: Jaw;
  stage: number;
  trim: TrimLine;
}

/**
 * Every model's trim line (the stages `modelJobs` makes), without the models: what the
 * viewport draws over the teeth at each stage. Same refusals as caseModels.
 */
export async function* caseTrimLines(api: ManifoldApi, input: Omit<CaseModelsInput, 'font'>, signal?: AbortSignal, trimSettings?: TrimSettings): AsyncGenerator<StageTrimLine> {
  const trim = trimSettings ?? input.plan.protocol.models.trim;
  for await (const { job, source, poses } of stagesToMake(api, input, signal)) {
    yield { jaw: job.jaw, stage: job.stage, trim: archTrimLine(api, source, { poses, trim, gridMm: input.gridMm }) };
  }
}
