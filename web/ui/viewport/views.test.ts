import { describe, expect, test } from 'vitest';
import type { Box3 } from '../../geometry/mesh.ts';
import { STANDARD_VIEWS, archOfView, cameraPoseFor } from './views.ts';
import type { CameraPose, StandardView, Vec3 } from './views.ts';

// Roughly the real upper arch: 75 x 60 x 19 mm, not centred on the origin.
const BOX: Box3 = { min: [-37, -20, 4], max: [38, 40, 23] };
const FOV = 30;

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (a: Vec3): Vec3 => { const l = Math.hypot(...a); return [a[0] / l, a[1] / l, a[2] / l]; };

/** Screen axes of a pose: forward into the scene, right, up. */
function axes(pose: CameraPose) {
  const forward = unit(sub(pose.target, pose.position));
  const right = unit(cross(forward, pose.up));
  return { forward, right, up: cross(right, forward) };
}

function corners(box: Box3): Vec3[] {
  const out: Vec3[] = [];
  for (const x of [box.min[0], box.max[0]]) for (const y of [box.min[1], box.max[1]]) for (const z of [box.min[2], box.max[2]]) out.push([x, y, z]);
  return out;
}

describe('standard views', () => {
  test('each camera sits on the clinical side of the arch', () => {
    const where = (v: StandardView) => sub(cameraPoseFor(v, BOX, FOV, 1.5).position, cameraPoseFor(v, BOX, FOV, 1.5).target);
    expect(where('front')[1]).toBeLessThan(0); // anterior is -y
    expect(where('right')[0]).toBeLessThan(0); // patient's right is -x
    expect(where('left')[0]).toBeGreaterThan(0);
    expect(where('occlusal-upper')[2]).toBeLessThan(0); // upper crowns point to -z
    expect(where('occlusal-lower')[2]).toBeGreaterThan(0);
  });

  test("the patient's right is on the viewer's left in front and occlusal views", () => {
    for (const v of ['front', 'occlusal-upper', 'occlusal-lower'] as const) {
      expect(axes(cameraPoseFor(v, BOX, FOV, 1.5)).right[0]).toBeGreaterThan(0.99);
    }
  });

  test('side views show superior up and anterior toward the front of the face', () => {
    const right = axes(cameraPoseFor('right', BOX, FOV, 1.5));
    const left = axes(cameraPoseFor('left', BOX, FOV, 1.5));
    expect(right.up[2]).toBeGreaterThan(0.99);
    expect(right.right[1]).toBeLessThan(-0.99); // anterior (-y) to the right of the screen
    expect(left.right[1]).toBeGreaterThan(0.99); // anterior to the left
  });

  test('occlusal upper puts the incisors at the top, occlusal lower at the bottom', () => {
    expect(axes(cameraPoseFor('occlusal-upper', BOX, FOV, 1.5)).up[1]).toBeLessThan(-0.99);
    expect(axes(cameraPoseFor('occlusal-lower', BOX, FOV, 1.5)).up[1]).toBeGreaterThan(0.99);
  });

  test('the whole box fits the frame, snugly, at wide and tall aspects', () => {
    const tanHalf = Math.tan((FOV * Math.PI) / 360);
    for (const { id } of STANDARD_VIEWS) {
      for (const aspect of [0.6, 1, 2.2]) {
        const pose = cameraPoseFor(id, BOX, FOV, aspect);
        const { forward, right, up } = axes(pose);
        let widest = 0;
        for (const c of corners(BOX)) {
          const rel = sub(c, pose.position);
          const depth = dot(rel, forward);
          expect(depth).toBeGreaterThan(0);
          const x = dot(rel, right) / (depth * tanHalf * aspect);
          const y = dot(rel, up) / (depth * tanHalf);
          expect(Math.abs(x)).toBeLessThanOrEqual(1);
          expect(Math.abs(y)).toBeLessThanOrEqual(1);
          widest = Math.max(widest, Math.abs(x), Math.abs(y));
        }
        expect(widest).toBeGreaterThan(0.6);
      }
    }
  });

  test('occlusal views name their arch', () => {
    expect(archOfView('occlusal-upper')).toBe('upper');
    expect(archOfView('occlusal-lower')).toBe('lower');
    expect(archOfView('front')).toBeNull();
  });
});
