// What the UI may call: the store's repositories and the workers, bundled by boot.ts.
// Components receive this through StudioContext, so nothing in the UI holds the database.
import type { CaseRepository } from '../store/cases.ts';
import type { RestoreSummary } from '../store/backup.ts';
import type { StorageState } from '../store/storage.ts';
import type { ImportClient } from './workers/import-client.ts';
import type { SegmentClient } from './workers/segment-client.ts';
import type { EngineClient } from '../engine/engine-client.ts';
import type { PlanRepository } from '../store/plans.ts';
import type { ChangeSource } from '../store/changes.ts';
import type { PlannerClient } from './state/plan-types.ts';

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
  /** Other tabs' writes to the library (absent: this tab hears none). */
  changes?: ChangeSource;
}
