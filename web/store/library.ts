// The UI's way in: the UI may not import db.ts (lint), so it opens the library here and
// gets the repositories, never the raw database.
import { createCaseRepository } from './cases.ts';
import type { CaseRepository, CaseRepositoryOptions } from './cases.ts';
import { exportBackup, restoreBackup, restoreBackupContents } from './backup.ts';
import type { RestoreSummary } from './backup.ts';
import type { BackupContents } from './backup-format.ts';
import { DB_NAME, openStudioDb } from './db.ts';
import { createPlanRepository } from './plans.ts';
import type { PlanRepository, StashStorage } from './plans.ts';
import { createSettingsRepository } from './settings.ts';
import { ANY_CASE, announcingCases, announcingPlans, openChangeFeed, SILENT_FEED } from './changes.ts';
import type { ChangeSource } from './changes.ts';
import type { SettingsRepository } from './settings.ts';

export { StoreError } from './errors.ts';
export type { StoreErrorCode } from './errors.ts';
export type { PlanVersion, PlanVersionInfo, UnsavedPlan, WorkingPlan } from './plans.ts';
export type { ChangeKind, ChangeNotice, ChangeSource } from './changes.ts';

export interface Library {
  cases: CaseRepository;
  plans: PlanRepository;
  settings: SettingsRepository;
  /** Other tabs' writes to this library, as they commit. */
  changes: ChangeSource;
  exportBackup(): Promise<Uint8Array>;
  /** Reads, checks and writes a backup in this thread (`fileName` is named in its messages). */
  restoreBackup(bytes: Uint8Array, fileName?: string): Promise<RestoreSummary>;
  /** Writes a backup already read and checked off the main thread (ui/workers/backup-api.ts). */
  restoreBackupContents(contents: BackupContents, fileName?: string): Promise<RestoreSummary>;
  close(): void;
}

export interface OpenLibraryOptions extends CaseRepositoryOptions {
  name?: string;
  factory?: IDBFactory;
  /**
   * Tell other tabs of each write, hear theirs, and keep a closing tab's unsaved plan in
   * localStorage. Default: only on the browser's own IndexedDB (a test's fake one is its own world).
   */
  shareWithTabs?: boolean;
  /** Where a closing tab keeps its unsaved plan (default: localStorage when shared with tabs). */
  stash?: StashStorage;
}

export async function openLibrary(opts: OpenLibraryOptions = {}): Promise<Library> {
  const db = await openStudioDb(opts.name ?? DB_NAME, opts.factory);
  const shared = opts.shareWithTabs ?? opts.factory === undefined;
  const feed = shared ? openChangeFeed(opts.name ?? DB_NAME) : SILENT_FEED;
  // A restore adds cases and never changes one that is open: other tabs refresh their list.
  const restored = async (summary: Promise<RestoreSummary>) => {
    const s = await summary;
    if (s.added + s.restoredAsCopies > 0) feed.post({ caseId: ANY_CASE, what: 'case' });
    return s;
  };
  return {
    cases: announcingCases(createCaseRepository(db, opts), feed),
    plans: announcingPlans(createPlanRepository(db, { ...opts, stash: opts.stash ?? (shared ? globalThis.localStorage : undefined) }), feed),
    settings: createSettingsRepository(db),
    changes: feed,
    exportBackup: () => exportBackup(db, opts.now),
    restoreBackup: (bytes, fileName) => restored(restoreBackup(db, bytes, { fileName })),
    restoreBackupContents: (contents, fileName) => restored(restoreBackupContents(db, contents, fileName)),
    close: () => {
      feed.close();
      db.close();
    },
  };
}
