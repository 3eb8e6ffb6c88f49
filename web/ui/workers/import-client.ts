// The main thread's handle on the import worker. Files are read here (async, cheap) and
// their bytes transferred, so the worker does all the parsing. A worker that dies (fails
// to load, runs out of memory) fails the call in progress and is replaced on the next one.
import { proxy, releaseProxy, transfer, wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { InputFile } from '../../geometry/import/index.ts';
import type { DemoCase } from '../../geometry/demo/index.ts';
import type { ImportApi, ImportResult, ProgressListener } from './import-api.ts';

export interface ImportClient {
  importFiles(files: InputFile[], options?: { unitScale?: number }, onProgress?: ProgressListener): Promise<ImportResult>;
  generateDemo(seed?: number): Promise<DemoCase>;
  dispose(): void;
}

interface LiveWorker {
  worker: Worker;
  remote: Remote<ImportApi>;
  died: Promise<never>;
}

export function createWorkerImportClient(): ImportClient {
  let live: LiveWorker | null = null;

  function start(): LiveWorker {
    const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' });
    const died = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        if (live?.worker === worker) live = null;
        worker.terminate();
        reject(new Error(`the import worker stopped (${e.message || 'it could not be started'})`));
      });
    });
    died.catch(() => undefined);
    return { worker, remote: wrap<ImportApi>(worker), died };
  }

  async function call<T>(run: (remote: Remote<ImportApi>) => Promise<T>): Promise<T> {
    live ??= start();
    return Promise.race([run(live.remote), live.died]);
  }

  return {
    importFiles(files, options, onProgress) {
      const buffers = [...new Set(files.map((f) => f.bytes.buffer))].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
      const progress = onProgress ? proxy(onProgress) : undefined;
      return call((remote) => remote.importFiles(transfer(files, buffers), options, progress));
    },
    generateDemo(seed) {
      return call((remote) => remote.generateDemo(seed));
    },
    dispose() {
      if (!live) return;
      live.remote[releaseProxy]();
      live.worker.terminate();
      live = null;
    },
  };
}
