// Everything about a scan that the cut needs and that no correction changes: topology,
// curvature, arch frame and curve, arch coordinates of every vertex, edge conductances.
// Computed once per scan so that a planner's correction only re-solves the cut.
import type { Jaw } from '../../core/types.ts';
import type { Mesh } from '../mesh.ts';
import { archFrameOf, type ArchFrame } from './arch-frame.ts';
import { archCoordinates, fitArchCurve, toFrame, type ArchCoordinates, type ArchCurve } from './arch-curve.ts';
import { upperSurface } from './crown-tops.ts';
import { principalCurvatures, type Curvature } from './curvature.ts';
import { buildTopology, type Topology } from './topology.ts';

export interface SegmentationContext {
  jaw: Jaw;
  topo: Topology;
  curvature: Curvature;
  frame: ArchFrame;
  curve: ArchCurve;
  coords: ArchCoordinates;
  /** Conductance of each adjacency entry (topo.adj layout): low across concave creases. */
  conductance: Float64Array;
}

export interface PrepareOptions {
  jaw: Jaw;
  /** A frame the planner has edited; estimated from the scan when absent. */
  frame?: ArchFrame;
}

/** Crown tops that draw the arch curve: upper surface within this height of the occlusal plane (mm). */
const CROWN_TOP_BAND = -4;
/** Concavity (1/mm) below which an edge conducts fully; beyond it conductance decays. */
const CREASE_ONSET = 0.2;
/** Concavity (1/mm) over which conductance falls by a factor e. */
const CREASE_SCALE = 0.25;

export function prepareSegmentation(mesh: Mesh, opts: PrepareOptions): SegmentationContext {
  const topo = buildTopology(mesh);
  const frame = opts.frame ?? archFrameOf(topo, opts.jaw);
  if (frame.inwardNormals) {
    // Curvature signs follow the normals: grooves must read as concave.
    for (let i = 0; i < topo.vertexNormals.length; i++) topo.vertexNormals[i] = -topo.vertexNormals[i];
    for (let i = 0; i < topo.faceNormals.length; i++) topo.faceNormals[i] = -topo.faceNormals[i];
  }
  const curvature = principalCurvatures(topo);
  const P = topo.positions;
  const n = topo.vertexCount;
  const x = new Float64Array(n), y = new Float64Array(n), z = new Float64Array(n);
  for (let v = 0; v < n; v++) [x[v], y[v], z[v]] = toFrame(frame, [P[3 * v], P[3 * v + 1], P[3 * v + 2]]);
  const tops = Array.from(upperSurface(x, y, z)).filter((v) => z[v] > CROWN_TOP_BAND);
  const curve = fitArchCurve(tops.map((v) => [x[v], y[v]]));
  const coords = archCoordinates(P, frame, curve);
  return { jaw: opts.jaw, topo, curvature, frame, curve, coords, conductance: creaseConductance(topo, curvature) };
}

export function creaseConductance(topo: Topology, curvature: Curvature): Float64Array {
  const { adjStart, adj, vertexCount } = topo;
  const { kMin } = curvature;
  const w = new Float64Array(adj.length);
  for (let v = 0; v < vertexCount; v++) {
    for (let k = adjStart[v]; k < adjStart[v + 1]; k++) {
      const concavity = -(kMin[v] + kMin[adj[k]]) / 2;
      w[k] = Math.exp(-Math.max(0, concavity - CREASE_ONSET) / CREASE_SCALE);
    }
  }
  return w;
}
