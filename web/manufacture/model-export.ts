// Every model of a case built in this thread and written as it is made (the CLI; the studio
// builds in workers with the same pieces, workers/models-client.ts).
import type { ManifoldApi } from './manifold.ts';
import { caseModels } from './case-models.ts';
import { modelJobs } from './model-jobs.ts';
import { addModel, finishModels, modelFiles, type ExportInput, type ExportOptions, type ModelManifestEntry, type ModelSink, type ModelsManifest } from './model-files.ts';

export * from './model-files.ts';

/**
 * Builds every model in this thread and hands each file to `sink` as it is made (the CLI;
 * the studio builds in workers and uses the same pieces). Aborting stops before the next
 * model and rejects with the signal's reason; the sink is told to drop what it has. Bad
 * input (model-jobs.ts: no segmentation, no plan, limit warnings) is refused before
 * anything is written.
 */
export async function exportCaseModels(api: ManifoldApi, input: ExportInput, sink: ModelSink, options: ExportOptions = {}): Promise<ModelsManifest> {
  const trim = input.trim ?? input.plan.protocol.models.trim;
  const total = modelJobs(input).length;
  const entries: ModelManifestEntry[] = [];
  try {
    for await (const model of caseModels(api, input, options.signal, trim)) {
      const files = modelFiles(model);
      await addModel(sink, files);
      entries.push(files.entry);
      options.onProgress?.({ done: entries.length, total, file: model.file });
    }
    options.signal?.throwIfAborted();
    return await finishModels(sink, { caseLabel: input.caseLabel, createdAt: input.createdAt, heightMm: input.heightMm ?? input.plan.protocol.models.heightMm, trim, ...(input.hollow ? { hollow: input.hollow } : {}), attachments: input.plan.attachments }, entries);
  } catch (e) {
    sink.abort();
    throw e;
  }
}
