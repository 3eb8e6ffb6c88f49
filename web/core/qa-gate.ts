// The QA gate (#16): before a plan goes to the doctor, the protocol's checklist runs over the
// plan and what was derived from it. Each check reads a rule written elsewhere once (the
// staging's limit warnings, the contact rules the sanity checklist uses, the protocol's
// attachment rules) and only words what it finds, one plain line per problem, so the
// planner, the audit trail and the dashboard read the same reasons. A failed gate blocks
// sending unless a person lets the plan through with a reason, which is audited.
import type { AuditEventInput } from './audit.ts';
import type { Attachment } from './attachments.ts';
import {
  automaticTransition, qaCheckedDetail, qaOverriddenDetail, QA_OVERRIDE_NEEDS_REASON, statusChangeEvent, type PipelineStatus,
} from './case-pipeline.ts';
import { jawOf, toothType, type Fdi } from './fdi.ts';
import type { Findings } from './findings.ts';
import { planRuleAttachments, targetOf, type Plan } from './plan.ts';
import type { StagingLimits } from './protocol.ts';
import { qaCheckLabel, type QaCheck, type QaCheckId } from './qa-checklist.ts';
import { recordKindLabel, type RecordKind } from './record-kinds.ts';
import type { Actor } from './review.ts';
import { contactKindWords, finalCollisions, iprOverMax } from './sanity-contacts.ts';
import { deg, mm, type SanityCheck } from './sanity-format.ts';
import type { Staging } from './staging.ts';

/**
 * What the gate reads. The fields are named as web/pipeline's DerivedPlan names them, so a
 * derived plan spreads in: runQaGate({ ...derived, qaChecklist, requiredRecords, presentRecords }).
 */
export interface QaGateInput {
  /** The protocol document's checklist (core/protocol-document.ts). */
  qaChecklist: readonly QaCheck[];
  plan: Pick<Plan, 'targets' | 'staging' | 'attachments' | 'ipr' | 'protocol'>;
  staging: Pick<Staging, 'stageCount' | 'warnings' | 'teeth'>;
  /** With the plan's IPR done and touching contacts not counted (core/plan-rules.ts findingsWithIpr). */
  findings: Findings;
  /** The sanity checklist (core/sanity.ts), every check listed. */
  checklist: readonly SanityCheck[];
  /** Every tooth the arches have: the attachment rules place anchorage on teeth that may not move. */
  movements: readonly { fdi: Fdi }[];
  requiredRecords: readonly RecordKind[];
  presentRecords: readonly RecordKind[];
}

export type QaStatus = 'pass' | 'fail' | 'off';

export interface QaCheckResult {
  id: QaCheckId;
  label: string;
  status: QaStatus;
  /** One plain line per problem; empty unless it failed. */
  reasons: string[];
}

export interface QaResult {
  passed: boolean;
  /** In the checklist's order. */
  checks: QaCheckResult[];
  /** Every failed check's reasons, in order. */
  failures: string[];
}

/**
 * The sanity checks the gate runs with its own threshold or wording: the sanity-checks check
 * leaves them to those, so that turning one of them off is not undone by the sanity list, and
 * a problem is not listed twice.
 */
const SANITY_HANDLED_ELSEWHERE: readonly string[] = ['ipr-max', 'final-collisions'];

/** A protocol value as it was written ("0.25", "2"), not rounded to the one decimal of amounts found. */
const asWritten = (v: number): string => String(Math.round(v * 1000) / 1000);

const LIMIT_WORDS: Readonly<Record<keyof StagingLimits, string>> = {
  mesial: 'mesio-distal movement', buccal: 'bucco-lingual movement', extrusion: 'extrusion', intrusion: 'intrusion',
  tip: 'tip', torque: 'torque', rotation: 'rotation',
};

const isAngle = (k: keyof StagingLimits): boolean => k === 'tip' || k === 'torque' || k === 'rotation';

function stagingLimitReasons({ staging }: QaGateInput): string[] {
  return staging.warnings.map((w) => {
    const unit = isAngle(w.limit) ? '°' : ' mm';
    const aligners = w.fromStage === w.toStage ? `aligner ${w.fromStage}` : `aligners ${w.fromStage}-${w.toStage}`;
    return `Tooth ${w.fdi} ${LIMIT_WORDS[w.limit]} ${w.step.toFixed(2)}${unit} per aligner in ${aligners} exceeds the protocol's ${asWritten(w.limitValue)}${unit} limit`;
  });
}

function finalCollisionReasons({ findings, staging }: QaGateInput, maxDepthMm: number): string[] {
  return finalCollisions(findings, staging.stageCount - 1, maxDepthMm)
    .map((c) => `Final collision ${c.a}-${c.b} ${contactKindWords(c.kind)} ${c.depthMm.toFixed(2)} mm deep (at most ${maxDepthMm.toFixed(2)} mm)`);
}

function iprReasons({ plan, findings }: QaGateInput): string[] {
  const max = asWritten(plan.protocol.iprMaxPerContactMm);
  return iprOverMax(plan.ipr, findings, plan.protocol.iprMaxPerContactMm).map((o) => (o.moreMm === 0
    ? `IPR ${o.contact} ${asWritten(o.plannedMm)} mm planned exceeds the protocol's ${max} mm per contact`
    : `IPR ${o.contact} needs ${asWritten(o.plannedMm + o.moreMm)} mm (${asWritten(o.plannedMm)} mm planned, ${asWritten(o.moreMm)} mm more for the overlap left), above the protocol's ${max} mm per contact`));
}

/** What the tooth does that made a rule ask for an attachment, and the rule's threshold, in words. */
function whyWanted(a: Attachment, plan: QaGateInput['plan']): { does: string; rule: string } {
  const m = targetOf(plan, a.fdi);
  const r = plan.protocol.attachments;
  switch (a.reason) {
    case 'rotation': return { does: `moves ${deg(Math.abs(m.rotation))} rotation`, rule: `rotation rule wants one from ${asWritten(r.rotation.threshold)}°` };
    case 'extrusion': return { does: `extrudes ${mm(m.extrusion)}`, rule: `extrusion rule wants one from ${asWritten(r.extrusion.threshold)} mm` };
    case 'root-control': {
      const does = Math.abs(m.tip) >= Math.abs(m.torque) ? `tips ${deg(Math.abs(m.tip))}` : `torques ${deg(Math.abs(m.torque))}`;
      return { does, rule: `root-control rule wants one from ${asWritten(r.rootControl.threshold)}° of tip or torque` };
    }
    default: return {
      does: `anchors the ${jawOf(a.fdi)} molars' distalization`,
      rule: `anchorage rule wants one when molars move back ${asWritten(r.anchorage.threshold)} mm or more`,
    };
  }
}

/** Aligners first..last, as the gate words them. */
const alignerSpan = ([first, last]: readonly [number, number]): string => (first === last ? `aligner ${first}` : `aligners ${first}-${last}`);

/**
 * The aligners over which a wanted attachment must be on: those the tooth moves in, or, for
 * anchorage (a tooth that may not move at all), those its arch's molars move in. Null: nothing
 * moves then, so any attachment meets the rule.
 */
function neededDuring(a: Attachment, staging: QaGateInput['staging']): [number, number] | null {
  const moving = staging.teeth.filter((t) => t.active > 0 && (a.reason === 'anchorage'
    ? jawOf(t.fdi) === jawOf(a.fdi) && toothType(t.fdi) === 'molar'
    : t.fdi === a.fdi));
  if (moving.length === 0) return null;
  return [Math.min(...moving.map((t) => t.start + 1)), Math.max(...moving.map((t) => t.start + t.active))];
}

/** Why the tooth's attachments leave part of `span` uncovered (bonded too late, taken off too early), or null when one covers it. */
function uncovered(on: readonly Attachment[], span: readonly [number, number]): string | null {
  // Bonded before aligner k (0: before the first) and taken off after aligner r: on for k..r.
  if (on.some((x) => Math.max(1, x.stagePlaced) <= span[0] && (x.stageRemoved === null || x.stageRemoved >= span[1]))) return null;
  const x = on[0];
  if (Math.max(1, x.stagePlaced) > span[0]) return `its attachment is bonded only before aligner ${x.stagePlaced}`;
  return `its attachment is taken off after aligner ${x.stageRemoved}`;
}

/**
 * A tooth the rules want an attachment on has one, whatever its shape or reason (the planner
 * may choose another), on the tooth for every aligner that needs it: one bonded after the
 * movement starts or taken off before it ends gives the aligner nothing to push on meanwhile.
 */
function attachmentReasons({ plan, staging, movements }: QaGateInput): string[] {
  return planRuleAttachments(plan, movements.map((m) => m.fdi)).flatMap((a) => {
    const { does, rule } = whyWanted(a, plan);
    const on = plan.attachments.filter((x) => x.fdi === a.fdi);
    if (on.length === 0) return [`Tooth ${a.fdi} ${does} and has no attachment (the protocol's ${rule})`];
    const span = neededDuring(a, staging);
    const gap = span && uncovered(on, span);
    return gap ? [`Tooth ${a.fdi} ${does} in ${alignerSpan(span)}, but ${gap} (the protocol's ${rule})`] : [];
  });
}

function recordReasons({ requiredRecords, presentRecords }: QaGateInput): string[] {
  const missing = requiredRecords.filter((k) => !presentRecords.includes(k)).map((k) => {
    const label = recordKindLabel(k);
    return label.charAt(0).toLowerCase() + label.slice(1);
  });
  return missing.length ? [`Missing records: ${missing.join(', ')}`] : [];
}

function sanityReasons({ checklist }: QaGateInput): string[] {
  return checklist.filter((c) => c.status !== 'pass' && !SANITY_HANDLED_ELSEWHERE.includes(c.id)).map((c) => `${c.label}: ${c.detail}`);
}

function reasonsOf(check: QaCheck, input: QaGateInput): string[] {
  switch (check.id) {
    case 'staging-limits': return stagingLimitReasons(input);
    case 'final-collisions': return finalCollisionReasons(input, check.maxDepthMm);
    case 'ipr-maximum': return iprReasons(input);
    case 'attachments-where-needed': return attachmentReasons(input);
    case 'records-complete': return recordReasons(input);
    case 'sanity-checks': return sanityReasons(input);
  }
}

/** Every check of the protocol's checklist over the plan; a check turned off is 'off' and never fails. */
export function runQaGate(input: QaGateInput): QaResult {
  const checks = input.qaChecklist.map((c): QaCheckResult => {
    const label = qaCheckLabel(c.id);
    if (!c.enabled) return { id: c.id, label, status: 'off', reasons: [] };
    const reasons = reasonsOf(c, input);
    return { id: c.id, label, status: reasons.length ? 'fail' : 'pass', reasons };
  });
  const failures = checks.flatMap((c) => c.reasons);
  return { passed: failures.length === 0, checks, failures };
}

export interface QaOverride {
  /** Why the plan goes out despite the failures: kept in the audit trail. */
  reason: string;
}

/**
 * Why the plan may not be sent, or null when it may: it passed, or a person let its failures
 * through with a reason. An override without one unblocks nothing, and says so first.
 */
export function sendBlocked(result: QaResult, override?: QaOverride): string[] | null {
  if (result.passed) return null;
  if (override === undefined) return [...result.failures];
  if (override.reason.trim() === '') return [QA_OVERRIDE_NEEDS_REASON, ...result.failures];
  return null;
}

export interface QaAudit {
  /** To append in this order: 'qa-checked', 'qa-overridden' when let through, then the status change the gate makes, if any. */
  events: AuditEventInput[];
  /** Where the case stands afterwards. */
  status: PipelineStatus;
}

/**
 * What a run of the gate writes to the trail, for a case in `on.status`. Passed or let
 * through, the plan is sent ('plan-sent': QA or planning -> doctor review); failed, the work
 * is 'qa-failed' (QA -> planning; a case still in planning stays). A status no such work
 * moves from is left as it is. An override of a passed gate lets nothing through and is not
 * recorded; one without a reason throws (see sendBlocked).
 */
export function qaAuditInputs(result: QaResult, on: { caseId: string; at: number; actor: Actor; status: PipelineStatus }, override?: QaOverride): QaAudit {
  const { status, ...stamp } = on;
  const checked: AuditEventInput = {
    ...stamp, kind: 'qa-checked', detail: qaCheckedDetail(result.failures),
    summary: result.passed ? 'QA passed' : `QA: ${result.failures.length} failed`,
  };
  const events = [checked];
  const overridden = !result.passed && override !== undefined;
  if (overridden) {
    const detail = qaOverriddenDetail(result.failures, override.reason);
    events.push({ ...stamp, kind: 'qa-overridden', summary: `QA failure let through: ${detail.reason}`, detail });
  }
  const work = result.passed || overridden ? 'plan-sent' : 'qa-failed';
  const to = automaticTransition(status, work);
  if (to === null) return { events, status };
  events.push(statusChangeEvent({ from: status, to, manual: false, work }, stamp));
  return { events, status: to };
}
