// Segmentation time, memory and accuracy as scans grow: the real upper arch (100k
// triangles) and denser copies of it (edges split at their midpoints, ground truth carried
// to the children), 300k to 500k triangles as real intraoral scans are. Prints per size:
// prepare and automatic segmentation times, a seed correction's re-cut, peak RSS, mean and
// minimum IoU, and the time ratio against 100k.
// Also generated raw scans of both jaws at the same sizes. Run:
// `npx tsx web/bench/segmentation-scale.ts [triangles...] [--source=real,upper,lower]`
// (defaults 100k 300k 400k 500k, all three); each size runs in its own process so peak
// RSS is that size's own. Wall times on a shared machine wander: CPU time is printed too.
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Jaw } from '../core/types.ts';
import { rawScan } from '../geometry/demo/raw-scan.ts';
import { loadRealScan } from '../geometry/fixtures/real-scan.ts';
import { refineTo, type LabelledScan } from '../geometry/fixtures/subdivide.ts';
import { prepareSegmentation } from '../geometry/segmentation/context.ts';
import { moveSeed } from '../geometry/segmentation/corrections.ts';
import { toothIou } from '../geometry/segmentation/metrics.ts';
import { autoSegment } from '../geometry/segmentation/segment.ts';

export interface ScaleResult {
  triangles: number;
  prepareMs: number;
  segmentMs: number;
  correctionMs: number;
  /** CPU time of prepare + segment: steadier than wall time on a shared machine. */
  cpuMs: number;
  peakRssMb: number;
  meanIou: number;
  minIou: number;
  teeth: number;
}

/** `real`: the real upper arch, refined; `upper` / `lower`: a generated raw scan (seed 1) of that size. */
export type ScaleSource = 'real' | Jaw;

export function measureSize(triangles: number, source: ScaleSource = 'real'): ScaleResult {
  let scan: LabelledScan;
  let jaw: Jaw = 'upper';
  if (source === 'real') {
    const real = loadRealScan();
    scan = triangles <= real.faceLabels.length ? { mesh: real.mesh, faceLabels: real.faceLabels } : refineTo(real, triangles, 20261203);
  } else {
    jaw = source;
    scan = rawScan({ jaw, seed: 1, triangles });
  }
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const ctx = prepareSegmentation(scan.mesh, { jaw });
  const t1 = performance.now();
  const seg = autoSegment(ctx);
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  const s11 = seg.seeds.find((s) => s.fdi === 11 || s.fdi === 41) ?? seg.seeds[0];
  const t3 = performance.now();
  moveSeed(ctx, seg, s11.fdi, ctx.topo.adj[ctx.topo.adjStart[s11.vertex]]);
  const correctionMs = performance.now() - t3;
  const scores = toothIou(scan.mesh, seg.faceLabels, scan.faceLabels);
  return {
    triangles: scan.faceLabels.length,
    prepareMs: t1 - t0,
    segmentMs: t2 - t1,
    correctionMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    meanIou: scores.reduce((s, x) => s + x.iou, 0) / scores.length,
    minIou: Math.min(...scores.map((s) => s.iou)),
    teeth: seg.seeds.length,
  };
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === '--one') {
    process.stdout.write(JSON.stringify(measureSize(Number(args[1]), args[2] as ScaleSource)));
    return;
  }
  const sourceArg = args.find((a) => a.startsWith('--source='));
  const sources = (sourceArg ? sourceArg.slice(9).split(',') : ['real', 'upper', 'lower']) as ScaleSource[];
  const numbers = args.filter((a) => !a.startsWith('--')).map(Number);
  const sizes = numbers.length ? numbers : [100_000, 300_000, 400_000, 500_000];
  const self = fileURLToPath(import.meta.url);
  for (const source of sources) {
    console.log(source === 'real' ? 'real upper arch (upper-arch-01), edges split to size:' : `generated ${source} raw scan (seed 1):`);
    let base: ScaleResult | null = null;
    for (const size of sizes) {
      const out = execFileSync(process.execPath, [...process.execArgv, self, '--one', String(size), source], { encoding: 'utf8', maxBuffer: 1 << 20 });
      const r = JSON.parse(out) as ScaleResult;
      base ??= r;
      const total = r.prepareMs + r.segmentMs;
      const ratio = total / (base.prepareMs + base.segmentMs);
      console.log(
        `  ${(r.triangles / 1000).toFixed(0)}k triangles: ${total.toFixed(0)} ms (prepare ${r.prepareMs.toFixed(0)} + segment ${r.segmentMs.toFixed(0)}), ` +
        `cpu ${r.cpuMs.toFixed(0)} ms, x${ratio.toFixed(2)} vs ${(base.triangles / 1000).toFixed(0)}k; correction ${r.correctionMs.toFixed(0)} ms; ` +
        `peak RSS ${r.peakRssMb.toFixed(0)} MB; ${r.teeth} teeth, mean IoU ${r.meanIou.toFixed(4)}, min ${r.minIou.toFixed(3)}`,
      );
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
