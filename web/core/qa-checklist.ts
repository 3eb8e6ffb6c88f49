// The QA checklist a protocol sets: which of the checks the QA gate runs before a plan goes
// out, and the one threshold a check needs beyond what the protocol's settings already hold
// (the limits, the IPR maximum, the attachment rules, the sanity thresholds and the required
// records are the protocol's own). The checks' names live here, not in the protocol
// document: a document says which checks, the studio says what they are called.
import { ACCEPT_ABOVE_MM } from './plan-rules.ts';

export const QA_CHECKS = [
  { id: 'staging-limits', label: 'Every stage within the per-stage movement limits' },
  { id: 'final-collisions', label: 'No collisions at the final stage' },
  { id: 'ipr-maximum', label: 'IPR within the maximum per contact' },
  { id: 'attachments-where-needed', label: 'Attachments wherever the attachment rules ask for one' },
  { id: 'records-complete', label: 'Every required record on the case' },
  { id: 'sanity-checks', label: 'Nothing the sanity checklist warns about' },
] as const;

export type QaCheckId = (typeof QA_CHECKS)[number]['id'];
export const QA_CHECK_IDS: readonly QaCheckId[] = QA_CHECKS.map((c) => c.id);

export type QaCheck =
  | { id: Exclude<QaCheckId, 'final-collisions'>; enabled: boolean }
  /** maxDepthMm: the deepest overlap between two teeth at the final stage that still passes. */
  | { id: 'final-collisions'; enabled: boolean; maxDepthMm: number };

export function qaCheckLabel(id: QaCheckId): string {
  return QA_CHECKS.find((c) => c.id === id)!.label;
}

/**
 * Every check on. Final collisions pass up to ACCEPT_ABOVE_MM (0.1 mm): the overlap that
 * accepting IPR proposals leaves as a tight contact (issue 5), so a plan whose proposals were
 * accepted passes.
 */
export const DEFAULT_QA_CHECKLIST: readonly QaCheck[] = Object.freeze(QA_CHECK_IDS.map((id): QaCheck => Object.freeze(
  id === 'final-collisions' ? { id, enabled: true, maxDepthMm: ACCEPT_ABOVE_MM } : { id, enabled: true },
)));

/** Deeper than this at the end is a collision no aligner seats over: a typing error, not a choice. */
const MAX_FINAL_DEPTH_MM = 1;

/** Every problem with a checklist, each naming its field under `where`; every check must be listed once. */
export function qaChecklistProblems(x: unknown, where = 'qaChecklist'): string[] {
  if (!Array.isArray(x)) return [`${where} must be a list of checks`];
  const out: string[] = [];
  const seen = new Set<string>();
  x.forEach((c: unknown, i) => {
    const at = `${where}[${i}]`;
    const q = (typeof c === 'object' && c !== null ? c : {}) as { id?: unknown; enabled?: unknown; maxDepthMm?: unknown };
    if (!(QA_CHECK_IDS as readonly unknown[]).includes(q.id)) {
      out.push(`${at}.id names no QA check this studio knows (got ${JSON.stringify(q.id) ?? String(q.id)})`);
      return;
    }
    if (seen.has(q.id as string)) out.push(`${at}: the ${q.id} check is listed twice`);
    seen.add(q.id as string);
    if (typeof q.enabled !== 'boolean') out.push(`${at}.enabled (${q.id}) must be true or false`);
    if (q.id === 'final-collisions' && (typeof q.maxDepthMm !== 'number' || !Number.isFinite(q.maxDepthMm) || q.maxDepthMm < 0 || q.maxDepthMm > MAX_FINAL_DEPTH_MM)) {
      out.push(`${at}.maxDepthMm (final collisions) must be from 0 to ${MAX_FINAL_DEPTH_MM} mm (got ${String(q.maxDepthMm)})`);
    }
  });
  const missing = QA_CHECK_IDS.filter((id) => !seen.has(id));
  if (missing.length > 0) out.push(`${where} lacks the ${missing.join(', ')} check${missing.length > 1 ? 's' : ''}`);
  return out;
}

/** Only each check's own fields, copied (for a valid checklist). */
export function qaChecklistFields(list: readonly QaCheck[]): QaCheck[] {
  return list.map((c): QaCheck => (c.id === 'final-collisions' ? { id: c.id, enabled: c.enabled, maxDepthMm: c.maxDepthMm } : { id: c.id, enabled: c.enabled }));
}
