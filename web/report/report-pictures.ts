// The report's pictures of a plan: the teeth as scanned and at their final poses from the
// standard views, and the two overlaid. Drawn in software (raster.ts) because the report is
// also made by the Node CLI, where there is no WebGL; the worker and the CLI make the same
// bytes. View conventions are the viewport's (web/ui/viewport/views.ts): the patient's
// right on the viewer's left in every view, "right" looks at the patient's right side, the
// upper occlusal view looks up at the upper crowns with the incisors at the top and the
// lower looks down on the lower crowns with the incisors at the bottom, as in clinical
// occlusal photographs.
import { encode } from 'fast-png';
import type { Pose } from '../core/pose.ts';
import { cross, unitOrThrow, type Vec3 } from '../core/vec.ts';
import { crownVertexLabels, gingivaTriangles, toothTriangles } from '../geometry/arch-tissue.ts';
import { followTeeth, gingivaBinding, vertexNormals } from '../geometry/gingiva-follow.ts';
import type { LabelledMesh } from '../geometry/mesh.ts';
import { planFrame, type PlanFrame } from '../geometry/setup/plan-frame.ts';
import type { ToothAxes } from '../geometry/tooth-axes.ts';
import { clearLayer, drawTriangles, newLayer, project, type Layer, type Projected, type View } from './raster.ts';
import type { ReportPicture } from './report-model.ts';

export interface PictureArch {
  jaw: 'upper' | 'lower';
  mesh: LabelledMesh;
}

/** Anatomical directions in the scan frame (unit, mutually square). */
export interface ViewFrame {
  left: Vec3;
  anterior: Vec3;
  superior: Vec3;
}

export interface PictureInput {
  arches: readonly PictureArch[];
  /** Final pose per tooth (FDI): scan frame -> final; teeth without one stay where scanned. */
  final: ReadonlyMap<number, Pose>;
  /** Which way the patient faces; by default found from the crowns (see viewFrameOf). */
  frame?: ViewFrame;
}

export type PictureView = 'front' | 'right' | 'left' | 'occlusal-upper' | 'occlusal-lower';

export interface PictureOptions {
  /** Picture size in pixels; default 640 x 420. */
  width?: number;
  height?: number;
  /** Views that also get an initial-and-final overlay; default front and both occlusal views. */
  overlays?: readonly PictureView[];
}

const VIEWS: readonly { id: PictureView; name: string }[] = [
  { id: 'front', name: 'front' },
  { id: 'right', name: 'right' },
  { id: 'left', name: 'left' },
  { id: 'occlusal-upper', name: 'occlusal upper' },
  { id: 'occlusal-lower', name: 'occlusal lower' },
];

/** Edges are smoothed by drawing at this many samples per pixel each way. */
const SUPERSAMPLE = 2;
/** Empty border around the geometry, as a fraction of the picture's width and height. */
const MARGIN = 0.04;
const WHITE: Vec3 = [255, 255, 255];
const ENAMEL: Vec3 = [246, 236, 214];
const GINGIVA: Vec3 = [222, 128, 134];
const GHOST: Vec3 = [60, 120, 235];
const GHOST_LINE: Vec3 = [20, 70, 200];
const GHOST_ALPHA = 0.55;
/** Tag of gum samples; teeth are tagged with their FDI number (11..48), nothing with 0. */
const GUM_TAG = 255;
/** Tag of an unsegmented scan, drawn all in enamel: no labels say where the gum is. */
const SURFACE_TAG = 1;
/** A depth step (mm) between neighbouring samples that reads as an edge and gets a line. */
const EDGE_STEP_MM = 1.5;
/** A tooth that moves less than this (mm) at any crown vertex gets no ghost in an overlay. */
const MOVED_MM = 0.05;

/** The scan frame's own convention (web/ui/viewport/views.ts), for scans without teeth to orient by. */
const SCAN_FRAME: ViewFrame = { left: [1, 0, 0], anterior: [0, -1, 0], superior: [0, 0, 1] };

interface PreparedArch {
  jaw: 'upper' | 'lower';
  indices: Uint32Array;
  crowns: Map<number, Uint32Array>;
  gum: Uint32Array;
  initial: { positions: Float32Array; normals: Float32Array };
  final: { positions: Float32Array; normals: Float32Array };
  /** Teeth whose crowns visibly move between initial and final. */
  moved: Set<number>;
}

function withNormals(positions: Float32Array, indices: Uint32Array): { positions: Float32Array; normals: Float32Array } {
  const normals = new Float32Array(positions.length);
  vertexNormals(positions, indices, normals);
  return { positions, normals };
}

/**
 * Crown triangles with all three corners on the crown, and the rest as gum. A triangle with
 * two (a crown's as far as moving goes) spans the first row of gum from the margin; drawn in
 * enamel, the gum line would be a saw blade.
 */
function tissues(moving: ReadonlyMap<number, Uint32Array>, gingiva: Uint32Array, labels: Uint8Array): { crowns: Map<number, Uint32Array>; gum: Uint32Array } {
  const crowns = new Map<number, Uint32Array>();
  const rim: number[] = [];
  for (const [fdi, tri] of moving) {
    const full: number[] = [];
    for (let t = 0; t < tri.length; t += 3) {
      const into = labels[tri[t]] !== 0 && labels[tri[t + 1]] !== 0 && labels[tri[t + 2]] !== 0 ? full : rim;
      into.push(tri[t], tri[t + 1], tri[t + 2]);
    }
    crowns.set(fdi, Uint32Array.from(full));
  }
  const gum = new Uint32Array(gingiva.length + rim.length);
  gum.set(gingiva);
  gum.set(rim, gingiva.length);
  return { crowns, gum };
}

function prepare(arch: PictureArch, final: ReadonlyMap<number, Pose>): PreparedArch {
  const { positions, indices, labels } = arch.mesh;
  const moving = labels ? toothTriangles(indices, labels) : new Map<number, Uint32Array>();
  const { crowns, gum } = labels ? tissues(moving, gingivaTriangles(indices, labels), labels) : { crowns: moving, gum: indices };
  const initial = withNormals(positions, indices);
  const posed = [...crowns.keys()].some((fdi) => final.has(fdi));
  if (!labels || !posed) return { jaw: arch.jaw, indices, crowns, gum, initial, final: initial, moved: new Set() };
  // The gum follows the teeth as in the viewport, so the final gum is not torn at the crowns.
  const binding = gingivaBinding(positions, indices, crownVertexLabels(moving, labels));
  const out = new Float32Array(positions.length);
  followTeeth(binding, positions, final, out);
  const moved = new Set<number>();
  for (const [fdi, tri] of crowns) {
    if (!final.has(fdi)) continue;
    for (let i = 0; i < tri.length && !moved.has(fdi); i++) {
      const o = tri[i] * 3;
      if (Math.hypot(out[o] - positions[o], out[o + 1] - positions[o + 1], out[o + 2] - positions[o + 2]) > MOVED_MM) moved.add(fdi);
    }
  }
  return { jaw: arch.jaw, indices, crowns, gum, initial, final: withNormals(out, indices), moved };
}

/** Stand-in tooth axes for planFrame: it reads only the crown centroids and which way the crowns point. */
function crownAxes(mesh: LabelledMesh): ToothAxes[] {
  const { positions, labels } = mesh;
  if (!labels) return [];
  const sums = new Map<number, [number, number, number, number]>();
  const gum: Vec3 = [0, 0, 0];
  let gumCount = 0;
  for (let v = 0; v < labels.length; v++) {
    const o = v * 3;
    if (labels[v] === 0) {
      gum[0] += positions[o]; gum[1] += positions[o + 1]; gum[2] += positions[o + 2];
      gumCount++;
      continue;
    }
    const s = sums.get(labels[v]) ?? [0, 0, 0, 0];
    s[0] += positions[o]; s[1] += positions[o + 1]; s[2] += positions[o + 2]; s[3]++;
    sums.set(labels[v], s);
  }
  const teeth = [...sums].sort((a, b) => a[0] - b[0]).map(([fdi, s]) => ({ fdi, origin: [s[0] / s[3], s[1] / s[3], s[2] / s[3]] as Vec3 }));
  if (teeth.length < 2 || gumCount === 0) return [];
  const crown = teeth.reduce<Vec3>((c, t) => [c[0] + t.origin[0], c[1] + t.origin[1], c[2] + t.origin[2]], [0, 0, 0]);
  // Crowns stand out of the gum, so from the gum's centroid to theirs is roughly occlusal:
  // planFrame only needs its sign.
  const away: Vec3 = [crown[0] / teeth.length - gum[0] / gumCount, crown[1] / teeth.length - gum[1] / gumCount, crown[2] / teeth.length - gum[2] / gumCount];
  if (!(Math.hypot(...away) > 0)) return [];
  const occlusal = unitOrThrow(away);
  return teeth.map((t) => ({ ...t, occlusal, mesial: [0, 0, 0], buccal: [0, 0, 0], widthMm: 0, contactMesial: null, contactDistal: null, adjusted: false }));
}

/**
 * The patient's directions from the arches' plan frame (the upper's where there is one, as
 * auto-setup takes it): superior is away from the upper occlusal plane's crown tips, or
 * towards the lower's. Without two labelled teeth, the scan frame's own convention.
 */
export function viewFrameOf(arches: readonly PictureArch[]): ViewFrame {
  for (const jaw of ['upper', 'lower'] as const) {
    const arch = arches.find((a) => a.jaw === jaw);
    const axes = arch ? crownAxes(arch.mesh) : [];
    if (axes.length < 2) continue;
    const f: PlanFrame = planFrame(axes);
    const superior: Vec3 = jaw === 'upper' ? [-f.occlusal[0], -f.occlusal[1], -f.occlusal[2]] : f.occlusal;
    if (!(Math.hypot(...f.left) > 0.5 && Math.hypot(...f.anterior) > 0.5)) continue;
    return { left: f.left, anterior: f.anterior, superior };
  }
  return SCAN_FRAME;
}

const neg = (v: Vec3): Vec3 => [-v[0], -v[1], -v[2]];

function viewAxes(id: PictureView, f: ViewFrame): { toCamera: Vec3; up: Vec3 } {
  switch (id) {
    case 'front': return { toCamera: f.anterior, up: f.superior };
    case 'right': return { toCamera: neg(f.left), up: f.superior };
    case 'left': return { toCamera: f.left, up: f.superior };
    case 'occlusal-upper': return { toCamera: neg(f.superior), up: f.anterior };
    case 'occlusal-lower': return { toCamera: f.superior, up: neg(f.anterior) };
  }
}

/** The view that fits every vertex of `sets` into width x height samples with the margin. */
function framedView(id: PictureView, frame: ViewFrame, sets: readonly Float32Array[], width: number, height: number): View {
  const { toCamera, up } = viewAxes(id, frame);
  const right = cross(up, toCamera);
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const p of sets) {
    for (let o = 0; o < p.length; o += 3) {
      const x = p[o] * right[0] + p[o + 1] * right[1] + p[o + 2] * right[2];
      const y = p[o] * up[0] + p[o + 1] * up[1] + p[o + 2] * up[2];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (!(x1 >= x0)) x0 = x1 = y0 = y1 = 0;
  const perMm = Math.min((width * (1 - 2 * MARGIN)) / Math.max(x1 - x0, 1e-3), (height * (1 - 2 * MARGIN)) / Math.max(y1 - y0, 1e-3));
  return { toCamera, up, right, left: (x0 + x1) / 2 - width / 2 / perMm, top: (y0 + y1) / 2 + height / 2 / perMm, perMm };
}

/** A light a little above and to the left of the viewer, so that facing surfaces are lit but not flat. */
function lightOf(view: View): Vec3 {
  const { toCamera: c, up: u, right: r } = view;
  return unitOrThrow([c[0] + 0.35 * u[0] - 0.25 * r[0], c[1] + 0.35 * u[1] - 0.25 * r[1], c[2] + 0.35 * u[2] - 0.25 * r[2]]);
}

/** Draws the arches (crowns tagged by FDI, gum by GUM_TAG) at one state into a layer. */
function drawArches(layer: Layer, arches: readonly PreparedArch[], state: 'initial' | 'final', view: View, light: Vec3, crownsOnly = false): void {
  for (const a of arches) {
    const s = a[state];
    const p: Projected = project(s.positions, s.normals, view, light);
    for (const [fdi, tri] of a.crowns) drawTriangles(layer, p, tri, fdi);
    if (!crownsOnly) drawTriangles(layer, p, a.gum, a.crowns.size ? GUM_TAG : SURFACE_TAG);
  }
}

/** The initial crowns to show over a final picture: their layer and which teeth (by FDI) moved. */
interface Ghost {
  layer: Layer;
  moved: Uint8Array;
}

/**
 * The picture's pixels (RGB bytes), each the mean of its factor x factor samples. A sample
 * is coloured by its tissue and shade, darkened when it lies behind a depth step or a
 * neighbouring crown, since facing surfaces of two crowns shade alike and would merge. With
 * a ghost, the initial crowns of moved teeth are outlined everywhere and tinted where they
 * stand in front of the final surface, so a movement reads either way.
 */
function compose(layer: Layer, factor: number, ghost?: Ghost): Uint8Array {
  const { width: sw, height: sh, depth, shade, tag } = layer;
  // Per sample: 1 when it is the far side of an edge with a neighbour (a line), 2 on a ghost's outline.
  const mark = new Uint8Array(sw * sh);
  const edge = (k: number, n: number): void => {
    const near = depth[k] < depth[n] ? k : n, far = near === k ? n : k;
    if (!(depth[far] > depth[near])) return;
    const tk = tag[k], tn = tag[n];
    if (depth[far] - depth[near] > EDGE_STEP_MM || (tk !== tn && tk !== 0 && tn !== 0 && tk !== GUM_TAG && tn !== GUM_TAG)) mark[far] = 1;
  };
  for (let j = 0; j < sh; j++) {
    for (let i = 0, k = j * sw; i < sw; i++, k++) {
      if (i + 1 < sw) edge(k, k + 1);
      if (j + 1 < sh) edge(k, k + sw);
    }
  }
  if (ghost) {
    const g = ghost.layer.tag, moved = ghost.moved;
    for (let j = 0; j < sh; j++) {
      for (let i = 0, k = j * sw; i < sw; i++, k++) {
        if (i + 1 < sw && g[k] !== g[k + 1]) {
          if (moved[g[k]]) mark[k] = 2;
          if (moved[g[k + 1]]) mark[k + 1] = 2;
        }
        if (j + 1 < sh && g[k] !== g[k + sw]) {
          if (moved[g[k]]) mark[k] = 2;
          if (moved[g[k + sw]]) mark[k + sw] = 2;
        }
      }
    }
  }
  const w = sw / factor, h = sh / factor;
  const out = new Uint8Array(w * h * 3);
  const norm = 1 / (factor * factor);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      let r = 0, gr = 0, b = 0;
      for (let dj = 0; dj < factor; dj++) {
        for (let di = 0, k = (j * factor + dj) * sw + i * factor; di < factor; di++, k++) {
          let sr = WHITE[0], sg = WHITE[1], sb = WHITE[2];
          if (tag[k] !== 0) {
            const s = Math.min(1, shade[k]), base = tag[k] === GUM_TAG ? GINGIVA : ENAMEL;
            sr = base[0] * s; sg = base[1] * s; sb = base[2] * s;
          }
          if (mark[k] === 2) {
            sr = GHOST_LINE[0]; sg = GHOST_LINE[1]; sb = GHOST_LINE[2];
          } else {
            if (mark[k] === 1) {
              sr *= 0.6; sg *= 0.6; sb *= 0.6;
            }
            if (ghost && ghost.moved[ghost.layer.tag[k]] && ghost.layer.depth[k] < depth[k] - MOVED_MM) {
              const s = GHOST_ALPHA * Math.min(1, ghost.layer.shade[k]);
              sr = (1 - GHOST_ALPHA) * sr + s * GHOST[0];
              sg = (1 - GHOST_ALPHA) * sg + s * GHOST[1];
              sb = (1 - GHOST_ALPHA) * sb + s * GHOST[2];
            }
          }
          r += sr; gr += sg; b += sb;
        }
      }
      const o = (j * w + i) * 3;
      out[o] = Math.round(r * norm); out[o + 1] = Math.round(gr * norm); out[o + 2] = Math.round(b * norm);
    }
  }
  return out;
}

function png(rgb: Uint8Array, width: number, height: number): Uint8Array {
  // Level 1 deflates several times faster than the default for about a fifth more bytes.
  return encode({ width, height, data: rgb, channels: 3, depth: 8 }, { zlib: { level: 1 } });
}

/**
 * The pictures of a plan: for each standard view that has something to show, the initial
 * and the final picture (same framing, from the union of both), then the overlays. Front
 * and side views show every arch; an occlusal view shows its own arch only.
 */
export function renderPlanPictures(input: PictureInput, opts: PictureOptions = {}): ReportPicture[] {
  const width = Math.max(16, Math.round(opts.width ?? 640)), height = Math.max(16, Math.round(opts.height ?? 420));
  const overlays = opts.overlays ?? ['front', 'occlusal-upper', 'occlusal-lower'];
  const frame = input.frame ?? viewFrameOf(input.arches);
  const arches = input.arches.map((a) => prepare(a, input.final));
  const sw = width * SUPERSAMPLE, sh = height * SUPERSAMPLE;
  const pictures: ReportPicture[] = [];
  const ghosts: ReportPicture[] = [];
  const initial = newLayer(sw, sh), final = newLayer(sw, sh);
  const crowns = newLayer(sw, sh);
  for (const { id, name } of VIEWS) {
    const shown = id === 'occlusal-upper' ? arches.filter((a) => a.jaw === 'upper') : id === 'occlusal-lower' ? arches.filter((a) => a.jaw === 'lower') : arches;
    if (shown.length === 0) continue;
    const view = framedView(id, frame, shown.flatMap((a) => [a.initial.positions, a.final.positions]), sw, sh);
    const light = lightOf(view);
    clearLayer(initial);
    drawArches(initial, shown, 'initial', view, light);
    pictures.push({ title: `Initial — ${name}`, png: png(compose(initial, SUPERSAMPLE), width, height), width, height });
    // Nothing moved in these arches: the final picture is the initial one, drawn once.
    const still = shown.every((a) => a.final === a.initial);
    if (!still) {
      clearLayer(final);
      drawArches(final, shown, 'final', view, light);
    }
    const finalLayer = still ? initial : final;
    pictures.push({ title: `Final — ${name}`, png: still ? pictures[pictures.length - 1].png : png(compose(final, SUPERSAMPLE), width, height), width, height });
    if (!overlays.includes(id)) continue;
    const moved = new Uint8Array(256);
    for (const a of shown) for (const fdi of a.moved) moved[fdi] = 1;
    let ghost: Ghost | undefined;
    if (moved.includes(1)) {
      clearLayer(crowns);
      drawArches(crowns, shown, 'initial', view, light, true);
      ghost = { layer: crowns, moved };
    }
    ghosts.push({ title: `Initial and final — ${name}`, png: png(compose(finalLayer, SUPERSAMPLE, ghost), width, height), width, height });
  }
  return [...pictures, ...ghosts];
}
