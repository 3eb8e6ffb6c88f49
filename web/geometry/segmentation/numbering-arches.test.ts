// Numbering that holds beyond the one real upper arch: generated raw scans of lower arches
// (with and without third molars, crowded, spaced), missing teeth with their space open or
// closed, partial arches, and the real upper arch with teeth cut out of it.
import { describe, expect, it } from 'vitest';
import { rawScan, type RawScanOptions } from '../demo/raw-scan.ts';
import { loadRealScan } from '../fixtures/real-scan.ts';
import { withoutTeeth } from './fixtures/arch-variants.ts';
import { prepareSegmentation } from './context.ts';
import { findTeeth } from './find-teeth.ts';
import { toothIou } from './metrics.ts';
import { segmentArch } from './segment.ts';

function numbersOf(opts: RawScanOptions) {
  const scan = rawScan(opts);
  const found = findTeeth(prepareSegmentation(scan.mesh, { jaw: opts.jaw }));
  return { scan, found, teeth: found.seeds.map((s) => s.fdi) };
}

const describeCase = (o: RawScanOptions) => [
  `${o.jaw} seed ${o.seed}`,
  o.thirdMolars ? 'third molars' : '',
  o.crowding ? `crowding ${o.crowding} mm` : '',
  o.spacing ? `spacing ${o.spacing} mm` : '',
  o.missing ? `${o.missing.join(' ')} missing` : '',
  o.closedSpaces ? `${o.closedSpaces.join(' ')} missing, space closed` : '',
].filter(Boolean).join(', ');

describe('numbering of generated lower arches', () => {
  // Lower incisors meet at flat incisal edges with hardly a dip between them: seeds 11 and
  // 12 were numbered with incisors merged in pairs and the size factor pushed up.
  const lower: RawScanOptions[] = [
    { jaw: 'lower', seed: 11 }, { jaw: 'lower', seed: 12, thirdMolars: true }, { jaw: 'lower', seed: 13, crowding: 4 },
    { jaw: 'lower', seed: 14, thirdMolars: true, crowding: 2 }, { jaw: 'lower', seed: 18, spacing: 4 },
    { jaw: 'lower', seed: 26, thirdMolars: true, crowding: 5 }, { jaw: 'lower', seed: 1 }, { jaw: 'lower', seed: 2, thirdMolars: true },
  ];
  for (const o of lower) {
    it(`numbers every tooth and warns of no odd size (${describeCase(o)})`, () => {
      const { scan, found, teeth } = numbersOf(o);
      expect(teeth).toEqual(scan.teeth);
      expect(found.warnings.filter((w) => w.includes('usual range'))).toEqual([]);
    });
  }
});

describe('numbering with missing teeth', () => {
  const open: RawScanOptions[] = [
    { jaw: 'lower', seed: 15, missing: [34] }, { jaw: 'upper', seed: 19, missing: [22] }, { jaw: 'upper', seed: 20, missing: [17] },
    { jaw: 'lower', seed: 23, missing: [41] }, { jaw: 'lower', seed: 25, missing: [46, 47] }, { jaw: 'upper', seed: 21, missing: [26, 27] },
  ];
  for (const o of open) {
    it(`numbers the teeth present (${describeCase(o)})`, () => {
      const { scan, teeth } = numbersOf(o);
      expect(teeth).toEqual(scan.teeth);
    });
  }

  // A closed space among near-alike teeth can be told only from their widths: right, or
  // flagged for the planner's anchor.
  const closed: RawScanOptions[] = [{ jaw: 'lower', seed: 17, closedSpaces: [44] }, { jaw: 'upper', seed: 22, closedSpaces: [14, 24] }];
  for (const o of closed) {
    it(`numbers right or says it is unsure (${describeCase(o)})`, () => {
      const { scan, found, teeth } = numbersOf(o);
      const right = teeth.join() === scan.teeth.join();
      expect(right || found.numbering.ambiguous).toBe(true);
    });
  }
});

describe('upper-arch-01 with teeth cut out (their crowns lifted out, the gum hole left open)', () => {
  const real = loadRealScan();
  const ALL = [17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27];
  for (const gone of [[14], [22], [17], [26, 27]]) {
    it(`numbers the other teeth and cuts them well (${gone.join(' ')} missing)`, () => {
      const arch = withoutTeeth(real, gone);
      const seg = segmentArch(arch.mesh, { jaw: 'upper' });
      const expected = ALL.filter((t) => !gone.includes(t));
      expect(seg.seeds.map((s) => s.fdi)).toEqual(expected);
      expect(seg.numbering?.ambiguous).toBe(false);
      const scores = toothIou(arch.mesh, seg.faceLabels, arch.faceLabels);
      expect(scores.map((s) => s.fdi).sort()).toEqual([...expected].sort());
      for (const s of scores) expect(s.iou, `tooth ${s.fdi}`).toBeGreaterThan(0.8);
      expect(scores.reduce((a, s) => a + s.iou, 0) / scores.length).toBeGreaterThan(0.92);
    });
  }
});
