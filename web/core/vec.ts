// The one set of 3-vector basics: plain tuples in, plain tuples out, millimetres or unit
// directions. Modules with special needs (segmentation's unitOrZero, which tolerates a zero
// vector; frames) build on these rather than redefining them.

export type Vec3 = [number, number, number];

export function add(a: Vec3, b: Vec3): Vec3 { return [a[0] + b[0], a[1] + b[1], a[2] + b[2]]; }
export function sub(a: Vec3, b: Vec3): Vec3 { return [a[0] - b[0], a[1] - b[1], a[2] - b[2]]; }
export function scale(a: Vec3, s: number): Vec3 { return [a[0] * s, a[1] * s, a[2] * s]; }
export function dot(a: Vec3, b: Vec3): number { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
export function length(a: Vec3): number { return Math.hypot(a[0], a[1], a[2]); }
/** The unit vector along `a`; a zero or non-finite vector is a bug upstream, so it throws. */
export function unitOrThrow(a: Vec3): Vec3 {
  const l = length(a);
  if (!(l > 0) || !Number.isFinite(l)) throw new RangeError('cannot normalise a zero or non-finite vector');
  return [a[0] / l, a[1] / l, a[2] / l];
}
