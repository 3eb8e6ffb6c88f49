// What an approval is bound to, and what a person is told when it no longer holds. The
// content hash covers everything that changes the aligners: the plan (targets, staging,
// attachments, IPR, protocol and the protocol document it names) and the meshes it moves.
// Comments are left out: a doctor's note on a tooth must not void the approval it comments on.
import { attachmentText, RULE_KEYS, type AttachmentRule } from './attachments.ts';
import { canonicalJson, hashOf } from './canonical.ts';
import type { Fdi } from './fdi.ts';
import { MOVEMENT_KEYS, zeroMovement, type Plan, type PlannedIpr } from './plan.ts';
import type { ToothMovement } from './pose.ts';
import { LIMIT_KEYS, SANITY_KEYS, type Protocol } from './protocol.ts';
import type { ProtocolRef } from './protocol-ref.ts';
import type { Jaw } from './types.ts';

/**
 * The schema number the hash states, whatever schema the plan is stored in: the hash is of the
 * content, and a schema step that only adds a field absent until used (6: protocolRef) leaves
 * a plan's content as it was. Hashing the stored number would void every approval the moment
 * its plan is read under a newer schema. A step that changes what existing plans say must
 * raise this with it, and say in its migration that approvals made before it lapse.
 */
export const CONTENT_HASH_SCHEMA = 5;

/** SHA-256 hex of the plan without its comments, the mesh content hashes and the protocol. Sync. */
export function planContentHash(plan: Plan, meshHashes: Partial<Record<Jaw, string>>): string {
  const { comments: _comments, ...content } = plan;
  return hashOf({ plan: { ...content, schemaVersion: CONTENT_HASH_SCHEMA }, meshHashes, protocol: plan.protocol });
}

/** Enough digits to show the change, no trailing zeros: 0.25, 1, 0.125. */
function num(a: number, b?: number): string {
  const short = (x: number) => String(Math.round(x * 100) / 100);
  return b !== undefined && short(a) === short(b) ? String(a) : short(a);
}

const ANGLES = new Set<string>(['tip', 'torque', 'rotation']);
const unit = (key: string) => (ANGLES.has(key) ? '°' : ' mm');
const change = (key: string, a: number, b: number) => `${key} ${num(a, b)} -> ${num(b, a)}${unit(key)}`;

function toothChanges(a: ToothMovement, b: ToothMovement): string[] {
  return MOVEMENT_KEYS.filter((k) => a[k] !== b[k]).map((k) => change(k, a[k], b[k]));
}

function targetDifferences(approved: Plan, current: Plan): string[] {
  const was = new Map(approved.targets.map((t) => [t.fdi, t.movement]));
  const now = new Map(current.targets.map((t) => [t.fdi, t.movement]));
  const teeth = [...new Set([...was.keys(), ...now.keys()])].sort((x, y) => x - y);
  const out: string[] = [];
  for (const fdi of teeth) {
    const changes = toothChanges(was.get(fdi) ?? zeroMovement(), now.get(fdi) ?? zeroMovement());
    if (changes.length === 0) continue;
    const what = !was.has(fdi) ? 'final position added' : !now.has(fdi) ? 'final position removed (back to the scan position)' : 'final position';
    out.push(`tooth ${fdi}: ${what} (${changes.join(', ')})`);
  }
  return out;
}

function stagingDifferences(approved: Plan, current: Plan): string[] {
  const out: string[] = [];
  if (approved.staging.pattern !== current.staging.pattern) out.push(`staging pattern: ${approved.staging.pattern} -> ${current.staging.pattern}`);
  const was = new Map(approved.staging.manualStarts.map((s) => [s.fdi, s]));
  const now = new Map(current.staging.manualStarts.map((s) => [s.fdi, s]));
  const show = (s?: { start: number; active?: number }) =>
    s === undefined ? 'none' : `after stage ${s.start}${s.active === undefined ? '' : ` over ${s.active} stages`}`;
  for (const fdi of [...new Set([...was.keys(), ...now.keys()])].sort((x, y) => x - y)) {
    const a = show(was.get(fdi));
    const b = show(now.get(fdi));
    if (a !== b) out.push(`staging: tooth ${fdi} manual start ${a} -> ${b}`);
  }
  return out;
}

function iprDifferences(approved: Plan, current: Plan): string[] {
  // a < b in a plan, so a * 100 + b orders contacts as the plan lists them.
  const key = (e: PlannedIpr) => e.a * 100 + e.b;
  const was = new Map(approved.ipr.map((e) => [key(e), e]));
  const now = new Map(current.ipr.map((e) => [key(e), e]));
  const out: string[] = [];
  for (const k of [...new Set([...was.keys(), ...now.keys()])].sort((x, y) => x - y)) {
    const a = was.get(k);
    const b = now.get(k);
    const c = `IPR ${(a ?? b)!.a}/${(a ?? b)!.b}`;
    if (!a && b) out.push(`${c}: added ${num(b.amountMm)} mm after stage ${b.stage}`);
    else if (a && !b) out.push(`${c}: removed (was ${num(a.amountMm)} mm)`);
    else if (a && b) {
      if (a.amountMm !== b.amountMm) out.push(`${c}: ${num(a.amountMm, b.amountMm)} -> ${num(b.amountMm, a.amountMm)} mm`);
      if (a.stage !== b.stage) out.push(`${c}: after stage ${a.stage} -> after stage ${b.stage}`);
    }
  }
  return out;
}

function attachmentDifferences(approved: Plan, current: Plan): string[] {
  const kinds = (p: Plan, fdi: Fdi) => p.attachments.filter((a) => a.fdi === fdi).map(attachmentText).sort();
  const teeth = [...new Set([...approved.attachments, ...current.attachments].map((a) => a.fdi))].sort((x, y) => x - y);
  const out: string[] = [];
  for (const fdi of teeth) {
    const a = kinds(approved, fdi);
    const b = kinds(current, fdi);
    if (canonicalJson(a) !== canonicalJson(b)) out.push(`attachments on ${fdi}: ${a.join(', ') || 'none'} -> ${b.join(', ') || 'none'}`);
  }
  return out;
}

/** "from 5: optimized-rotation 2x3x1 mm", or "off". */
function ruleText(r: AttachmentRule): string {
  return r.enabled ? `from ${r.threshold}: ${r.shape} ${r.widthMm}x${r.heightMm}x${r.depthMm} mm` : 'off';
}

function protocolDifferences(a: Protocol, b: Protocol): string[] {
  const out: string[] = [];
  const limits = LIMIT_KEYS.filter((k) => a.limits[k] !== b.limits[k]).map((k) => change(k, a.limits[k], b.limits[k]));
  if (limits.length > 0) out.push(`protocol: per-stage limits (${limits.join(', ')})`);
  if (a.wearDays !== b.wearDays) out.push(`protocol: wear days ${a.wearDays} -> ${b.wearDays}`);
  if (a.iprMaxPerContactMm !== b.iprMaxPerContactMm) out.push(`protocol: IPR maximum per contact ${num(a.iprMaxPerContactMm, b.iprMaxPerContactMm)} -> ${num(b.iprMaxPerContactMm, a.iprMaxPerContactMm)} mm`);
  if (a.overcorrectionStages !== b.overcorrectionStages) out.push(`protocol: over-correction stages ${a.overcorrectionStages} -> ${b.overcorrectionStages}`);
  const sanity = SANITY_KEYS.filter((k) => a.sanity[k] !== b.sanity[k]);
  if (sanity.length > 0) out.push(`protocol: sanity thresholds (${sanity.map((k) => `${k} ${num(a.sanity[k], b.sanity[k])} -> ${num(b.sanity[k], a.sanity[k])}`).join(', ')})`);
  for (const k of RULE_KEYS) {
    if (canonicalJson(a.attachments[k]) !== canonicalJson(b.attachments[k])) out.push(`protocol: ${k} attachment rule (${ruleText(a.attachments[k])} -> ${ruleText(b.attachments[k])})`);
  }
  return out;
}

/** "Northside adult standard v3", with the start of its hash when only the hash tells two apart. */
function protocolRefDifferences(a: ProtocolRef | undefined, b: ProtocolRef | undefined): string[] {
  if (canonicalJson(a ?? null) === canonicalJson(b ?? null)) return [];
  const show = (r: ProtocolRef | undefined, other: ProtocolRef | undefined) => {
    if (r === undefined) return 'none';
    const same = other !== undefined && other.name === r.name && other.version === r.version;
    return `${r.name} v${r.version}${same ? ` (${r.hash.slice(0, 8)})` : ''}`;
  };
  return [`protocol document: ${show(a, b)} -> ${show(b, a)}`];
}

/**
 * In plain words, what changed between the approved plan and the current one (empty when
 * nothing that the content hash covers did): "tooth 11: final position (mesial 0 -> 0.5 mm)",
 * "staging pattern: ...", "IPR 11/21: 0.2 -> 0.3 mm", "attachments on 13: ...", "protocol: ...".
 */
export function planDifferences(approved: Plan, current: Plan): string[] {
  return [
    ...targetDifferences(approved, current),
    ...stagingDifferences(approved, current),
    ...iprDifferences(approved, current),
    ...attachmentDifferences(approved, current),
    ...protocolDifferences(approved.protocol, current.protocol),
    ...protocolRefDifferences(approved.protocolRef, current.protocolRef),
  ];
}
