// What a package carries for a viewer to show before computing anything (exchange/summary.ts),
// taken from the open plan session: only once the engine's findings are those of the current
// plan, so a summary never pairs one plan's numbers with another plan's hash.
import { movementTable, planWarnings } from '../../../pipeline/index.ts';
import { summaryOf, type PackageSummary } from '../../../exchange/summary.ts';
import { JAWS } from '../../../core/types.ts';
import type { PlanSession } from '../../state/plan-types.ts';

export function sessionSummary(plan: PlanSession): PackageSummary | undefined {
  const staging = plan.staging();
  const parts = plan.parts();
  if (plan.state.phase !== 'ready' || plan.state.computing || !staging || !parts) return undefined;
  const findings = plan.findings();
  const prepared = { parts: JAWS.flatMap((j) => parts[j] ?? []) };
  // Before the engine's first run there are no mid-course findings to add.
  const warnings = findings ? planWarnings(staging, findings, prepared) : [...staging.warnings.map((w) => w.message), ...prepared.parts.flatMap((p) => p.skipped)];
  return summaryOf({ plan: plan.plan(), staging, findings, checklist: plan.checklist(), movements: movementTable(staging, prepared), warnings });
}
