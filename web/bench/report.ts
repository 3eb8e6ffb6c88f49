// The benchmark report as text, the same in the terminal and on the bench page.
import type { BenchReport } from './run.ts';
import type { PlanBenchReport } from './plan.ts';

function ms(v: number | null | undefined): string {
  if (v == null) return 'n/a';
  return v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(2)} ms`;
}

function ratio(v: number | null): string {
  if (v == null) return 'n/a';
  return `${v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toPrecision(2)}x`;
}

export function formatReport(r: BenchReport, heading: string): string {
  const w = r.workload;
  const lines = [
    heading,
    `workload: ${w.plans.join(' + ')}`,
    `  ${w.teeth} teeth, ${w.triangles} triangles, ${w.vertices} vertices`,
    `  ${w.pairs} pairs (${w.neighbourPairs} neighbour, ${w.antagonistPairs} antagonist) x ${w.stages} stages = ${w.pairStages} pair-stages, search ${w.searchMm} mm`,
    '',
    'whole plan (same pair-stages for every line):',
  ];
  const width = Math.max(...Object.keys(r.times_ms).map((k) => k.length));
  for (const [name, t] of Object.entries(r.times_ms)) {
    lines.push(`  ${name.padEnd(width)}  ${ms(t).padStart(10)}   ${r.methods[name] ?? ''}`);
  }
  lines.push('', 'one-time build (BVHs / Manifolds):');
  for (const [name, t] of Object.entries(r.build_ms)) lines.push(`  ${name.padEnd(width)}  ${ms(t).padStart(10)}`);
  const ratios = Object.entries(r.ratios).filter(([k]) => !k.includes('(move one tooth)'));
  if (ratios.length) {
    lines.push('', 'ratios (time of the first / time of the second; > 1 = the second is faster):');
    for (const [name, v] of ratios) lines.push(`  ${name}: ${ratio(v)}`);
  }
  if (r.checks.length) lines.push('', ...r.checks);
  lines.push('', ...r.notes.map((n) => `note: ${n}`));
  return lines.join('\n');
}

/** Issue #5's lines: staging plus every collision for the whole plan, and one tooth moved in the gizmo. */
export function formatPlanReport(r: PlanBenchReport): string {
  const w = r.wholePlan, m = r.moveOneTooth, p = w.parts_ms;
  const pairs = [...new Set(m.moves.map((x) => x.pairsRecomputed))].sort((a, b) => a - b).join('-');
  return [
    `setup and staging (issue 5), ${r.case}, ${r.backend} engine`,
    `  ${r.teeth} teeth, ${r.pairs} pairs (${r.neighbourPairs} neighbour, ${r.antagonistPairs} antagonist) x ${r.stages} stages = ${r.pairStages} pair-stages`,
    `  one-off preparation: archPlanParts both arches ${ms(r.prepare_ms.archPlanParts)}, loadTeeth ${ms(r.prepare_ms.loadTeeth)}; auto-setup ${ms(r.autoSetup_ms)}`,
    `  staging plus all collisions, whole plan: ${ms(w.median_ms)} median of ${w.runs_ms.length} (${w.runs_ms.map((x) => x.toFixed(0)).join(', ')} ms)`,
    `    stagePlan + poseRequest ${ms(p.staging)}, computePoses ${ms(p.poses)}, queryPairs ${ms(p.pairs)}, planFindings ${ms(p.findings)}; ${w.collisions} colliding pair-stages, ${w.iprProposals} IPR proposals`,
    `  moving one tooth in the gizmo to updated overlaps for all its pairs at all stages: median ${ms(m.median_ms)}, max ${ms(m.max_ms)}`,
    `    ${m.moves.length} teeth (seed ${m.seed}: ${m.moves.map((x) => x.fdi).join(' ')}), final position + 0.3 mm mesial, ${pairs} pairs x ${m.moves[0]?.stages ?? 0} stages recomputed (updateToothTarget)`,
    `    target < ${m.target_ms} ms: ${m.max_ms < m.target_ms ? 'met' : 'NOT met'} (max ${ms(m.max_ms)})`,
  ].join('\n');
}
