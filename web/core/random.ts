// The one seeded PRNG (mulberry32). The demo case must come out bit-identical from its
// seed, and every synthetic test fixture must replay from the seed its test names, so
// nothing in the product or the tests draws from Math.random.

export type Rng = () => number;

/** Uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

export function randomSign(rng: Rng): 1 | -1 {
  return rng() < 0.5 ? -1 : 1;
}

/** The same generator under the name the fixtures use. */
export const seededRandom = mulberry32;
