import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleModel } from './fixtures/sample-model.ts';
import type { ReportModel } from './report-model.ts';
import { writeReportPdf } from './report-pdf.ts';
import { sanitize, wrapText } from './pdf-text.ts';

const fontFile = (weight: number) => new URL(`../../node_modules/@fontsource/inter/files/inter-latin-${weight}-normal.woff`, import.meta.url);
const fonts = { regular: new Uint8Array(readFileSync(fontFile(400))), bold: new Uint8Array(readFileSync(fontFile(700))) };
const now = new Date('2026-12-03T13:12:00Z');
const outDir = new URL('../../.test-out/report/', import.meta.url);

interface Placed { str: string; x: number; y: number; width: number; size: number }

/** Each page's text items with their place (baseline origin, width, font size). */
async function pageItems(bytes: Uint8Array): Promise<Placed[][]> {
  const pdf = await getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false }).promise;
  const pages: Placed[][] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.flatMap((item) => ('str' in item && item.str.trim() !== ''
      ? [{ str: item.str, x: item.transform[4], y: item.transform[5], width: item.width, size: Math.hypot(item.transform[2], item.transform[3]) }]
      : [])));
  }
  await pdf.destroy();
  return pages;
}

/** Each page's text, items joined with single spaces (pdf.js gives one item per drawn string). */
async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  return (await pageItems(bytes)).map((items) => items.map((i) => i.str).join(' ').replace(/\s+/g, ' '));
}

/** Fonts and images the file holds, read with pdf-lib from its objects (not from the text). */
async function resources(bytes: Uint8Array): Promise<{ baseFonts: string[]; images: number; sizes: [number, number][] }> {
  const doc = await PDFDocument.load(bytes);
  const baseFonts: string[] = [];
  const images: string[] = [];
  const masks = new Set<string>();
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFRawStream ? object.dict : object instanceof PDFDict ? object : null;
    if (!dict) continue;
    if (dict.get(PDFName.of('Type')) === PDFName.of('Font')) baseFonts.push(String(dict.get(PDFName.of('BaseFont'))));
    if (dict.get(PDFName.of('Subtype')) === PDFName.of('Image')) {
      images.push(ref.toString());
      // An image's alpha is an image XObject of its own: count only the pictures.
      const mask = dict.get(PDFName.of('SMask'));
      if (mask) masks.add(mask.toString());
    }
  }
  const sizes = doc.getPages().map((p) => [p.getWidth(), p.getHeight()] as [number, number]);
  return { baseFonts, images: images.filter((r) => !masks.has(r)).length, sizes };
}

describe('writeReportPdf', () => {
  const model = sampleModel();
  let a4: Uint8Array;
  let letter: Uint8Array;
  let text: string[];

  beforeAll(async () => {
    a4 = await writeReportPdf(model, { paper: 'a4', fonts, now });
    letter = await writeReportPdf(model, { paper: 'letter', fonts, now });
    mkdirSync(outDir, { recursive: true });
    writeFileSync(new URL('sample-a4.pdf', outDir), a4);
    writeFileSync(new URL('sample-letter.pdf', outDir), letter);
    text = await pageTexts(a4);
  });

  it('puts the cover on page 1: pseudonym, clinic, doctor, approval headline and plan hash', () => {
    const first = text[0];
    for (const value of [model.cover.pseudonym, model.cover.clinic, model.cover.doctor, model.cover.approval.headline, model.cover.planVersion, model.cover.generatedAt]) {
      expect(first).toContain(value);
    }
    expect(first.replace(/\s/g, '')).toContain(model.cover.planHash);
    // The signer's line had a tick the font lacks: written as "ok", never as a missing glyph.
    expect(first).toContain('ok known key');
  });

  it('writes every movement row, in order, with all its values', () => {
    const all = text.join(' ');
    expect(model.movements.rows).toHaveLength(28);
    for (const row of model.movements.rows) expect(all).toContain(row.join(' '));
  });

  it('writes every IPR amount in the chart and the table, and each contact\'s timing', () => {
    const all = text.join(' ');
    for (const arch of model.ipr.arches) {
      for (const c of arch.contacts) {
        const contact = `${arch.teeth[c.after]}/${arch.teeth[c.after + 1]}`;
        expect(all).toContain(`${contact} ${arch.jaw === 'upper' ? 'Upper' : 'Lower'} ${c.amount} ${c.when}`);
      }
    }
    // The chart itself: the page with the tooth boxes carries each amount (table or not).
    const chartPage = text.find((t) => t.includes('Upper arch') && t.includes('Lower arch'))!;
    expect(chartPage).toBeDefined();
    const amounts = model.ipr.arches.flatMap((a) => a.contacts.map((c) => c.amount));
    const count = (hay: string, needle: string) => hay.split(needle).length - 1;
    for (const amount of new Set(amounts)) {
      // Chart and table: each amount at least twice as often as it is planned.
      expect(count(chartPage, amount)).toBeGreaterThanOrEqual(2 * amounts.filter((a) => a === amount).length);
    }
  });

  it('numbers every page "Page N of M" with the right M and puts the footer on each', () => {
    const total = text.length;
    expect(total).toBeGreaterThan(5);
    text.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${total}`);
      expect(page).toContain('Patient P-7Q4K2');
    });
  });

  it('repeats the audit table\'s header row on every page its rows reach', () => {
    const rows = model.audit.rows.map((r) => r[3].split(' ').slice(0, 2).join(' ')); // "Entry 12:" marks a row
    const pagesWithRows = text.map((t, i) => ({ t, i })).filter(({ t }) => rows.some((r) => t.includes(`${r} `)) && t.includes('Entry '));
    expect(pagesWithRows.length).toBeGreaterThanOrEqual(2);
    for (const { t } of pagesWithRows) expect(t).toContain(model.audit.columns.join(' '));
    // and every row made it
    const all = text.join(' ');
    for (const row of model.audit.rows.slice(0, -1)) expect(all).toContain(`${row[0]} ${row[1]} ${row[2]}`);
  });

  it('writes warnings, checklist statuses and analysis tables, with unsupported symbols replaced', () => {
    const all = text.join(' ');
    for (const a of model.analysis) expect(all).toContain(a.title);
    expect(all).toContain('-> consider refinement');
    expect(all).toContain('>= 0.5 mm');
    for (const word of ['PASS', 'WARN', 'FAIL', 'INFO']) expect(all).toContain(word);
    expect(all).not.toMatch(/[\u2713\u2717\u2192\u2265]/);
  });

  it('sizes pages to the paper: A4 595.28 x 841.89 pt, Letter 612 x 792 pt', async () => {
    for (const [w, h] of (await resources(a4)).sizes) { expect(w).toBeCloseTo(595.28, 2); expect(h).toBeCloseTo(841.89, 2); }
    for (const [w, h] of (await resources(letter)).sizes) { expect(w).toBeCloseTo(612, 2); expect(h).toBeCloseTo(792, 2); }
  });

  it('embeds the Inter subset and no standard font, and embeds the pictures', async () => {
    const { baseFonts, images } = await resources(a4);
    expect(baseFonts.length).toBeGreaterThanOrEqual(2);
    for (const name of baseFonts) expect(name).toMatch(/^\/Inter-(Regular|Bold)/);
    const raw = new TextDecoder('latin1').decode(a4);
    for (const standard of ['Helvetica', 'Times-Roman', 'Courier', 'Symbol', 'ZapfDingbats']) expect(raw).not.toContain(`/${standard}`);
    expect(raw).toMatch(/\/FontFile[23]? /);
    expect(images).toBe(model.pictures.length);
  });

  it('keeps every piece of text inside the 15 mm margins, on both papers', async () => {
    const margin = 15 * 72 / 25.4;
    for (const [bytes, [w, h]] of [[a4, [595.28, 841.89]], [letter, [612, 792]]] as const) {
      for (const items of await pageItems(bytes)) {
        for (const item of items) {
          expect(item.x, item.str).toBeGreaterThanOrEqual(margin - 0.01);
          expect(item.x + item.width, item.str).toBeLessThanOrEqual(w - margin + 0.01);
          // Baseline above the margin by at least the descender, cap height below the top margin.
          expect(item.y - 0.25 * item.size, item.str).toBeGreaterThanOrEqual(margin - 0.01);
          expect(item.y + 0.75 * item.size, item.str).toBeLessThanOrEqual(h - margin + 0.01);
        }
      }
    }
  });

  it('lays out without pictures, with empty tables, and for a void approval', async () => {
    const bare: ReportModel = {
      ...model,
      cover: { ...model.cover, approval: { state: 'void', headline: 'Approval void', lines: ['The plan changed after signing.'] } },
      pictures: [],
      attachments: { ...model.attachments, rows: [], empty: 'No attachments planned.' },
      warnings: [],
      audit: { ...model.audit, rows: model.audit.rows.slice(0, 3) },
    };
    const bytes = await writeReportPdf(bare, { paper: 'letter', fonts, now });
    const pages = await pageTexts(bytes);
    expect(pages[0]).toContain('Approval void');
    const all = pages.join(' ');
    expect(all).toContain('No attachments planned.');
    expect(all).toContain('Warnings None.');
    expect(bytes.length).toBeLessThan(a4.length);
    expect((await resources(bytes)).images).toBe(0);
  });
});

describe('pdf-text', () => {
  const measure = { widthOfTextAtSize: (t: string, size: number) => t.length * size * 0.5 };

  it('wraps at spaces, cuts words wider than the line, keeps newlines', () => {
    expect(wrapText('aa bb cc', measure, 10, 25)).toEqual(['aa bb', 'cc']);
    expect(wrapText('abcdefghij', measure, 10, 20)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('one\ntwo', measure, 10, 100)).toEqual(['one', 'two']);
    expect(wrapText('', measure, 10, 100)).toEqual(['']);
  });

  it('replaces what the font lacks with ASCII or "?"', () => {
    const has = (c: number) => c < 0x2000 || c === 0x2212;
    expect(sanitize('a \u2192 b \u2713 \u2212 \u4e2d', has)).toBe('a -> b ok \u2212 ?');
  });
});
