import { describe, expect, it } from 'vitest';
import { approvalStanding, standingApproval, voidText } from './approval-standing.ts';
import { emptyPlan, setTarget, zeroMovement, type Plan } from './plan.ts';
import { planContentHash } from './plan-hash.ts';
import { APPROVAL_MEANING, type ChangeRequest, type SignedApproval } from './review.ts';

const meshes = { upper: 'a'.repeat(64) };
const approved: Plan = setTarget(emptyPlan(), 11, { ...zeroMovement(), mesial: 0.5 });

function approval(at: number, plan = approved, hashes = meshes): SignedApproval {
  return {
    id: `a${at}`, kind: 'approval', caseId: 'c1', signer: 'Dr Dana Doe', at, meaning: APPROVAL_MEANING,
    planHash: planContentHash(plan, hashes), versionName: 'Final', versionId: 'v1', fingerprint: 'f'.repeat(64), publicKey: '', signature: '',
  };
}

const request = (at: number): ChangeRequest => ({ id: `r${at}`, caseId: 'c1', kind: 'changes-requested', by: { name: 'Dr Dana Doe', role: 'doctor' }, at, planHash: '', note: '', commentIds: [] });

describe('standingApproval', () => {
  it('is the newest decision when it is an approval, whatever order the list is in', () => {
    expect(standingApproval([approval(2), approval(1)])?.id).toBe('a2');
    expect(standingApproval([])).toBeUndefined();
  });

  it('a request for changes after the approval withdraws it', () => {
    expect(standingApproval([approval(1), request(2)])).toBeUndefined();
    expect(standingApproval([request(1), approval(2)])?.id).toBe('a2');
  });
});

describe('approvalStanding', () => {
  it('holds for the plan that was signed, on the scans that were signed', () => {
    expect(approvalStanding(approval(1), approved, meshes, approved)).toEqual({ holds: true });
    expect(approvalStanding(approval(1), approved, meshes, null)).toEqual({ holds: true });
  });

  it('is void when a tooth moved, naming it', () => {
    const moved = setTarget(approved, 11, { ...zeroMovement(), mesial: 0.75 });
    const s = approvalStanding(approval(1), moved, meshes, approved);
    expect(s).toEqual({ holds: false, differences: ['tooth 11: final position (mesial 0.5 -> 0.75 mm)'] });
    expect(voidText(s as Exclude<typeof s, { holds: true }>)).toBe('tooth 11: final position (mesial 0.5 -> 0.75 mm)');
  });

  it('is void when the scans changed under an unchanged plan, and says so', () => {
    const s = approvalStanding(approval(1), approved, { upper: 'c'.repeat(64) }, approved);
    expect(s.holds).toBe(false);
    if (s.holds) return;
    expect(s.differences).toEqual([]);
    expect(s.why).toMatch(/no longer matches the signature: the scans/);
  });

  it('is void without the approved version, saying it cannot name the change', () => {
    const moved = setTarget(approved, 21, { ...zeroMovement(), buccal: 1 });
    const s = approvalStanding(approval(1), moved, meshes, null);
    expect(s).toEqual({ holds: false, differences: [], why: 'The approved version "Final" is not at hand to say what changed.' });
  });
});
