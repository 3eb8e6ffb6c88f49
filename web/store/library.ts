// The UI's way in: the UI may not import db.ts (lint), so it opens the library here and
// gets the repositories, never the raw database.
import type { PackageKind, PackageReport, ReadPackage } from '../exchange/package-types.ts';
import type { PackageSummary } from '../exchange/summary.ts';
import { createAuditRepository } from './audit.ts';
import type { AuditRepository } from './audit.ts';
import { createCaseRepository } from './cases.ts';
import type { CaseRepository, CaseRepositoryOptions } from './cases.ts';
import { exportBackup, restoreBackup, restoreBackupContents } from './backup.ts';
import type { RestoreSummary } from './backup.ts';
import type { BackupContents } from './backup-format.ts';
import { DB_NAME, openStudioDb } from './db.ts';
import { exportCasePackage } from './package-export.ts';
import { importCasePackage } from './package-import.ts';
import type { PackageImportSummary } from './package-import.ts';
import { createPlanRepository } from './plans.ts';
import type { PlanRepository, StashStorage } from './plans.ts';
import { createProfileRepository } from './profile.ts';
import type { ProfileRepository } from './profile.ts';
import { createReviewRepository } from './review.ts';
import type { ReviewRepository } from './review.ts';
import { createSettingsRepository } from './settings.ts';
import { createProtocolRepository } from './protocols.ts';
import { createRecordsRepository } from './case-records.ts';
import type { RecordsRepository } from './case-records.ts';
import type { ProtocolRepository } from './protocols.ts';
import { ANY_CASE, announcingCases, announcingPlans, announcingReview, openChangeFeed, SILENT_FEED } from './changes.ts';
import type { ChangeSource } from './changes.ts';
import type { SettingsRepository } from './settings.ts';

export { StoreError } from './errors.ts';
export type { StoreErrorCode } from './errors.ts';
export type { PlanVersion, PlanVersionInfo, UnsavedPlan, WorkingPlan } from './plans.ts';
export type { ChangeKind, ChangeNotice, ChangeSource } from './changes.ts';
export type { AuditRepository } from './audit.ts';
export type { PackageImportSummary } from './package-import.ts';
export type { ProfileRepository } from './profile.ts';
export type { ReviewRepository } from './review.ts';
export type { ProtocolRepository, StoredProtocolFile } from './protocols.ts';

/** A case as a plan package, and a package (read and checked by exchange/package-read.ts) into the library. */
export interface PackageRepository {
  /** The file's bytes and its name, `<pseudonym>-<version>-<date>.aligner`. */
  exportCase(caseId: string, opts: { kind: PackageKind; summary?: PackageSummary; report?: PackageReport }): Promise<{ bytes: Uint8Array; fileName: string }>;
  /** Adds the case, or merges it into the same case (never a duplicate); one transaction. */
  importPackage(pkg: ReadPackage, fileName: string): Promise<PackageImportSummary>;
}

export interface Library {
  cases: CaseRepository;
  plans: PlanRepository;
  settings: SettingsRepository;
  /** The clinic's signed protocol files, as imported. */
  protocols: ProtocolRepository;
  /** A case's photographs, radiographs and notes. */
  records: RecordsRepository;
  review: ReviewRepository;
  audit: AuditRepository;
  /** Who is working in this browser; loaded before openLibrary returns. */
  profile: ProfileRepository;
  packages: PackageRepository;
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
  const now = opts.now ?? Date.now;
  const profile = createProfileRepository(db, { now });
  await profile.load();
  // Every change is recorded under whoever the profile names at the time it is made.
  const actor = opts.actor ?? (() => profile.current());
  const repoOpts = { ...opts, actor };
  const shared = opts.shareWithTabs ?? opts.factory === undefined;
  const feed = shared ? openChangeFeed(opts.name ?? DB_NAME) : SILENT_FEED;
  // A restore adds cases and never changes one that is open: other tabs refresh their list.
  const restored = async (summary: Promise<RestoreSummary>) => {
    const s = await summary;
    if (s.added + s.restoredAsCopies > 0) feed.post({ caseId: ANY_CASE, what: 'case' });
    return s;
  };
  return {
    cases: announcingCases(createCaseRepository(db, repoOpts), feed),
    plans: announcingPlans(createPlanRepository(db, { ...repoOpts, stash: opts.stash ?? (shared ? globalThis.localStorage : undefined) }), feed),
    settings: createSettingsRepository(db),
    protocols: createProtocolRepository(db),
    records: createRecordsRepository(db, repoOpts),
    review: announcingReview(createReviewRepository(db, repoOpts), feed),
    audit: createAuditRepository(db),
    profile,
    packages: {
      exportCase: (caseId, o) => exportCasePackage(db, caseId, { ...o, now, actor: actor() }),
      async importPackage(pkg, fileName) {
        const s = await importCasePackage(db, pkg, fileName, { actor: actor(), now, newId: opts.newId });
        feed.post({ caseId: s.caseId, what: 'case' });
        if (s.working === 'updated') {
          // Another tab with this case open reloads the plan (it cannot know the new revision).
          feed.post({ caseId: s.caseId, what: 'plan' });
        }
        return s;
      },
    },
    changes: feed,
    exportBackup: () => exportBackup(db, opts.now),
    restoreBackup: (bytes, fileName) => restored(restoreBackup(db, bytes, { fileName, actor: actor(), now })),
    restoreBackupContents: (contents, fileName) => restored(restoreBackupContents(db, contents, { fileName, actor: actor(), now })),
    close: () => {
      feed.close();
      db.close();
    },
  };
}
