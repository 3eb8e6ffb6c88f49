// The clinical rules of a plan's derivation, written once for the studio, the CLI, the
// bench and every export (web/pipeline applies them): how far pairs are searched, when a
// contact is touching rather than colliding, when IPR is done, what accepting IPR
// proposals does, and the plan an auto-setup turns into.
import type { Fdi } from './fdi.ts';
import { applyAttachmentRules, MOVEMENT_KEYS, setIpr, setTarget, setTargets, zeroMovement, type Plan, type ToothTarget } from './plan.ts';
import { applyPlannedIpr, iprStageLookup, pairKey, planFindings, type Findings, type IprProposal, type PairRecord } from './findings.ts';

/** Pairs within this distance (mm) get a measured distance; farther ones read +PAIR_SEARCH_MM. */
export const PAIR_SEARCH_MM = 1;

/**
 * Overlaps this shallow (mm) are touching, not collisions: neighbours on a scan already
 * touch by a few microns at their contacts (the crowns were cut from one surface), and
 * reporting those would flood every stage with "collisions" nobody can act on.
 */
export const TOUCH_MM = 0.02;

/**
 * Final overlaps at or below this (mm) are tight contacts: accepting proposals leaves them
 * (issue 5: no neighbour overlap above 0.1 mm after the IPR), so scanned neighbours that
 * touch by a few microns do not turn into 0.1 mm of stripping on teeth that do not move.
 */
export const ACCEPT_ABOVE_MM = 0.1;

/** A touching contact reads as distance 0: not an overlap, but kept so runs of stages stay whole. */
function touchingAsContact(r: PairRecord): PairRecord {
  return r.distance < 0 && r.distance >= -TOUCH_MM ? { ...r, distance: 0 } : r;
}

/** Findings over all stages with the plan's IPR done and touching contacts not counted. */
export function findingsWithIpr(records: readonly PairRecord[], plan: Plan, stageCount: number): Findings {
  const done = applyPlannedIpr(records, plan.ipr).map(touchingAsContact);
  return planFindings(done, stageCount - 1, plan.protocol.iprMaxPerContactMm);
}

/**
 * Each IPR's stage: the last stage before its contact first overlaps (beyond touching), so
 * the stripping is done before the teeth need the room; 0 if they overlap from the start or never.
 * `records` are the engine's, before any IPR.
 */
export function withIprStages(plan: Plan, records: readonly PairRecord[]): Plan {
  const stageOf = iprStageLookup(records, TOUCH_MM);
  return plan.ipr.reduce((p, e) => setIpr(p, e.a, e.b, e.amountMm, stageOf(e.a, e.b)), plan);
}

/** The proposals accepting them writes into the plan: those above the tight-contact tolerance. */
export function acceptedProposals(proposals: readonly IprProposal[]): IprProposal[] {
  return proposals.filter((p) => p.overlapMm > ACCEPT_ABOVE_MM);
}

/**
 * The plan with the proposals above ACCEPT_ABOVE_MM written in. The findings already count
 * the IPR planned at a contact, so a proposal there is what is still missing: it adds to it,
 * done by the earlier of the two stages.
 */
export function acceptIpr(plan: Plan, proposals: readonly IprProposal[]): Plan {
  let next = plan;
  for (const p of acceptedProposals(proposals)) {
    const had = plan.ipr.find((e) => pairKey(e.a, e.b) === pairKey(p.a, p.b));
    // Rounded to microns so that 0.3 + 0.1 reads 0.4, not 0.4000000001.
    const amount = Math.round(((had?.amountMm ?? 0) + p.amountMm) * 1000) / 1000;
    next = setIpr(next, p.a, p.b, amount, Math.min(had?.stage ?? p.stage, p.stage));
  }
  return next;
}

/** What an auto-setup proposes, as the plan needs it. */
export interface SetupProposal {
  targets: readonly ToothTarget[];
  /** Per contact (mesial tooth first). */
  ipr: readonly { mesial: Fdi; distal: Fdi; amountMm: number }[];
  /** The teeth the arches have: the protocol's attachment rules place on them (anchorage on teeth that may not move). */
  teeth: readonly Fdi[];
}

/**
 * The plan with every target and every IPR replaced by the setup's (IPR at stage 0 until
 * withIprStages times it), and the attachments the protocol's rules ask for merged in.
 */
export function planFromSetup(plan: Plan, setup: SetupProposal): Plan {
  let next = plan;
  for (const t of plan.targets) next = setTarget(next, t.fdi, zeroMovement());
  for (const e of plan.ipr) next = setIpr(next, e.a, e.b, 0, 0);
  next = setTargets(next, setup.targets.filter((t) => MOVEMENT_KEYS.some((k) => t.movement[k] !== 0)));
  for (const e of setup.ipr) if (e.amountMm > 0) next = setIpr(next, e.mesial, e.distal, e.amountMm, 0);
  return applyAttachmentRules(next, setup.teeth);
}
