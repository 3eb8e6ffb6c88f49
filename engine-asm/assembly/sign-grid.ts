// Lazily filled distance grids per tooth (a coarse and a fine one), in its body frame: the
// signed distance (reference sign) at each cell centre, computed the first time a query lands
// in the cell, its search bounded by a known neighbour cell. Distance to
// a surface changes no faster than position, so a point p in a cell with centre c and centre
// distance dc is |dc| - |p - c| .. |dc| + |p - c| from the surface, and when the lower bound
// is positive no surface separates p from c: p is on c's side (for a closed solid the
// pseudo-normal sign is inside-ness: Baerentzen and Aanaes 2005). pairs.ts uses this to
// dismiss a vertex that cannot change a result, and to start the search of one that can
// with a tight radius; neither changes what the reference computes.
import { TOOTH_BOX_MAX, TOOTH_BOX_MIN, TOOTH_BYTES } from './layout.generated';
import { alloc } from './arena';
import { closestPoint, gTeeth, hitDistance } from './closest';

/** Per tooth: u32 cells pointer, i32 nx, ny, nz, f64 origin xyz, f64 cell size, f64 1 / cell size. */
const ENTRY_BYTES: usize = 56;
/** The grid reaches this far beyond the tooth's box; points past it take the plain search. */
const MARGIN_MM: f64 = 2;
/** Two levels: coarse cells dismiss most far points cheaply, fine ones the rest near the surface. */
const CELL_MM: f64 = 0.25;
const MAX_CELLS_PER_AXIS: f64 = 80;
const COARSE_CELL_MM: f64 = 1;
const COARSE_MAX_CELLS_PER_AXIS: f64 = 24;

export let fine: usize = 0;
export let coarse: usize = 0;

/** Allocates every loaded tooth's grids, every cell unknown (NaN). Returns false if memory ran out. */
export function buildGrids(toothCount: i32): bool {
  fine = buildLevel(toothCount, CELL_MM, MAX_CELLS_PER_AXIS);
  coarse = buildLevel(toothCount, COARSE_CELL_MM, COARSE_MAX_CELLS_PER_AXIS);
  return fine != 0 && coarse != 0;
}

function buildLevel(toothCount: i32, cellMm: f64, maxCells: f64): usize {
  const table = alloc(<usize>toothCount * ENTRY_BYTES + 16);
  if (table == 0) return 0;
  for (let i = 0; i < toothCount; i++) {
    const rec = gTeeth + <usize>i * TOOTH_BYTES;
    const e = table + <usize>i * ENTRY_BYTES;
    let cell = cellMm;
    for (let k = 0; k < 3; k++) {
      const extent = <f64>load<f32>(rec + TOOTH_BOX_MAX + <usize>k * 4) - <f64>load<f32>(rec + TOOTH_BOX_MIN + <usize>k * 4) + 2 * MARGIN_MM;
      if (extent / cell > maxCells) cell = extent / maxCells;
    }
    let cells: usize = 1;
    for (let k = 0; k < 3; k++) {
      const lo = <f64>load<f32>(rec + TOOTH_BOX_MIN + <usize>k * 4) - MARGIN_MM;
      const extent = <f64>load<f32>(rec + TOOTH_BOX_MAX + <usize>k * 4) + MARGIN_MM - lo;
      const n = <i32>Math.ceil(extent / cell);
      store<i32>(e + 4 + <usize>k * 4, n);
      store<f64>(e + 16 + <usize>k * 8, lo);
      cells *= <usize>n;
    }
    store<f64>(e + 40, cell);
    store<f64>(e + 48, 1 / cell);
    const at = alloc(cells * 4);
    if (at == 0) return 0;
    memory.fill(at, 0xff, cells * 4);
    store<u32>(e, <u32>at);
  }
  return table;
}

/** The smaller of |v| and `near`; an unknown (NaN) v leaves `near`. */
function closer(v: f64, near: f64): f64 {
  const a = Math.abs(v);
  return a < near ? a : near;
}

// The cell a lookup found: its centre's signed distance and the point's distance from the centre.
export let cellDistance: f64 = 0;
export let fromCentre: f64 = 0;

/**
 * Looks up the cell of a point (body frame of `tooth`); false when the point is off the grid.
 * `reach`: a known upper bound on the point's distance to the surface (Infinity if none).
 */
export function lookup(table: usize, tooth: i32, x: f64, y: f64, z: f64, reach: f64): bool {
  const e = table + <usize>tooth * ENTRY_BYTES;
  const cell = load<f64>(e + 40);
  const ox = load<f64>(e + 16), oy = load<f64>(e + 24), oz = load<f64>(e + 32);
  // Any cell would do (the bounds use the true distance from its centre): a product is cheaper than a quotient.
  const inverse = load<f64>(e + 48);
  const fi = Math.floor((x - ox) * inverse), fj = Math.floor((y - oy) * inverse), fk = Math.floor((z - oz) * inverse);
  const nx = load<i32>(e + 4), ny = load<i32>(e + 8), nz = load<i32>(e + 12);
  if (!(fi >= 0 && fj >= 0 && fk >= 0 && fi < <f64>nx && fj < <f64>ny && fk < <f64>nz)) return false;
  const cx = ox + (fi + 0.5) * cell, cy = oy + (fj + 0.5) * cell, cz = oz + (fk + 0.5) * cell;
  const at = <usize>load<u32>(e) + (<usize>((<i32>fk * ny + <i32>fj) * nx + <i32>fi) << 2);
  const dx = x - cx, dy = y - cy, dz = z - cz;
  fromCentre = Math.sqrt(dx * dx + dy * dy + dz * dz);
  let d = <f64>load<f32>(at);
  if (isNaN(d)) {
    // A known neighbour, or the caller's bound, limits the centre's distance (it changes no
    // faster than position): search no farther.
    const i = <i32>fi, j = <i32>fj, k = <i32>fk;
    const rowBytes = <usize>nx << 2, sliceBytes = <usize>(nx * ny) << 2;
    let near = reach + fromCentre - cell;
    if (i > 0) near = closer(<f64>load<f32>(at - 4), near);
    if (i + 1 < nx) near = closer(<f64>load<f32>(at + 4), near);
    if (j > 0) near = closer(<f64>load<f32>(at - rowBytes), near);
    if (j + 1 < ny) near = closer(<f64>load<f32>(at + rowBytes), near);
    if (k > 0) near = closer(<f64>load<f32>(at - sliceBytes), near);
    if (k + 1 < nz) near = closer(<f64>load<f32>(at + sliceBytes), near);
    const bound = (near + cell) * (1 + 1e-6) + 1e-5;
    if (!(bound < Infinity) || !closestPoint(tooth, cx, cy, cz, bound * bound)) closestPoint(tooth, cx, cy, cz, Infinity);
    d = hitDistance;
    store<f32>(at, <f32>d);
    d = <f64>load<f32>(at);
  }
  cellDistance = d;
  return true;
}
