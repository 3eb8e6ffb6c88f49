// Accuracy and speed of the automatic segmentation on the shared real scan: per-tooth IoU
// (by triangle area), boundary error (mm), the time of a whole segmentation and of a
// correction. Run with `npx tsx web/bench/segmentation.ts`; `segmentationReport`
// returns the same lines for `npm run bench`.
import { pathToFileURL } from 'node:url';
import { moveSeed } from '../geometry/segmentation/corrections.ts';
import { prepareSegmentation } from '../geometry/segmentation/context.ts';
import { boundaryError, toothIou } from '../geometry/segmentation/metrics.ts';
import { loadRealScan } from '../geometry/fixtures/real-scan.ts';
import { autoSegment } from '../geometry/segmentation/segment.ts';

export interface SegmentationReport {
  lines: string[];
  meanIou: number;
  minIou: number;
  boundaryErrorMm: number;
  /** Wall-clock milliseconds of prepare + automatic segmentation, first (cold) run. */
  coldMs: number;
  /** Median of the warm runs. */
  warmMs: number;
  correctionMs: number;
}

export function segmentationReport(warmRuns = 2): SegmentationReport {
  const { mesh, faceLabels: truth } = loadRealScan();
  const run = () => {
    const t0 = performance.now();
    const ctx = prepareSegmentation(mesh, { jaw: 'upper' });
    const t1 = performance.now();
    const seg = autoSegment(ctx);
    const t2 = performance.now();
    return { ctx, seg, prepareMs: t1 - t0, segmentMs: t2 - t1 };
  };
  const first = run();
  const warm: number[] = [];
  for (let i = 0; i < warmRuns; i++) { const r = run(); warm.push(r.prepareMs + r.segmentMs); }
  warm.sort((a, b) => a - b);
  const { ctx, seg } = first;
  const scores = toothIou(mesh, seg.faceLabels, truth);
  const meanIou = scores.reduce((s, x) => s + x.iou, 0) / scores.length;
  const minIou = Math.min(...scores.map((s) => s.iou));
  const err = boundaryError(mesh, seg.faceLabels, truth);
  // A typical correction: nudge one seed to a neighbouring vertex and re-cut.
  const s11 = seg.seeds.find((s) => s.fdi === 11) ?? seg.seeds[0];
  const t3 = performance.now();
  moveSeed(ctx, seg, s11.fdi, ctx.topo.adj[ctx.topo.adjStart[s11.vertex]]);
  const correctionMs = performance.now() - t3;
  const coldMs = first.prepareMs + first.segmentMs;
  const warmMs = warm.length ? warm[warm.length >> 1] : coldMs;
  const lines = [
    `segmentation upper-arch-01: ${seg.seeds.length} teeth found: ${seg.seeds.map((s) => s.fdi).join(' ')}`,
    `  IoU by area per tooth: ${scores.map((s) => `${s.fdi}:${s.iou.toFixed(3)}`).join(' ')}`,
    `  mean IoU ${meanIou.toFixed(4)}, min ${minIou.toFixed(3)}, boundary error ${err.toFixed(3)} mm`,
    `  time: ${coldMs.toFixed(0)} ms cold (prepare ${first.prepareMs.toFixed(0)} + segment ${first.segmentMs.toFixed(0)}), ${warmMs.toFixed(0)} ms warm; seed correction re-cut ${correctionMs.toFixed(0)} ms`,
  ];
  if (seg.warnings.length) lines.push(`  warnings: ${seg.warnings.join('; ')}`);
  return { lines, meanIou, minIou, boundaryErrorMm: err, coldMs, warmMs, correctionMs };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of segmentationReport().lines) console.log(line);
}
