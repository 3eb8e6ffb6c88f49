// CONTRACT for the plan package `.aligner` (one zip, one case). Written by package-write.ts,
// read (everything checked before anything is returned) by package-read.ts; the store merges
// what was read into the library (store/package-import.ts), the CLI verifies and shows it.
import type { AuditEvent } from '../core/audit.ts';
import type { Plan } from '../core/plan.ts';
import type { Actor, ReviewComment, ReviewDecision } from '../core/review.ts';
import type { CaseRecord, Jaw } from '../core/types.ts';
import type { RecordKind } from '../core/record-kinds.ts';
import type { RecordMediaType } from './record-files.ts';
import type { LabelledMesh } from '../geometry/mesh.ts';
import type { PackageSummary } from './summary.ts';

export const PACKAGE_FORMAT = 'aligner-studio-package';
/**
 * The package schema this studio writes; a higher one is refused naming both. Version 2 added
 * the treatment report (report/report.pdf and its CSVs); version 3 names the case's status as
 * the case pipeline does. Older packages are read as they were (MIGRATION_1_TO_2 and
 * MIGRATION_2_TO_3 in package-layout.ts say what changed).
 */
export const PACKAGE_VERSION = 3;
/** The oldest package schema this studio still reads. */
export const OLDEST_PACKAGE_VERSION = 1;
export const PACKAGE_EXTENSION = '.aligner';

/**
 * 'case': the whole case (meshes, segmentation, plans, summary, review, audit): what a planner
 * sends. 'response': the doctor's answer (comments, decisions, the approved version, audit;
 * no meshes), which merges only into the case it answers.
 */
export type PackageKind = 'case' | 'response';

export interface PackageArch {
  /** The case record's arch fields (jaw, source files, counts, teeth, unit scale, importedAt). */
  jaw: Jaw;
  sourceFiles: string[];
  format: string;
  teeth: number[];
  unitScale: number;
  importedAt: number;
  /** Decoded from the compact codec: positions on its 1/256 mm grid (within 0.01 mm of the scan). */
  mesh: LabelledMesh;
  /** exchange/mesh-codec.ts meshContentHash: the same on both sides of a round trip. */
  meshHash: string;
  /** geometry/segmentation-record.ts bytes, when the arch was segmented in the studio. */
  segmentation?: ArrayBuffer;
}

export interface PackagePlanVersion {
  id: string;
  name: string;
  savedAt: number;
  plan: Plan;
}

export interface PackageContents {
  kind: PackageKind;
  /** The studio that wrote it (package.json version), for messages. */
  studioVersion: string;
  exportedAt: number;
  exportedBy: Actor;
  /** This patient's case fields only; `arches` mirrors `arches` below without blob ids. */
  case: Omit<CaseRecord, 'arches'>;
  /** Empty in a response package. */
  arches: Partial<Record<Jaw, PackageArch>>;
  /** The working plan, with its content hash and the hash it was last shared at (if any). */
  working?: { plan: Plan; hash: string; sharedBase?: string };
  versions: PackagePlanVersion[];
  /** What a viewer shows before computing anything (absent when the plan was never derived). */
  summary?: PackageSummary;
  /** The treatment report of the working plan as the sender made it (package version 2 on). */
  report?: PackageReport;
  comments: ReviewComment[];
  decisions: ReviewDecision[];
  audit: AuditEvent[];
  /** The case's photographs, radiographs and notes (package version 3 on; a case package only). */
  records?: PackageRecord[];
}

// --- Package version 3: case records (#16 item 2) ---
/** A photograph, radiograph or note of the case, as added (its thumbnail is made again by the receiver). */
export interface PackageRecord {
  /** The record's id in the sender's library; the same record coming back merges by it. */
  id: string;
  kind: RecordKind;
  /** '' for a note typed in the studio. */
  fileName: string;
  mediaType: RecordMediaType;
  addedAt: number;
  addedBy: Actor;
  width?: number;
  height?: number;
  bytes: Uint8Array;
}
// --- end of version 3: case records ---

/** A package as read: its contents plus the manifest facts a verifier reports. */
/** The treatment report as sent (web/report): the PDF and its CSVs, for a receiver to read as it was. */
export interface PackageReport {
  pdf: Uint8Array;
  /** movements.csv, ipr.csv, attachments.csv. */
  csvs: { name: string; text: string }[];
}

export interface ReadPackage extends PackageContents {
  /** Every zip entry with its size and SHA-256, as the manifest lists (and as checked). */
  entries: { path: string; size: number; sha256: string }[];
  packageVersion: number;
}
