// One demo crown as a smooth parametric surface in its own tooth frame (x mesial-distal,
// y buccal, z occlusal, origin at the gingival zenith level on the long axis), open at the
// gingival margin like a scanned crown. Meridians run from the margin over the cap to one
// apex vertex; the first ring is the margin, laid out so the gingiva can share it.
import type { CrownAnatomy } from './anatomy.ts';
import type { Vec3 } from './vec.ts';

/** How the margin ring is divided: corners at the four diagonals of the outline. */
export interface RingLayout {
  /** Segments on each proximal (mesial or distal) side of the margin. */
  proximal: number;
  /** Segments on the buccal side and on the lingual side. */
  side: number;
}

export interface CrownSurface {
  /** xyz per vertex in the tooth frame, mm. */
  positions: Float64Array;
  /** Counter-clockwise seen from outside. */
  indices: Uint32Array;
  /** Vertices 0..ringSize-1 are the margin ring, going counter-clockwise seen from occlusal. */
  ringSize: number;
  layout: RingLayout;
}

/** Meridian parameter: 0..CAP_START is the side wall, CAP_START..1 the occlusal cap. */
const CAP_START = 0.5;
const TABLE = 24;

const smoothstep = (a: number, b: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
};

/** Width fraction below the level where the crown is widest: a rounded taper to the margin. */
const taper = (z: number, level: number, cervical: number): number =>
  z >= level ? 1 : 1 - (1 - cervical) * ((level - z) / level) ** 2;

const signedPow = (v: number, e: number): number => Math.sign(v) * Math.abs(v) ** e;

/** Angle around the long axis of margin vertex k; corners land on the diagonals. */
export function ringAngle(layout: RingLayout, k: number): number {
  const { proximal: K, side: M } = layout;
  const q = Math.PI / 2;
  if (k <= K) return -Math.PI / 4 + (k / K) * q;
  if (k <= K + M) return Math.PI / 4 + ((k - K) / M) * q;
  if (k <= 2 * K + M) return (3 * Math.PI) / 4 + ((k - K - M) / K) * q;
  return (5 * Math.PI) / 4 + ((k - 2 * K - M) / M) * q;
}

/** Height of the gingival margin above the zenith at angle u: highest between teeth. */
export function marginHeight(a: CrownAnatomy, u: number): number {
  return a.papilla * Math.abs(Math.cos(u)) ** 2.5;
}

/**
 * A point of the crown surface. `u` goes around the long axis (0 = +x, pi/2 = buccal),
 * `q` up a meridian from the zenith level (0) over the cap to the apex (1).
 * `mesialSign` is +1 when mesial is +x.
 */
export function crownPoint(a: CrownAnatomy, mesialSign: number, u: number, q: number): Vec3 {
  const H = a.height;
  const A = a.mdWidth / 2;
  const B = a.blWidth / 2;
  const zs = a.contourLevel * H;
  const zTop = H - a.cuspRelief;
  const cu = Math.cos(u);
  const su = Math.sin(u);
  let dx = signedPow(cu, 2 / a.squareness);
  const dy = signedPow(su, 2 / a.squareness);
  if (dy < 0) dx *= 1 - a.lingualTaper * -dy;

  let z: number;
  let cx = 1;
  let cy = 1;
  let capWeight = 0;
  if (q <= CAP_START) {
    z = zs * (q / CAP_START);
  } else {
    const theta = ((q - CAP_START) / (1 - CAP_START)) * (Math.PI / 2);
    const st = Math.sin(theta);
    const ct = Math.max(0, Math.cos(theta));
    z = zs + (zTop - zs) * st ** a.capHeight;
    cy = ct ** (dy < 0 ? a.capLingual : a.capBl);
    capWeight = smoothstep(0, 0.6, st);
  }
  const zc = a.contactLevel * H;
  if (z > zc) {
    // Above the contacts the outline rounds off towards the tip: a superellipse in (width, height).
    const s = Math.min(1, (z - zc) / (zTop - zc));
    cx = (1 - s ** a.capMd) ** (1 / a.capMd);
  }
  const x = A * taper(z, zc, a.cervicalMd) * cx * dx;
  let y = B * taper(z, zs, a.cervicalBl) * cy * dy;
  const capFraction = Math.max(0, (z - zs) / (zTop - zs));
  y += a.edgeShift * B * capFraction * capFraction;

  if (su < 0 && (a.lingualFossa > 0 || a.cingulum > 0)) {
    // Hollow lingual fossa between the marginal ridges, with the cingulum bulging below it.
    const mid = (-su) ** 4;
    const f = z / H;
    y += a.lingualFossa * mid * Math.exp(-(((f - 0.62) / 0.2) ** 2));
    y -= a.cingulum * mid * Math.exp(-(((f - 0.2) / 0.12) ** 2));
  }

  if (capWeight > 0) {
    let relief = 0;
    for (const c of a.cusps) {
      const ex = (x - mesialSign * c.mesial * A) / (c.spreadMd * A);
      const ey = (y - c.buccal * B) / (c.spreadBl * B);
      relief += c.height * Math.exp(-0.5 * (ex * ex + ey * ey));
    }
    z += capWeight * relief;
  }
  return [x + mesialSign * a.shear * y, y, z];
}

/** Meridian parameter where the gingival margin cuts the meridian at angle u. */
function marginParameter(a: CrownAnatomy, u: number): number {
  const zc = marginHeight(a, u);
  const zs = a.contourLevel * a.height;
  if (zc < zs) return CAP_START * (zc / zs);
  const zTop = a.height - a.cuspRelief;
  const s = Math.min(1, ((zc - zs) / (zTop - zs)) ** (1 / a.capHeight));
  return CAP_START + (1 - CAP_START) * (Math.asin(s) / (Math.PI / 2));
}

/** Where incisor meridians stop: the incisal edge is closed across, not gathered to a point. */
const EDGE_END = CAP_START + (1 - CAP_START) * (84 / 90);

/**
 * Meridian parameters of `rings` rings spaced evenly by arc length from the margin, up to
 * `end`; `reachEnd` puts the last ring on the end itself rather than one step short of it.
 */
function ringParameters(a: CrownAnatomy, mesialSign: number, u: number, rings: number, end: number, reachEnd: boolean): Float64Array {
  const q0 = marginParameter(a, u);
  const qs = new Float64Array(TABLE + 1);
  const len = new Float64Array(TABLE + 1);
  let prev = crownPoint(a, mesialSign, u, q0);
  qs[0] = q0;
  for (let i = 1; i <= TABLE; i++) {
    qs[i] = q0 + ((end - q0) * i) / TABLE;
    const p = crownPoint(a, mesialSign, u, qs[i]);
    len[i] = len[i - 1] + Math.hypot(p[0] - prev[0], p[1] - prev[1], p[2] - prev[2]);
    prev = p;
  }
  const out = new Float64Array(rings);
  let i = 0;
  for (let r = 0; r < rings; r++) {
    const target = (len[TABLE] * r) / (reachEnd ? rings - 1 : rings);
    while (i < TABLE - 1 && len[i + 1] < target) i++;
    const span = len[i + 1] - len[i];
    const t = span > 0 ? (target - len[i]) / span : 0;
    out[r] = qs[i] + t * (qs[i + 1] - qs[i]);
  }
  return out;
}

/**
 * Closes the last ring across, from its +x end to its -x end, pairing each vertex with its
 * mirror image across the x axis: an incisal edge of short rungs instead of a fan of slivers.
 */
function edgeClosure(layout: RingLayout, first: number): number[] {
  const n = 2 * layout.proximal + 2 * layout.side;
  const half = n / 2;
  const e0 = layout.proximal / 2;
  const at = (k: number): number => first + ((k % n) + n) % n;
  const out = [at(e0), at(e0 + 1), at(e0 - 1)];
  for (let j = 1; j < half - 1; j++) {
    const a0 = at(e0 + j), a1 = at(e0 + j + 1), b0 = at(e0 - j), b1 = at(e0 - j - 1);
    out.push(a0, a1, b0, b0, a1, b1);
  }
  out.push(at(e0 + half - 1), at(e0 + half), at(e0 - half + 1));
  return out;
}

/**
 * Tessellates a crown: `rings` rings of margin-sized loops, closed by a fan to one apex
 * vertex, or for incisors across the incisal edge.
 */
export function buildCrown(a: CrownAnatomy, mesialSign: number, layout: RingLayout, rings: number): CrownSurface {
  const n = 2 * layout.proximal + 2 * layout.side;
  const edge = a.type === 'incisor';
  const positions = new Float64Array((n * rings + (edge ? 0 : 1)) * 3);
  for (let k = 0; k < n; k++) {
    const u = ringAngle(layout, k);
    const qs = ringParameters(a, mesialSign, u, rings, edge ? EDGE_END : 1, edge);
    for (let r = 0; r < rings; r++) positions.set(crownPoint(a, mesialSign, u, qs[r]), (r * n + k) * 3);
  }
  if (!edge) positions.set(crownPoint(a, mesialSign, 0, 1), n * rings * 3);

  const apex = n * rings;
  const indices = new Uint32Array(((rings - 1) * 2 * n + (edge ? n - 2 : n)) * 3);
  let t = 0;
  for (let r = 0; r < rings - 1; r++) {
    for (let k = 0; k < n; k++) {
      const k1 = (k + 1) % n;
      const a0 = r * n + k, a1 = r * n + k1, b0 = (r + 1) * n + k, b1 = (r + 1) * n + k1;
      indices.set([a0, a1, b1, a0, b1, b0], t);
      t += 6;
    }
  }
  if (edge) indices.set(edgeClosure(layout, (rings - 1) * n), t);
  else {
    for (let k = 0; k < n; k++) {
      indices.set([(rings - 1) * n + k, (rings - 1) * n + ((k + 1) % n), apex], t);
      t += 3;
    }
  }
  return { positions, indices, ringSize: n, layout };
}

/**
 * The same crown for the other side of the arch: the mirror image across the tooth's
 * buccal-lingual plane, with the margin ring re-indexed so the layout (and so the
 * triangles) stay the same and the winding stays outward.
 */
export function mirrorCrown(c: CrownSurface): CrownSurface {
  const n = c.ringSize;
  const shift = 2 * c.layout.proximal + c.layout.side;
  const positions = new Float64Array(c.positions.length);
  const vertices = c.positions.length / 3;
  const rings = Math.floor(vertices / n);
  for (let r = 0; r < rings; r++) {
    for (let k = 0; k < n; k++) {
      const from = (r * n + ((shift - k + n) % n)) * 3;
      const to = (r * n + k) * 3;
      positions[to] = -c.positions[from];
      positions[to + 1] = c.positions[from + 1];
      positions[to + 2] = c.positions[from + 2];
    }
  }
  for (let v = rings * n; v < vertices; v++) {
    positions[3 * v] = -c.positions[3 * v];
    positions[3 * v + 1] = c.positions[3 * v + 1];
    positions[3 * v + 2] = c.positions[3 * v + 2];
  }
  return { ...c, positions };
}
