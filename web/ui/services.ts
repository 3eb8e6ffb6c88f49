// What the UI may call: the store's repositories and the workers, bundled by boot.ts.
// Components receive this through StudioContext, so nothing in the UI holds the database.
import type { CaseRepository } from '../store/cases.ts';
import type { RestoreSummary } from '../store/backup.ts';
import type { ModelsExport } from './workers/models-client.ts';
import type { ReportMaker } from './workers/report-client.ts';
import type { StorageState } from '../store/storage.ts';
import type { ImportClient } from './workers/import-client.ts';
import type { SegmentClient } from './workers/segment-client.ts';
import type { EngineClient } from '../engine/engine-client.ts';
import type { PlanRepository } from '../store/plans.ts';
import type { ChangeSource } from '../store/changes.ts';
import type { PlannerClient } from './state/plan-types.ts';
import type { Library } from '../store/library.ts';
import type { ReadPackage } from '../exchange/package-types.ts';

export type { AuditRepository, PackageImportSummary, ProfileRepository, ReviewRepository } from '../store/library.ts';

export interface SettingsStore {
  get<T>(key: string, fallback: T): Promise<T>;
  set<T>(key: string, value: T): Promise<void>;
}

export interface BackupService {
  exportAll(): Promise<Uint8Array>;
  /** Reads and checks the file off the main thread, then writes it; errors name `fileName`. */
  restore(fileName: string, bytes: Uint8Array): Promise<RestoreSummary>;
}

export interface StorageService {
  requestPersistence(): Promise<boolean | null>;
  read(): Promise<StorageState>;
}

/** A case's working plan and named versions (store/plans.ts). */
export type PlanService = Pick<
  PlanRepository,
  'saveVersion' | 'listVersions' | 'loadVersion' | 'deleteVersion' | 'saveWorking' | 'loadWorking' | 'openWorking' | 'keepUnsaved' | 'takeUnsaved'
>;

/** Plan packages out and in: the store writes and merges; reading (and decrypting) runs in a worker. */
export interface PackageService {
  exportCase: Library['packages']['exportCase'];
  /** Merges a package already read and checked; validates everything before writing anything. */
  importPackage: Library['packages']['importPackage'];
  /** Decrypts with `key` when the file is encrypted, then reads and checks it, off the main thread. */
  read(fileName: string, bytes: Uint8Array, key?: string): Promise<ReadPackage>;
  /** Starts the reader ahead of a read (a link's file is still downloading). */
  warm?(): void;
}

export interface StudioServices {
  cases: CaseRepository;
  settings: SettingsStore;
  backup: BackupService;
  storage: StorageService;
  importer: ImportClient;
  /** Tooth segmentation in its worker, keeping each open arch's scan context. */
  segmenter: SegmentClient;
  /** The compute engine in its worker (web/engine/worker.ts). */
  engine: EngineClient;
  /** Tooth axes, collision solids and auto-setup in their worker (workers/plan-api.ts). */
  planner: PlannerClient;
  plans: PlanService;
  /** The clinic's signed protocol files (store/protocols.ts). */
  protocols: Library['protocols'];
  /** A case's photographs, radiographs and notes (store/case-records.ts). */
  records: Library['records'];
  /** Comments and decisions (changes requested, signed approvals) on a case. */
  review: Library['review'];
  /** A case's append-only audit trail and its verification. */
  audit: Library['audit'];
  /** Who is using this studio, the clinic's known doctor keys and this browser's signing key. */
  profile: Library['profile'];
  packages: PackageService;
  /** Printable models for the lab, made in workers (workers/models-client.ts); absent where the studio cannot make them. */
  models?: ModelsExport;
  /** The treatment report (PDF and CSVs), made in a worker (workers/report-client.ts); absent where the studio cannot make it. */
  reports?: ReportMaker;
  /** Other tabs' writes to the library (absent: this tab hears none). */
  changes?: ChangeSource;
}
