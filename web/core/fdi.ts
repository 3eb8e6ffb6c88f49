// The one place for tooth numbering. FDI two-digit numbers are the model; Universal and
// Palmer exist only for display and for reading file names that use them.
import type { Jaw } from './types.ts';

export type Fdi = number;

/** Quadrants 1-4 (permanent dentition), positions 1-8 (central incisor to third molar). */
export function isFdi(n: number): boolean {
  if (!Number.isInteger(n)) return false;
  const q = Math.floor(n / 10);
  const p = n % 10;
  return q >= 1 && q <= 4 && p >= 1 && p <= 8;
}

export function jawOf(fdi: Fdi): Jaw {
  const q = Math.floor(fdi / 10);
  return q === 1 || q === 2 ? 'upper' : 'lower';
}

/** Position in its quadrant: 1 central incisor ... 8 third molar. */
export function positionOf(fdi: Fdi): number {
  return fdi % 10;
}

/** Quadrants 1 and 4 are the patient's right side. */
export function isRightSide(fdi: Fdi): boolean {
  const q = Math.floor(fdi / 10);
  return q === 1 || q === 4;
}

export type ToothType = 'incisor' | 'canine' | 'premolar' | 'molar';

export function toothType(fdi: Fdi): ToothType {
  const p = positionOf(fdi);
  if (p <= 2) return 'incisor';
  if (p === 3) return 'canine';
  if (p <= 5) return 'premolar';
  return 'molar';
}

/**
 * Universal numbering: 1-16 upper from the patient's right third molar to the left
 * third molar, 17-32 lower from the left third molar to the right third molar.
 */
export function fdiToUniversal(fdi: Fdi): number {
  const q = Math.floor(fdi / 10);
  const p = fdi % 10;
  switch (q) {
    case 1: return 9 - p;
    case 2: return 8 + p;
    case 3: return 25 - p;
    case 4: return 24 + p;
    default: throw new RangeError(`not an FDI tooth number: ${fdi}`);
  }
}

export function universalToFdi(u: number): Fdi {
  if (!Number.isInteger(u) || u < 1 || u > 32) throw new RangeError(`not a Universal tooth number: ${u}`);
  if (u <= 8) return 10 + (9 - u);
  if (u <= 16) return 20 + (u - 8);
  if (u <= 24) return 30 + (25 - u);
  return 40 + (u - 24);
}

/** Palmer notation as a display string, e.g. "UR3" for 13. */
export function fdiToPalmer(fdi: Fdi): string {
  const q = Math.floor(fdi / 10);
  const names: Record<number, string> = { 1: 'UR', 2: 'UL', 3: 'LL', 4: 'LR' };
  return `${names[q]}${fdi % 10}`;
}

/** The 16 FDI numbers of one jaw, ordered around the arch from the patient's right to left. */
export function archOrder(jaw: Jaw): Fdi[] {
  const right = jaw === 'upper' ? 1 : 4;
  const left = jaw === 'upper' ? 2 : 3;
  const out: Fdi[] = [];
  for (let p = 8; p >= 1; p--) out.push(right * 10 + p);
  for (let p = 1; p <= 8; p++) out.push(left * 10 + p);
  return out;
}
