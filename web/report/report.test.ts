// The treatment report of the demo case as the studio and the CLI make it: the PDF's own text
// (extracted as a reader would copy it) holds every tooth's six movement components and every
// IPR amount of the plan, the approval as it stands, and the plan's content hash; the CSVs hold
// the same numbers; Letter and A4 differ only in the paper.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { DEMO_SEED } from '../geometry/demo/index.ts';
import { plannedDemo, type PlannedFixture } from '../manufacture/fixtures/cases.ts';
import { makeReport, reportFileName, type MadeReport, type ReportRequest } from './report.ts';
import { reportModel, signedText } from './report-data.ts';
import { autoSetup } from '../geometry/setup/auto-setup.ts';
import { positionOf } from '../core/fdi.ts';
import { pdfPages } from './fixtures/pdf-extract.ts';

const HEAVY_MS = 600_000;
const OUT = '.test-out/report';
const font = (f: string) => new Uint8Array(readFileSync(createRequire(import.meta.url).resolve(`@fontsource/inter/files/${f}`)));
const FONTS = { regular: font('inter-latin-400-normal.woff'), bold: font('inter-latin-700-normal.woff') };
const NOW = Date.UTC(2026, 11, 4, 9, 30);

function requestOf(planned: PlannedFixture, paper: 'a4' | 'letter'): ReportRequest {
  return {
    case: { id: 'case-demo', pseudonym: 'Demo patient', clinic: 'North Clinic', doctor: 'Dr Ana Ruiz' },
    version: { name: 'Auto-setup', savedAt: NOW - 3_600_000 },
    derived: planned.derived, prepared: { parts: planned.parts },
    approval: { state: 'approved', signer: 'Dr Ana Ruiz', at: NOW - 600_000, meaning: 'approved for manufacturing', fingerprint: 'ab12 cd34 ef56 7890', key: 'verified', knownAs: 'Dr Ana Ruiz', versionName: 'Auto-setup' },
    audit: [], planHash: 'f'.repeat(64), meshes: planned.arches, now: NOW, timeZone: 'UTC', paper,
  };
}

describe(`the demo case's treatment report (seed ${DEMO_SEED})`, () => {
  let planned: PlannedFixture;
  let a4: MadeReport;
  let pages: string[];
  beforeAll(async () => {
    planned = await plannedDemo();
    a4 = await makeReport(requestOf(planned, 'a4'), FONTS);
    pages = await pdfPages(a4.pdf);
    mkdirSync(OUT, { recursive: true });
    writeFileSync(`${OUT}/demo-report-a4.pdf`, a4.pdf);
  }, HEAVY_MS);

  it('states every tooth\'s movements and every IPR amount of the plan in its text', () => {
    const text = pages.join(' ');
    expect(planned.derived.movements.length).toBeGreaterThan(20);
    for (const m of planned.derived.movements) {
      const row = [String(m.fdi), signedText(m.final.mesial, 'mm'), signedText(m.final.buccal, 'mm'), signedText(m.final.extrusion, 'mm'),
        signedText(m.final.tip, 'deg'), signedText(m.final.torque, 'deg'), signedText(m.final.rotation, 'deg')].join(' ');
      expect(text, `tooth ${m.fdi}`).toContain(row);
    }
    expect(planned.derived.plan.ipr.length).toBeGreaterThan(0);
    for (const i of planned.derived.plan.ipr) {
      expect(text, `IPR ${i.a}/${i.b}`).toContain(`${Math.min(i.a, i.b)}/${Math.max(i.a, i.b)} ${i.amountMm.toFixed(2)} mm done before aligner ${i.stage + 1}`);
    }
  });

  it('has the patient, the approval and the plan hash on the cover, and numbers its pages', () => {
    expect(pages[0]).toContain('Demo patient');
    expect(pages[0]).toContain('North Clinic');
    expect(pages[0]).toContain('Approved for manufacturing');
    expect(pages[0]).toContain('Signed by Dr Ana Ruiz, 4 Dec 2026, 09:20');
    expect(pages[0]).toContain('f'.repeat(32));
    pages.forEach((p, k) => expect(p, `page ${k + 1}`).toContain(`Page ${k + 1} of ${pages.length}`));
  });

  it('writes the CSVs with the same numbers', () => {
    const movements = a4.csvs.find((c) => c.name === 'movements.csv')!.text.trim().split('\r\n');
    expect(movements.length).toBe(planned.derived.movements.length + 1);
    const m = planned.derived.movements.find((x) => x.active > 0)!;
    expect(movements).toContain([m.fdi, m.jaw, ...(['mesial', 'buccal', 'extrusion'] as const).map((k) => Number(m.final[k].toFixed(2))), ...(['tip', 'torque', 'rotation'] as const).map((k) => Number(m.final[k].toFixed(1))), m.start + 1, m.start + m.active, m.required].join(','));
    const ipr = a4.csvs.find((c) => c.name === 'ipr.csv')!.text.trim().split('\r\n');
    expect(ipr.length).toBe(planned.derived.plan.ipr.length + 1);
    expect(a4.csvs.map((c) => c.name)).toEqual(['movements.csv', 'ipr.csv', 'attachments.csv']);
  });

  it('takes an attachment kept to the end off with its own arch\'s last aligner', () => {
    const lower = planned.staging.arches.find((a) => a.jaw === 'lower')!.aligners;
    const upper = planned.staging.arches.find((a) => a.jaw === 'upper')!.aligners;
    expect(lower).not.toBe(upper);
    const row = a4.model.attachments.rows.find((r) => Number(r[0]) > 30 && r[5].startsWith('end'));
    expect(row?.[5]).toBe(`end (aligner ${lower})`);
    const bar = a4.model.staging.bars.find((b) => b.tooth === row![0])!;
    expect(bar.attachment).toEqual({ from: 0, to: lower });
  });

  it('is on US Letter when asked, with the same text', async () => {
    const letter = await makeReport(requestOf(planned, 'letter'), FONTS);
    const size = (await PDFDocument.load(letter.pdf)).getPages().map((p) => p.getSize());
    expect(size.every((s) => Math.round(s.width) === 612 && Math.round(s.height) === 792)).toBe(true);
    const a4Size = (await PDFDocument.load(a4.pdf)).getPage(0).getSize();
    expect([Math.round(a4Size.width), Math.round(a4Size.height)]).toEqual([595, 842]);
    writeFileSync(`${OUT}/demo-report-letter.pdf`, letter.pdf);
  }, HEAVY_MS);

  it('states the space analysis: arch length measured as the teeth stand, against the IPR the plan strips in front of the molars', () => {
    const teeth = Object.fromEntries(planned.parts.map((p) => [p.jaw, p.teeth]));
    const measured = autoSetup({ upper: teeth.upper, lower: teeth.lower }).spaceAnalysis;
    const space = a4.model.analysis.find((a) => a.title.startsWith('Space analysis'))!.table;
    for (const jaw of ['upper', 'lower'] as const) {
      const m = measured[jaw]!;
      const ipr = planned.derived.plan.ipr.filter((i) => (i.a < 30) === (jaw === 'upper') && Math.min(positionOf(i.a), positionOf(i.b)) < 6).reduce((s, i) => s + i.amountMm, 0);
      expect(m.discrepancyMm, 'the demo arches are crowded').toBeLessThan(0);
      expect(ipr).toBeGreaterThan(0);
      const row = space.rows.find((r) => r[0] === jaw)!;
      expect(row.slice(1, 4)).toEqual([m.availableMm.toFixed(1), m.requiredMm.toFixed(1), m.discrepancyMm.toFixed(1)]);
      expect(row[5]).toBe(ipr.toFixed(2));
      expect(Number(row[6])).toBeCloseTo(m.discrepancyMm + ipr, 1);
    }
    expect(pages.join(' ')).toContain('Space analysis (arch length in front of the first molars)');
  });

  it('says an approval whose signature fails is no approval, naming whose it claims to be', () => {
    const src = { ...requestOf(planned, 'a4'), pictures: [] };
    const invalid = reportModel({ ...src, approval: { state: 'invalid', signer: 'Dr Ana Ruiz', at: NOW - 600_000, fingerprint: 'ab12 cd34' } }).cover.approval;
    expect(invalid.state).toBe('invalid');
    expect(invalid.headline).toBe('Not approved: the signature is invalid');
    expect(invalid.lines[0]).toContain('Dr Ana Ruiz, 4 Dec 2026, 09:20, key ab12 cd34, does not verify');
    const lapsed = reportModel({ ...src, approval: { state: 'void', signer: 'Dr Ana Ruiz', at: NOW, fingerprint: 'ab12', versionName: 'Auto-setup', changes: ['tooth 11: final position (mesial 0.5 -> 0.75 mm)'] } }).cover.approval;
    expect(lapsed.lines).toContain('Changed since: tooth 11: final position (mesial 0.5 -> 0.75 mm)');
  });

  it('names its file after the patient, the version and the day', () => {
    expect(reportFileName('P-204 / Ana', 'Auto-setup v2', NOW)).toBe('P-204-Ana_Auto-setup-v2_2026-12-04.pdf');
  });
});
