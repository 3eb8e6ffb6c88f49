// The models worker's API: one arch's printable models, built one at a time and handed back
// as files (STL, trim line, manifest line) as each is made, so the worker holds one model at
// a time. A plain module: tests call it directly; models.worker.ts exposes it over comlink.
import { transfer } from 'comlink';
import type { Plan } from '../../core/plan.ts';
import type { Staging } from '../../core/staging.ts';
import { loadManifold } from '../../manufacture/manifold.ts';
import { parseEngravingFont, type EngravingFont } from '../../manufacture/engraving.ts';
import { caseModels, caseTrimLines, type ModelArch } from '../../manufacture/case-models.ts';
import { modelFiles, type ModelFiles } from '../../manufacture/model-files.ts';
import type { TrimSettings } from '../../manufacture/trim-line.ts';

export interface ArchModelsRequest {
  caseLabel: string;
  arch: ModelArch;
  plan: Plan;
  staging: Staging;
  stages?: number[];
  trim?: TrimSettings;
  hollow?: { wallMm: number; drainMm: number };
}

/** One stage's trim line as the viewport draws it: a closed loop, x y z per point (scan frame, mm). */
export interface StageTrimPoints {
  stage: number;
  points: Float32Array;
}

export interface ModelsApi {
  /** Builds the arch's models in order, awaiting `onModel` after each; resolves with how many were made. */
  makeArch(request: ArchModelsRequest, onModel: (files: ModelFiles) => void | Promise<void>): Promise<number>;
  /** The trim line of each of the arch's models (every stage, or `stages`), without making the models. */
  trimLines(request: Omit<ArchModelsRequest, 'caseLabel' | 'hollow'>): Promise<StageTrimPoints[]>;
}

export function createModelsApi(loadFont: () => Promise<ArrayBuffer>): ModelsApi {
  let font: Promise<EngravingFont> | null = null;
  return {
    async makeArch(request, onModel) {
      font ??= loadFont().then(parseEngravingFont);
      const [api, engraving] = await Promise.all([loadManifold(), font]);
      let made = 0;
      const input = { caseLabel: request.caseLabel, arches: [request.arch], plan: request.plan, staging: request.staging, font: engraving, ...(request.stages ? { stages: request.stages } : {}), ...(request.hollow ? { hollow: request.hollow } : {}) };
      for await (const model of caseModels(api, input, undefined, request.trim)) {
        const files = modelFiles(model);
        // The bytes move to the caller rather than being copied.
        await onModel(transfer(files, [files.stl.buffer as ArrayBuffer, files.trim.buffer as ArrayBuffer]));
        made++;
      }
      return made;
    },
    async trimLines(request) {
      const api = await loadManifold();
      const out: StageTrimPoints[] = [];
      // The case label only names files; the lines do not depend on it.
      const input = { caseLabel: 'trim', arches: [request.arch], plan: request.plan, staging: request.staging, ...(request.stages ? { stages: request.stages } : {}) };
      for await (const line of caseTrimLines(api, input, undefined, request.trim)) out.push({ stage: line.stage, points: Float32Array.from(line.trim.points.flat()) });
      return transfer(out, out.map((l) => l.points.buffer as ArrayBuffer));
    },
  };
}
