// Harmonic fields on the vertex graph: solve L x = 0 on the free vertices with fixed
// values on the markers (the random walker's probabilities). Conjugate gradients with a
// Jacobi preconditioner, restricted to a window of free vertices (outside the window
// counts as fixed), warm-startable, so a correction re-solves only near the edit.
import type { Topology } from './topology.ts';

export interface HarmonicProblem {
  topo: Topology;
  /** Conductance per directed adjacency entry (same layout as topo.adj), symmetric. */
  weights: Float64Array;
  /** Free vertices to solve for. */
  free: Int32Array;
  /** Value of every vertex that is not free (only neighbours of free vertices are read). */
  fixed: (v: number) => number;
  /**
   * Optional pull towards a prior value per free vertex (the random walker with priors):
   * adds weight * (x - target)^2 to the energy; keeps pockets cut off by creases sensible.
   */
  priorWeight?: Float64Array;
  priorTarget?: Float64Array;
  /** Starting values for the free vertices (same order as `free`); zeros when absent. */
  initial?: Float64Array;
  tolerance?: number;
  maxIterations?: number;
}

export interface HarmonicResult {
  values: Float64Array;
  iterations: number;
  residual: number;
}

/** Scratch map from global vertex to position in `free`, reused between solves. */
let localScratch = new Int32Array(0);

export function solveHarmonic(p: HarmonicProblem): HarmonicResult {
  const { topo, weights, free } = p;
  const { adjStart, adj } = topo;
  const n = free.length;
  if (localScratch.length < topo.vertexCount) localScratch = new Int32Array(topo.vertexCount).fill(-1);
  const local = localScratch;
  for (let i = 0; i < n; i++) local[free[i]] = i;
  const diag = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = free[i];
    let d = 0, rhs = 0;
    for (let k = adjStart[v]; k < adjStart[v + 1]; k++) {
      const w = weights[k];
      d += w;
      const u = adj[k];
      if (local[u] < 0) rhs += w * p.fixed(u);
    }
    if (p.priorWeight && p.priorTarget) {
      d += p.priorWeight[i];
      rhs += p.priorWeight[i] * p.priorTarget[i];
    }
    diag[i] = d > 0 ? d : 1;
    b[i] = rhs;
  }
  const x = p.initial ? Float64Array.from(p.initial) : new Float64Array(n);
  const r = new Float64Array(n), z = new Float64Array(n), q = new Float64Array(n), Ap = new Float64Array(n);
  const multiply = (src: Float64Array, dst: Float64Array) => {
    for (let i = 0; i < n; i++) {
      const v = free[i];
      let s = diag[i] * src[i];
      for (let k = adjStart[v]; k < adjStart[v + 1]; k++) {
        const j = local[adj[k]];
        if (j >= 0) s -= weights[k] * src[j];
      }
      dst[i] = s;
    }
  };
  multiply(x, Ap);
  let bNorm = 0;
  for (let i = 0; i < n; i++) { r[i] = b[i] - Ap[i]; bNorm += b[i] * b[i]; }
  bNorm = Math.sqrt(bNorm) || 1;
  let rz = 0;
  for (let i = 0; i < n; i++) { z[i] = r[i] / diag[i]; q[i] = z[i]; rz += r[i] * z[i]; }
  const tol = p.tolerance ?? 1e-4;
  const maxIt = p.maxIterations ?? 2000;
  let it = 0, res = Infinity;
  for (; it < maxIt; it++) {
    let rr = 0;
    for (let i = 0; i < n; i++) rr += r[i] * r[i];
    res = Math.sqrt(rr) / bNorm;
    if (res < tol) break;
    multiply(q, Ap);
    let qAq = 0;
    for (let i = 0; i < n; i++) qAq += q[i] * Ap[i];
    if (qAq <= 0) break;
    const alpha = rz / qAq;
    let rzNew = 0;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * q[i];
      r[i] -= alpha * Ap[i];
      z[i] = r[i] / diag[i];
      rzNew += r[i] * z[i];
    }
    const beta = rzNew / rz;
    rz = rzNew;
    for (let i = 0; i < n; i++) q[i] = z[i] + beta * q[i];
  }
  for (let i = 0; i < n; i++) local[free[i]] = -1;
  return { values: x, iterations: it, residual: res };
}
