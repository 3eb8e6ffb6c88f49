// The surface of a generated raw scan at a chosen density: each posed crown tessellated
// finer or coarser than the demo's (rings and ring segments scale together), the demo's gum
// grid around them with as many rows and, across an open space, as many bridging columns as
// that density asks; or, for crown-only variants, the gum trimmed away (the bridges at the
// contacts stay, split between the two teeth) or left out entirely.
import type { Jaw } from '../../core/types.ts';
import { toothType } from '../../core/fdi.ts';
import type { CrownAnatomy } from './anatomy.ts';
import type { ArchForm } from './arch-form.ts';
import { buildCrown, mirrorCrown } from './crown.ts';
import type { CrownSurface, RingLayout } from './crown.ts';
import { buildGingiva } from './gingiva.ts';
import type { GumShape, GumTooth } from './gingiva.ts';
import { ringLayout } from './placement.ts';
import type { RawTooth } from './raw-scan-place.ts';
import { toWorld } from './vec.ts';

export type Variant = 'full' | 'trimmed' | 'separate';

/** The gum grid's fixed columns past each end of the arch (gingiva.ts). */
const END_COLUMNS = 6;
/** Spacing of the bridging columns across an open space at the demo's density, mm. */
const BRIDGE_STEP = 0.55;

export interface Tessellation {
  layout: RingLayout;
  rings: number;
}

export function tessellationAt(a: CrownAnatomy, density: number): Tessellation {
  const base = ringLayout(a);
  return {
    // Even, so an incisor's edge closes across its middle (crown.ts).
    layout: { proximal: Math.max(4, 2 * Math.round((base.layout.proximal * density) / 2)), side: Math.max(4, Math.round(base.layout.side * density)) },
    rings: Math.max(5, Math.round(base.rings * density)),
  };
}

export const gumRows = (shape: GumShape, density: number): GumShape =>
  ({ ...shape, lingualRows: Math.max(4, Math.round(shape.lingualRows * density)), buccalRows: Math.max(4, Math.round(shape.buccalRows * density)) });

/** One stretch of gum between consecutive crowns of the mesh. */
export interface Bridge {
  /** Distance between the facing proximal margins, mm. */
  widthMm: number;
  /** The crowns touch there (no space, no missing tooth): a trimmed scan keeps it. */
  contact: boolean;
}

export const bridgeColumns = (b: Bridge, density: number): number => Math.max(3, Math.round((b.widthMm * density) / BRIDGE_STEP));

function crownTriangles(a: CrownAnatomy, t: Tessellation): number {
  const n = 2 * t.layout.proximal + 2 * t.layout.side;
  return 2 * n * (t.rings - 1) + (a.type === 'incisor' ? n - 2 : n);
}

/** Triangles the mesh will have at this density, without building it. */
export function countTriangles(teeth: RawTooth[], bridges: Bridge[], shape: GumShape, variant: Variant, density: number): number {
  let total = 0;
  let columns = 2 * END_COLUMNS + (shape.ridgeColumns?.[0] ?? 0) + (shape.ridgeColumns?.[1] ?? 0);
  let holes = 0;
  const ts = teeth.map((t) => tessellationAt(t.anatomy, density));
  const K = ts[0]?.layout.proximal ?? 0;
  teeth.forEach((t, i) => {
    total += crownTriangles(t.anatomy, ts[i]);
    columns += ts[i].layout.side + 1;
    holes += 2 * K * ts[i].layout.side;
  });
  if (variant === 'separate') return total;
  bridges.forEach((b) => {
    const c = bridgeColumns(b, density);
    columns += c;
    if (variant === 'trimmed' && b.contact) total += 2 * K * (c + 1);
  });
  if (variant === 'trimmed') return total;
  const g = gumRows(shape, density);
  const rows = g.lingualRows + K + 1 + g.buccalRows;
  return total + 2 * (columns - 1) * (rows - 1) - holes;
}

export interface RawSurface {
  positions: number[];
  indices: number[];
  faceLabels: number[];
  vertexLabels: number[];
}

function posedCrown(t: RawTooth, density: number): CrownSurface {
  const { layout, rings } = tessellationAt(t.anatomy, density);
  const c = buildCrown(t.anatomy, 1, layout, rings);
  return t.mesialSign > 0 ? c : mirrorCrown(c);
}

export function buildSurface(jaw: Jaw, form: ArchForm, teeth: RawTooth[], bridges: Bridge[], shape: GumShape, variant: Variant, density: number): RawSurface {
  const positions: number[] = [];
  const indices: number[] = [];
  const faceLabels: number[] = [];
  const gum: GumTooth[] = [];
  teeth.forEach((t, i) => {
    const start = positions.length / 3;
    const c = posedCrown(t, density);
    const p = c.positions;
    for (let v = 0; v < p.length; v += 3) positions.push(...toWorld(t.frame, [p[v], p[v + 1], p[v + 2]]));
    for (const v of c.indices) indices.push(start + v);
    for (let f = 0; f < c.indices.length / 3; f++) faceLabels.push(t.fdi);
    const bridge = bridges[i];
    gum.push({
      ringStart: start, layout: c.layout, eminence: toothType(t.fdi) === 'canine' ? 0.9 : 0.4,
      gapColumns: bridge ? bridgeColumns(bridge, density) : undefined,
      // An open space is an edentulous ridge, lower than the papillae either side.
      gapSag: bridge && bridge.widthMm > 3 ? Math.min(2, 0.2 * bridge.widthMm) : 0,
    });
  });
  const crownVertices = positions.length / 3;
  const vertexLabels = new Array<number>(crownVertices).fill(0);
  teeth.forEach((t, i) => vertexLabels.fill(t.fdi, gum[i].ringStart, i + 1 < teeth.length ? gum[i + 1].ringStart : crownVertices));
  if (variant === 'separate' || teeth.length === 0) return { positions, indices, faceLabels, vertexLabels };

  const gaps: Array<[number, number]> = [];
  const gumIndices = buildGingiva(jaw, form, gum, gumRows(shape, density), positions, gaps);
  if (variant === 'full') {
    vertexLabels.length = positions.length / 3;
    vertexLabels.fill(0, crownVertices);
    for (const v of gumIndices) indices.push(v);
    for (let f = 0; f < gumIndices.length / 3; f++) faceLabels.push(0);
    return { positions, indices, faceLabels, vertexLabels };
  }
  return trimGum(teeth, gum, bridges, gaps, positions, { indices, faceLabels, vertexLabels }, gumIndices);
}

/**
 * Keeps the crowns and the bridges at their contacts (each bridge triangle given to the
 * nearer tooth), drops the rest of the gum and the vertices only it used.
 */
function trimGum(
  teeth: RawTooth[], gum: GumTooth[], bridges: Bridge[], gaps: Array<[number, number]>, positions: number[],
  crowns: { indices: number[]; faceLabels: number[]; vertexLabels: number[] }, gumIndices: number[],
): RawSurface {
  const nv = positions.length / 3;
  // Per vertex: which bridge it lies on (-1 none) and how far across (0 = lower tooth's ring).
  const bridgeOf = new Int32Array(nv).fill(-1);
  const across = new Float64Array(nv);
  const ringOf = new Int32Array(nv).fill(-1);
  gum.forEach((g, i) => {
    const size = 2 * g.layout.proximal + 2 * g.layout.side;
    ringOf.fill(i, g.ringStart, g.ringStart + size);
  });
  gaps.forEach(([from, to], b) => {
    const columns = gum[b].gapColumns ?? 3;
    const perColumn = (to - from) / columns;
    for (let v = from; v < to; v++) { bridgeOf[v] = b; across[v] = (Math.floor((v - from) / perColumn) + 1) / (columns + 1); }
  });
  const labels = crowns.vertexLabels.slice();
  labels.length = nv;
  labels.fill(0, crowns.vertexLabels.length);
  for (let v = 0; v < nv; v++) if (bridgeOf[v] >= 0) labels[v] = teeth[across[v] < 0.5 ? bridgeOf[v] : bridgeOf[v] + 1].fdi;
  const indices = crowns.indices.slice();
  const faceLabels = crowns.faceLabels.slice();
  for (let f = 0; f < gumIndices.length; f += 3) {
    const tri = [gumIndices[f], gumIndices[f + 1], gumIndices[f + 2]];
    const b = tri.map((v) => bridgeOf[v]).find((x) => x >= 0);
    if (b === undefined || !bridges[b].contact) continue;
    let sum = 0;
    let inside = true;
    for (const v of tri) {
      if (bridgeOf[v] === b) sum += across[v];
      else if (ringOf[v] === b + 1) sum += 1;
      else if (ringOf[v] !== b) inside = false;
    }
    if (!inside) continue;
    indices.push(...tri);
    faceLabels.push(teeth[sum / 3 < 0.5 ? b : b + 1].fdi);
  }
  // Drop the vertices no kept triangle uses.
  const remap = new Int32Array(nv).fill(-1);
  const out: RawSurface = { positions: [], indices: [], faceLabels, vertexLabels: [] };
  for (const v of indices) {
    if (remap[v] < 0) {
      remap[v] = out.positions.length / 3;
      out.positions.push(positions[3 * v], positions[3 * v + 1], positions[3 * v + 2]);
      out.vertexLabels.push(labels[v]);
    }
    out.indices.push(remap[v]);
  }
  return out;
}
