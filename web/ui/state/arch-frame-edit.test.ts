import { describe, expect, test } from 'vitest';
import type { ArchFrame } from '../../geometry/segmentation/index.ts';
import { anteriorTurnDeg, flipOcclusal, rotateAnterior } from './arch-frame-edit.ts';

// An upper arch with its crowns towards -z and incisors towards +y: the patient's left is -x.
const frame: ArchFrame = {
  origin: [1, 2, 3], occlusal: [0, 0, -1], anterior: [0, 1, 0], left: [-1, 0, 0], jawGuess: 'upper', inwardNormals: false,
};

const close = (a: readonly number[], b: readonly number[]) => a.forEach((x, i) => expect(x).toBeCloseTo(b[i], 12));

describe('planner edits of the arch frame', () => {
  test('flipping the occlusal normal turns it over, flips the winding and keeps a right-handed left', () => {
    const f = flipOcclusal(frame, 'upper');
    close(f.occlusal, [0, 0, 1]);
    expect(f.inwardNormals).toBe(true);
    close(f.left, [1, 0, 0]);
    close(f.origin, frame.origin);
    close(flipOcclusal(f, 'upper').left, frame.left);
  });

  test('rotating the anterior by +5 then -5 degrees returns it; the turn reads back in degrees', () => {
    const turned = rotateAnterior(frame, 5, 'upper');
    expect(anteriorTurnDeg(frame, turned)).toBeCloseTo(5, 9);
    expect(Math.hypot(...turned.anterior)).toBeCloseTo(1, 12);
    expect(turned.anterior[2]).toBeCloseTo(0, 12); // stays in the occlusal plane
    close(rotateAnterior(turned, -5, 'upper').anterior, frame.anterior);
    // left stays perpendicular to both
    expect(turned.left[0] * turned.anterior[0] + turned.left[1] * turned.anterior[1]).toBeCloseTo(0, 12);
  });
});
