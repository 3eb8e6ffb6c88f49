// Which teeth are checked against which: the tooth-pair rules every plan derivation uses
// (the studio, the CLI, the bench), written once here and handed to the engine as its pair
// list. Neighbours within an arch, and each upper tooth against the lower teeth it can bite on.
import { archOrder, isRightSide, jawOf, positionOf, type Fdi } from './fdi.ts';
import type { ContactKind } from './findings.ts';

export interface ContactPair {
  a: Fdi;
  b: Fdi;
  kind: ContactKind;
}

/** Neighbours in each arch, in arch order, including across the midline; a gap (missing tooth) is bridged. */
export function neighbourPairs(fdis: readonly Fdi[]): ContactPair[] {
  const present = new Set(fdis);
  const out: ContactPair[] = [];
  for (const jaw of ['upper', 'lower'] as const) {
    const order = archOrder(jaw).filter((f) => present.has(f));
    for (let i = 0; i + 1 < order.length; i++) {
      const [x, y] = [order[i], order[i + 1]];
      out.push({ a: Math.min(x, y), b: Math.max(x, y), kind: 'neighbour' });
    }
  }
  return out;
}

/** Position along the arch, right to left, with the midline at 0: 11 -> -0.5, 21 -> +0.5. */
function archCoordinate(fdi: Fdi): number {
  return (isRightSide(fdi) ? -1 : 1) * (positionOf(fdi) - 0.5);
}

/** Each upper tooth against the lower teeth it can touch: the same position and one either side. */
export function antagonistPairs(upper: readonly Fdi[], lower: readonly Fdi[]): ContactPair[] {
  const out: ContactPair[] = [];
  for (const u of [...upper].sort((x, y) => archCoordinate(x) - archCoordinate(y))) {
    for (const l of [...lower].sort((x, y) => archCoordinate(x) - archCoordinate(y))) {
      if (Math.abs(archCoordinate(u) - archCoordinate(l)) <= 1) out.push({ a: u, b: l, kind: 'antagonist' });
    }
  }
  return out;
}

/** Every pair a plan's findings cover: the neighbours of both arches, then the antagonists. */
export function planPairs(fdis: readonly Fdi[]): ContactPair[] {
  return [...neighbourPairs(fdis), ...antagonistPairs(fdis.filter((f) => jawOf(f) === 'upper'), fdis.filter((f) => jawOf(f) === 'lower'))];
}
