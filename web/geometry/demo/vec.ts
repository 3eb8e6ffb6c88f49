// Just enough 3-vector algebra to pose the demo teeth; plain tuples keep it serialisable.

import { add, cross, dot, length, scale, sub, type Vec3 } from '../../core/vec.ts';

export { add, cross, dot, length, scale, sub, type Vec3 };

/** Rodrigues rotation of v about the unit axis by angle (radians). */
export function rotate(v: Vec3, axis: Vec3, angle: number): Vec3 {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const k = dot(axis, v) * (1 - c);
  const x = cross(axis, v);
  return [v[0] * c + x[0] * s + axis[0] * k, v[1] * c + x[1] * s + axis[1] * k, v[2] * c + x[2] * s + axis[2] * k];
}

/**
 * A rigid frame: origin plus three orthonormal axes. For a tooth: x mesial-distal
 * (see `mesialSign`), y buccal, z occlusal.
 */
export interface Frame {
  origin: Vec3;
  x: Vec3;
  y: Vec3;
  z: Vec3;
}

export function toWorld(f: Frame, p: Vec3): Vec3 {
  return [
    f.origin[0] + f.x[0] * p[0] + f.y[0] * p[1] + f.z[0] * p[2],
    f.origin[1] + f.x[1] * p[0] + f.y[1] * p[1] + f.z[1] * p[2],
    f.origin[2] + f.x[2] * p[0] + f.y[2] * p[1] + f.z[2] * p[2],
  ];
}

export function toLocal(f: Frame, p: Vec3): Vec3 {
  const d = sub(p, f.origin);
  return [dot(d, f.x), dot(d, f.y), dot(d, f.z)];
}

/** Rotates all three axes of a frame about one of its own (unit) axes. */
export function rotateFrame(f: Frame, axis: Vec3, angle: number): Frame {
  return { origin: f.origin, x: rotate(f.x, axis, angle), y: rotate(f.y, axis, angle), z: rotate(f.z, axis, angle) };
}
