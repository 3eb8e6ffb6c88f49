// The main thread's side of making a case's models for the lab: two workers where the
// machine has the cores, sharing each arch's stages, each model written into one zip as it
// arrives, the chart and manifest last. Cancelling stops the workers at once and leaves nothing behind.
import { proxy } from 'comlink';
import { createWorkerSlot, type WorkerEndpoint, type WorkerSlot } from '../../engine/worker-slot.ts';
import type { Plan } from '../../core/plan.ts';
import type { Staging } from '../../core/staging.ts';
import type { ModelArch } from '../../manufacture/case-models.ts';
import { modelInputProblems, modelJobs } from '../../manufacture/model-jobs.ts';
import { addModel, finishModels, zipSink, type ExportProgress, type ModelFiles, type ModelManifestEntry, type ModelsManifest } from '../../manufacture/model-files.ts';
import type { TrimSettings } from '../../manufacture/model-jobs.ts';
import type { Jaw } from '../../core/types.ts';
import type { ModelsApi } from './models-api.ts';

export interface ModelsExportInput {
  caseLabel: string;
  arches: readonly ModelArch[];
  plan: Plan;
  staging: Staging;
  stages?: number[];
  trim?: TrimSettings;
  hollow?: { wallMm: number; drainMm: number };
  createdAt: string;
}

/** Each arch's trim line per stage, as the viewport draws them. */
export type CaseTrimLines = Partial<Record<Jaw, ReadonlyMap<number, Float32Array>>>;

export interface ModelsExport {
  /** The zip and its manifest; rejects with the problem (nothing kept), or with the signal's reason when cancelled. */
  run(input: ModelsExportInput, options: { onProgress?: (p: ExportProgress) => void; signal?: AbortSignal }): Promise<{ zip: Blob; manifest: ModelsManifest }>;
  /** Every model's trim line, without the models (one worker per arch, ended when done or when `signal` aborts). */
  trimLines(input: Pick<ModelsExportInput, 'arches' | 'plan' | 'staging' | 'trim'>, signal?: AbortSignal): Promise<CaseTrimLines>;
}

export class ModelsInputError extends Error {
  override name = 'ModelsInputError';
}

export function createWorkerModelsExport(cores = navigator.hardwareConcurrency || 2): ModelsExport {
  return modelsExportOn(() => new Worker(new URL('./models.worker.ts', import.meta.url), { type: 'module', name: 'models' }), cores);
}

/** Over any endpoint running models.worker.ts's API (tests pass a MessageChannel's port). */
export function modelsExportOn(spawn: () => WorkerEndpoint, cores: number): ModelsExport {
  return {
    async trimLines(input, signal) {
      const problems = modelInputProblems(input);
      if (problems.length) throw new ModelsInputError(problems.join(' '));
      signal?.throwIfAborted();
      const slots: WorkerSlot<ModelsApi>[] = [];
      const stop = () => { for (const slot of slots) slot.dispose(); };
      const aborted = new Promise<never>((_, reject) => signal?.addEventListener('abort', () => { stop(); reject(signal.reason); }, { once: true }));
      aborted.catch(() => undefined);
      try {
        const one = async (arch: ModelsExportInput['arches'][number]) => {
          const slot = createWorkerSlot<ModelsApi>({ name: 'models', spawn });
          slots.push(slot);
          const lines = await slot.call((remote) => remote.trimLines({ arch, plan: input.plan, staging: input.staging, trim: input.trim }));
          return [arch.jaw, new Map(lines.map((l) => [l.stage, l.points]))] as const;
        };
        // Both arches at once where there are the cores, else one after the other.
        const arches = [...input.arches];
        const done = cores >= 2 ? await Promise.race([Promise.all(arches.map(one)), aborted])
          : await Promise.race([(async () => { const out = []; for (const a of arches) out.push(await one(a)); return out; })(), aborted]);
        return Object.fromEntries(done) as CaseTrimLines;
      } finally {
        stop();
      }
    },
    async run(input, options) {
      const problems = modelInputProblems(input);
      if (problems.length) throw new ModelsInputError(problems.join(' '));
      options.signal?.throwIfAborted();
      const total = modelJobs(input).length;
      const chunks: Uint8Array[] = [];
      const sink = zipSink((c) => { chunks.push(c); });
      const entries: ModelManifestEntry[] = [];
      const slots: WorkerSlot<ModelsApi>[] = [];
      // Two workers may hand a model back at the same moment: files go into the zip one at a time.
      let writing: Promise<void> = Promise.resolve();
      const onModel = (files: ModelFiles): Promise<void> => {
        writing = writing.then(async () => {
          await addModel(sink, files);
          entries.push(files.entry);
          options.onProgress?.({ done: entries.length, total, file: files.entry.file });
        });
        return writing;
      };
      let cancel: (() => void) | null = null;
      const cancelled = new Promise<never>((_, reject) => {
        cancel = () => reject(options.signal?.reason ?? new DOMException('The export was cancelled.', 'AbortError'));
        options.signal?.addEventListener('abort', cancel, { once: true });
      });
      cancelled.catch(() => undefined);
      try {
        const workers = cores >= 2 ? 2 : 1;
        // Each arch's stages in as many runs as there are workers, taken in turn: both workers
        // share the arch that takes longer (a real scan's arch can take twice the other's),
        // at the cost of preparing each arch once per run.
        const queue = input.arches.flatMap((arch) => {
          const stages = modelJobs({ ...input, arches: [arch] }).map((j) => j.stage);
          const size = Math.ceil(stages.length / workers);
          return Array.from({ length: workers }, (_, k) => ({ arch, stages: stages.slice(k * size, (k + 1) * size) })).filter((run) => run.stages.length > 0);
        });
        const worker = async (): Promise<void> => {
          const slot = createWorkerSlot<ModelsApi>({ name: 'models', spawn });
          slots.push(slot);
          for (let run = queue.shift(); run; run = queue.shift()) {
            const request = { caseLabel: input.caseLabel, arch: run.arch, plan: input.plan, staging: input.staging, trim: input.trim, stages: run.stages, ...(input.hollow ? { hollow: input.hollow } : {}) };
            await slot.call((remote) => remote.makeArch(request, proxy(onModel)));
          }
        };
        await Promise.race([Promise.all(Array.from({ length: Math.min(workers, queue.length) }, worker)), cancelled]);
        await Promise.race([writing, cancelled]);
        const manifest = await finishModels(sink, { caseLabel: input.caseLabel, createdAt: input.createdAt, heightMm: input.plan.protocol.models.heightMm, trim: input.trim ?? input.plan.protocol.models.trim, ...(input.hollow ? { hollow: input.hollow } : {}), attachments: input.plan.attachments }, entries);
        return { zip: new Blob(chunks as Uint8Array<ArrayBuffer>[], { type: 'application/zip' }), manifest };
      } catch (e) {
        sink.abort();
        chunks.length = 0;
        throw e;
      } finally {
        if (cancel) options.signal?.removeEventListener('abort', cancel);
        for (const slot of slots) slot.dispose();
      }
    },
  };
}
