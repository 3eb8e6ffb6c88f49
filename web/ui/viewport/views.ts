// Standard dental views in the scan frame (+x patient's left, -y anterior, +z superior).
// Every view keeps the patient's right on the viewer's left, as when facing the patient.
import type { Box3 } from '../../geometry/mesh.ts';

export type StandardView = 'front' | 'right' | 'left' | 'occlusal-upper' | 'occlusal-lower';
export type Vec3 = [number, number, number];

export const STANDARD_VIEWS: readonly { id: StandardView; label: string }[] = [
  { id: 'front', label: 'Front' },
  { id: 'right', label: 'Right' },
  { id: 'left', label: 'Left' },
  { id: 'occlusal-upper', label: 'Occlusal upper' },
  { id: 'occlusal-lower', label: 'Occlusal lower' },
];

interface ViewAxes { toCamera: Vec3; up: Vec3 }

const AXES: Record<StandardView, ViewAxes> = {
  front: { toCamera: [0, -1, 0], up: [0, 0, 1] },
  right: { toCamera: [-1, 0, 0], up: [0, 0, 1] },
  left: { toCamera: [1, 0, 0], up: [0, 0, 1] },
  // Looking up at the upper crowns, incisors at the top of the screen.
  'occlusal-upper': { toCamera: [0, 0, -1], up: [0, -1, 0] },
  // Looking down on the lower crowns, incisors at the bottom of the screen.
  'occlusal-lower': { toCamera: [0, 0, 1], up: [0, 1, 0] },
};

export interface CameraPose { position: Vec3; target: Vec3; up: Vec3; distance: number }

/** Which arch an occlusal view is about; the other one would hide it. */
export function archOfView(view: StandardView): 'upper' | 'lower' | null {
  if (view === 'occlusal-upper') return 'upper';
  if (view === 'occlusal-lower') return 'lower';
  return null;
}

/**
 * Camera for a standard view that frames the box with a margin, for a perspective camera
 * with vertical field of view `fovDeg` and width/height `aspect`.
 */
export function cameraPoseFor(view: StandardView, box: Box3, fovDeg: number, aspect: number, margin = 1.12): CameraPose {
  const { toCamera, up } = AXES[view];
  const right = cross(negate(toCamera), up);
  const target: Vec3 = [0, 1, 2].map((k) => (box.min[k] + box.max[k]) / 2) as Vec3;
  const half: Vec3 = [0, 1, 2].map((k) => (box.max[k] - box.min[k]) / 2) as Vec3;
  const extent = (axis: Vec3) => Math.abs(axis[0]) * half[0] + Math.abs(axis[1]) * half[1] + Math.abs(axis[2]) * half[2];
  const tanHalf = Math.tan((fovDeg * Math.PI) / 360);
  const fitHeight = extent(up) / tanHalf;
  const fitWidth = extent(right) / (tanHalf * Math.max(aspect, 1e-3));
  const distance = Math.max(fitHeight, fitWidth, 1) * margin + extent(toCamera);
  const position: Vec3 = [0, 1, 2].map((k) => target[k] + toCamera[k] * distance) as Vec3;
  return { position, target, up: [...up] as Vec3, distance };
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function negate(a: Vec3): Vec3 {
  return [-a[0], -a[1], -a[2]];
}
