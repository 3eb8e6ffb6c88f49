import { describe, expect, it } from 'vitest';
import {
  applyPose, composePoses, identityPose, interpolatePose, invertPose, movementFromPose, poseFromMovement,
  quatAngle, quatFromAxisAngle, slerp, stageFraction, sub, dot, type Pose, type Quat, type ToothMovement, type Vec3,
} from './pose.ts';
import type { ToothFrame } from './tooth-frame.ts';
import { seededRandom, uniform } from './random.ts';

function randomPose(random: () => number): Pose {
  const axis: Vec3 = [uniform(random, -1, 1), uniform(random, -1, 1), uniform(random, -1, 1)];
  return { t: [uniform(random, -20, 20), uniform(random, -20, 20), uniform(random, -20, 20)], q: quatFromAxisAngle(axis, uniform(random, -170, 170)) };
}

function expectVecClose(a: number[], b: number[], tol = 1e-9): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tol);
}

function expectSameRotation(a: Quat, b: Quat, tol = 1e-9): void {
  const d = Math.abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3]);
  expect(1 - d).toBeLessThan(tol);
}

describe('pose composition (seed 11)', () => {
  const random = seededRandom(11);
  const cases = Array.from({ length: 50 }, () => [randomPose(random), randomPose(random)] as const);
  const point: Vec3 = [3, -7, 11];

  it('compose applies the right-hand pose first', () => {
    for (const [a, b] of cases) expectVecClose(applyPose(composePoses(a, b), point), applyPose(a, applyPose(b, point)));
  });

  it('a pose composed with its inverse is the identity, both ways', () => {
    for (const [a] of cases) {
      expectVecClose(applyPose(composePoses(a, invertPose(a)), point), point);
      expectVecClose(applyPose(composePoses(invertPose(a), a), point), point);
    }
  });

  it('inverting twice gives the pose back', () => {
    for (const [a] of cases) {
      const back = invertPose(invertPose(a));
      expectVecClose(back.t, a.t);
      expectSameRotation(back.q, a.q);
    }
  });
});

describe('slerp', () => {
  const a = quatFromAxisAngle([0, 0, 1], 0);
  const b = quatFromAxisAngle([0, 0, 1], 90);

  it('returns the endpoints at 0 and 1', () => {
    expectSameRotation(slerp(a, b, 0), a);
    expectSameRotation(slerp(a, b, 1), b);
  });

  it('turns half the angle at the midpoint, about the same axis', () => {
    const m = slerp(a, b, 0.5);
    expect(quatAngle(m)).toBeCloseTo(45, 9);
    expectSameRotation(m, quatFromAxisAngle([0, 0, 1], 45));
  });

  it('takes the shorter arc when the target is given with the opposite sign', () => {
    const negB: Quat = [-b[0], -b[1], -b[2], -b[3]];
    expectSameRotation(slerp(a, negB, 0.5), quatFromAxisAngle([0, 0, 1], 45));
  });

  it('is exact for nearly equal rotations', () => {
    const c = quatFromAxisAngle([1, 2, 3], 0.01);
    expect(quatAngle(slerp(a, c, 0.5))).toBeCloseTo(0.005, 9);
  });
});

describe('staging interpolation', () => {
  it('moves the centre on a straight line and turns by slerp about it', () => {
    const centre: Vec3 = [10, -20, 5];
    const from = identityPose();
    const frame = { origin: centre, mesial: [1, 0, 0], buccal: [0, -1, 0], occlusal: [0, 0, -1] } as ToothFrame;
    const to = poseFromMovement(frame, { mesial: 2, buccal: -1, extrusion: 0.5, tip: 0, torque: 0, rotation: 30 });
    for (const f of [0, 0.25, 0.5, 1]) {
      const p = interpolatePose(from, to, f, centre);
      expectVecClose(sub(applyPose(p, centre), centre), [2 * f, 1 * f, -0.5 * f]);
      expect(quatAngle(p.q)).toBeCloseTo(30 * f, 9);
      expect(p.q[3]).toBeGreaterThanOrEqual(0);
    }
  });

  it('stage fraction is clamp((s - start) / active, 0, 1)', () => {
    expect(stageFraction(0, 2, 4)).toBe(0);
    expect(stageFraction(2, 2, 4)).toBe(0);
    expect(stageFraction(3, 2, 4)).toBe(0.25);
    expect(stageFraction(6, 2, 4)).toBe(1);
    expect(stageFraction(40, 2, 4)).toBe(1);
    expect(stageFraction(1, 2, 0)).toBe(0);
    expect(stageFraction(2, 2, 0)).toBe(1);
  });
});

// A patient-like scan frame: +x the patient's left, -y anterior, +z superior. Upper crowns
// point -z, lower crowns +z. Frames as geometry/tooth-axes.ts builds them on an ideal arch:
// mesial towards the midline, buccal out of the arch, left and right mirror images.
const frame = (origin: Vec3, mesial: Vec3, buccal: Vec3, occlusal: Vec3): ToothFrame => ({ origin, mesial, buccal, occlusal });
const frames: Record<number, ToothFrame> = {
  11: frame([-4, -25, -5], [1, 0, 0], [0, -1, 0], [0, 0, -1]),
  21: frame([4, -25, -5], [-1, 0, 0], [0, -1, 0], [0, 0, -1]),
  31: frame([3, -22, 5], [-1, 0, 0], [0, -1, 0], [0, 0, 1]),
  41: frame([-3, -22, 5], [1, 0, 0], [0, -1, 0], [0, 0, 1]),
  16: frame([-22, 2, -5], [0, -1, 0], [-1, 0, 0], [0, 0, -1]),
};

const none: ToothMovement = { mesial: 0, buccal: 0, extrusion: 0, tip: 0, torque: 0, rotation: 0 };

/** Where a point fixed to the tooth (offset from the centroid, scan frame) goes under a movement. */
function moved(fdi: number, m: Partial<ToothMovement>, offset: Vec3): Vec3 {
  const f = frames[fdi];
  const p: Vec3 = [f.origin[0] + offset[0], f.origin[1] + offset[1], f.origin[2] + offset[2]];
  return sub(applyPose(poseFromMovement(f, { ...none, ...m }), p), p);
}

describe('clinical sign conventions, one central incisor per quadrant', () => {
  // Scan-frame direction of mesial for each quadrant's central incisor, and of occlusal.
  const mesialX: Record<number, number> = { 11: 1, 21: -1, 31: -1, 41: 1 };
  const occlusalZ: Record<number, number> = { 11: -1, 21: -1, 31: 1, 41: 1 };

  for (const fdi of [11, 21, 31, 41]) {
    const tipPoint: Vec3 = [0, 0, 5 * occlusalZ[fdi]];
    const mesialPoint: Vec3 = [3 * mesialX[fdi], 0, 0];

    it(`${fdi}: +mesial moves towards the midline, +buccal moves labially (-y), +extrusion moves occlusally`, () => {
      expect(Math.sign(moved(fdi, { mesial: 1 }, [0, 0, 0])[0])).toBe(mesialX[fdi]);
      expect(moved(fdi, { buccal: 1 }, [0, 0, 0])[1]).toBeLessThan(-0.9);
      expect(moved(fdi, { extrusion: 1 }, [0, 0, 0])[2]).toBeCloseTo(occlusalZ[fdi], 9);
    });

    it(`${fdi}: +tip swings the incisal edge mesially, +torque swings it labially`, () => {
      expect(Math.sign(moved(fdi, { tip: 10 }, tipPoint)[0])).toBe(mesialX[fdi]);
      expect(moved(fdi, { torque: 10 }, tipPoint)[1]).toBeLessThan(-0.5);
    });

    it(`${fdi}: +rotation is mesial-in (the mesial surface turns lingually, +y)`, () => {
      expect(moved(fdi, { rotation: 10 }, mesialPoint)[1]).toBeGreaterThan(0.3);
    });
  }

  it('16: mesial is anterior (-y), buccal is the patient\'s right (-x)', () => {
    expect(moved(16, { mesial: 1 }, [0, 0, 0])[1]).toBeLessThan(-0.9);
    expect(moved(16, { buccal: 1 }, [0, 0, 0])[0]).toBeLessThan(-0.9);
    expect(moved(16, { rotation: 10 }, [0, -3, 0])[0]).toBeGreaterThan(0.3); // mesial cusp turns palatally
  });

  it('movements compose about the crown centroid: pure angles leave it in place', () => {
    for (const fdi of [11, 21, 31, 41, 16]) {
      const d = moved(fdi, { tip: 12, torque: -7, rotation: 25 }, [0, 0, 0]);
      expectVecClose(d, [0, 0, 0]);
    }
  });
});

describe('clinical components round trip (seed 5)', () => {
  const random = seededRandom(5);
  for (const fdi of [11, 21, 31, 41, 16]) {
    it(`movement -> pose -> movement on ${fdi}`, () => {
      for (let i = 0; i < 40; i++) {
        const m: ToothMovement = {
          mesial: uniform(random, -3, 3), buccal: uniform(random, -3, 3), extrusion: uniform(random, -2, 2),
          tip: uniform(random, -30, 30), torque: uniform(random, -30, 30), rotation: uniform(random, -60, 60),
        };
        const back = movementFromPose(frames[fdi], poseFromMovement(frames[fdi], m));
        for (const k of Object.keys(m) as (keyof ToothMovement)[]) expect(Math.abs(back[k] - m[k])).toBeLessThan(1e-9);
      }
    });
  }

  it('a single component reads back alone', () => {
    const p = poseFromMovement(frames[21], { ...none, torque: 7 });
    const back = movementFromPose(frames[21], p);
    expect(back.torque).toBeCloseTo(7, 9);
    expect(Math.abs(back.tip) + Math.abs(back.rotation) + Math.abs(back.mesial)).toBeLessThan(1e-9);
    expect(dot(frames[21].mesial, frames[21].buccal)).toBeCloseTo(0, 12);
  });
});
