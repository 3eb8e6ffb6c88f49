// The QA gate as the studio runs it before a plan goes to the doctor (core/qa-gate.ts): the
// checklist of the protocol document the plan is staged under, over the plan as computed and
// the case's records. A plan under no protocol document has no checklist to run (a clinic that
// uses no DSO protocol is not gated); one under a protocol this studio does not hold cannot be
// checked, which is a failure a person may let through with a reason.
import { protocolHash, type ProtocolDocument } from '../../core/protocol-document.ts';
import { presentRecordKinds } from '../../core/record-checklist.ts';
import type { RecordKind } from '../../core/record-kinds.ts';
import { runQaGate, type QaResult } from '../../core/qa-gate.ts';
import { JAWS, type Jaw } from '../../core/types.ts';
import type { PlanSession } from './plan-types.ts';

export type QaGateOutcome =
  | { state: 'no-protocol' }
  /** The plan is still being computed: QA runs on the computed plan only. */
  | { state: 'computing' }
  | { state: 'checked'; result: QaResult; protocol: string };

export interface QaGateSources {
  plan: PlanSession;
  protocols: readonly ProtocolDocument[];
  /** The kinds of the case's photographs, radiographs and notes. */
  records(): Promise<readonly RecordKind[]>;
  /** The jaws the case has scans of. */
  jaws: readonly Jaw[];
}

export async function qaGateForSending(src: QaGateSources): Promise<QaGateOutcome> {
  const { plan } = src;
  const ref = plan.plan().protocolRef;
  if (!ref) return { state: 'no-protocol' };
  const staging = plan.staging(), findings = plan.findings(), checklist = plan.checklist(), parts = plan.parts();
  if (plan.state.phase !== 'ready' || plan.state.computing || !staging || !findings || !checklist || !parts) return { state: 'computing' };
  const name = `${ref.name} version ${ref.version}`;
  const doc = src.protocols.find((d) => d.id === ref.id && d.version === ref.version && protocolHash(d) === ref.hash);
  if (!doc) {
    return {
      state: 'checked', protocol: name,
      result: { passed: false, checks: [], failures: [`The plan is staged under ${name}, which is not among this studio's protocols: its QA checklist cannot run. Import it in Settings.`] },
    };
  }
  const result = runQaGate({
    qaChecklist: doc.qaChecklist, plan: plan.plan(), staging, findings, checklist,
    movements: JAWS.flatMap((j) => parts[j]?.teeth.map((t) => ({ fdi: t.fdi })) ?? []),
    requiredRecords: doc.requiredRecords,
    presentRecords: presentRecordKinds(src.jaws, await src.records()),
  });
  return { state: 'checked', result, protocol: name };
}
