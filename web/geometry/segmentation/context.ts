// Everything about a scan that the cut needs and that no correction changes: topology,
// curvature, arch frame and curve, arch coordinates of every vertex, edge conductances.
// Computed once per scan so that a planner's correction only re-solves the cut.
import type { Jaw } from '../../core/types.ts';
import type { Mesh } from '../mesh.ts';
import { archFrameOf, type ArchFrame } from './arch-frame.ts';
import { archCoordinates, fitArchCurve, toFrame, type ArchCoordinates, type ArchCurve } from './arch-curve.ts';
import { upperSurface } from './crown-tops.ts';
import { isCrownOnly } from './crown-only.ts';
import { principalCurvatures, smoothField, type Curvature } from './curvature.ts';
import type { ProgressReport } from './progress.ts';
import { buildProxy, PROXY_ABOVE, type ProxyMap } from './proxy.ts';
import { buildTopology, type Topology } from './topology.ts';

export interface SegmentationContext {
  jaw: Jaw;
  topo: Topology;
  curvature: Curvature;
  frame: ArchFrame;
  curve: ArchCurve;
  coords: ArchCoordinates;
  /** Conductance of each adjacency entry (topo.adj layout): low across concave creases; empty where a proxy cuts. */
  conductance: Float64Array;
  /**
   * On a dense scan: the coarser proxy every decision is made on, and how its vertices and
   * triangles map to this scan's. Seeds, paint and labels stay in this scan's own indices.
   */
  proxy?: { ctx: SegmentationContext; map: ProxyMap };
  /** No gum on this mesh (trimmed away, or crowns merged into one file): every triangle is tooth. */
  crownOnly?: boolean;
}

export interface PrepareOptions {
  jaw: Jaw;
  /** A frame the planner has edited; estimated from the scan when absent. */
  frame?: ArchFrame;
  /** Segment on a proxy above this many triangles (default PROXY_ABOVE; Infinity: never). */
  proxyAbove?: number;
  onProgress?: ProgressReport;
}

/** Crown tops that draw the arch curve: upper surface within this height of the occlusal plane (mm). */
const CROWN_TOP_BAND = -4;
/**
 * Radius (mm) the curvature is averaged over against scanner noise. Kept under the width of
 * a papilla between touching crowns (about a millimetre crease to crease): smoothed wider, the
 * two creases either side run together, the papilla reads as one concave trough that conducts
 * towards the teeth better than towards the gum, and the teeth take it.
 */
const CURVATURE_RADIUS = 0.25;
/**
 * The same radius on a crown-only mesh. There the strip of papilla left between touching
 * crowns is tooth, split between the two at its middle, and no gum is left to give it to:
 * smoothed this wide, its two creases run together into one trough whose floor is that
 * middle (left sharp, the cut follows one crease or the other and one tooth takes the strip).
 */
const CROWN_ONLY_RADIUS = 0.8;
/** Most passes the crown-only radius may take: a mesh finer than about 0.3 mm is blurred a little less, for speed. */
const MAX_PASSES = 8;
/** Concavity (1/mm) below which an edge conducts fully; beyond it conductance decays. */
const CREASE_ONSET = 0.2;
/** Concavity (1/mm) over which conductance falls by a factor e. */
const CREASE_SCALE = 0.25;

export function prepareSegmentation(mesh: Mesh, opts: PrepareOptions): SegmentationContext {
  const report = opts.onProgress ?? (() => {});
  report(0, 'Reading the scan\'s surface');
  const topo = buildTopology(mesh);
  if (topo.faceCount > (opts.proxyAbove ?? PROXY_ABOVE)) return prepareOnProxy(topo, opts, report);
  return prepareTopology(topo, opts, report);
}

/** Whether the scan is crown-only, told once the arch is drawn (by default from the mesh's own open edges). */
type CrownOnlyJudge = (frame: ArchFrame, curve: ArchCurve, coords: ArchCoordinates) => boolean;

/** A dense scan's own topology, when `topo` is its proxy: the arch curve is drawn through its crown tops. */
interface DenseScan { topo: Topology; weights: Float64Array; coords?: ArchCoordinates }

function prepareTopology(topo: Topology, opts: PrepareOptions, report: ProgressReport, judge?: CrownOnlyJudge, dense?: DenseScan): SegmentationContext {
  report(0.15, 'Finding the arch frame');
  const frame = opts.frame ?? archFrameOf(topo, opts.jaw, dense?.weights);
  if (frame.inwardNormals) flipNormals(topo);
  report(0.5, 'Measuring the surface curvature');
  const passes = smoothingPasses(topo);
  const curvature = principalCurvatures(topo, passes);
  report(0.8, 'Drawing the arch curve');
  // The curve through the dense scan's own crown tops: the proxy's sparser tops draw it a
  // little differently, enough to move where a molar's contact reads along the arch.
  const fitted = dense ? archOf(dense.topo, frame) : null;
  if (dense && fitted) dense.coords = fitted.coords;
  const { curve, coords } = fitted ? { curve: fitted.curve, coords: archCoordinates(topo.positions, frame, fitted.curve) } : archOf(topo, frame);
  const crownOnly = judge ? judge(frame, curve, coords) : isCrownOnly(topo, coords);
  // Passes add up in quadrature, so the wider blur is the passes still missing on top of the gum's.
  if (crownOnly) {
    for (let i = passes; i < smoothingPasses(topo, CROWN_ONLY_RADIUS, MAX_PASSES); i++) {
      smoothField(topo, curvature.kMin);
      smoothField(topo, curvature.kMax);
    }
  }
  return { jaw: opts.jaw, topo, curvature, frame, curve, coords, conductance: creaseConductance(topo, curvature), crownOnly };
}

/** The dense scan keeps its own topology and arch coordinates; the rest is the proxy's. */
function prepareOnProxy(topo: Topology, opts: PrepareOptions, report: ProgressReport): SegmentationContext {
  report(0.1, 'Simplifying the dense scan');
  const map = buildProxy(topo);
  const coarse = buildTopology(map.mesh);
  // The proxy's own open edges are the scan's, plus small holes clustering leaves: only
  // those holding the scan's edge count, and the scan's edge where a sample sits on it.
  for (let c = 0; c < coarse.vertexCount; c++) {
    coarse.boundary[c] = map.boundary[c] && (coarse.boundary[c] || topo.boundary[map.representative[c]]) ? 1 : 0;
  }
  // Crown-only is judged on the scan's own open edges (the proxy's are only as straight as its
  // sampling), before the proxy's curvature is smoothed for it.
  let coords: ArchCoordinates | undefined;
  const judge: CrownOnlyJudge = (frame, curve) => isCrownOnly(topo, (coords = dense.coords ?? archCoordinates(topo.positions, frame, curve)));
  // The frame was tuned on scans' own vertices, and numbering is sensitive to tenths of a
  // millimetre of it (a lower arch's proxy, thinner on the incisors, tilted the plane 0.9
  // degrees and found a phantom third molar): each sample counts the scan vertices it stands for.
  const weights = new Float64Array(coarse.vertexCount);
  for (let v = 0; v < topo.vertexCount; v++) weights[map.clusterOf[v]]++;
  const dense: DenseScan = { topo, weights };
  const inner = prepareTopology(coarse, opts, (f, stage) => report(0.2 + 0.7 * f, stage), judge, dense);
  if (inner.frame.inwardNormals) flipNormals(topo);
  const n = topo.vertexCount;
  const kMin = new Float64Array(n), kMax = new Float64Array(n);
  for (let v = 0; v < n; v++) { kMin[v] = inner.curvature.kMin[map.clusterOf[v]]; kMax[v] = inner.curvature.kMax[map.clusterOf[v]]; }
  coords ??= archCoordinates(topo.positions, inner.frame, inner.curve);
  const crownOnly = inner.crownOnly ?? false;
  return {
    jaw: opts.jaw, topo, curvature: { kMin, kMax }, frame: inner.frame, curve: inner.curve, coords,
    conductance: new Float64Array(0), proxy: { ctx: inner, map }, crownOnly,
  };
}

/** Curvature signs follow the normals: grooves must read as concave. */
function flipNormals(topo: Topology): void {
  for (let i = 0; i < topo.vertexNormals.length; i++) topo.vertexNormals[i] = -topo.vertexNormals[i];
  for (let i = 0; i < topo.faceNormals.length; i++) topo.faceNormals[i] = -topo.faceNormals[i];
}

function archOf(topo: Topology, frame: ArchFrame): { curve: ArchCurve; coords: ArchCoordinates } {
  const P = topo.positions;
  const n = topo.vertexCount;
  const x = new Float64Array(n), y = new Float64Array(n), z = new Float64Array(n);
  for (let v = 0; v < n; v++) [x[v], y[v], z[v]] = toFrame(frame, [P[3 * v], P[3 * v + 1], P[3 * v + 2]]);
  const tops = Array.from(upperSurface(x, y, z)).filter((v) => z[v] > CROWN_TOP_BAND);
  const curve = fitArchCurve(tops.map((v) => [x[v], y[v]]));
  return { curve, coords: archCoordinates(P, frame, curve) };
}

/**
 * Smoothing passes that average over about `radius` mm: each 1-ring pass widens the
 * blur by about one edge length in quadrature; coarser than that, the 1-ring fit alone is enough.
 */
export function smoothingPasses(topo: Topology, radius = CURVATURE_RADIUS, most = 3): number {
  return Math.min(most, Math.round((radius / meanEdgeLength(topo)) ** 2));
}

const meanEdges = new WeakMap<Topology, number>();

/** Mean edge length (mm) over the adjacency; 1 on a mesh without edges. Kept per topology (each tooth's cut asks again). */
export function meanEdgeLength(topo: Topology): number {
  let edge = meanEdges.get(topo);
  if (edge !== undefined) return edge;
  const { adjStart, adj, positions: P, vertexCount } = topo;
  let sum = 0, count = 0;
  for (let v = 0; v < vertexCount; v++) {
    for (let k = adjStart[v]; k < adjStart[v + 1]; k++) {
      const u = adj[k];
      sum += Math.hypot(P[3 * u] - P[3 * v], P[3 * u + 1] - P[3 * v + 1], P[3 * u + 2] - P[3 * v + 2]);
      count++;
    }
  }
  edge = count ? sum / count : 1;
  meanEdges.set(topo, edge);
  return edge;
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
