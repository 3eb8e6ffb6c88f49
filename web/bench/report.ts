// The benchmark report as text, the same in the terminal and on the bench page.
import type { BenchReport } from './run.ts';

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
