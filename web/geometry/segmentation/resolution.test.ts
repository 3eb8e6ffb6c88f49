// The cut at real scan sizes: a 300k-triangle lower arch is cut on its proxy, a mesh finer
// than the 50k arches the pulls were tuned on; per-vertex pulls scaled by edge length keep
// the band along the gum line on the teeth (before, these scored 0.942-0.949).
import { describe, expect, it } from 'vitest';
import { rawScan } from '../demo/raw-scan.ts';
import { toothIou } from './metrics.ts';
import { segmentArch } from './segment.ts';

describe('segmentArch on generated lower arches at 300k triangles (cut on the proxy)', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`lower seed ${seed}, full arch: numbered exactly, mean IoU >= 0.95`, () => {
      const scan = rawScan({ jaw: 'lower', seed, triangles: 300_000 });
      const seg = segmentArch(scan.mesh, { jaw: 'lower' });
      expect(seg.seeds.map((s) => s.fdi)).toEqual(scan.teeth);
      const scores = toothIou(scan.mesh, seg.faceLabels, scan.faceLabels);
      expect(scores.reduce((s, x) => s + x.iou, 0) / scores.length).toBeGreaterThanOrEqual(0.95);
    });
  }
});
