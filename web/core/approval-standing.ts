// Whether a doctor's approval still holds, written once for every place that says so: the
// studio's approval card, the report's cover, `package verify` and the CLI report. Only the
// newest decision stands (a request for changes after an approval withdraws it), and an
// approval holds only while the plan's content hash is the one signed.
import type { Plan } from './plan.ts';
import { planContentHash, planDifferences } from './plan-hash.ts';
import type { ReviewDecision, SignedApproval } from './review.ts';
import type { Jaw } from './types.ts';

/** The approval that stands: the newest decision, when it is an approval. */
export function standingApproval(decisions: readonly ReviewDecision[]): SignedApproval | undefined {
  const newest = [...decisions].sort((x, y) => x.at - y.at).at(-1);
  return newest?.kind === 'approval' ? newest : undefined;
}

export type ApprovalStanding =
  | { holds: true }
  /** differences: what changed since the approved version, in plain words (planDifferences); why, when they cannot say it. */
  | { holds: false; differences: string[]; why?: string };

/**
 * The approval held against the plan as it stands. `approved` is the saved version the
 * approval names, or null when it is not at hand (then only the fact of a change is known).
 */
export function approvalStanding(
  a: SignedApproval, plan: Plan, meshHashes: Partial<Record<Jaw, string>>, approved: Plan | null,
): ApprovalStanding {
  if (planContentHash(plan, meshHashes) === a.planHash) return { holds: true };
  if (!approved) return { holds: false, differences: [], why: `The approved version "${a.versionName}" is not at hand to say what changed.` };
  const differences = planDifferences(approved, plan);
  if (planContentHash(approved, meshHashes) !== a.planHash) {
    return { holds: false, differences, why: `The approved version "${a.versionName}" no longer matches the signature: the scans the plan moves, or that version, changed since.` };
  }
  return differences.length ? { holds: false, differences } : { holds: false, differences, why: 'The plan changed in a way no list of differences names.' };
}

/** One line for a person: what the void approval's standing comes to. */
export function voidText(s: Exclude<ApprovalStanding, { holds: true }>): string {
  return s.differences.length ? s.differences.join('; ') : (s.why ?? 'the plan or its scans changed');
}
