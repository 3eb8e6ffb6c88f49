// Line overlays the planner checks the segmentation against: the arch frame (occlusal
// normal, anterior direction, the midline through the front of the arch), each tooth's
// axes at its crown centroid, and the arch curve. Drawn over the scan (no depth test):
// a tooth's axes start inside its crown and would otherwise be hidden.
import * as THREE from 'three';
import type { ArchFrame } from '../../geometry/segmentation/index.ts';
import type { ToothAxes } from '../../geometry/tooth-axes.ts';
import type { Vec3 } from './views.ts';

/** Axis colours as planners know them from CAD: mesial/left red, buccal/anterior green, occlusal blue. */
export const AXIS_COLOURS = { mesial: 0xd9453b, buccal: 0x2e9d4f, occlusal: 0x2f6fd6, curve: 0x6b4fb8, midline: 0x222222 } as const;

const FRAME_AXIS_MM = 12;
const MIDLINE_MM = 45;
const TOOTH_AXIS_MM = 5;

type Segment = [Vec3, Vec3, number];

function lines(segments: Segment[], name: string): THREE.LineSegments {
  const positions = new Float32Array(segments.length * 6);
  const colours = new Float32Array(segments.length * 6);
  const c = new THREE.Color();
  segments.forEach(([a, b, hex], i) => {
    positions.set(a, i * 6);
    positions.set(b, i * 6 + 3);
    c.setHex(hex);
    colours.set([c.r, c.g, c.b, c.r, c.g, c.b], i * 6);
  });
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(positions, 3));
  geometry.setAttribute('color', new THREE.BufferAttribute(colours, 3));
  const material = new THREE.LineBasicMaterial({ vertexColors: true, depthTest: false, transparent: true, opacity: 0.95 });
  const object = new THREE.LineSegments(geometry, material);
  object.name = name;
  object.renderOrder = 10;
  return object;
}

const along = (p: Vec3, d: readonly number[], mm: number): Vec3 => [p[0] + d[0] * mm, p[1] + d[1] * mm, p[2] + d[2] * mm];

/** Occlusal normal, anterior and left from the frame origin, and the midline running back across the arch. */
export function archFrameObject(frame: ArchFrame): THREE.LineSegments {
  const o = frame.origin;
  return lines([
    [o, along(o, frame.occlusal, FRAME_AXIS_MM), AXIS_COLOURS.occlusal],
    [o, along(o, frame.anterior, FRAME_AXIS_MM), AXIS_COLOURS.buccal],
    [o, along(o, frame.left, FRAME_AXIS_MM), AXIS_COLOURS.mesial],
    [along(o, frame.anterior, 4), along(o, frame.anterior, -MIDLINE_MM), AXIS_COLOURS.midline],
  ], 'arch frame');
}

/** Three short axes per tooth at its crown centroid, and the arch curve through the teeth. */
export function toothAxesObject(teeth: readonly ToothAxes[], curve: readonly Vec3[]): THREE.LineSegments {
  const segments: Segment[] = [];
  for (const t of teeth) {
    segments.push([t.origin, along(t.origin, t.mesial, TOOTH_AXIS_MM), AXIS_COLOURS.mesial]);
    segments.push([t.origin, along(t.origin, t.buccal, TOOTH_AXIS_MM), AXIS_COLOURS.buccal]);
    segments.push([t.origin, along(t.origin, t.occlusal, TOOTH_AXIS_MM), AXIS_COLOURS.occlusal]);
  }
  for (let i = 1; i < curve.length; i++) segments.push([curve[i - 1], curve[i], AXIS_COLOURS.curve]);
  return lines(segments, 'tooth axes');
}

export function disposeOverlay(object: THREE.LineSegments | undefined): void {
  if (!object) return;
  object.removeFromParent();
  object.geometry.dispose();
  (object.material as THREE.Material).dispose();
}
