// The contract between the open case's treatment plan (plan-session.ts), the planner worker
// (workers/plan-api.ts), the viewport and the setup / staging / findings panels. Written
// down once so those parts can be built and tested apart. Plain data only: everything here
// crosses a worker boundary or sits in a Solid store.
import type { Attachment } from '../../core/attachments.ts';
import type { Accessor } from 'solid-js';
import type { Fdi } from '../../core/fdi.ts';
import type { Jaw } from '../../core/types.ts';
import type { Pose, ToothMovement } from '../../core/pose.ts';
import type { Plan, PlanHistory, StagingPattern, ToothTarget } from '../../core/plan.ts';
import type { Protocol, ProtocolChanges } from '../../core/protocol.ts';
import type { ProtocolDocument } from '../../core/protocol-document.ts';
import type { Staging } from '../../core/staging.ts';
import type { Collision, Findings } from '../../core/findings.ts';
import type { SanityCheck } from '../../core/sanity.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import type { ToothAxes } from '../../geometry/tooth-axes.ts';
import type { ArchFormType } from '../../geometry/setup/arch-form.ts';
import type { SpaceAnalysis } from '../../geometry/setup/arch-setup.ts';
import type { GapChoice } from '../../geometry/setup/missing-teeth.ts';
import type { SpaceBudget } from '../../geometry/setup/space-budget.ts';
import type { BoltonAnalysis } from '../../geometry/setup/analysis.ts';
import type { PlanVersionInfo } from '../../store/plans.ts';
import type { AttachmentClash } from '../../manufacture/attachment-clash.ts';

export type { PlanArchParts, PlanSolid } from '../../geometry/setup/plan-parts.ts';
import type { PlanArchParts } from '../../geometry/setup/plan-parts.ts';

export interface AutoSetupOptions {
  form: ArchFormType;
  /** false: molars keep their positions. */
  allowMolarMovement: boolean;
  /** Where the arch is short: IPR first (then expansion), or expansion first. */
  strategy: 'ipr-first' | 'expansion-first';
  /** Per missing tooth (FDI): keep its space (the default, for an implant or a bridge) or close it. */
  missing?: Readonly<Record<number, GapChoice>>;
}

export const DEFAULT_AUTO_SETUP: Readonly<AutoSetupOptions> = Object.freeze({ form: 'ovoid', allowMolarMovement: false, strategy: 'ipr-first' });

/** Auto-setup's proposal and its reasoning, as the panels show it. */
export interface AutoSetupReport {
  options: AutoSetupOptions;
  targets: ToothTarget[];
  /** Proposed IPR per contact (mesial tooth first), within the protocol maximum. */
  ipr: { jaw: Jaw; mesial: Fdi; distal: Fdi; amountMm: number }[];
  /** Intercanine width increase proposed per arch, mm (0: none). */
  expansionMm: Partial<Record<Jaw, number>>;
  notes: string[];
  spaceAnalysis: Partial<Record<Jaw, SpaceAnalysis | null>>;
  /** Where each arch's length comes from and goes; the notes print the same figures. */
  budget: Partial<Record<Jaw, SpaceBudget | null>>;
  /** Dental midline from the arch midline before and after, mm (+ patient's left). */
  midlines: Partial<Record<Jaw, { beforeMm: number; afterMm: number } | null>>;
  /** Spaces of missing teeth found, with what the setup did with each. */
  gaps: { jaw: Jaw; missing: number[]; measuredMm: number; choice: GapChoice }[];
  bolton: BoltonAnalysis;
}

/** The planner worker (workers/plan-api.ts): heavy geometry off the UI thread. */
export interface PlannerClient {
  /**
   * Axes and collision solids of a labelled arch of case `caseId`; the worker keeps the crowns
   * for autoSetup, for this case only (preparing another case's arch drops them). `record` is
   * the arch's saved segmentation record: made from the mesh's labels, its axes (adjusted ones
   * included) and solids are used as they are; otherwise its adjusted axes still apply.
   */
  prepareArch(caseId: string, jaw: Jaw, mesh: LabelledMesh, record?: ArrayBuffer): Promise<PlanArchParts>;
  /** The arches are prepared at the same time, each in a worker of its own (a machine with cores to spare). */
  parallelArches?: boolean;
  /** Auto-setup over exactly `jaws` of the case, each as last prepared for it; refused when one is not. */
  autoSetup(caseId: string, jaws: readonly Jaw[], options: AutoSetupOptions, iprMaxPerContactMm: number): Promise<AutoSetupReport>;
  /** Drops what was kept for an arch of the case (its scan was replaced), or for the whole case (it closed). */
  forget(caseId: string, jaw?: Jaw): Promise<void>;
  /** Starts the workers ahead of the first prepare (a case opened); optional. */
  warm?(): void;
  dispose(): void;
}

/**
 * idle: not prepared yet (the planner has not opened the plan); preparing: computing axes
 * and solids and loading the engine; ready; stale: the scans or labels changed since (the
 * plan is kept, the geometry must be prepared again); error: `message` says why.
 */
export type PlanPhase = 'idle' | 'preparing' | 'ready' | 'stale' | 'error';

/** tooth: each tooth its own tint; overlap: where teeth overlap at the shown stage, in red; occlusion: distance to the other arch as a colour map. */
export type PlanColouring = 'tooth' | 'overlap' | 'occlusion';

/** The plan's attachments checked against the teeth they could run into, at every stage they are on. */
export interface AttachmentClearance {
  /** Empty: all clear. */
  clashes: AttachmentClash[];
  /** Why the check could not be made (clashes is then empty), if it could not. */
  error: string | null;
}

export interface PlanSessionState {
  phase: PlanPhase;
  /** Progress while preparing, or the reason for an error. */
  message: string | null;
  selected: Fdi | null;
  /** The stage the viewport and the per-stage lists show, 0 .. stageCount - 1. */
  stage: number;
  playing: boolean;
  /** Arrow-key / button nudge sizes. */
  step: { mm: number; deg: number };
  /** Draw the teeth at their scan positions as a translucent ghost. */
  ghost: boolean;
  colouring: PlanColouring;
  /** The engine is working on the current plan (collisions are from the previous one meanwhile). */
  computing: boolean;
  /** Why the last engine run failed, if it did. */
  engineError: string | null;
  /**
   * The arches the planner workers are preparing right now: the view may build what it needs
   * from their scans meanwhile (the per-tooth meshes), rather than after.
   */
  preparingJaws: Jaw[];
  autoSetupOptions: AutoSetupOptions;
  /** The last auto-setup's report (null until one ran in this session). */
  autoSetup: AutoSetupReport | null;
  /** Named saved versions of this case's plan, newest first. */
  versions: PlanVersionInfo[];
  /**
   * The working plan on disk matches the current one ('saved'; message: a note such as an
   * update from another tab), is being written, failed to save, or was refused because
   * another tab saved first ('conflict': resolveConflict chooses). message says why.
   */
  save: { status: 'saved' | 'pending' | 'saving' | 'error' | 'conflict'; message: string | null };
}

export interface PlanSession {
  state: PlanSessionState;
  history: Accessor<PlanHistory>;
  plan: Accessor<Plan>;
  canUndo: Accessor<boolean>;
  canRedo: Accessor<boolean>;
  /** Prepared arches (null before prepare). */
  parts: Accessor<Partial<Record<Jaw, PlanArchParts>> | null>;
  /** The labelled scans the arches were prepared from (what the printable models are made of). */
  arches: Accessor<Partial<Record<Jaw, LabelledMesh>>>;
  /** Every tooth with axes, both arches, ascending FDI. */
  teeth: Accessor<ToothAxes[]>;
  /** stagePlan(plan, plan.protocol); null with stagingError set when it cannot be staged. */
  staging: Accessor<Staging | null>;
  stagingError: Accessor<string | null>;
  /** From the engine's pair results over all stages (neighbour and antagonist pairs); null until computed. */
  findings: Accessor<Findings | null>;
  /** The sanity checklist of the plan (core/sanity.ts, as pipeline/derive.ts makes it); null until computed. */
  checklist: Accessor<SanityCheck[] | null>;
  /** Collisions at state.stage, deepest first (empty when none or not computed). */
  collisionsAtStage: Accessor<Collision[]>;
  /**
   * The attachment clearance of the current plan and staging, checked on the first read after
   * each change (settled() waits for it); null until then, and before the teeth are prepared.
   */
  attachmentClearance: Accessor<AttachmentClearance | null>;
  /**
   * Each tooth's pose at state.stage (scan frame; core interpolatePose, as the engine does),
   * including the live pose of a tooth being dragged. Teeth not in the map stay where scanned.
   */
  posesAtStage: Accessor<Map<Fdi, Pose>>;
  /**
   * Per arch vertex signed distance (mm) at state.stage for the 'overlap' and 'occlusion'
   * colourings: overlap: to the neighbour it overlaps (negative inside), occlusion: to the
   * other arch, capped at +1 mm. NaN where nothing was measured. null in 'tooth' colouring.
   */
  vertexDistances: Accessor<Partial<Record<Jaw, Float32Array>> | null>;
  /** The selected tooth's final movement (zero when it has no target). */
  selectedMovement: Accessor<ToothMovement | null>;

  /** Loads the working plan (or starts one under the clinic's default protocol) and prepares the geometry and engine. */
  open(): Promise<void>;
  /** Prepares again after the scans or labels changed (phase 'stale'). */
  prepare(): Promise<void>;
  select(fdi: Fdi | null): void;
  /** Typed values: the tooth's final movement replaced (one undo step). */
  setMovement(fdi: Fdi, movement: ToothMovement): void;
  /** One component changed by +/- one step (mm or deg by component). */
  nudge(fdi: Fdi, component: keyof ToothMovement, direction: 1 | -1): void;
  /**
   * The gizmo: 'move' shows the tooth at `finalPose` (its final position, scan frame) and
   * updates its overlaps incrementally through the engine; 'end' commits it as the tooth's
   * target (one undo step); 'cancel' drops the live pose.
   */
  dragTooth(fdi: Fdi, finalPose: Pose, phase: 'move' | 'end' | 'cancel'): void;
  undo(): void;
  redo(): void;
  setAutoSetupOptions(options: Partial<AutoSetupOptions>): void;
  /** Runs auto-setup and applies its targets and IPR as one undo step. */
  runAutoSetup(): Promise<void>;
  /** The plan's attachments replaced (one undo step; refused values leave the plan and say why in state.message). */
  setAttachments(attachments: readonly Attachment[]): void;
  /** The attachments the protocol's rules ask for, merged in (the planner's own kept; one undo step). */
  placeAttachmentsByProtocol(): void;
  /** Writes the engine's IPR proposals (findings.ipr) into the plan (one undo step). */
  acceptIprProposals(): void;
  setPattern(pattern: StagingPattern): void;
  /** Manual start for one tooth (null clears it); dragging a staging-chart bar calls this. */
  setManualStart(fdi: Fdi, start: number | null): void;
  setProtocol(changes: ProtocolChanges): void;
  /** Re-stages the plan under a protocol document: its settings, and the plan records which version (one undo step). */
  stageUnder(doc: ProtocolDocument): void;
  /** Makes the current plan's protocol the clinic default for new plans. */
  saveProtocolAsDefault(): Promise<void>;
  setStage(stage: number): void;
  play(): void;
  pause(): void;
  setStep(step: Partial<{ mm: number; deg: number }>): void;
  setGhost(on: boolean): void;
  setColouring(mode: PlanColouring): void;
  saveVersion(name: string): Promise<void>;
  /** Replaces the current plan by a saved version (one undo step). */
  loadVersion(id: string): Promise<void>;
  deleteVersion(id: string): Promise<void>;
  /** After a 'conflict': show the other tab's plan ('theirs'), or save this one over it ('mine'). */
  resolveConflict(choice: 'theirs' | 'mine'): Promise<void>;
  /** Edits not on disk: waiting, being written, refused or failed (the page warns before closing). */
  hasUnsaved(): boolean;
  /** The page is going away: keep the unsaved plan where a closing page still can, and start writing it. */
  flushForClose(): void;
  /** Resolves when no engine run, preparation or save is in flight (tests, closing the case). */
  settled(): Promise<void>;
  dispose(): void;
}

/** Helpers other modules use to show a protocol (kept here so panels need not import store code). */
export type { Protocol, ProtocolChanges, Staging, Findings, Collision, PlanVersionInfo, SanityCheck, AttachmentClash };
