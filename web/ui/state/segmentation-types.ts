// The shapes of the segmentation store (state/segmentation.ts): what the Records panel,
// the Segmentation tool panel and the viewport read and call.
import type { Accessor } from 'solid-js';
import type { CaseRecord, Jaw } from '../../core/types.ts';
import type { Mesh } from '../../geometry/mesh.ts';
import type { ArchFrame } from '../../geometry/segmentation/index.ts';
import type { AxesRotation, ToothAxesView } from '../workers/segment-api.ts';
import type { SegmentClient } from '../workers/segment-client.ts';

export type SegTool = 'select' | 'add' | 'move' | 'brush' | 'anchor';

export interface ArchSegState {
  phase: 'none' | 'running' | 'ready' | 'failed';
  /** The status line: what runs now, or how the last run ended. */
  status: string | null;
  /** While an automatic segmentation runs: the fraction done (0 to 1) and its phase. */
  progress?: { fraction: number; stage: string } | null;
  teeth: number[];
  warnings: string[];
  /** The automatic numbering is unsure: the panel asks for one tooth the planner knows. */
  numberingUncertain: boolean;
  /** While it is: the tooth the panel asks the planner to click (segmentation's own choice). */
  askFdi: number | null;
  canUndo: boolean;
  canRedo: boolean;
  frame: ArchFrame | null;
  revision: number;
  savedRevision: number;
  saving: boolean;
  saveError: string | null;
}

export interface SegmentationState {
  arches: Record<Jaw, ArchSegState>;
  /** The arch the tools act on (the last one segmented, picked or chosen). */
  active: Jaw | null;
  tool: SegTool;
  selected: { jaw: Jaw; fdi: number } | null;
  /** "Add tooth": where the planner clicked, waiting for the FDI number. */
  pendingSeed: { jaw: Jaw; vertex: number } | null;
  /** "Set numbering from a tooth": the number the next click on a crown gives it. */
  anchorFdi: number | null;
  brushRadiusMm: number;
  brushOnto: 'tooth' | 'gingiva';
  showFrame: boolean;
  showAxes: boolean;
  /** A correction is in the worker: tools wait so edits apply in order. */
  busy: boolean;
  error: string | null;
}

/** The store's door to persistence: CaseRepository satisfies it. */
export interface SegmentationRepo {
  saveSegmentation(caseId: string, jaw: Jaw, recordBytes: ArrayBuffer, teeth: number[]): Promise<CaseRecord>;
  loadSegmentation(caseId: string, jaw: Jaw): Promise<ArrayBuffer | undefined>;
}

export interface SegmentationDeps {
  caseId: string;
  repo: SegmentationRepo;
  client: SegmentClient;
  currentCase(): CaseRecord | undefined;
  /** The arch meshes the viewport shows (the segmentation labels the same vertices). */
  mesh(jaw: Jaw): Mesh | undefined;
  onCaseSaved(record: CaseRecord): void;
  /** Delay between a correction and its autosave (ms); tests pass 0. */
  saveDelayMs?: number;
}

export interface SegmentationStore {
  state: SegmentationState;
  labels: Accessor<Partial<Record<Jaw, Uint8Array>>>;
  /** Bumped for a brush dab: colour these labels, but the stroke has not been re-cut yet. */
  stroking: Accessor<boolean>;
  axes: Accessor<Partial<Record<Jaw, ToothAxesView>>>;
  segment(jaw: Jaw): Promise<void>;
  restore(): Promise<void>;
  setActive(jaw: Jaw): void;
  setTool(tool: SegTool): void;
  select(pick: { jaw: Jaw; fdi: number } | null): void;
  /** A click on the scan at `vertex` (its tooth `fdi`, 0 for gingiva), read by the current tool. */
  pick(jaw: Jaw, vertex: number, fdi: number): Promise<void>;
  addToothAt(fdi: number): Promise<void>;
  cancelAdd(): void;
  deleteSelected(): Promise<void>;
  renumberSelected(to: number): Promise<void>;
  /** Arms "Set numbering from a tooth": the next click on a crown of the arch names it `fdi`. */
  startAnchor(fdi: number): void;
  cancelAnchor(): void;
  setBrush(patch: Partial<Pick<SegmentationState, 'brushRadiusMm' | 'brushOnto'>>): void;
  brushDab(jaw: Jaw, vertex: number): Promise<void>;
  brushEnd(): Promise<void>;
  recut(): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  flipOcclusal(jaw: Jaw): Promise<void>;
  rotateAnterior(jaw: Jaw, sign: 1 | -1): Promise<void>;
  setShowFrame(on: boolean): void;
  setShowAxes(on: boolean): Promise<void>;
  nudgeAxes(component: keyof AxesRotation, deg: number): Promise<void>;
  widthOf(jaw: Jaw, fdi: number): number | null;
  save(jaw: Jaw): Promise<void>;
  /** The arch's scan was replaced: its segmentation (labels, history) no longer applies. */
  forget(jaw: Jaw): void;
  /** Resolves when no correction, autosave or axes update is in flight. */
  settled(): Promise<void>;
  dispose(): void;
}
