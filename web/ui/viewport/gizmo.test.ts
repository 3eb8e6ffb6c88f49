import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { bodyFrameMatrix, finalPoseOfPivot, pivotMatrix } from './gizmo.ts';
import { bodyPose } from '../../engine/engine.ts';
import { poseFromMovement } from '../../core/pose.ts';
import type { ToothFrame } from '../../core/tooth-frame.ts';

// A left-side tooth: its (mesial, buccal, occlusal) is left-handed, as geometry/tooth-axes.ts builds it.
const FRAME: ToothFrame = { origin: [12, -30, 4], mesial: [-0.8, 0.6, 0], buccal: [0.6, 0.8, 0], occlusal: [0, 0, -1] };

describe('gizmo pivot', () => {
  it('matches the engine body frame', () => {
    const m = bodyFrameMatrix(FRAME);
    const body = bodyPose(FRAME);
    const expected = new THREE.Matrix4().compose(new THREE.Vector3(...body.t), new THREE.Quaternion(...body.q), new THREE.Vector3(1, 1, 1));
    m.elements.forEach((e, i) => expect(e).toBeCloseTo(expected.elements[i], 6));
  });

  it('turns a final pose into a pivot and back', () => {
    const finalPose = poseFromMovement(FRAME, { mesial: 1.2, buccal: -0.4, extrusion: 0.3, tip: 5, torque: -7, rotation: 12 });
    const back = finalPoseOfPivot(pivotMatrix({ frame: FRAME, finalPose }), FRAME);
    back.t.forEach((v, i) => expect(v).toBeCloseTo(finalPose.t[i], 5));
    const dot = back.q.reduce((s, v, i) => s + v * finalPose.q[i], 0);
    expect(Math.abs(dot)).toBeCloseTo(1, 6);
  });

  it('puts a mesial handle move along the tooth mesial axis, about the crown centre', () => {
    const finalPose = poseFromMovement(FRAME, { mesial: 0, buccal: 0, extrusion: 0, tip: 0, torque: 0, rotation: 0 });
    const pivot = pivotMatrix({ frame: FRAME, finalPose });
    // TransformControls in local space: a 2 mm move along the pivot's own X axis.
    pivot.multiply(new THREE.Matrix4().makeTranslation(2, 0, 0));
    const moved = finalPoseOfPivot(pivot, FRAME);
    expect(moved.t[0]).toBeCloseTo(2 * FRAME.mesial[0], 5);
    expect(moved.t[1]).toBeCloseTo(2 * FRAME.mesial[1], 5);
    expect(moved.t[2]).toBeCloseTo(0, 5);
  });
});
