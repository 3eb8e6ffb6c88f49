// From solved fields to labels. A triangle takes the label whose field, averaged over its
// corners, is highest: the boundary follows the fields' crossing line through the
// triangles instead of jumping from vertex to vertex. Islands cut off from their tooth are
// given to the label around them, and vertices take the majority label of their triangles
// (the convention of the ground-truth files).
import type { CutFields } from './cut.ts';
import type { Topology } from './topology.ts';

export function labelFaces(topo: Topology, cut: CutFields): Uint8Array {
  const { fields, fixed } = cut;
  const nv = topo.vertexCount, nf = topo.faceCount, I = topo.indices;
  const dense = fields.map((f) => {
    const d = new Float32Array(nv);
    for (let i = 0; i < f.vertices.length; i++) d[f.vertices[i]] = Math.min(1, Math.max(0, f.values[i]));
    for (let v = 0; v < nv; v++) if (fixed[v] === f.fdi) d[v] = 1;
    return d;
  });
  const gum = new Float32Array(nv);
  for (let v = 0; v < nv; v++) {
    let s = 0;
    for (const d of dense) s += d[v];
    gum[v] = fixed[v] === 0 ? 1 : Math.max(0, 1 - s);
  }
  const labels = new Uint8Array(nf);
  for (let f = 0; f < nf; f++) {
    const a = I[3 * f], b = I[3 * f + 1], c = I[3 * f + 2];
    let best = gum[a] + gum[b] + gum[c], label = 0;
    for (let k = 0; k < dense.length; k++) {
      const d = dense[k];
      const s = d[a] + d[b] + d[c];
      if (s > best) { best = s; label = fields[k].fdi; }
    }
    labels[f] = label;
  }
  return labels;
}

/**
 * Keeps, for each tooth, only the piece holding its seed (or its largest piece), and drops
 * gingiva islands smaller than `minGumArea` mm^2; the rest goes to the neighbouring label
 * sharing the longest border. `locked` faces (painted) are never changed.
 */
export function removeIslands(
  topo: Topology, neighbours: Int32Array, labels: Uint8Array, seedFaces: Map<number, number>,
  locked: ReadonlySet<number>, minGumArea = 4,
): void {
  const nf = topo.faceCount;
  const comp = new Int32Array(nf).fill(-1);
  const comps: { label: number; faces: number[]; area: number }[] = [];
  for (let f = 0; f < nf; f++) {
    if (comp[f] >= 0) continue;
    const id = comps.length, label = labels[f];
    const faces = [f];
    comp[f] = id;
    let area = 0;
    for (let i = 0; i < faces.length; i++) {
      const g = faces[i];
      area += topo.faceAreas[g];
      for (let k = 0; k < 3; k++) {
        const h = neighbours[3 * g + k];
        if (h >= 0 && comp[h] < 0 && labels[h] === label) { comp[h] = id; faces.push(h); }
      }
    }
    comps.push({ label, faces, area });
  }
  const keep = new Uint8Array(comps.length);
  const largest = new Map<number, number>();
  comps.forEach((c, i) => {
    if (c.label === 0) { keep[i] = c.area >= minGumArea ? 1 : 0; return; }
    const cur = largest.get(c.label);
    if (cur === undefined || comps[cur].area < c.area) largest.set(c.label, i);
  });
  for (const [label, i] of largest) {
    const sf = seedFaces.get(label);
    keep[sf !== undefined && labels[sf] === label ? comp[sf] : i] = 1;
  }
  comps.forEach((c, i) => {
    if (c.faces.some((f) => locked.has(f))) keep[i] = 1;
  });
  // Reassign dropped pieces, smallest first, to the label with the longest shared border.
  const dropped = comps.map((_, i) => i).filter((i) => !keep[i]).sort((a, b) => comps[a].area - comps[b].area);
  for (const i of dropped) {
    const votes = new Map<number, number>();
    for (const f of comps[i].faces) {
      for (let k = 0; k < 3; k++) {
        const h = neighbours[3 * f + k];
        if (h >= 0 && comp[h] !== i) votes.set(labels[h], (votes.get(labels[h]) ?? 0) + 1);
      }
    }
    let best = 0, bestVotes = -1;
    for (const [l, n] of votes) if (n > bestVotes) { bestVotes = n; best = l; }
    for (const f of comps[i].faces) labels[f] = best;
  }
}

/** Majority label of each vertex's triangles (ties go to the tooth, then the lower number). */
export function vertexLabelsFromFaces(topo: Topology, faceLabels: Uint8Array): Uint8Array {
  const out = new Uint8Array(topo.vertexCount);
  // Counts per label in a reused table (labels are bytes), cleared after each vertex.
  const counts = new Uint16Array(256);
  const { vfStart, vf } = topo;
  for (let v = 0; v < topo.vertexCount; v++) {
    for (let e = vfStart[v]; e < vfStart[v + 1]; e++) counts[faceLabels[vf[e]]]++;
    let best = 0, bestN = -1;
    for (let e = vfStart[v]; e < vfStart[v + 1]; e++) {
      const l = faceLabels[vf[e]], n = counts[l];
      if (n > bestN || (n === bestN && (best === 0 || (l !== 0 && l < best)))) { best = l; bestN = n; }
    }
    for (let e = vfStart[v]; e < vfStart[v + 1]; e++) counts[faceLabels[vf[e]]] = 0;
    out[v] = best;
  }
  return out;
}

/**
 * Gives the bottom of the gum-line crease to the gingiva: tooth triangles touching the
 * gingiva whose corners are all strongly concave, peeled for up to `rings` rounds. The
 * random walk splits the potential in the middle of the crease; a planner (and the
 * reference labels) put the crown's edge where the enamel ends, on its crown-side rim.
 */
export function peelGumCrease(
  topo: Topology, neighbours: Int32Array, labels: Uint8Array, kMin: Float64Array,
  locked: ReadonlySet<number>, rings = CREASE_RINGS, concavity = CREASE_CONCAVITY,
): void {
  const I = topo.indices;
  for (let r = 0; r < rings; r++) {
    const peel: number[] = [];
    for (let f = 0; f < topo.faceCount; f++) {
      if (!labels[f] || locked.has(f)) continue;
      let touchesGum = false;
      for (let k = 0; k < 3; k++) {
        const g = neighbours[3 * f + k];
        if (g >= 0 && labels[g] === 0) touchesGum = true;
      }
      if (!touchesGum) continue;
      if (Math.max(kMin[I[3 * f]], kMin[I[3 * f + 1]], kMin[I[3 * f + 2]]) < -concavity) peel.push(f);
    }
    if (!peel.length) break;
    for (const f of peel) labels[f] = 0;
  }
}

const CREASE_RINGS = 2;
const CREASE_CONCAVITY = 0.9;

/**
 * Irons single-triangle teeth and notches out of every boundary: a triangle whose
 * neighbours across two or three of its edges agree on another label takes that label.
 * Repeated until nothing changes (or `passes` rounds); painted triangles stay.
 */
export function smoothBoundaries(neighbours: Int32Array, labels: Uint8Array, locked: ReadonlySet<number>, passes = 8): void {
  const n = labels.length;
  for (let pass = 0; pass < passes; pass++) {
    let changed = 0;
    for (let f = 0; f < n; f++) {
      if (locked.size && locked.has(f)) continue;
      const a = neighbours[3 * f], b = neighbours[3 * f + 1], c = neighbours[3 * f + 2];
      const la = a >= 0 ? labels[a] : -1, lb = b >= 0 ? labels[b] : -1, lc = c >= 0 ? labels[c] : -1;
      const own = labels[f];
      let to = -1;
      if (la >= 0 && la !== own && (la === lb || la === lc)) to = la;
      else if (lb >= 0 && lb !== own && lb === lc) to = lb;
      if (to >= 0) { labels[f] = to; changed++; }
    }
    if (!changed) break;
  }
}
