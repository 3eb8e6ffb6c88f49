// The generated arches the segmentation is held to (issue 11): per jaw, the variants a
// planner meets, each drawn from a seed so a failure replays from the seed its test names.
// Shared by the sweep tests and the bench's sweep table so both judge the same arches.
import type { Jaw } from '../../core/types.ts';
import { uniform } from '../../core/random.ts';
import { stream } from './raw-scan-patient.ts';
import type { RawScanOptions } from './raw-scan-patient.ts';

export const SWEEP_VARIANTS = [
  'full', 'third-molars', 'missing-one', 'closed-space', 'partial', 'crowding', 'spacing', 'crown-only-trimmed', 'crown-only-separate',
] as const;
export type SweepVariant = (typeof SWEEP_VARIANTS)[number];

export const SWEEP_JAWS: readonly Jaw[] = ['upper', 'lower'];
/** The bar: at least 20 seeds per jaw and variant. */
export const SWEEP_SEEDS = 20;
export const SWEEP_TRIANGLES = 50_000;

/** Quadrants on the patient's right and left of a jaw. */
const quadrants = (jaw: Jaw): [number, number] => (jaw === 'upper' ? [1, 2] : [4, 3]);

/** Which tooth position a missing-tooth case leaves out, cycling so every position comes up. */
const MISSING_POSITIONS = [4, 2, 6, 5, 1, 7, 3];

export function sweepCase(variant: SweepVariant, jaw: Jaw, seed: number, triangles = SWEEP_TRIANGLES): RawScanOptions {
  const base: RawScanOptions = { jaw, seed, triangles };
  const quadrant = quadrants(jaw)[seed % 2];
  const rng = stream(seed, 100);
  switch (variant) {
    case 'full': return base;
    case 'third-molars': return { ...base, thirdMolars: true };
    case 'missing-one': return { ...base, missing: [quadrant * 10 + MISSING_POSITIONS[seed % MISSING_POSITIONS.length]] };
    case 'closed-space': return { ...base, closedSpaces: [quadrant * 10 + (seed % 3 === 0 ? 5 : 4)] };
    case 'partial': return { ...base, missing: [quadrant * 10 + 6, quadrant * 10 + 7] };
    case 'crowding': return { ...base, crowding: uniform(rng, 3, 7) };
    case 'spacing': return { ...base, spacing: uniform(rng, 2, 5) };
    case 'crown-only-trimmed': return { ...base, crownOnly: 'trimmed' };
    case 'crown-only-separate': return { ...base, crownOnly: 'separate' };
  }
}

/** What a case asks for, for test names and the table. */
export function describeCase(o: RawScanOptions): string {
  const parts = [`${o.jaw} seed ${o.seed}`];
  if (o.thirdMolars) parts.push('third molars');
  if (o.missing?.length) parts.push(`${o.missing.join(' ')} missing`);
  if (o.closedSpaces?.length) parts.push(`${o.closedSpaces.join(' ')} space closed`);
  if (o.crowding) parts.push(`crowding ${o.crowding.toFixed(1)} mm`);
  if (o.spacing) parts.push(`spacing ${o.spacing.toFixed(1)} mm`);
  if (o.crownOnly) parts.push(`crown-only ${o.crownOnly}`);
  return parts.join(', ');
}
