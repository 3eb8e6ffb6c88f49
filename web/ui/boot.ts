// Bootstrapping: opens the case library (web/store/library.ts, the store's door for the UI)
// and starts the workers, bundled as StudioServices. Nothing else in web/ui opens
// anything; components get these through StudioContext.
import { openLibrary } from '../store/library.ts';
import { readStorageState, requestPersistentStorage } from '../store/storage.ts';
import type { StudioServices } from './services.ts';
import { createWorkerImportClient } from './workers/import-client.ts';
import { createWorkerSegmentClient } from './workers/segment-client.ts';
import { createEngineClient } from '../engine/engine-client.ts';
import { createWorkerPlannerClient } from './workers/plan-client.ts';
import { createWorkerBackupReader } from './workers/backup-client.ts';
import { createWorkerPackageReader, type PackageReader } from './workers/package-client.ts';
import { createWorkerModelsExport } from './workers/models-client.ts';
import { createWorkerReportMaker } from './workers/report-client.ts';

/** `packageReader`: the entry point's, which may be reading a share link's package already. */
export async function bootStudio(opts: { packageReader?: PackageReader } = {}): Promise<StudioServices> {
  const library = await openLibrary();
  const backupReader = createWorkerBackupReader();
  const packageReader = opts.packageReader ?? createWorkerPackageReader();
  return {
    cases: library.cases,
    settings: library.settings,
    backup: {
      exportAll: () => library.exportBackup(),
      restore: async (fileName, bytes) => library.restoreBackupContents(await backupReader.read(fileName, bytes), fileName),
    },
    storage: { requestPersistence: requestPersistentStorage, read: readStorageState },
    importer: createWorkerImportClient(),
    segmenter: createWorkerSegmentClient(),
    engine: createEngineClient(),
    planner: createWorkerPlannerClient(),
    plans: library.plans,
    protocols: library.protocols,
    records: library.records,
    review: library.review,
    audit: library.audit,
    profile: library.profile,
    packages: {
      exportCase: (caseId, opts) => library.packages.exportCase(caseId, opts),
      importPackage: (pkg, fileName) => library.packages.importPackage(pkg, fileName),
      read: (fileName, bytes, key) => packageReader.read(fileName, bytes, key),
      warm: () => packageReader.warm(),
    },
    models: createWorkerModelsExport(),
    reports: createWorkerReportMaker(),
    changes: library.changes,
  };
}

/** Offline support: the build emits sw.js with the precache list; dev has none. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('./sw.js').catch((e: unknown) => {
    console.warn('Offline support unavailable:', e);
  });
}
