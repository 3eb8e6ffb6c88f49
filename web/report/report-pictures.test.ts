// The report's pictures of the demo case, with a few hand-made movements whose effect on
// the pictures is known. The PNGs go to .test-out/report/pictures/ for a person to look at.
import { mkdirSync, writeFileSync } from 'node:fs';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { quatFromAxisAngle, type Pose } from '../core/pose.ts';
import { generateDemoCase } from '../geometry/demo/index.ts';
import type { LabelledMesh } from '../geometry/mesh.ts';
import type { ReportPicture } from './report-model.ts';
import { renderPlanPictures, viewFrameOf, type PictureArch } from './report-pictures.ts';

const OUT = '.test-out/report/pictures';
const W = 640, H = 420;

const VIEW_NAMES = ['front', 'right', 'left', 'occlusal upper', 'occlusal lower'];
const ALL_TITLES = [
  ...VIEW_NAMES.flatMap((v) => [`Initial — ${v}`, `Final — ${v}`]),
  'Initial and final — front', 'Initial and final — occlusal upper', 'Initial and final — occlusal lower',
];

/** Tooth 11 2 mm to the patient's left (+x), 21 turned 15 degrees about the vertical, 36 up 1.5 mm. */
const MOVES = new Map<number, Pose>([
  [11, { t: [2, 0, 0], q: [0, 0, 0, 1] }],
  [36, { t: [0, 0, 1.5], q: [0, 0, 0, 1] }],
]);

function centroidOf(mesh: LabelledMesh, fdi: number): [number, number, number] {
  const c: [number, number, number] = [0, 0, 0];
  let n = 0;
  for (let v = 0; v < mesh.labels!.length; v++) {
    if (mesh.labels![v] !== fdi) continue;
    for (let k = 0; k < 3; k++) c[k] += mesh.positions[v * 3 + k];
    n++;
  }
  return [c[0] / n, c[1] / n, c[2] / n];
}

/** A rotation of `deg` about the vertical axis through the crown centroid of `fdi`. */
function turnAbout(mesh: LabelledMesh, fdi: number, deg: number): Pose {
  const q = quatFromAxisAngle([0, 0, 1], deg);
  const c = centroidOf(mesh, fdi);
  const r = [
    c[0] * (1 - 2 * (q[1] ** 2 + q[2] ** 2)) + c[1] * 2 * (q[0] * q[1] - q[2] * q[3]) + c[2] * 2 * (q[0] * q[2] + q[1] * q[3]),
    c[0] * 2 * (q[0] * q[1] + q[2] * q[3]) + c[1] * (1 - 2 * (q[0] ** 2 + q[2] ** 2)) + c[2] * 2 * (q[1] * q[2] - q[0] * q[3]),
  ];
  return { t: [c[0] - r[0], c[1] - r[1], 0], q };
}

const decoded = new WeakMap<Uint8Array, { data: Uint8Array; channels: number }>();
function pixels(p: ReportPicture): { data: Uint8Array; channels: number } {
  let px = decoded.get(p.png);
  if (!px) {
    const d = decode(p.png);
    expect([d.width, d.height, d.depth]).toEqual([p.width, p.height, 8]);
    px = { data: d.data as Uint8Array, channels: d.channels };
    decoded.set(p.png, px);
  }
  return px;
}

type Rgb = [number, number, number];
const at = (px: { data: Uint8Array; channels: number }, k: number): Rgb => [px.data[k * px.channels], px.data[k * px.channels + 1], px.data[k * px.channels + 2]];
const isBackground = (c: Rgb) => c[0] > 250 && c[1] > 250 && c[2] > 250;
/** Warm ivory: red and green close, blue clearly lower. */
const isEnamel = (c: Rgb) => c[0] > 120 && Math.abs(c[0] - c[1]) < 0.12 * c[0] && c[2] < c[1] - 8;
/** Pink: red well above green and blue. */
const isGum = (c: Rgb) => c[0] > 90 && c[0] > c[1] * 1.4 && c[0] > c[2] * 1.3;
const isGhost = (c: Rgb) => c[2] > c[0] + 40;

function counts(p: ReportPicture) {
  const px = pixels(p);
  let background = 0, enamel = 0, gum = 0, ghost = 0;
  for (let k = 0; k < p.width * p.height; k++) {
    const c = at(px, k);
    if (isBackground(c)) background++;
    else if (isEnamel(c)) enamel++;
    else if (isGum(c)) gum++;
    if (isGhost(c)) ghost++;
  }
  const n = p.width * p.height;
  return { filled: 1 - background / n, enamel: enamel / n, gum: gum / n, ghost: ghost / n };
}

function differing(a: ReportPicture, b: ReportPicture, box?: { x0: number; x1: number; y0: number; y1: number }): number {
  const pa = pixels(a), pb = pixels(b);
  const { x0, x1, y0, y1 } = box ?? { x0: 0, x1: a.width, y0: 0, y1: a.height };
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const k = y * a.width + x;
      const ca = at(pa, k), cb = at(pb, k);
      if (Math.abs(ca[0] - cb[0]) + Math.abs(ca[1] - cb[1]) + Math.abs(ca[2] - cb[2]) > 30) n++;
    }
  }
  return n;
}

/** Byte equality; vitest's deep equality walks big arrays slowly. */
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

const byTitle = (ps: ReportPicture[], title: string) => ps.find((p) => p.title === title)!;

describe('report pictures of the demo case', () => {
  let arches: PictureArch[];
  let pictures: ReportPicture[];
  let final: Map<number, Pose>;

  beforeAll(() => {
    const demo = generateDemoCase();
    arches = [{ jaw: 'upper', mesh: demo.arches.upper.mesh }, { jaw: 'lower', mesh: demo.arches.lower.mesh }];
    final = new Map(MOVES);
    final.set(21, turnAbout(demo.arches.upper.mesh, 21, 15));
    pictures = renderPlanPictures({ arches, final });
    mkdirSync(OUT, { recursive: true });
    pictures.forEach((p, i) => writeFileSync(`${OUT}/${String(i).padStart(2, '0')}-${p.title.replace(/[^a-z]+/gi, '-').toLowerCase()}.png`, p.png));
  });

  it('makes the initial and final pair of every view, then the overlays, at the asked size', () => {
    expect(pictures.map((p) => p.title)).toEqual(ALL_TITLES);
    for (const p of pictures) expect([p.width, p.height]).toEqual([W, H]);
    const small = renderPlanPictures({ arches, final }, { width: 200, height: 150, overlays: [] });
    expect(small.map((p) => p.title)).toEqual(ALL_TITLES.slice(0, 10));
    for (const p of small) expect(pixels(p).data.length).toBe(200 * 150 * pixels(p).channels);
  });

  it('fills each picture with enamel and gum', () => {
    for (const p of pictures) {
      const c = counts(p);
      expect(c.filled, p.title).toBeGreaterThan(0.3);
      expect(c.enamel, p.title).toBeGreaterThan(0.05);
      expect(c.gum, p.title).toBeGreaterThan(0.05);
    }
  });

  it('frames the arch to the picture: it reaches near two opposite edges', () => {
    for (const p of pictures) {
      const px = pixels(p);
      let x0 = W, x1 = 0, y0 = H, y1 = 0;
      for (let k = 0; k < W * H; k++) {
        if (isBackground(at(px, k))) continue;
        const x = k % W, y = Math.floor(k / W);
        x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
      expect(x1 - x0 > 0.85 * W || y1 - y0 > 0.85 * H, p.title).toBe(true);
      expect(x0 > 2 && y0 > 2 && x1 < W - 3 && y1 < H - 3, `${p.title}: cut off`).toBe(true);
    }
  });

  it('shows the moved teeth moved and the rest where scanned', () => {
    // Tooth 11 is right of the midline on the front picture (patient's right on the viewer's left).
    const front = [byTitle(pictures, 'Initial — front'), byTitle(pictures, 'Final — front')] as const;
    const changed = differing(front[0], front[1]);
    expect(changed).toBeGreaterThan(500);
    const leftHalf = differing(front[0], front[1], { x0: 0, x1: Math.round(0.27 * W), y0: 0, y1: H });
    const rightHalf = differing(front[0], front[1], { x0: Math.round(0.73 * W), x1: W, y0: 0, y1: H });
    // 11, 21 move at the midline and 36 on the patient's left (the viewer's right); the
    // patient's right side from the canine back does not move at all.
    expect(leftHalf).toBeLessThan(0.02 * changed);
    expect(rightHalf).toBeGreaterThan(50);
    // On the right view, the patient's right side shows: nothing of 36 moving there, so only the incisors differ.
    const right = differing(byTitle(pictures, 'Initial — right'), byTitle(pictures, 'Final — right'));
    const left = differing(byTitle(pictures, 'Initial — left'), byTitle(pictures, 'Final — left'));
    expect(left).toBeGreaterThan(right);
    // Only upper teeth 11 and 21 move in the upper arch; 36 in the lower.
    expect(differing(byTitle(pictures, 'Initial — occlusal upper'), byTitle(pictures, 'Final — occlusal upper'))).toBeGreaterThan(300);
    expect(differing(byTitle(pictures, 'Initial — occlusal lower'), byTitle(pictures, 'Final — occlusal lower'))).toBeGreaterThan(100);
  });

  it('draws the initial crowns of moved teeth in blue on the overlays only', () => {
    for (const p of pictures) {
      const c = counts(p);
      if (p.title.startsWith('Initial and final')) expect(c.ghost, p.title).toBeGreaterThan(0.0004);
      else expect(c.ghost, p.title).toBe(0);
    }
  });

  it('draws the same pictures for both states, and no ghost, when nothing moves', () => {
    const still = renderPlanPictures({ arches, final: new Map() }, { width: 320, height: 210 });
    for (let i = 0; i < 10; i += 2) expect(same(still[i + 1].png, still[i].png), still[i].title).toBe(true);
    for (const p of still.slice(10)) expect(counts(p).ghost).toBe(0);
  });

  it('shows only the upper arch on the upper occlusal view, and the lower only on the lower', () => {
    // One frame for all three: alone, the lower arch would be looked at in its own.
    const frame = viewFrameOf(arches);
    const upperOnly = renderPlanPictures({ arches: [arches[0]], final, frame }, { width: 320, height: 210, overlays: [] });
    const lowerOnly = renderPlanPictures({ arches: [arches[1]], final, frame }, { width: 320, height: 210, overlays: [] });
    const both = renderPlanPictures({ arches, final, frame }, { width: 320, height: 210, overlays: [] });
    expect(upperOnly.map((p) => p.title)).toEqual(ALL_TITLES.slice(0, 8));
    expect(lowerOnly.map((p) => p.title)).toEqual([...ALL_TITLES.slice(0, 6), ...ALL_TITLES.slice(8, 10)]);
    expect(same(byTitle(both, 'Final — occlusal upper').png, byTitle(upperOnly, 'Final — occlusal upper').png)).toBe(true);
    expect(same(byTitle(both, 'Final — occlusal lower').png, byTitle(lowerOnly, 'Final — occlusal lower').png)).toBe(true);
  });

  it('looks at the patient: from anterior, upper arch on top, incisors at the top of the upper occlusal view and the bottom of the lower', () => {
    const frame = viewFrameOf(arches);
    expect(frame.left[0]).toBeGreaterThan(0.95);
    expect(frame.anterior[1]).toBeLessThan(-0.95);
    expect(frame.superior[2]).toBeGreaterThan(0.95);
    /** The first enamel pixel met going down the rows (or up, from the bottom). */
    const firstEnamel = (title: string, fromTop: boolean): { x: number; y: number } => {
      const px = pixels(byTitle(pictures, title));
      for (let r = 0; r < H; r++) {
        const y = fromTop ? r : H - 1 - r;
        for (let x = 0; x < W; x++) if (isEnamel(at(px, y * W + x))) return { x, y };
      }
      throw new Error(`${title}: no enamel`);
    };
    // The incisors are the arch's apex, in the middle; the molars are at the sides.
    for (const [title, fromTop] of [['Initial — occlusal upper', true], ['Initial — occlusal lower', false]] as const) {
      expect(Math.abs(firstEnamel(title, fromTop).x - W / 2), title).toBeLessThan(0.15 * W);
      expect(Math.abs(firstEnamel(title, !fromTop).x - W / 2), title).toBeGreaterThan(0.25 * W);
    }
    /** Mean row (or column) of the pixels that change between initial and final within a box. */
    const centreOfChange = (view: string, box: { x0: number; x1: number; y0: number; y1: number }, axis: 'x' | 'y') => {
      const [a, b] = [byTitle(pictures, `Initial — ${view}`), byTitle(pictures, `Final — ${view}`)];
      let sum = 0, n = 0;
      for (let s = axis === 'y' ? box.y0 : box.x0; s < (axis === 'y' ? box.y1 : box.x1); s += 4) {
        const d = differing(a, b, axis === 'y' ? { ...box, y0: s, y1: s + 4 } : { ...box, x0: s, x1: s + 4 });
        sum += d * s; n += d;
      }
      return sum / n;
    };
    // Front: the upper crowns (11 and 21 moved) are above the lower ones (36 moved).
    expect(centreOfChange('front', { x0: Math.round(0.35 * W), x1: Math.round(0.65 * W), y0: 0, y1: H }, 'y')).toBeLessThan(H / 2);
    expect(centreOfChange('front', { x0: Math.round(0.7 * W), x1: W, y0: 0, y1: H }, 'y')).toBeGreaterThan(H / 2);
    // Side views: the incisors (11 and 21 moved) are on the viewer's left looking at the patient's left side, and on the right
    // looking at the right side; nothing at the upper molars moves.
    const upperChange = (view: string, x0: number, x1: number) => differing(byTitle(pictures, `Initial — ${view}`), byTitle(pictures, `Final — ${view}`), { x0, x1, y0: 0, y1: Math.round(H / 2) });
    const [quarter, threeQuarters] = [Math.round(W / 4), Math.round((3 * W) / 4)];
    expect(upperChange('left', 0, quarter)).toBeGreaterThan(50);
    expect(upperChange('left', threeQuarters, W)).toBe(0);
    expect(upperChange('right', threeQuarters, W)).toBeGreaterThan(50);
    expect(upperChange('right', 0, quarter)).toBe(0);
  });

  it('is deterministic', () => {
    const again = renderPlanPictures({ arches, final });
    expect(again.map((p) => p.title)).toEqual(pictures.map((p) => p.title));
    again.forEach((p, i) => expect(same(p.png, pictures[i].png), p.title).toBe(true));
  });
});
