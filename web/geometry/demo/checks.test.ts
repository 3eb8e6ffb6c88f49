import { describe, expect, it } from 'vitest';
import { crownAnatomy } from './anatomy.ts';
import { buildCrown } from './crown.ts';
import { boundaryLoops, cappedVolume, crownGap, orientationDefects } from './checks.ts';

// One molar crown, and the same crown moved along x: deliberately broken copies below.
const crown = buildCrown(crownAnatomy(16), 1, { proximal: 16, side: 20 }, 21);
const single = Float32Array.from(crown.positions);

function pair(shiftMm: number): { positions: Float32Array; a: Uint32Array; b: Uint32Array } {
  const n = single.length / 3;
  const positions = new Float32Array(single.length * 2);
  positions.set(single);
  for (let i = 0; i < single.length; i += 3) {
    positions[single.length + i] = single[i] + shiftMm;
    positions[single.length + i + 1] = single[i + 1];
    positions[single.length + i + 2] = single[i + 2];
  }
  return { positions, a: crown.indices, b: crown.indices.map((v) => v + n) };
}

describe('demo mesh checks', () => {
  it('find the one margin loop of an open crown and a positive capped volume', () => {
    const loops = boundaryLoops(crown.indices);
    expect(loops).toHaveLength(1);
    expect(loops[0]).toHaveLength(crown.ringSize);
    expect(cappedVolume(single, crown.indices, loops[0])).toBeGreaterThan(200);
  });

  it('report reversed winding as a negative volume and a flipped triangle as a defect', () => {
    const reversed = crown.indices.slice();
    for (let t = 0; t < reversed.length; t += 3) [reversed[t + 1], reversed[t + 2]] = [reversed[t + 2], reversed[t + 1]];
    const [loop] = boundaryLoops(reversed);
    expect(cappedVolume(single, reversed, loop)).toBeLessThan(-200);
    expect(orientationDefects(crown.indices)).toBe(0);
    const oneFlipped = crown.indices.slice();
    [oneFlipped[301], oneFlipped[302]] = [oneFlipped[302], oneFlipped[301]];
    expect(orientationDefects(oneFlipped)).toBeGreaterThan(0);
  });

  it('measure a 2 mm gap and a ~1 mm overlap between two crowns', () => {
    const width = 10;
    const apart = pair(width + 2);
    expect(crownGap(apart.positions, apart.a, apart.b)).toBeCloseTo(2, 0);
    const overlapping = pair(width - 1);
    const gap = crownGap(overlapping.positions, overlapping.a, overlapping.b);
    expect(gap).toBeLessThan(-0.5);
    expect(gap).toBeGreaterThan(-1.5);
  });
});
