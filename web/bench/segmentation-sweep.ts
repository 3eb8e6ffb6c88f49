// How the automatic segmentation fares on the generated arches the tests hold it to (issue
// 11): per jaw and variant, how often the numbering is exactly right, the mean and worst IoU,
// and what went wrong on each failing seed. The tests assert the bar; this shows how far
// off it a change is. Run with `npx tsx web/bench/segmentation-sweep.ts [--seeds N]
// [--jaw upper|lower] [--variant NAME] [--triangles T]`.
import { pathToFileURL } from 'node:url';
import type { Jaw } from '../core/types.ts';
import { rawScan } from '../geometry/demo/raw-scan.ts';
import { describeCase, SWEEP_JAWS, SWEEP_SEEDS, SWEEP_TRIANGLES, SWEEP_VARIANTS, sweepCase, type SweepVariant } from '../geometry/demo/raw-scan-cases.ts';
import { boundaryError, toothIou } from '../geometry/segmentation/metrics.ts';
import type { Mesh } from '../geometry/mesh.ts';
import { segmentArch } from '../geometry/segmentation/segment.ts';

/** The floor on each case's mean IoU. */
export const IOU_BAR = 0.95;

export interface SweepCaseResult {
  seed: number;
  description: string;
  expected: number[];
  got: number[];
  numberingRight: boolean;
  meanIou: number;
  minToothIou: number;
  /** Mean distance of the predicted boundary from the true one, mm. */
  boundaryMm: number;
  /** Tooth area called gum, and gum area given to a tooth, as fractions of the true tooth area. */
  toothAsGum: number;
  gumAsTooth: number;
  ms: number;
}

export interface SweepRow {
  jaw: Jaw;
  variant: SweepVariant;
  cases: SweepCaseResult[];
  numberingRate: number;
  meanIou: number;
  worstIou: number;
  /** Cases under the bar: numbering wrong or mean IoU under IOU_BAR. */
  failing: SweepCaseResult[];
  meanMs: number;
  boundaryMm: number;
  toothAsGum: number;
  gumAsTooth: number;
}

/** Which way the cut errs at the gum line: tooth lost to the gum, or gum taken by teeth. */
function gumLineErrors(mesh: Mesh, predicted: Uint8Array, truth: Uint8Array): { toothAsGum: number; gumAsTooth: number } {
  const P = mesh.positions, I = mesh.indices;
  let tooth = 0, lost = 0, taken = 0;
  for (let f = 0; f < truth.length; f++) {
    const a = 3 * I[3 * f], b = 3 * I[3 * f + 1], c = 3 * I[3 * f + 2];
    const ux = P[b] - P[a], uy = P[b + 1] - P[a + 1], uz = P[b + 2] - P[a + 2];
    const vx = P[c] - P[a], vy = P[c + 1] - P[a + 1], vz = P[c + 2] - P[a + 2];
    const area = Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx) / 2;
    if (truth[f]) tooth += area;
    if (truth[f] && !predicted[f]) lost += area;
    if (!truth[f] && predicted[f]) taken += area;
  }
  return { toothAsGum: tooth ? lost / tooth : 0, gumAsTooth: tooth ? taken / tooth : 0 };
}

export function runSweepCase(variant: SweepVariant, jaw: Jaw, seed: number, triangles = SWEEP_TRIANGLES): SweepCaseResult {
  const opts = sweepCase(variant, jaw, seed, triangles);
  const scan = rawScan(opts);
  const t0 = performance.now();
  const seg = segmentArch(scan.mesh, { jaw });
  const ms = performance.now() - t0;
  const scores = toothIou(scan.mesh, seg.faceLabels, scan.faceLabels);
  const got = seg.seeds.map((s) => s.fdi);
  return {
    seed,
    description: describeCase(opts),
    expected: scan.teeth,
    got,
    numberingRight: got.length === scan.teeth.length && got.every((f, i) => f === scan.teeth[i]),
    meanIou: scores.length ? scores.reduce((s, x) => s + x.iou, 0) / scores.length : 0,
    minToothIou: scores.length ? Math.min(...scores.map((s) => s.iou)) : 0,
    boundaryMm: boundaryError(scan.mesh, seg.faceLabels, scan.faceLabels),
    ...gumLineErrors(scan.mesh, seg.faceLabels, scan.faceLabels),
    ms,
  };
}

export interface SweepOptions {
  seeds?: number;
  jaws?: readonly Jaw[];
  variants?: readonly SweepVariant[];
  triangles?: number;
  log?: (line: string) => void;
}

export function runSweep(o: SweepOptions = {}): SweepRow[] {
  const rows: SweepRow[] = [];
  for (const jaw of o.jaws ?? SWEEP_JAWS) {
    for (const variant of o.variants ?? SWEEP_VARIANTS) {
      const cases: SweepCaseResult[] = [];
      for (let seed = 1; seed <= (o.seeds ?? SWEEP_SEEDS); seed++) cases.push(runSweepCase(variant, jaw, seed, o.triangles));
      const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
      const row: SweepRow = {
        jaw, variant, cases,
        numberingRate: cases.filter((c) => c.numberingRight).length / cases.length,
        meanIou: mean(cases.map((c) => c.meanIou)),
        worstIou: Math.min(...cases.map((c) => c.meanIou)),
        failing: cases.filter((c) => !c.numberingRight || c.meanIou < IOU_BAR),
        meanMs: mean(cases.map((c) => c.ms)),
        boundaryMm: mean(cases.map((c) => c.boundaryMm)),
        toothAsGum: mean(cases.map((c) => c.toothAsGum)),
        gumAsTooth: mean(cases.map((c) => c.gumAsTooth)),
      };
      o.log?.(formatRow(row));
      rows.push(row);
    }
  }
  return rows;
}

/** The first place the numbering goes wrong, in a few words. */
function whatWentWrong(c: SweepCaseResult): string {
  if (c.numberingRight) return `mean IoU ${c.meanIou.toFixed(3)} (worst tooth ${c.minToothIou.toFixed(2)})`;
  return `got ${c.got.join(' ') || 'no teeth'}, expected ${c.expected.join(' ')}; mean IoU ${c.meanIou.toFixed(3)}`;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

export function formatRow(r: SweepRow): string {
  const head = `${r.jaw.padEnd(5)} ${r.variant.padEnd(19)} numbering ${(100 * r.numberingRate).toFixed(0).padStart(3)}%  ` +
    `mean IoU ${r.meanIou.toFixed(3)}  worst ${r.worstIou.toFixed(3)}  ${r.failing.length}/${r.cases.length} under the bar  ${r.meanMs.toFixed(0)} ms/arch\n` +
    `      boundaries ${r.boundaryMm.toFixed(2)} mm off the true ones; at the gum line, of the tooth area: ${pct(r.toothAsGum)} called gum, ${pct(r.gumAsTooth)} more taken from the gum`;
  return [head, ...r.failing.map((c) => `      seed ${c.seed}: ${whatWentWrong(c)}`)].join('\n');
}

export function formatSweep(rows: SweepRow[]): string {
  const all = rows.flatMap((r) => r.cases);
  const right = all.filter((c) => c.numberingRight).length;
  const pass = all.filter((c) => c.numberingRight && c.meanIou >= IOU_BAR).length;
  return [
    `segmentation on generated arches (${all.length} arches; bar: numbering exact and mean IoU >= ${IOU_BAR})`,
    ...rows.map(formatRow),
    `overall: numbering right on ${right}/${all.length}, bar met on ${pass}/${all.length}`,
  ].join('\n');
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const variant = option(args, '--variant');
  if (variant && !(SWEEP_VARIANTS as readonly string[]).includes(variant)) throw new Error(`--variant must be one of ${SWEEP_VARIANTS.join(', ')}`);
  const jaw = option(args, '--jaw');
  const rows = runSweep({
    seeds: Number(option(args, '--seeds') ?? SWEEP_SEEDS),
    jaws: jaw ? [jaw as Jaw] : undefined,
    variants: variant ? [variant as SweepVariant] : undefined,
    triangles: Number(option(args, '--triangles') ?? SWEEP_TRIANGLES),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(formatSweep(rows));
}
