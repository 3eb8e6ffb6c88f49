// A small software rasterizer for the report's pictures: orthographic, z-buffered, one
// shade per sample. The report is made in a worker and by the Node CLI, where there is no
// WebGL, and the same bytes must come out of both, so this is plain arithmetic on typed
// arrays: no randomness, no clock, nothing platform-dependent.
import type { Vec3 } from '../core/vec.ts';

/** An orthographic view: picture axes in the scan frame, and where the picture lies in them. */
export interface View {
  /** Unit directions: towards the viewer, the picture's up and its right. */
  toCamera: Vec3;
  up: Vec3;
  right: Vec3;
  /** Top-left corner of the picture in (right, up) coordinates, mm, and samples per mm. */
  left: number;
  top: number;
  perMm: number;
}

/** Vertices of one mesh in a view: sample coordinates, depth (larger is farther) and Lambert shade. */
export interface Projected {
  x: Float32Array;
  y: Float32Array;
  z: Float32Array;
  shade: Float32Array;
}

/** The samples of a picture: nearest depth, its shade, and what was drawn there (0: nothing). */
export interface Layer {
  width: number;
  height: number;
  depth: Float32Array;
  shade: Float32Array;
  tag: Uint8Array;
}

export function newLayer(width: number, height: number): Layer {
  const n = width * height;
  return { width, height, depth: new Float32Array(n).fill(Infinity), shade: new Float32Array(n), tag: new Uint8Array(n) };
}

/** Empties a layer for the next picture; cheaper than a new one, which the collector then has to free. */
export function clearLayer(layer: Layer): void {
  layer.depth.fill(Infinity);
  layer.tag.fill(0);
}

/** Shading floor: surfaces turned away from the light still read as surfaces, not holes. */
const AMBIENT = 0.32;
/** Barycentric tolerance at triangle edges, far above the rounding of the stepped weights. */
const EDGE_SLACK = 1e-5;
/** The flat shade of a back face seen through a gap in the scan: dim, but a surface. */
const BACK_SHADE = 0.5;

/**
 * Projects positions into the view and shades them by `normals` (unit, per vertex) under a
 * light from `light` (unit, towards the light).
 */
export function project(positions: Float32Array, normals: Float32Array, view: View, light: Vec3): Projected {
  const n = positions.length / 3;
  const out: Projected = { x: new Float32Array(n), y: new Float32Array(n), z: new Float32Array(n), shade: new Float32Array(n) };
  const [rx, ry, rz] = view.right, [ux, uy, uz] = view.up, [cx, cy, cz] = view.toCamera, [lx, ly, lz] = light;
  const s = view.perMm;
  for (let v = 0, o = 0; v < n; v++, o += 3) {
    const px = positions[o], py = positions[o + 1], pz = positions[o + 2];
    out.x[v] = (px * rx + py * ry + pz * rz - view.left) * s;
    out.y[v] = (view.top - (px * ux + py * uy + pz * uz)) * s;
    out.z[v] = -(px * cx + py * cy + pz * cz);
    const d = normals[o] * lx + normals[o + 1] * ly + normals[o + 2] * lz;
    out.shade[v] = AMBIENT + (1 - AMBIENT) * Math.max(0, d);
  }
  return out;
}

/**
 * Draws the triangles `indices` of a projected mesh into the layer with `tag`, sampling at
 * pixel centres. Front faces take the vertex shades, interpolated; a scan is an open
 * surface, so a back face seen through a gap is drawn too, flat and dim, not left a hole.
 */
export function drawTriangles(layer: Layer, p: Projected, indices: Uint32Array, tag: number): void {
  const { width, height, depth, shade, tag: tags } = layer;
  const { x, y, z, shade: vs } = p;
  for (let t = 0; t + 2 < indices.length; t += 3) {
    const a = indices[t], b = indices[t + 1], c = indices[t + 2];
    const ax = x[a], ay = y[a], bx = x[b], by = y[b], cx = x[c], cy = y[c];
    let lo = ax < bx ? ax : bx, hi = ax < bx ? bx : ax;
    if (cx < lo) lo = cx; else if (cx > hi) hi = cx;
    const i0 = Math.max(0, Math.ceil(lo - 0.5)), i1 = Math.min(width - 1, Math.floor(hi - 0.5));
    if (i0 > i1) continue;
    lo = ay < by ? ay : by; hi = ay < by ? by : ay;
    if (cy < lo) lo = cy; else if (cy > hi) hi = cy;
    const j0 = Math.max(0, Math.ceil(lo - 0.5)), j1 = Math.min(height - 1, Math.floor(hi - 0.5));
    if (j0 > j1) continue;
    // Twice the signed area; with y down the picture, counter-clockwise faces towards us are negative.
    const det = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
    if (!(det !== 0)) continue;
    const inv = 1 / det;
    const front = det < 0;
    const za = z[a], dzb = z[b] - za, dzc = z[c] - za;
    const sa = front ? vs[a] : BACK_SHADE, dsb = front ? vs[b] - sa : 0, dsc = front ? vs[c] - sa : 0;
    // Barycentric weights of b and c, and their steps along a row.
    const vStep = (cy - ay) * inv, wStep = (ay - by) * inv;
    for (let j = j0; j <= j1; j++) {
      const py = j + 0.5, px = i0 + 0.5;
      let v = ((cx - px) * (ay - py) - (ax - px) * (cy - py)) * inv;
      let w = ((ax - px) * (by - py) - (bx - px) * (ay - py)) * inv;
      for (let i = i0, k = j * width + i0; i <= i1; i++, k++, v += vStep, w += wStep) {
        // A little slack: samples on an edge shared by two triangles must not fall through both.
        if (v < -EDGE_SLACK || w < -EDGE_SLACK || v + w > 1 + EDGE_SLACK) continue;
        const d = za + v * dzb + w * dzc;
        if (d < depth[k]) {
          depth[k] = d;
          shade[k] = sa + v * dsb + w * dsc;
          tags[k] = tag;
        }
      }
    }
  }
}
