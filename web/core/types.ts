// Shared plain-data shapes of the domain. Everything here is serialisable as is.

export type Jaw = 'upper' | 'lower';
export const JAWS: readonly Jaw[] = ['upper', 'lower'];

import { PIPELINE_STATUSES, type PipelineStatus } from './case-pipeline.ts';

/** Where a case stands in the work (core/case-pipeline.ts); stored since database version 5, package version 3. */
export type CaseStatus = PipelineStatus;
export const CASE_STATUSES: readonly CaseStatus[] = PIPELINE_STATUSES;

/** What the case record knows about one arch; the mesh itself lives in the blob store. */
export interface ArchRecord {
  jaw: Jaw;
  /** Key of the mesh blob (web/geometry/mesh-binary.ts encoding) in the blob store. */
  meshBlobId: string;
  sourceFiles: string[];
  format: string;
  vertexCount: number;
  triangleCount: number;
  /** FDI numbers of the segmented teeth; empty when the arch is a raw scan. */
  teeth: number[];
  /** Scale applied on import to reach millimetres (1 when the file was already in mm). */
  unitScale: number;
  importedAt: number;
  /**
   * Key of the segmentation blob (web/geometry/segmentation-record.ts encoding) of this
   * arch's mesh; absent until the arch is segmented in the studio.
   */
  segmentationBlobId?: string;
}

export interface CaseRecord {
  id: string;
  pseudonym: string;
  clinic: string;
  doctor: string;
  notes: string;
  status: CaseStatus;
  createdAt: number;
  updatedAt: number;
  /** True for the bundled, generated demo case. */
  demo: boolean;
  arches: Partial<Record<Jaw, ArchRecord>>;
}

export type CaseFields = Pick<CaseRecord, 'pseudonym' | 'clinic' | 'doctor' | 'notes' | 'status'>;
