// The main thread's handle on the import worker. Files are read here (async, cheap) and
// their bytes transferred, so the worker does all the parsing. A worker that dies (fails
// to load, runs out of memory) fails the call in progress and is replaced on the next one.
import { proxy, transfer } from 'comlink';
import { createWorkerSlot } from '../../engine/worker-slot.ts';
import type { InputFile } from '../../geometry/import/index.ts';
import type { DemoCase } from '../../geometry/demo/index.ts';
import type { ImportApi, ImportChoices, ImportResult, ProgressListener } from './import-api.ts';

export interface ImportClient {
  importFiles(files: InputFile[], options?: ImportChoices, onProgress?: ProgressListener): Promise<ImportResult>;
  generateDemo(seed?: number): Promise<DemoCase>;
  dispose(): void;
}

export function createWorkerImportClient(): ImportClient {
  const slot = createWorkerSlot<ImportApi>({
    name: 'import',
    spawn: () => new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' }),
  });
  const call = slot.call;

  return {
    importFiles(files, options, onProgress) {
      const buffers = [...new Set(files.map((f) => f.bytes.buffer))].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
      const progress = onProgress ? proxy(onProgress) : undefined;
      return call((remote) => remote.importFiles(transfer(files, buffers), options, progress));
    },
    generateDemo(seed) {
      return call((remote) => remote.generateDemo(seed));
    },
    dispose: slot.dispose,
  };
}
