// A uniform 2D bucket grid over points in the occlusal plane, as flat typed arrays: the
// neighbour searches of the frame and crown-top steps run over every vertex of a scan,
// where Maps of arrays cost more than the searches themselves.
export interface Grid2d {
  cell: number;
  minI: number;
  minJ: number;
  cols: number;
  rows: number;
  /** Points of cell c are items[start[c] .. start[c + 1]). */
  start: Int32Array;
  items: Int32Array;
}

export function buildGrid2d(u: ArrayLike<number>, v: ArrayLike<number>, cell: number, subset?: ArrayLike<number>): Grid2d {
  const n = subset ? subset.length : u.length;
  const at = (k: number) => (subset ? subset[k] : k);
  let minI = Infinity, minJ = Infinity, maxI = -Infinity, maxJ = -Infinity;
  for (let k = 0; k < n; k++) {
    const i = Math.floor(u[at(k)] / cell), j = Math.floor(v[at(k)] / cell);
    if (i < minI) minI = i; if (i > maxI) maxI = i;
    if (j < minJ) minJ = j; if (j > maxJ) maxJ = j;
  }
  if (n === 0) { minI = minJ = 0; maxI = maxJ = 0; }
  const cols = maxI - minI + 1, rows = maxJ - minJ + 1;
  const start = new Int32Array(cols * rows + 1);
  const cellOf = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const c = (Math.floor(u[at(k)] / cell) - minI) * rows + (Math.floor(v[at(k)] / cell) - minJ);
    cellOf[k] = c;
    start[c + 1]++;
  }
  for (let c = 0; c < cols * rows; c++) start[c + 1] += start[c];
  const fill = start.slice(0, cols * rows);
  const items = new Int32Array(n);
  for (let k = 0; k < n; k++) items[fill[cellOf[k]]++] = at(k);
  return { cell, minI, minJ, cols, rows, start, items };
}

/** Calls `visit` for every point in the cells within `ring` cells of the cell holding (x, y). */
export function forNear(g: Grid2d, x: number, y: number, ring: number, visit: (p: number) => void): void {
  const ci = Math.floor(x / g.cell) - g.minI, cj = Math.floor(y / g.cell) - g.minJ;
  for (let i = Math.max(0, ci - ring); i <= Math.min(g.cols - 1, ci + ring); i++) {
    for (let j = Math.max(0, cj - ring); j <= Math.min(g.rows - 1, cj + ring); j++) {
      const c = i * g.rows + j;
      for (let k = g.start[c]; k < g.start[c + 1]; k++) visit(g.items[k]);
    }
  }
}
