// A treatment plan as an immutable value. Every edit returns a new frozen plan and shares
// the untouched parts with the old one, so undo/redo is a list of plans and a cursor, and a
// saved version is just a plan with a name. What can be derived (stage counts, poses,
// collisions) is not stored: staging.ts and findings.ts compute it from the plan.
import { canonicalJson } from './canonical.ts';
import { isFdi, type Fdi } from './fdi.ts';
import { deepFreeze } from './freeze.ts';
import type { ToothMovement } from './pose.ts';
import { FIRST_PLAN_SCHEMA_VERSION, upgradePlanJson, type PlanJson } from './plan-migrations.ts';
import { DEFAULT_PROTOCOL, checkProtocol, protocolFields, type Protocol } from './protocol.ts';
import { attachmentProblems, mergeRuleAttachments, ruleAttachments, type Attachment } from './attachments.ts';
import { protocolRefFields, protocolRefProblems, type ProtocolRef } from './protocol-ref.ts';

/** The shape this studio writes; older stored plans are upgraded by plan-migrations.ts. */
export const PLAN_SCHEMA_VERSION = 6;

/**
 * all-together: every tooth starts at stage 0; anterior-first: incisors, then canines,
 * premolars, molars; posterior-first (sequential distalization): molars, then premolars,
 * canines, incisors; manual: each tooth starts where manualStarts says (default 0).
 * See staging.ts for how the groups follow each other.
 */
export type StagingPattern = 'all-together' | 'anterior-first' | 'posterior-first' | 'manual';
export const STAGING_PATTERNS: readonly StagingPattern[] = ['all-together', 'anterior-first', 'posterior-first', 'manual'];

/** A planner's own timing for one tooth: it overrides the pattern's start (and, if given, the required active stages). */
export interface ManualStart {
  fdi: Fdi;
  /** The last stage at the initial position; the tooth moves in stages start + 1 .. start + active. */
  start: number;
  /** Stages the movement is spread over; fewer than the limits need is allowed and warned about. */
  active?: number;
}

export interface StagingSettings {
  pattern: StagingPattern;
  manualStarts: readonly ManualStart[];
}

/** The final position of one tooth: its movement from the scan position, in its own tooth frame. */
export interface ToothTarget {
  fdi: Fdi;
  movement: ToothMovement;
}

/** An attachment as the plan holds it (core/attachments.ts). Since plan schema 4. */
export type PlanAttachment = Attachment;

/** Enamel stripped at one contact, both teeth together, done after aligner `stage`. */
export interface PlannedIpr {
  a: Fdi;
  b: Fdi;
  amountMm: number;
  stage: number;
}

/** Placeholder until review comments are built: who said what, when, optionally about a tooth. */
export interface PlanComment {
  author: string;
  at: number;
  text: string;
  fdi?: Fdi;
}

export interface Plan {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  /** Ascending FDI; teeth without a target stay where the scan has them. */
  targets: readonly ToothTarget[];
  staging: StagingSettings;
  attachments: readonly PlanAttachment[];
  /** Ascending by contact (a < b). */
  ipr: readonly PlannedIpr[];
  comments: readonly PlanComment[];
  /**
   * The protocol this plan is staged under (limits, wear days, IPR maximum, over-correction).
   * Kept with the plan so that reopening it stages exactly as before even after the clinic's
   * defaults change. Since schema 2; older plans get it by migration (its sanity thresholds
   * since schema 3).
   */
  protocol: Protocol;
  /**
   * The protocol document (core/protocol-document.ts) `protocol` was taken from, so the studio
   * can say when a newer version exists. Absent: staged under settings that were never a
   * shared document (made before protocols were documents, or edited by hand since). Since
   * schema 6. In the content hash: an approval is bound to the protocol it was staged under.
   */
  protocolRef?: ProtocolRef;
}

export class PlanError extends Error {
  override name = 'PlanError';
}

export const MOVEMENT_KEYS: readonly (keyof ToothMovement)[] = ['mesial', 'buccal', 'extrusion', 'tip', 'torque', 'rotation'];

export function zeroMovement(): ToothMovement {
  return { mesial: 0, buccal: 0, extrusion: 0, tip: 0, torque: 0, rotation: 0 };
}

function checkTooth(fdi: Fdi): void {
  if (!isFdi(fdi)) throw new PlanError(`not an FDI tooth number: ${fdi}`);
}

function checkMovement(fdi: Fdi, m: ToothMovement): ToothMovement {
  const out = zeroMovement();
  for (const k of MOVEMENT_KEYS) {
    const v = m[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new PlanError(`tooth ${fdi}: ${k} is not a finite number (got ${String(v)})`);
    out[k] = v;
  }
  if (Math.abs(out.tip) >= 90 || Math.abs(out.torque) >= 90) throw new PlanError(`tooth ${fdi}: tip and torque must stay below 90 degrees`);
  return out;
}

/** A plan with no movement yet: the starting point of a setup, under the clinic's protocol. */
export function emptyPlan(protocol: Protocol = DEFAULT_PROTOCOL): Plan {
  return deepFreeze({
    schemaVersion: PLAN_SCHEMA_VERSION, targets: [], staging: { pattern: 'all-together', manualStarts: [] },
    attachments: [], ipr: [], comments: [], protocol: copyProtocol(protocol),
  });
}

function copyProtocol(p: Protocol): Protocol {
  try {
    checkProtocol(p);
  } catch (e) {
    throw new PlanError((e as Error).message);
  }
  return protocolFields(p);
}

/**
 * The plan staged under another protocol (checked field by field). With `ref`, the protocol
 * document it comes from is recorded. Without, a ref the plan had stays only while the
 * settings are unchanged: a hand-edited limit means the plan is no longer staged under that
 * document, and the plan must not claim it is.
 */
export function setProtocol(plan: Plan, protocol: Protocol, ref?: ProtocolRef): Plan {
  const settings = copyProtocol(protocol);
  if (ref !== undefined) {
    const problems = protocolRefProblems(ref);
    if (problems.length > 0) throw new PlanError(problems.join('; '));
    return withChanges(plan, { protocol: settings, protocolRef: protocolRefFields(ref) });
  }
  if (canonicalJson(settings) === canonicalJson(plan.protocol)) return withChanges(plan, { protocol: settings });
  const { protocolRef: _dropped, ...rest } = plan;
  return deepFreeze({ ...rest, protocol: settings });
}

function withChanges(plan: Plan, changes: Partial<Omit<Plan, 'schemaVersion'>>): Plan {
  return deepFreeze({ ...plan, ...changes });
}

export function targetOf(plan: Pick<Plan, 'targets'>, fdi: Fdi): ToothMovement {
  return plan.targets.find((t) => t.fdi === fdi)?.movement ?? zeroMovement();
}

/** The tooth's final position replaced; a zero movement removes its target. */
export function setTarget(plan: Plan, fdi: Fdi, movement: ToothMovement): Plan {
  checkTooth(fdi);
  const m = checkMovement(fdi, movement);
  const rest = plan.targets.filter((t) => t.fdi !== fdi);
  const zero = MOVEMENT_KEYS.every((k) => m[k] === 0);
  const targets = zero ? rest : [...rest, { fdi, movement: m }].sort((x, y) => x.fdi - y.fdi);
  return withChanges(plan, { targets });
}

/** One component changed by `delta` (mm or degrees), as an arrow-key nudge does. */
export function nudgeTarget(plan: Plan, fdi: Fdi, component: keyof ToothMovement, delta: number): Plan {
  if (!MOVEMENT_KEYS.includes(component)) throw new PlanError(`unknown movement component '${String(component)}'`);
  const m = { ...targetOf(plan, fdi) };
  m[component] += delta;
  return setTarget(plan, fdi, m);
}

/** Many teeth at once (auto-setup): one undo step. Teeth not listed keep their targets. */
export function setTargets(plan: Plan, targets: readonly ToothTarget[]): Plan {
  return targets.reduce((p, t) => setTarget(p, t.fdi, t.movement), plan);
}

export function setPattern(plan: Plan, pattern: StagingPattern): Plan {
  if (!STAGING_PATTERNS.includes(pattern)) throw new PlanError(`unknown staging pattern '${String(pattern)}'`);
  return withChanges(plan, { staging: { ...plan.staging, pattern } });
}

/** Sets (or with `null` clears) a tooth's manual start; `active` is optional. */
export function setManualStart(plan: Plan, fdi: Fdi, start: number | null, active?: number): Plan {
  checkTooth(fdi);
  const rest = plan.staging.manualStarts.filter((s) => s.fdi !== fdi);
  if (start === null) return withChanges(plan, { staging: { ...plan.staging, manualStarts: rest } });
  if (!Number.isInteger(start) || start < 0) throw new PlanError(`tooth ${fdi}: start stage must be a whole number >= 0 (got ${start})`);
  if (active !== undefined && (!Number.isInteger(active) || active < 1)) {
    throw new PlanError(`tooth ${fdi}: active stages must be a whole number >= 1 (got ${active})`);
  }
  const entry: ManualStart = active === undefined ? { fdi, start } : { fdi, start, active };
  const manualStarts = [...rest, entry].sort((x, y) => x.fdi - y.fdi);
  return withChanges(plan, { staging: { ...plan.staging, manualStarts } });
}

function contactKey(a: Fdi, b: Fdi): [Fdi, Fdi] {
  return a < b ? [a, b] : [b, a];
}

/** Sets (or with amount 0 removes) the IPR at the contact between a and b. */
export function setIpr(plan: Plan, a: Fdi, b: Fdi, amountMm: number, stage: number): Plan {
  checkTooth(a);
  checkTooth(b);
  if (a === b) throw new PlanError(`IPR needs two different teeth (got ${a} twice)`);
  if (!Number.isFinite(amountMm) || amountMm < 0) throw new PlanError(`IPR ${a}-${b}: amount must be a finite number >= 0 mm (got ${amountMm})`);
  if (!Number.isInteger(stage) || stage < 0) throw new PlanError(`IPR ${a}-${b}: stage must be a whole number >= 0 (got ${stage})`);
  const [x, y] = contactKey(a, b);
  const rest = plan.ipr.filter((e) => !(e.a === x && e.b === y));
  const ipr = amountMm === 0 ? rest : [...rest, { a: x, b: y, amountMm, stage }].sort((p, q) => p.a - q.a || p.b - q.b);
  return withChanges(plan, { ipr });
}

export function addComment(plan: Plan, comment: PlanComment): Plan {
  if (comment.fdi !== undefined) checkTooth(comment.fdi);
  return withChanges(plan, { comments: [...plan.comments, { ...comment }] });
}

/** The plan's attachments replaced, each checked (one problem refuses the lot), ascending FDI. */
export function setAttachments(plan: Plan, attachments: readonly PlanAttachment[]): Plan {
  const copies = attachments.map((a): PlanAttachment => {
    const problems = attachmentProblems(a);
    if (problems.length > 0) throw new PlanError(problems.join('; '));
    return {
      fdi: a.fdi, shape: a.shape, surface: a.surface, widthMm: a.widthMm, heightMm: a.heightMm, depthMm: a.depthMm,
      offsetMm: { mesial: a.offsetMm.mesial, occlusal: a.offsetMm.occlusal }, stagePlaced: a.stagePlaced, stageRemoved: a.stageRemoved, reason: a.reason,
    };
  });
  return withChanges(plan, { attachments: copies.sort((a, b) => a.fdi - b.fdi) });
}

/**
 * The attachments the protocol's rules ask for, given the plan's targets, merged into what
 * the plan has (the planner's own kept): one undoable step. `teeth` are the teeth the arches
 * have (anchorage goes on teeth that may not move).
 */
export function applyAttachmentRules(plan: Plan, teeth: readonly Fdi[]): Plan {
  return setAttachments(plan, mergeRuleAttachments(plan.attachments, planRuleAttachments(plan, teeth)));
}

/** The attachments the plan's protocol rules ask for on `teeth` (the arches' teeth), from its targets and pattern. */
export function planRuleAttachments(plan: Pick<Plan, 'targets' | 'staging' | 'protocol'>, teeth: readonly Fdi[]): Attachment[] {
  const movements = new Map(plan.targets.map((t) => [t.fdi, t.movement]));
  return ruleAttachments({ movements, teeth, sequentialDistalization: plan.staging.pattern === 'posterior-first' }, plan.protocol.attachments);
}

/**
 * A plan read back from JSON (a saved version, a package): upgraded from its stored schema
 * version by the named steps of plan-migrations.ts, then checked field by field. A newer
 * schema version is refused rather than half-read.
 */
export function planFromJson(value: unknown): Plan {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PlanError('a plan must be an object');
  const stored = (value as { schemaVersion?: unknown }).schemaVersion;
  if (typeof stored === 'number' && stored > PLAN_SCHEMA_VERSION) {
    throw new PlanError(`the plan was saved by a newer version (schema ${stored}, this studio reads ${PLAN_SCHEMA_VERSION})`);
  }
  if (typeof stored !== 'number' || !Number.isInteger(stored) || stored < FIRST_PLAN_SCHEMA_VERSION) {
    throw new PlanError(`unknown plan schema version ${String(stored)}`);
  }
  return planOfCurrentJson(upgradePlanJson(value as PlanJson, stored, PLAN_SCHEMA_VERSION));
}

/** The validator of the current schema: every field but protocolRef required, each checked by the edit that sets it. */
function planOfCurrentJson(v: PlanJson): Plan {
  const list = <T>(x: unknown, what: string): T[] => {
    if (!Array.isArray(x)) throw new PlanError(`plan ${what} must be a list`);
    return x as T[];
  };
  const protocol = v.protocol;
  if (typeof protocol !== 'object' || protocol === null) throw new PlanError('plan protocol must be an object');
  let plan = emptyPlan(protocol as Protocol);
  if (v.protocolRef !== undefined) plan = setProtocol(plan, plan.protocol, v.protocolRef as ProtocolRef);
  for (const t of list<ToothTarget>(v.targets, 'targets')) plan = setTarget(plan, t?.fdi, t?.movement ?? ({} as ToothMovement));
  const staging = v.staging as StagingSettings | undefined;
  if (typeof staging !== 'object' || staging === null) throw new PlanError('plan staging settings are missing');
  plan = setPattern(plan, staging.pattern);
  for (const s of list<ManualStart>(staging.manualStarts, 'manual starts')) plan = setManualStart(plan, s?.fdi, s?.start, s?.active);
  for (const e of list<PlannedIpr>(v.ipr, 'IPR')) plan = setIpr(plan, e?.a, e?.b, e?.amountMm, e?.stage);
  plan = setAttachments(plan, list<PlanAttachment>(v.attachments, 'attachments'));
  for (const c of list<PlanComment>(v.comments, 'comments')) plan = addComment(plan, c);
  return plan;
}

/** Undo/redo as a value: the plans in edit order and which one is current. */
export interface PlanHistory {
  states: readonly Plan[];
  cursor: number;
}

/** Oldest states are dropped beyond this, so a long session does not grow without end. */
export const HISTORY_LIMIT = 200;

export function historyOf(plan: Plan): PlanHistory {
  return Object.freeze({ states: Object.freeze([plan]), cursor: 0 });
}

export function currentPlan(h: PlanHistory): Plan {
  return h.states[h.cursor];
}

/** Records an edit: anything that was undone is forgotten; an edit that changed nothing is not a step. */
export function commit(h: PlanHistory, plan: Plan, limit = HISTORY_LIMIT): PlanHistory {
  if (plan === currentPlan(h)) return h;
  const states = [...h.states.slice(0, h.cursor + 1), plan];
  const kept = states.slice(Math.max(0, states.length - Math.max(1, limit)));
  return Object.freeze({ states: Object.freeze(kept), cursor: kept.length - 1 });
}

export function canUndo(h: PlanHistory): boolean {
  return h.cursor > 0;
}

export function canRedo(h: PlanHistory): boolean {
  return h.cursor < h.states.length - 1;
}

export function undo(h: PlanHistory): PlanHistory {
  return canUndo(h) ? Object.freeze({ states: h.states, cursor: h.cursor - 1 }) : h;
}

export function redo(h: PlanHistory): PlanHistory {
  return canRedo(h) ? Object.freeze({ states: h.states, cursor: h.cursor + 1 }) : h;
}
