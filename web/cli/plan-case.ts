// Auto-setup, staging and findings for labelled arches, derived by the headless plan
// pipeline (web/pipeline) exactly as the studio's plan session derives them: the same
// preparation, the same plan from the setup, the same IPR timing, neighbour and antagonist
// pairs at every stage with the planned IPR done. Returns plain data; printing is the plan
// command's business.
import { jawOf } from '../core/fdi.ts';
import type { Jaw } from '../core/types.ts';
import type { StagingLimits } from '../core/protocol.ts';
import type { StagingPattern } from '../core/plan.ts';
import { largestSteps } from '../core/staging.ts';
import { pairKey, type ContactKind, type Findings } from '../core/findings.ts';
import { acceptedProposals } from '../core/plan-rules.ts';
import type { SanityCheck } from '../core/sanity.ts';
import type { Engine } from '../engine/engine.ts';
import type { MovementRow, OcclusalContact } from '../pipeline/index.ts';
import { plannedCase, type PlanCaseInput } from '../pipeline/planned-case.ts';

export type { PlanCaseInput };


/** A row of the movement table (pipeline/derive.ts). */
export type PlannedTooth = MovementRow;

export interface FinalOverlap {
  a: number;
  b: number;
  /** neighbour: within an arch; antagonist: an upper tooth biting into a lower one. */
  kind: ContactKind;
  /** Overlap depth at the last stage with the planned IPR done, mm (as the studio's findings list it). */
  overlapMm: number;
  /** IPR planned at this contact (0: none), already taken off overlapMm. */
  iprMm: number;
}

export interface PlannedIprEntry {
  jaw: Jaw;
  a: number;
  b: number;
  amountMm: number;
  /** Strip after this aligner: the last stage before the contact first overlaps (0 if it never does). */
  stage: number;
  /**
   * auto-setup: proposed by the setup for arch length (the plan's IPR); overlap: a final
   * neighbour overlap the plan's IPR leaves (beyond ACCEPT_ABOVE_MM), rounded up to 0.1 mm,
   * which accepting the proposals adds to the contact's IPR.
   */
  source: 'auto-setup' | 'overlap';
  aboveMax: boolean;
}

export interface PlanCaseReport {
  pattern: StagingPattern;
  backend: string;
  /** Stages 0 .. stageCount - 1 (stage 0 is the attachment template). */
  stageCount: number;
  aligners: Partial<Record<Jaw, number>>;
  wearDays: number;
  durationDays: number;
  /** Ascending FDI; every tooth with axes, moved or not. */
  teeth: PlannedTooth[];
  largestSteps: Record<keyof StagingLimits, { step: number; limit: number }>;
  /** Neighbour and antagonist pairs overlapping at the last stage, deepest first. */
  finalOverlaps: FinalOverlap[];
  ipr: PlannedIprEntry[];
  /** Upper and lower teeth within 1 mm of each other at the last stage (negative: overlapping), nearest first. */
  finalOcclusion: OcclusalContact[];
  /** Collisions at every stage, mid-course collisions and IPR proposals, as the studio's plan session has them. */
  findings: Findings;
  /** Limit warnings and mid-course collisions, as the studio words them. */
  warnings: string[];
  /** What auto-setup did and why (space analysis, Bolton, expansion). */
  notes: string[];
  /** The sanity checklist, every check (pipeline/derive.ts), as the studio's Checks list shows it. */
  checklist: SanityCheck[];
}

export async function planCase(input: PlanCaseInput, engine: Engine): Promise<PlanCaseReport> {
  const { protocol, pattern, jaws, plan, staging, derived, notes } = await plannedCase(input, engine);
  const finalStage = staging.stageCount - 1;

  const planned = new Map(plan.ipr.map((e) => [pairKey(e.a, e.b), e.amountMm]));
  const finalOverlaps: FinalOverlap[] = (derived.findings.collisions.find((c) => c.stage === finalStage)?.collisions ?? [])
    .map((c) => ({ a: c.a, b: c.b, kind: c.kind, overlapMm: c.depthMm, iprMm: c.kind === 'neighbour' ? planned.get(pairKey(c.a, c.b)) ?? 0 : 0 }));
  const ipr: PlannedIprEntry[] = [
    ...derived.ipr.planned.map((e) => ({
      jaw: jawOf(e.a), a: e.a, b: e.b, amountMm: e.amountMm, stage: e.stage, source: 'auto-setup' as const, aboveMax: e.amountMm > protocol.iprMaxPerContactMm + 1e-6,
    })),
    ...acceptedProposals(derived.ipr.proposals).map((f) => ({ jaw: jawOf(f.a), a: f.a, b: f.b, amountMm: f.amountMm, stage: f.stage, source: 'overlap' as const, aboveMax: f.aboveMax })),
  ].sort((x, y) => x.a - y.a || x.b - y.b);

  const aligners: Partial<Record<Jaw, number>> = {};
  for (const j of jaws) aligners[j] = staging.arches.find((a) => a.jaw === j)?.aligners ?? 0;

  return {
    pattern, backend: engine.backend, stageCount: staging.stageCount, aligners,
    wearDays: staging.wearDays, durationDays: staging.durationDays, teeth: derived.movements,
    largestSteps: largestSteps(staging, protocol.limits),
    finalOverlaps, finalOcclusion: derived.occlusalContacts, ipr, findings: derived.findings,
    warnings: derived.warnings,
    notes,
    checklist: derived.checklist,
  };
}
