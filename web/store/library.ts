// The UI's way in: the UI may not import db.ts (lint), so it opens the library here and
// gets the repositories, never the raw database.
import { createCaseRepository } from './cases.ts';
import type { CaseRepository, CaseRepositoryOptions } from './cases.ts';
import { exportBackup, restoreBackup } from './backup.ts';
import type { RestoreSummary } from './backup.ts';
import { DB_NAME, openStudioDb } from './db.ts';
import { createPlanRepository } from './plans.ts';
import type { PlanRepository } from './plans.ts';
import { createSettingsRepository } from './settings.ts';
import type { SettingsRepository } from './settings.ts';

export { StoreError } from './errors.ts';
export type { StoreErrorCode } from './errors.ts';
export type { PlanVersion, PlanVersionInfo } from './plans.ts';

export interface Library {
  cases: CaseRepository;
  plans: PlanRepository;
  settings: SettingsRepository;
  exportBackup(): Promise<Uint8Array>;
  restoreBackup(bytes: Uint8Array): Promise<RestoreSummary>;
  close(): void;
}

export interface OpenLibraryOptions extends CaseRepositoryOptions {
  name?: string;
  factory?: IDBFactory;
}

export async function openLibrary(opts: OpenLibraryOptions = {}): Promise<Library> {
  const db = await openStudioDb(opts.name ?? DB_NAME, opts.factory);
  return {
    cases: createCaseRepository(db, opts),
    plans: createPlanRepository(db, opts),
    settings: createSettingsRepository(db),
    exportBackup: () => exportBackup(db, opts.now),
    restoreBackup: (bytes) => restoreBackup(db, bytes),
    close: () => db.close(),
  };
}
