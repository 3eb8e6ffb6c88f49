// The treatment report as a PDF: the ReportModel (already worded) laid out on A4 or Letter in
// the order a clinician reads it: cover with the approval, key figures, pictures, movements,
// IPR, attachments, staging, analyses, warnings and checks, audit. The font is the studio's
// own (Inter, passed in as bytes by the caller) embedded as a subset, never a standard PDF
// font, so the document looks the same everywhere and carries every glyph it shows. Runs in
// the browser (a worker) and in the CLI alike: no Node, no DOM.

import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type Color, type PDFImage } from 'pdf-lib';
import type { Paper, ReportFonts, ReportModel, ReportPicture } from './report-model.ts';
import { drawIprChart, drawStagingChart } from './pdf-charts.ts';
import { BODY, COLOR, Layout, lineHeight } from './pdf-layout.ts';
import { sanitize } from './pdf-text.ts';

export interface ReportPdfOptions {
  paper: Paper;
  fonts: ReportFonts;
  /** Stamped as the PDF's creation date (tests pass a fixed one). */
  now?: Date;
}

export async function writeReportPdf(model: ReportModel, opts: ReportPdfOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(opts.fonts.regular, { subset: true });
  const bold = await doc.embedFont(opts.fonts.bold, { subset: true });
  // Both faces must have a glyph, or one of them would print a box.
  const faces = [fontkit.create(opts.fonts.regular), fontkit.create(opts.fonts.bold)];
  const known = new Map<number, boolean>();
  const has = (code: number): boolean => {
    let ok = known.get(code);
    if (ok === undefined) known.set(code, (ok = faces.every((f) => f.hasGlyphForCodePoint(code))));
    return ok;
  };
  const clean = (text: string): string => sanitize(text, has);

  const now = opts.now ?? new Date();
  doc.setTitle(clean(`${model.title} - ${model.cover.pseudonym}`));
  doc.setSubject(clean(model.footer));
  doc.setCreator('Aligner Studio');
  doc.setCreationDate(now);
  doc.setModificationDate(now);

  const layout = new Layout(doc, opts.paper, { regular, bold }, clean);
  cover(layout, model);

  layout.newPage();
  layout.heading('Summary', { size: 16 });
  layout.keyValue(model.summary, { zebra: true });

  layout.heading('Pictures', { keep: 180 });
  pictures(layout, await Promise.all(model.pictures.map(async (p) => ({ picture: p, image: await doc.embedPng(p.png) }))));

  layout.heading('Tooth movements');
  layout.table(model.movements);

  layout.heading('Interproximal reduction (IPR)', { keep: 140 });
  drawIprChart(layout, model.ipr.arches);
  layout.space(4);
  layout.table(model.ipr.table);

  layout.heading('Attachments');
  layout.table(model.attachments);

  layout.heading('Staging', { keep: 120 });
  drawStagingChart(layout, model.staging);

  if (model.analysis.length > 0) layout.heading('Analysis');
  for (const { title, table } of model.analysis) {
    layout.ensure(lineHeight(BODY + 1) * 3 + 20);
    layout.space(4);
    layout.text(title, { size: BODY + 1, bold: true });
    layout.space(2);
    layout.table(table);
  }

  layout.heading('Warnings');
  if (model.warnings.length === 0) layout.text('None.', { color: COLOR.muted });
  for (const warning of model.warnings) bullet(layout, warning);

  layout.heading('Sanity checklist');
  checklist(layout, model.checklist);

  layout.heading('Audit summary');
  layout.table(model.audit);

  layout.footers(model.footer);
  return doc.save({ useObjectStreams: false });
}

const APPROVAL: Record<ReportModel['cover']['approval']['state'], { border: Color; fill: Color; text: Color }> = {
  approved: { border: COLOR.pass, fill: rgb(0.93, 0.98, 0.94), text: COLOR.pass },
  'not approved': { border: COLOR.info, fill: rgb(0.96, 0.96, 0.96), text: COLOR.text },
  void: { border: COLOR.fail, fill: rgb(0.995, 0.93, 0.93), text: COLOR.fail },
  invalid: { border: COLOR.fail, fill: rgb(0.995, 0.93, 0.93), text: COLOR.fail },
};

function cover(layout: Layout, model: ReportModel): void {
  const c = model.cover;
  layout.space(30);
  layout.text(model.title, { size: 20, bold: true, color: COLOR.accent });
  layout.space(4);
  layout.page.drawLine({ start: { x: layout.left, y: layout.y }, end: { x: layout.right, y: layout.y }, thickness: 1, color: COLOR.accent });
  layout.space(24);
  layout.text('Patient', { size: BODY, color: COLOR.muted });
  layout.text(c.pseudonym, { size: 26, bold: true });
  layout.space(16);
  layout.keyValue([
    { label: 'Clinic', value: c.clinic },
    { label: 'Doctor', value: c.doctor },
    { label: 'Plan version', value: c.planVersion },
    { label: 'Plan date', value: c.planDate },
    { label: 'Protocol', value: c.protocol },
    { label: 'Generated at', value: c.generatedAt },
  ], { labelWidth: 110 });
  layout.space(20);

  const style = APPROVAL[c.approval.state];
  const pad = 10;
  const inner = layout.width - 2 * pad;
  const headline = layout.lines(c.approval.headline, 14, inner, true);
  const lines = c.approval.lines.flatMap((l) => layout.lines(l, BODY, inner));
  const height = headline.length * lineHeight(14) + 4 + lines.length * lineHeight(BODY) + 2 * pad;
  layout.ensure(height);
  layout.page.drawRectangle({ x: layout.left, y: layout.y - height, width: layout.width, height, color: style.fill, borderColor: style.border, borderWidth: 1.5 });
  let y = layout.y - pad;
  for (const l of headline) { layout.drawLine(l, layout.left + pad, y - 14, 14, { bold: true, color: style.text }); y -= lineHeight(14); }
  y -= 4;
  for (const l of lines) { layout.drawLine(l, layout.left + pad, y - BODY, BODY); y -= lineHeight(BODY); }
  layout.y -= height;
  layout.space(20);

  layout.text('Plan content hash', { size: BODY, color: COLOR.muted });
  layout.text(c.planHash, { size: 7.5 });
}

/** Two per row, each scaled to its column (aspect kept) under its title; a row never splits. */
function pictures(layout: Layout, items: { picture: ReportPicture; image: PDFImage }[]): void {
  if (items.length === 0) {
    layout.text('No pictures.', { color: COLOR.muted });
    return;
  }
  const gap = 12;
  const column = (layout.width - gap) / 2;
  const maxHeight = Math.min(220, layout.pageHeight - 40);
  const title = lineHeight(BODY);
  for (let i = 0; i < items.length; i += 2) {
    const row = items.slice(i, i + 2).map(({ picture, image }) => {
      const w = picture.width > 0 ? picture.width : image.width;
      const h = picture.height > 0 ? picture.height : image.height;
      const scale = Math.min(column / w, maxHeight / h);
      return { picture, image, width: w * scale, height: h * scale, title: layout.lines(picture.title, BODY, column, true) };
    });
    const titleLines = Math.max(...row.map((r) => r.title.length));
    const height = titleLines * title + 3 + Math.max(...row.map((r) => r.height)) + gap;
    layout.ensure(height);
    row.forEach((r, k) => {
      const x = layout.left + k * (column + gap);
      r.title.forEach((l, j) => layout.drawLine(l, x, layout.y - BODY - j * title, BODY, { bold: true }));
      const top = layout.y - titleLines * title - 3;
      layout.page.drawImage(r.image, { x: x + (column - r.width) / 2, y: top - r.height, width: r.width, height: r.height });
      layout.page.drawRectangle({ x: x + (column - r.width) / 2, y: top - r.height, width: r.width, height: r.height, borderColor: COLOR.rule, borderWidth: 0.5 });
    });
    layout.y -= height;
  }
}

function bullet(layout: Layout, text: string): void {
  const lines = layout.lines(text, BODY, layout.width - 12);
  lines.forEach((line, i) => {
    layout.ensure(lineHeight(BODY));
    if (i === 0) layout.drawLine('\u2022', layout.left + 2, layout.y - BODY, BODY, { color: COLOR.accent });
    layout.drawLine(line, layout.left + 12, layout.y - BODY, BODY);
    layout.y -= lineHeight(BODY);
  });
  layout.space(2);
}

const STATUS: Record<ReportModel['checklist'][number]['status'], { word: string; color: Color }> = {
  pass: { word: 'PASS', color: COLOR.pass },
  warn: { word: 'WARN', color: COLOR.warn },
  fail: { word: 'FAIL', color: COLOR.fail },
  info: { word: 'INFO', color: COLOR.info },
};

/** Status word in its colour, the check's label in bold and its detail wrapped beside it. */
function checklist(layout: Layout, items: ReportModel['checklist']): void {
  if (items.length === 0) {
    layout.text('No checks.', { color: COLOR.muted });
    return;
  }
  const statusWidth = 38;
  const labelWidth = layout.width * 0.3;
  const detailWidth = layout.width - statusWidth - labelWidth;
  const lh = lineHeight(BODY);
  items.forEach((item, i) => {
    const labels = layout.lines(item.label, BODY, labelWidth - 6, true);
    const details = layout.lines(item.detail, BODY, detailWidth - 6);
    const height = Math.max(labels.length, details.length) * lh + 5;
    layout.ensure(height);
    if (i % 2 === 0) layout.fill(layout.left, layout.y - height, layout.width, height, COLOR.zebra);
    const base = layout.y - 2.5 - BODY;
    const status = STATUS[item.status];
    layout.drawLine(status.word, layout.left + 3, base, BODY, { bold: true, color: status.color });
    labels.forEach((l, k) => layout.drawLine(l, layout.left + statusWidth + 3, base - k * lh, BODY, { bold: true }));
    details.forEach((l, k) => layout.drawLine(l, layout.left + statusWidth + labelWidth + 3, base - k * lh, BODY));
    layout.y -= height;
  });
}
