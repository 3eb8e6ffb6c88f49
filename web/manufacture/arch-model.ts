// One printable model: an arch at one stage. The teeth are the exact closed crown solids at
// the stage's poses, the gum follows them (geometry/gingiva-follow.ts, as the viewport draws
// it) and stands as a block on a flat base, the attachments on at that stage are joined on,
// and the case, arch and stage are engraved in the base. manifold-3d does the union and the
// engraving, so the result is one closed, manifold, outward-facing solid; it is checked
// again here, on the triangles that will be written, with the tooth surfaces compared to the
// posed crowns, before anyone may write it.
import type { Fdi } from '../core/fdi.ts';
import type { Jaw } from '../core/types.ts';
import { matrixFromQuat, type Pose } from '../core/pose.ts';
import type { ToothFrame } from '../core/tooth-frame.ts';
import { cross, dot, scale, sub, add, unitOrThrow, type Vec3 } from '../core/vec.ts';
import type { Mesh } from '../geometry/mesh.ts';
import { followTeeth, type GingivaBinding } from '../geometry/gingiva-follow.ts';
import type { Manifold, Mat4 } from 'manifold-3d';
import type { ManifoldApi } from './manifold.ts';
import { manifoldOf } from './attachment-solid.ts';
import { blockCavity, gumBlock, type GumBlock, type ModelBasis } from './gum-block.ts';
import { ENGRAVING_DEPTH_MM, placeLabel, placedContours, textOutline, type EngravingFont, type LabelPlace } from './engraving.ts';
import { checkClosedSolid, dropSlivers, separateTouchingSheets, weldExact, type SolidCheck } from './mesh-check.ts';
import { DEFAULT_TRIM, trimLine, type TrimLine, type TrimSettings } from './trim-line.ts';

import { DEFAULT_MODEL_HEIGHT_MM } from './model-jobs.ts';

export { DEFAULT_MODEL_HEIGHT_MM };
/** The gum block's grid, mm: finer than a thermoformed sheet can follow. */
export const MODEL_GRID_MM = 0.4;
/** Tooth surfaces of a model lie this close to the posed crowns, mm. */
export const TOOTH_SURFACE_TOLERANCE_MM = 0.05;

/** What simplify may move a surface by, mm: far below the printer's resolution and the 0.05 mm asked of tooth surfaces. */
const SIMPLIFY_MM = 0.001;
/**
 * Neighbouring crowns share the scan's vertices where they touch; unioned as they are, the
 * model would pinch there (two surfaces meeting in one point or edge), which a slicer reads
 * as a non-manifold edge. Each crown is drawn in by half this towards its centre first.
 */
const CONTACT_GAP_MM = 0.004;
/**
 * A boolean can leave, apart from the model, a sliver beside it (surfaces a few micrometres
 * apart, as neighbouring crowns drawn in; under this many mm^3) or a sealed pocket inside it
 * (where a crown's cervical edge meets the gum block): a printer would make a second body or
 * trap resin. Both are dropped, the pocket so filled (mesh-check.ts dropSlivers).
 */
const SLIVER_MM3 = 0.1;
/** Gum kept under the lowest gum line of any crown, mm. */
const MIN_GUM_BAND_MM = 3;

export class ModelError extends Error {
  override name = 'ModelError';
}

/** What stays the same for every stage of one arch: built once, deleted once. */
export interface ArchModelSource {
  jaw: Jaw;
  /** The arch as scanned (scan frame) and its gum triangles. */
  positions: Float32Array;
  gumTriangles: Uint32Array;
  binding: GingivaBinding;
  basis: ModelBasis;
  baseLevel: number;
  /** Base to the highest cusp tip at the template, mm: the height asked for, or more (see archModelSource). */
  heightMm: number;
  /** Each tooth's closed solid at the scan position, as a Manifold (traceable by `id`), and its triangles. */
  teeth: { fdi: Fdi; solid: Manifold; id: number; mesh: Mesh; cap: Uint32Array }[];
  /** Attachment solids at the scan position, by tooth, with the stages they are on. */
  attachments: { fdi: Fdi; solid: Manifold; stagePlaced: number; stageRemoved: number | null }[];
}

export interface ArchModelSourceInput {
  jaw: Jaw;
  positions: Float32Array;
  gumTriangles: Uint32Array;
  binding: GingivaBinding;
  frames: ReadonlyMap<Fdi, ToothFrame>;
  /** Each tooth's closed solid and the triangles of its cap (crown-cap.ts). */
  teeth: readonly { fdi: Fdi; mesh: Mesh; cap: Uint32Array }[];
  attachments: readonly { fdi: Fdi; mesh: Mesh; stagePlaced: number; stageRemoved: number | null }[];
  /** The template's poses: the base is set from its cusp tips and kept for every stage. */
  templatePoses: ReadonlyMap<Fdi, Pose>;
  heightMm?: number;
}

/** Column-major 4x4 of a pose (p -> R p + t), as manifold-3d takes it. */
export function poseMat4(pose: Pose): Mat4 {
  const r = matrixFromQuat(pose.q);
  return [r[0], r[3], r[6], 0, r[1], r[4], r[7], 0, r[2], r[5], r[8], 0, pose.t[0], pose.t[1], pose.t[2], 1];
}

function posePoint(pose: Pose | undefined, p: Float32Array, o: number): Vec3 {
  const v: Vec3 = [p[o], p[o + 1], p[o + 2]];
  if (!pose) return v;
  const r = matrixFromQuat(pose.q);
  return [r[0] * v[0] + r[1] * v[1] + r[2] * v[2] + pose.t[0], r[3] * v[0] + r[4] * v[1] + r[5] * v[2] + pose.t[1], r[6] * v[0] + r[7] * v[1] + r[8] * v[2] + pose.t[2]];
}

/** The mesh with every vertex moved `mm` towards its centroid. */
function drawnIn(mesh: Mesh, mm: number): Mesh {
  const p = mesh.positions, n = p.length / 3;
  let cx = 0, cy = 0, cz = 0;
  for (let o = 0; o < p.length; o += 3) { cx += p[o]; cy += p[o + 1]; cz += p[o + 2]; }
  cx /= n; cy /= n; cz /= n;
  const out = new Float32Array(p.length);
  for (let o = 0; o < p.length; o += 3) {
    const dx = cx - p[o], dy = cy - p[o + 1], dz = cz - p[o + 2];
    const l = Math.hypot(dx, dy, dz) || 1;
    out[o] = p[o] + (dx / l) * mm; out[o + 1] = p[o + 1] + (dy / l) * mm; out[o + 2] = p[o + 2] + (dz / l) * mm;
  }
  return { positions: out, indices: mesh.indices };
}

function posedMesh(mesh: Mesh, pose: Pose | undefined): Mesh {
  if (!pose) return mesh;
  const r = matrixFromQuat(pose.q), [tx, ty, tz] = pose.t;
  const p = mesh.positions, positions = new Float32Array(p.length);
  for (let o = 0; o < p.length; o += 3) {
    const x = p[o], y = p[o + 1], z = p[o + 2];
    positions[o] = r[0] * x + r[1] * y + r[2] * z + tx;
    positions[o + 1] = r[3] * x + r[4] * y + r[5] * z + ty;
    positions[o + 2] = r[6] * x + r[7] * y + r[8] * z + tz;
  }
  return { positions, indices: mesh.indices };
}

/**
 * The base is parallel to the occlusal plane: the plane fitted (least squares) through each
 * crown's tip. The teeth's mean occlusal axis is only a first guess: on a real scan it tilts
 * enough that molars would end up under a base set 15 mm below the incisors. e1 runs from
 * the patient's right to left where both sides have teeth.
 */
function modelBasis(frames: ReadonlyMap<Fdi, ToothFrame>, teeth: readonly { fdi: Fdi; mesh: Mesh }[], poses: ReadonlyMap<Fdi, Pose>): ModelBasis {
  let guess: Vec3 = [0, 0, 0];
  let right: Vec3 = [0, 0, 0], left: Vec3 = [0, 0, 0];
  for (const { fdi } of teeth) {
    const f = frames.get(fdi);
    if (!f) continue;
    guess = add(guess, f.occlusal);
    const quadrant = Math.floor(fdi / 10);
    if (quadrant === 1 || quadrant === 4) right = add(right, f.origin);
    else left = add(left, f.origin);
  }
  const basisAround = (up: Vec3): ModelBasis => {
    let across = sub(left, right);
    across = sub(across, scale(up, dot(across, up)));
    if (Math.hypot(...across) < 1e-6) across = Math.abs(up[0]) < 0.9 ? sub([1, 0, 0], scale(up, up[0])) : sub([0, 1, 0], scale(up, up[1]));
    const e1 = unitOrThrow(across);
    return { e1, e2: cross(up, e1), up };
  };
  const first = basisAround(unitOrThrow(guess));
  const tips: Vec3[] = teeth.map((t) => {
    let best: Vec3 = [0, 0, 0], most = -Infinity;
    for (let o = 0; o < t.mesh.positions.length; o += 3) {
      const p = posePoint(poses.get(t.fdi), t.mesh.positions, o);
      const h = dot(p, first.up);
      if (h > most) { most = h; best = p; }
    }
    return [dot(best, first.e1), dot(best, first.e2), most];
  });
  if (tips.length < 3) return first;
  // h = a x + b y + c by the normal equations.
  let sxx = 0, sxy = 0, syy = 0, sx = 0, sy = 0, sxh = 0, syh = 0, sh = 0;
  for (const [x, y, h] of tips) { sxx += x * x; sxy += x * y; syy += y * y; sx += x; sy += y; sxh += x * h; syh += y * h; sh += h; }
  const n = tips.length;
  const m = [[sxx, sxy, sx], [sxy, syy, sy], [sx, sy, n]];
  const r = [sxh, syh, sh];
  const det3 = (q: number[][]): number => q[0][0] * (q[1][1] * q[2][2] - q[1][2] * q[2][1]) - q[0][1] * (q[1][0] * q[2][2] - q[1][2] * q[2][0]) + q[0][2] * (q[1][0] * q[2][1] - q[1][1] * q[2][0]);
  const d = det3(m);
  if (!(Math.abs(d) > 1e-9)) return first;
  const col = (k: number): number[][] => m.map((row, i) => row.map((v, j) => (j === k ? r[i] : v)));
  const a = det3(col(0)) / d, b = det3(col(1)) / d;
  const up = unitOrThrow(sub(first.up, add(scale(first.e1, a), scale(first.e2, b))));
  return basisAround(up);
}

export async function archModelSource(api: ManifoldApi, input: ArchModelSourceInput): Promise<ArchModelSource> {
  if (input.teeth.length === 0) throw new ModelError(`the ${input.jaw} arch has no closed tooth solids: segment it first`);
  const basis = modelBasis(input.frames, input.teeth, input.templatePoses);
  let top = -Infinity, lowestGumLine = Infinity;
  for (const t of input.teeth) {
    const pose = input.templatePoses.get(t.fdi);
    for (let o = 0; o < t.mesh.positions.length; o += 3) top = Math.max(top, dot(posePoint(pose, t.mesh.positions, o), basis.up));
    for (let k = 0; k < t.cap.length; k++) lowestGumLine = Math.min(lowestGumLine, dot(posePoint(pose, t.mesh.positions, t.cap[k] * 3), basis.up));
  }
  // The model height asked for, or more where a crown's gum line lies lower (a high canine,
  // a long crown): every crown stands whole on at least MIN_GUM_BAND_MM of gum.
  const baseLevel = Math.min(top - (input.heightMm ?? DEFAULT_MODEL_HEIGHT_MM), lowestGumLine - MIN_GUM_BAND_MM);
  const teeth: ArchModelSource['teeth'] = [];
  const attachments: ArchModelSource['attachments'] = [];
  try {
    const first = api.Manifold.reserveIDs(input.teeth.length);
    input.teeth.forEach((t, i) => teeth.push({ fdi: t.fdi, solid: manifoldOf(api, drawnIn(t.mesh, CONTACT_GAP_MM / 2), first + i), id: first + i, mesh: t.mesh, cap: t.cap }));
    for (const a of input.attachments) attachments.push({ fdi: a.fdi, solid: manifoldOf(api, a.mesh), stagePlaced: a.stagePlaced, stageRemoved: a.stageRemoved });
  } catch (e) {
    for (const m of [...teeth, ...attachments]) m.solid.delete();
    throw e;
  }
  return {
    jaw: input.jaw, positions: input.positions, gumTriangles: input.gumTriangles, binding: input.binding, basis,
    baseLevel, heightMm: top - baseLevel, teeth, attachments,
  };
}

export function deleteArchModelSource(source: ArchModelSource): void {
  for (const m of [...source.teeth, ...source.attachments]) m.solid.delete();
}

export interface ArchModel {
  mesh: Mesh;
  check: SolidCheck;
  /** Farthest a tooth-surface vertex of the model lies off its posed crown triangle, mm. */
  toothSurfaceErrorMm: number;
  attachments: number;
  trim: TrimLine;
}

export interface ArchModelRequest {
  stage: number;
  poses: ReadonlyMap<Fdi, Pose>;
  /** Engraved in two lines on the base (e.g. the case, then "U 07"). */
  label: readonly string[];
  font: EngravingFont;
  gridMm?: number;
  trim?: TrimSettings;
  /** Hollowed to save resin: walls this thick (at least 2 mm) with two drain holes of this diameter (at least 3.5 mm) through the base. */
  hollow?: HollowSettings;
}

export interface HollowSettings {
  wallMm: number;
  drainMm: number;
}

export const MIN_WALL_MM = 2;
export const MIN_DRAIN_MM = 3.5;

/** Where a model's tooth triangles came from: each must lie on its posed source triangle (by its plane). */
function toothSurfaceError(out: ReturnType<Manifold['getMesh']>, posedTeeth: Map<number, Mesh>): number {
  let worst = 0;
  const { runOriginalID, runIndex, faceID, triVerts, vertProperties, numProp } = out;
  for (let r = 0; r < runOriginalID.length; r++) {
    const tooth = posedTeeth.get(runOriginalID[r]);
    if (!tooth) continue;
    const p = tooth.positions, idx = tooth.indices;
    for (let t = runIndex[r] / 3; t < runIndex[r + 1] / 3; t++) {
      const f = faceID[t] * 3;
      const a = idx[f] * 3, b = idx[f + 1] * 3, c = idx[f + 2] * 3;
      const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
      const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
      const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
      const l = Math.hypot(nx, ny, nz);
      if (!(l > 1e-12)) continue;
      for (let k = 0; k < 3; k++) {
        const v = triVerts[t * 3 + k] * numProp;
        const d = Math.abs((vertProperties[v] - p[a]) * nx + (vertProperties[v + 1] - p[a + 1]) * ny + (vertProperties[v + 2] - p[a + 2]) * nz) / l;
        if (d > worst) worst = d;
      }
    }
  }
  return worst;
}

/** The teeth at the stage's poses and the gum block following them: what a model and its trim line stand on. */
function posedArch(source: ArchModelSource, poses: ReadonlyMap<Fdi, Pose>, gridMm = MODEL_GRID_MM) {
  const posed = new Float32Array(source.positions.length);
  followTeeth(source.binding, source.positions, poses, posed);
  const posedSolids = source.teeth.map((t) => ({ fdi: t.fdi, positions: posedMesh(t.mesh, poses.get(t.fdi)).positions, cap: t.cap }));
  const block = gumBlock({ positions: posed, gumTriangles: source.gumTriangles, basis: source.basis, baseLevel: source.baseLevel, gridMm, teeth: posedSolids });
  return { posedSolids, block };
}

/**
 * The stage's trim line without building its model (for the viewport): the same curve as
 * archModel's, on the gum block's surface rather than laid onto the finished model (which
 * moves a point well under a millimetre).
 */
export function archTrimLine(api: ManifoldApi, source: ArchModelSource, request: { poses: ReadonlyMap<Fdi, Pose>; trim?: TrimSettings; gridMm?: number }): TrimLine {
  const { posedSolids, block } = posedArch(source, request.poses, request.gridMm);
  return trimLine(api, { basis: source.basis, teeth: posedSolids, gumHeight: (x, y) => gumHeightAt(block, source.baseLevel, x, y) }, request.trim ?? DEFAULT_TRIM);
}

export function archModel(api: ManifoldApi, source: ArchModelSource, request: ArchModelRequest): ArchModel {
  const { basis, baseLevel } = source;
  const { posedSolids, block } = posedArch(source, request.poses, request.gridMm);
  const owned: { delete(): void }[] = [];
  const keep = <T extends { delete(): void }>(m: T): T => { owned.push(m); return m; };
  try {
    const pieces: Manifold[] = [keep(manifoldOf(api, block.mesh))];
    const posedTeeth = new Map<number, Mesh>();
    for (const t of source.teeth) {
      const pose = request.poses.get(t.fdi);
      const placed = keep(pose ? t.solid.transform(poseMat4(pose)) : t.solid.translate([0, 0, 0]));
      posedTeeth.set(t.id, { positions: posedSolids[source.teeth.indexOf(t)].positions, indices: t.mesh.indices });
      pieces.push(placed);
    }
    const on = source.attachments.filter((a) => a.stagePlaced <= request.stage && (a.stageRemoved === null || request.stage <= a.stageRemoved));
    for (const a of on) {
      const pose = request.poses.get(a.fdi);
      pieces.push(keep(pose ? a.solid.transform(poseMat4(pose)) : a.solid.translate([0, 0, 0])));
    }
    // Nothing below the base: a tooth moved far past its template place is cut flat with it.
    let model = keep(keep(api.Manifold.union(pieces)).trimByPlane(basis.up, baseLevel));

    const w = block.nx + 1;
    const place = placeLabel(request.font, request.label, {
      cells: block.cells, nx: block.nx, ny: block.ny, x0: block.x0, y0: block.y0, gridMm: block.gridMm,
      columnMm: (i, j) => block.columnMm[j * w + i],
    });
    if (!place) throw new ModelError(`stage ${request.stage}: the ${source.jaw} model's base has no flat room for its label`);
    const section = keep(api.CrossSection.ofPolygons(placedContours(request.font, request.label, place), 'NonZero'));
    const cut = keep(section.extrude(ENGRAVING_DEPTH_MM + 0.2));
    const frame: Mat4 = [...basis.e1, 0, ...basis.e2, 0, ...basis.up, 0, ...scale(basis.up, baseLevel - 0.2), 1] as Mat4;
    const engraving = keep(cut.transform(frame));
    model = keep(model.subtract(engraving));
    if (request.hollow) model = hollowOut(api, model, keep, block, source, request, place);
    // Merge the flat base's coplanar triangles and collapse the slivers the booleans leave,
    // moving no surface by more than SIMPLIFY_MM (triangle origins are kept for the check below).
    model = keep(model.simplify(SIMPLIFY_MM));
    if (model.status() !== 'NoError') throw new ModelError(`stage ${request.stage}: the ${source.jaw} model could not be built (${model.status()})`);
    const out = model.getMesh();
    const toothSurfaceErrorMm = toothSurfaceError(out, posedTeeth);
    if (toothSurfaceErrorMm > TOOTH_SURFACE_TOLERANCE_MM) {
      throw new ModelError(`stage ${request.stage}: the ${source.jaw} model's tooth surfaces lie ${toothSurfaceErrorMm.toFixed(3)} mm off the posed teeth`);
    }
    const raw = { positions: Float32Array.from({ length: out.numVert * 3 }, (_, i) => out.vertProperties[Math.floor(i / 3) * out.numProp + (i % 3)]), indices: Uint32Array.from(out.triVerts) };
    // Vertices a fraction of a micrometre apart fold onto one float32 point in the STL: sheets
    // that touch are parted, slivers collapse in the weld, and what is written is checked.
    separateTouchingSheets(raw, SIMPLIFY_MM);
    const mesh = dropSlivers(weldExact(raw), SLIVER_MM3);
    const check = checkClosedSolid(mesh);
    if (!check.ok) throw new ModelError(`stage ${request.stage}: the ${source.jaw} model is not a closed solid (${check.problem})`);
    const trim = trimLine(api, { basis, teeth: posedSolids, gumHeight: (x, y) => gumHeightAt(block, baseLevel, x, y), onto: mesh }, request.trim ?? DEFAULT_TRIM);
    return { mesh, check, toothSurfaceErrorMm, attachments: on.length, trim };
  } finally {
    for (const m of owned) m.delete();
  }
}

/** The block's top over a base-plane point, bilinear between grid corners; NaN off the block. */
function gumHeightAt(block: ReturnType<typeof gumBlock>, baseLevel: number, x: number, y: number): number {
  const u = (x - block.x0) / block.gridMm, v = (y - block.y0) / block.gridMm;
  const i = Math.floor(u), j = Math.floor(v);
  if (i < 0 || j < 0 || i >= block.nx || j >= block.ny || !block.cells[j * block.nx + i]) return NaN;
  const w = block.nx + 1, fu = u - i, fv = v - j;
  const c = block.columnMm;
  const h = (1 - fu) * (1 - fv) * c[j * w + i] + fu * (1 - fv) * c[j * w + i + 1] + (1 - fu) * fv * c[(j + 1) * w + i] + fu * fv * c[(j + 1) * w + i + 1];
  return Number.isFinite(h) ? h + baseLevel : NaN;
}

/**
 * The model with the block's inside taken out: walls `wallMm` thick everywhere under the gum
 * and the crowns, the base's floor as thick plus the engraving, and two drain holes through
 * the floor, as far from the label and from each other as the hollow allows.
 */
function hollowOut(api: ManifoldApi, model: Manifold, keep: <T extends { delete(): void }>(m: T) => T, block: GumBlock, source: ArchModelSource, request: ArchModelRequest, label: LabelPlace): Manifold {
  const { wallMm, drainMm } = request.hollow!;
  const where = `stage ${request.stage}: the ${source.jaw} model`;
  if (!(wallMm >= MIN_WALL_MM)) throw new ModelError(`${where}: hollow models need walls of at least ${MIN_WALL_MM} mm (asked ${wallMm} mm)`);
  if (!(drainMm >= MIN_DRAIN_MM)) throw new ModelError(`${where}: drain holes must be at least ${MIN_DRAIN_MM} mm across (asked ${drainMm} mm)`);
  const { basis, baseLevel } = source;
  const floorMm = wallMm + ENGRAVING_DEPTH_MM;
  const cavity = blockCavity(block, basis, baseLevel, wallMm, floorMm);
  if (!cavity) throw new ModelError(`${where} has no room inside for a hollow with ${wallMm} mm walls`);
  let out = keep(model.subtract(keep(manifoldOf(api, cavity.mesh))));
  // Drain holes: over cavity cells with the hole's radius and 0.3 mm to spare all round, clear of the label.
  const { nx, ny, x0, y0, gridMm: s } = block;
  const r = drainMm / 2;
  const reach = Math.ceil((r + 0.3) / s);
  const text = textOutline(request.font, request.label, label.capMm);
  const ca = Math.cos(label.angle), sa = Math.sin(label.angle);
  // Clear of the label's box (in the label's own axes), by the hole's radius and a little.
  const clearOfLabel = (x: number, y: number): boolean => {
    const u = (x - label.x) * ca + (y - label.y) * sa, v = -(x - label.x) * sa + (y - label.y) * ca;
    return Math.abs(u) > text.width / 2 + r + 0.3 || Math.abs(v) > text.height / 2 + r + 0.3;
  };
  const centre = (i: number, j: number): [number, number] => [x0 + (i + 0.5) * s, y0 + (j + 0.5) * s];
  const candidates: [number, number][] = [];
  const overLabel: [number, number][] = [];
  for (let j = reach; j < ny - reach; j++) {
    for (let i = reach; i < nx - reach; i++) {
      let fits = true;
      for (let dj = -reach; dj <= reach && fits; dj++) {
        for (let di = -reach; di <= reach && fits; di++) if (di * di + dj * dj <= reach * reach && !cavity.cells[(j + dj) * nx + i + di]) fits = false;
      }
      if (!fits) continue;
      const c = centre(i, j);
      (clearOfLabel(c[0], c[1]) ? candidates : overLabel).push(c);
    }
  }
  // A narrow hollow may have no room beside the label: a hole through the label's edge then, rather than none.
  if (candidates.length === 0) candidates.push(...overLabel);
  if (candidates.length === 0) throw new ModelError(`${where} has no place for a ${drainMm} mm drain hole in its floor`);
  const far = (from: [number, number]) => candidates.reduce((best, c) => (Math.hypot(c[0] - from[0], c[1] - from[1]) > Math.hypot(best[0] - from[0], best[1] - from[1]) ? c : best));
  const first = far([label.x, label.y]);
  const holes = [first, far(first)].filter((c, k, all) => k === 0 || Math.hypot(c[0] - all[0][0], c[1] - all[0][1]) > drainMm);
  for (const [x, y] of holes) {
    const origin = add(add(scale(basis.e1, x), scale(basis.e2, y)), scale(basis.up, baseLevel - 0.2));
    const frame: Mat4 = [...basis.e1, 0, ...basis.e2, 0, ...basis.up, 0, ...origin, 1] as Mat4;
    const drain = keep(keep(api.Manifold.cylinder(floorMm + 0.6, r, r, 32)).transform(frame));
    out = keep(out.subtract(drain));
  }
  return out;
}
