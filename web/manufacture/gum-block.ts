// The model's body below the teeth: the posed gum as a height field over the base plane,
// standing on a flat base. A scan's gum is an open sheet with folds (the vestibule, the
// palate's rim), and moved gum can fold further, so closing the sheet itself gives no
// guarantee; a height field on a grid is closed and manifold by construction. It fills the
// gum's undercuts, as a lab blocks them out anyway; the crowns are not part of it: they are
// joined on as the exact posed solids, so their undercuts (the aligner's grip) stay.
//
// Columns with no gum over them but ringed by gum (under a crown, a scanning gap) are filled
// from the heights around them and lifted a little towards their middle, into the crown
// solid that sits there, so no slit is left between the gum and the crown's base.
import type { Mesh } from '../geometry/mesh.ts';
import type { Vec3 } from '../core/vec.ts';

export interface ModelBasis {
  /** In-plane axes of the base and the direction from the base to the cusps (e1 x e2 = up). */
  e1: Vec3;
  e2: Vec3;
  up: Vec3;
}

export interface GumBlockInput {
  /** Posed arch vertices (scan frame) and the gum's triangles among them. */
  positions: Float32Array;
  gumTriangles: Uint32Array;
  basis: ModelBasis;
  /** Height of the base plane along `up`. */
  baseLevel: number;
  /** Grid spacing, mm. */
  gridMm: number;
  /** The posed crowns' closed solids and their caps' triangles (see throughCaps). */
  teeth: readonly { positions: Float32Array; cap: Uint32Array }[];
}

export interface GumBlock {
  mesh: Mesh;
  /** Grid cells in the block, row-major (nx x ny), and where the grid lies: for placing the engraving. */
  cells: Uint8Array;
  /** Column height above the base at each grid corner ((nx + 1) x (ny + 1), row-major), mm. */
  columnMm: Float64Array;
  nx: number;
  ny: number;
  x0: number;
  y0: number;
  gridMm: number;
}

/** The lowest a column may stand above the base before it is left out (mm): thinner would not print. */
const MIN_COLUMN_MM = 1;
/** How far filled columns rise towards their middle (mm), and per mm from their edge. */
const FILL_LIFT_MM = 1.5;

const dot = (p: Float32Array, o: number, a: Vec3): number => p[o] * a[0] + p[o + 1] * a[1] + p[o + 2] * a[2];

interface Grid { nx: number; ny: number; x0: number; y0: number; s: number; basis: ModelBasis }

/** Over each grid vertex, the highest (or lowest) point of the triangles along `up`, into `out` (untouched where none). */
function rasterize(p: Float32Array, tris: Uint32Array, grid: Grid, out: Float64Array, highest: boolean): void {
  const { nx, ny, x0, y0, s, basis } = grid;
  for (let t = 0; t < tris.length; t += 3) {
    const a = tris[t] * 3, b = tris[t + 1] * 3, c = tris[t + 2] * 3;
    const ax = (dot(p, a, basis.e1) - x0) / s, ay = (dot(p, a, basis.e2) - y0) / s, ah = dot(p, a, basis.up);
    const bx = (dot(p, b, basis.e1) - x0) / s, by = (dot(p, b, basis.e2) - y0) / s, bh = dot(p, b, basis.up);
    const cx = (dot(p, c, basis.e1) - x0) / s, cy = (dot(p, c, basis.e2) - y0) / s, ch = dot(p, c, basis.up);
    const det = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
    if (Math.abs(det) < 1e-12) continue;
    const i0 = Math.max(0, Math.ceil(Math.min(ax, bx, cx) - 1e-9)), i1 = Math.min(nx, Math.floor(Math.max(ax, bx, cx) + 1e-9));
    const j0 = Math.max(0, Math.ceil(Math.min(ay, by, cy) - 1e-9)), j1 = Math.min(ny, Math.floor(Math.max(ay, by, cy) + 1e-9));
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const u = ((bx - i) * (cy - j) - (cx - i) * (by - j)) / det;
        const v = ((cx - i) * (ay - j) - (ax - i) * (cy - j)) / det;
        const w = 1 - u - v;
        if (u < -1e-6 || v < -1e-6 || w < -1e-6) continue;
        const h = u * ah + v * bh + w * ch;
        const k = j * (nx + 1) + i;
        if (highest ? !(h <= out[k]) : !(h >= out[k])) out[k] = h;
      }
    }
  }
}

/**
 * Columns through a crown's cap (its opening at the gum line) rise to 0.2 mm above the cap,
 * into the crown solid, so the block and the crown join with no slit between them; columns
 * beside the cap keep the gum's height, so the crown's undercuts stay open.
 */
function throughCaps(heights: Float64Array, teeth: readonly { positions: Float32Array; cap: Uint32Array }[], grid: Grid): void {
  const cap = new Float64Array(heights.length).fill(NaN);
  for (const t of teeth) rasterize(t.positions, t.cap, grid, cap, true);
  for (let k = 0; k < heights.length; k++) if (!Number.isNaN(cap[k])) heights[k] = Math.max(heights[k], cap[k] + 0.2);
}

/** Fills the uncovered grid vertices that the grid's border cannot reach: from their known neighbours, rising inwards. */
function fillEnclosed(heights: Float64Array, nx: number, ny: number, gridMm: number): void {
  const w = nx + 1, n = heights.length;
  const outside = new Uint8Array(n);
  const queue: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = k % w, j = (k - i) / w;
    if ((i === 0 || j === 0 || i === nx || j === ny) && heights[k] === -Infinity) { outside[k] = 1; queue.push(k); }
  }
  const neighbours = (k: number): number[] => {
    const i = k % w, out: number[] = [];
    if (i > 0) out.push(k - 1);
    if (i < nx) out.push(k + 1);
    if (k >= w) out.push(k - w);
    if (k + w < n) out.push(k + w);
    return out;
  };
  for (let q = 0; q < queue.length; q++) {
    for (const m of neighbours(queue[q])) if (!outside[m] && heights[m] === -Infinity) { outside[m] = 1; queue.push(m); }
  }
  // Breadth-first from the known ring inwards: each hole vertex takes the mean of its already known neighbours.
  const depth = new Int32Array(n).fill(-1);
  let front: number[] = [];
  for (let k = 0; k < n; k++) if (heights[k] > -Infinity) depth[k] = 0;
  for (let k = 0; k < n; k++) {
    if (heights[k] !== -Infinity || outside[k]) continue;
    if (neighbours(k).some((m) => depth[m] === 0)) { depth[k] = 1; front.push(k); }
  }
  const lift = new Float64Array(n);
  for (let d = 1; front.length > 0; d++) {
    const values = front.map((k) => {
      let sum = 0, count = 0;
      for (const m of neighbours(k)) if (depth[m] >= 0 && depth[m] < d) { sum += heights[m] - lift[m]; count++; }
      return count ? sum / count : 0;
    });
    const next: number[] = [];
    front.forEach((k, idx) => {
      lift[k] = Math.min(FILL_LIFT_MM, d * gridMm);
      heights[k] = values[idx] + lift[k];
    });
    for (const k of front) {
      for (const m of neighbours(k)) {
        if (depth[m] === -1 && heights[m] === -Infinity && !outside[m]) { depth[m] = d + 1; next.push(m); }
      }
    }
    front = next;
  }
}

/** Cells whose four corners stand at least MIN_COLUMN_MM above the base, as one piece with no pinched corners. */
function solidCells(heights: Float64Array, nx: number, ny: number, baseLevel: number): Uint8Array {
  const w = nx + 1;
  const ok = (k: number): boolean => heights[k] >= baseLevel + MIN_COLUMN_MM;
  const cells = new Uint8Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = j * w + i;
      if (ok(k) && ok(k + 1) && ok(k + w) && ok(k + w + 1)) cells[j * nx + i] = 1;
    }
  }
  // Two cells meeting only at a corner would pinch the surface there (a vertex that is not a disc).
  dropPinches(cells, nx, ny);
  // One piece: the largest 4-connected group of cells.
  keepLargestPiece(cells, nx);
  return cells;
}

export class GumBlockError extends Error {
  override name = 'GumBlockError';
}

export function gumBlock(input: GumBlockInput): GumBlock {
  const { positions: p, gumTriangles, basis, baseLevel, gridMm: s } = input;
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  const extend = (q: Float32Array, o: number): void => {
    const x = dot(q, o, basis.e1), y = dot(q, o, basis.e2);
    if (x < xmin) xmin = x; if (x > xmax) xmax = x;
    if (y < ymin) ymin = y; if (y > ymax) ymax = y;
  };
  for (let t = 0; t < gumTriangles.length; t++) extend(p, gumTriangles[t] * 3);
  for (const tooth of input.teeth) for (let o = 0; o < tooth.positions.length; o += 3) extend(tooth.positions, o);
  if (!(xmax > xmin && ymax > ymin)) throw new GumBlockError('the arch has no gum to stand the model on');
  const x0 = xmin - s, y0 = ymin - s;
  const nx = Math.ceil((xmax - x0) / s) + 1, ny = Math.ceil((ymax - y0) / s) + 1;
  const grid: Grid = { nx, ny, x0, y0, s, basis };
  const heights = new Float64Array((nx + 1) * (ny + 1)).fill(-Infinity);
  rasterize(p, gumTriangles, grid, heights, true);
  throughCaps(heights, input.teeth, grid);
  fillEnclosed(heights, nx, ny, s);
  const cells = solidCells(heights, nx, ny, baseLevel);

  const mesh = heightFieldSolid({ nx, ny, x0, y0, s, basis }, cells, heights, baseLevel);
  if (mesh.indices.length === 0) throw new GumBlockError('no part of the gum stands above the base: the model height is too small for this arch');
  return { mesh, cells, columnMm: heights.map((h) => h - baseLevel), nx, ny, x0, y0, gridMm: s };
}

/**
 * The solid between a flat bottom (at `bottom` along up) and the heights over the given
 * cells: a top quad and a bottom quad per cell and a wall along every edge to a cell not in
 * the set. Closed and outward-facing, as long as no two cells meet only at a corner.
 */
export function heightFieldSolid(grid: { nx: number; ny: number; x0: number; y0: number; s: number; basis: ModelBasis }, cells: Uint8Array, heights: Float64Array, bottom: number): Mesh {
  const { nx, ny, x0, y0, s, basis } = grid;
  const w = nx + 1;
  const topIndex = new Int32Array(w * (ny + 1)).fill(-1);
  const coords: number[] = [];
  const vertex = (k: number): number => {
    if (topIndex[k] >= 0) return topIndex[k];
    const i = k % w, j = (k - i) / w;
    const x = x0 + i * s, y = y0 + j * s;
    for (const h of [heights[k], bottom]) {
      coords.push(basis.e1[0] * x + basis.e2[0] * y + basis.up[0] * h, basis.e1[1] * x + basis.e2[1] * y + basis.up[1] * h, basis.e1[2] * x + basis.e2[2] * y + basis.up[2] * h);
    }
    topIndex[k] = coords.length / 3 - 2;
    return topIndex[k];
  };
  const tris: number[] = [];
  const cell = (i: number, j: number): boolean => i >= 0 && j >= 0 && i < nx && j < ny && cells[j * nx + i] === 1;
  // A top edge a -> b on the solid's rim gets a wall down to the bottom.
  const wall = (a: number, b: number): void => { tris.push(b, a, a + 1, b, a + 1, b + 1); };
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (!cell(i, j)) continue;
      const v00 = vertex(j * w + i), v10 = vertex(j * w + i + 1), v11 = vertex((j + 1) * w + i + 1), v01 = vertex((j + 1) * w + i);
      tris.push(v00, v10, v11, v00, v11, v01);
      tris.push(v00 + 1, v11 + 1, v10 + 1, v00 + 1, v01 + 1, v11 + 1);
      if (!cell(i, j - 1)) wall(v00, v10);
      if (!cell(i + 1, j)) wall(v10, v11);
      if (!cell(i, j + 1)) wall(v11, v01);
      if (!cell(i - 1, j)) wall(v01, v00);
    }
  }
  return { positions: Float32Array.from(coords), indices: Uint32Array.from(tris) };
}

/**
 * The hollow inside a block: every point of it at least `wallMm` from the block's top (the
 * heights eroded over a disc of that radius, so sloped gum keeps its thickness too) and from
 * its sides, and `bottomMm` above the base. Null when nothing that size fits.
 */
export function blockCavity(block: GumBlock, basis: ModelBasis, baseLevel: number, wallMm: number, bottomMm: number): { mesh: Mesh; cells: Uint8Array } | null {
  const { nx, ny, gridMm: s } = block;
  const w = nx + 1;
  const r = Math.ceil(wallMm / s);
  const top = new Float64Array(w * (ny + 1)).fill(-Infinity);
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i <= nx; i++) {
      let low = Infinity;
      for (let dj = -r; dj <= r && low > -Infinity; dj++) {
        for (let di = -r; di <= r; di++) {
          if (di * di + dj * dj > r * r) continue;
          const ii = i + di, jj = j + dj;
          // Outside the grid, or a corner of no block cell, is outside the block: no cavity within reach of it.
          const inside = ii >= 0 && jj >= 0 && ii <= nx && jj <= ny && cornerInBlock(block, ii, jj);
          const h = inside ? block.columnMm[jj * w + ii] : -Infinity;
          if (h < low) low = h;
        }
      }
      // Over a crown the block stands 0.2 mm into it (throughCaps): that much more keeps the wall whole below the crown.
      top[j * w + i] = low + baseLevel - wallMm - 0.3;
    }
  }
  const bottom = baseLevel + bottomMm;
  const cells = new Uint8Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = j * w + i;
      if ([k, k + 1, k + w, k + w + 1].every((c) => top[c] >= bottom + 1)) cells[j * nx + i] = 1;
    }
  }
  dropPinches(cells, nx, ny);
  // One hollow: a pocket apart from it would have no drain and would trap resin.
  keepLargestPiece(cells, nx);
  if (!cells.some((c) => c === 1)) return null;
  return { mesh: heightFieldSolid({ nx, ny, x0: block.x0, y0: block.y0, s, basis }, cells, top, bottom), cells };
}

function cornerInBlock(block: GumBlock, i: number, j: number): boolean {
  const { nx, ny, cells } = block;
  for (const [ci, cj] of [[i - 1, j - 1], [i, j - 1], [i - 1, j], [i, j]]) {
    if (ci < 0 || cj < 0 || ci >= nx || cj >= ny || !cells[cj * nx + ci]) return false;
  }
  return true;
}

/** Keeps the largest 4-connected group of cells, clearing the rest. */
function keepLargestPiece(cells: Uint8Array, nx: number): void {
  const group = new Int32Array(cells.length).fill(-1);
  let best = -1, bestSize = 0;
  for (let start = 0, g = 0; start < cells.length; start++) {
    if (!cells[start] || group[start] >= 0) continue;
    const stack = [start];
    group[start] = g;
    let size = 0;
    while (stack.length) {
      const c = stack.pop()!;
      size++;
      const i = c % nx;
      for (const m of [i > 0 ? c - 1 : -1, i + 1 < nx ? c + 1 : -1, c - nx, c + nx]) {
        if (m >= 0 && m < cells.length && cells[m] && group[m] < 0) { group[m] = g; stack.push(m); }
      }
    }
    if (size > bestSize) { bestSize = size; best = g; }
    g++;
  }
  for (let c = 0; c < cells.length; c++) if (group[c] !== best) cells[c] = 0;
}

/** Two cells meeting only at a corner would pinch the surface there; one of them goes. */
function dropPinches(cells: Uint8Array, nx: number, ny: number): void {
  for (let changed = true; changed;) {
    changed = false;
    for (let j = 0; j + 1 < ny; j++) {
      for (let i = 0; i + 1 < nx; i++) {
        const a = cells[j * nx + i], b = cells[j * nx + i + 1], c = cells[(j + 1) * nx + i], d = cells[(j + 1) * nx + i + 1];
        if (a && d && !b && !c) { cells[j * nx + i] = 0; changed = true; }
        else if (b && c && !a && !d) { cells[j * nx + i + 1] = 0; changed = true; }
      }
    }
  }
}
