// Where each tooth's number sits: just outside the crown on the buccal side, so labels
// ring the arch in occlusal views and sit on the crowns' faces in front and side views.
import { archOrder, jawOf } from '../../core/fdi.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import type { Vec3 } from './views.ts';

export interface ToothAnchor {
  fdi: number;
  /** Centroid of the tooth's vertices, mm. */
  centroid: Vec3;
  /** Unit vector in the occlusal (xy) plane pointing out of the arch (buccal/labial). */
  buccal: Vec3;
  /** Label position, mm. */
  anchor: Vec3;
  vertexCount: number;
}

const LABEL_GAP_MM = 1.5;

/** The vertex indices of every labelled tooth, in one pass over the labels. */
export function toothVertexIndices(labels: Uint8Array): Map<number, Uint32Array> {
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l !== 0) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  const out = new Map<number, Uint32Array>();
  const fill = new Map<number, number>();
  for (const [fdi, n] of counts) {
    out.set(fdi, new Uint32Array(n));
    fill.set(fdi, 0);
  }
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l === 0) continue;
    const at = fill.get(l)!;
    out.get(l)![at] = i;
    fill.set(l, at + 1);
  }
  return out;
}

export function toothAnchors(mesh: LabelledMesh, teeth: Map<number, Uint32Array>): ToothAnchor[] {
  const p = mesh.positions;
  const centroids = new Map<number, Vec3>();
  for (const [fdi, idx] of teeth) {
    const c: Vec3 = [0, 0, 0];
    for (let i = 0; i < idx.length; i++) {
      const v = idx[i] * 3;
      c[0] += p[v]; c[1] += p[v + 1]; c[2] += p[v + 2];
    }
    centroids.set(fdi, [c[0] / idx.length, c[1] / idx.length, c[2] / idx.length]);
  }
  const archCentre: Vec3 = [0, 0, 0];
  for (const c of centroids.values()) {
    archCentre[0] += c[0] / centroids.size;
    archCentre[1] += c[1] / centroids.size;
  }
  const anchors: ToothAnchor[] = [];
  for (const [fdi, idx] of teeth) {
    const c = centroids.get(fdi)!;
    const buccal = buccalDirection(fdi, c, centroids, archCentre);
    let reach = 0;
    for (let i = 0; i < idx.length; i++) {
      const v = idx[i] * 3;
      reach = Math.max(reach, (p[v] - c[0]) * buccal[0] + (p[v + 1] - c[1]) * buccal[1]);
    }
    const out = reach + LABEL_GAP_MM;
    anchors.push({ fdi, centroid: c, buccal, anchor: [c[0] + buccal[0] * out, c[1] + buccal[1] * out, c[2]], vertexCount: idx.length });
  }
  return anchors.sort((a, b) => a.fdi - b.fdi);
}

/** Perpendicular to the arch curve through the neighbouring teeth, pointing away from its centre. */
function buccalDirection(fdi: number, c: Vec3, centroids: Map<number, Vec3>, centre: Vec3): Vec3 {
  const order = archOrder(jawOf(fdi)).filter((t) => centroids.has(t));
  const i = order.indexOf(fdi);
  const prev = centroids.get(order[Math.max(0, i - 1)])!;
  const next = centroids.get(order[Math.min(order.length - 1, i + 1)])!;
  let nx = next[1] - prev[1];
  let ny = -(next[0] - prev[0]);
  if (Math.hypot(nx, ny) < 1e-6) {
    nx = c[0] - centre[0];
    ny = c[1] - centre[1];
  }
  if (Math.hypot(nx, ny) < 1e-6) {
    nx = 0;
    ny = -1;
  }
  if (nx * (c[0] - centre[0]) + ny * (c[1] - centre[1]) < 0) {
    nx = -nx;
    ny = -ny;
  }
  const len = Math.hypot(nx, ny);
  return [nx / len, ny / len, 0];
}
