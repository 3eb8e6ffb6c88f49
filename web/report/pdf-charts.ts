// The report's two drawn charts. The IPR chart is the one clinicians sketch by hand: the teeth
// of each arch in a row of boxes, each amount written on the boundary between the two teeth it
// concerns, the upper arch's amounts above it and the lower arch's below it, so both arches read
// outward from the occlusal plane. The staging chart is a Gantt of the moving stages per tooth.
// Labels are real text (searchable), wrapped to the width of one tooth box so that neighbouring
// contacts never overlap.

import { rgb } from 'pdf-lib';
import type { IprChartArch, ReportModel } from './report-model.ts';
import { BODY, COLOR, lineHeight, type Layout } from './pdf-layout.ts';
import { truncate } from './pdf-text.ts';

const AMOUNT = 7.5;
const WHEN = 6;
const BOX = 18;

export function drawIprChart(layout: Layout, arches: IprChartArch[]): void {
  // Upper first whatever the order given: the chart reads like the mouth.
  const ordered = [...arches].sort((a, b) => (a.jaw === b.jaw ? 0 : a.jaw === 'upper' ? -1 : 1));
  for (const arch of ordered) drawArch(layout, arch);
}

function drawArch(layout: Layout, arch: IprChartArch): void {
  const n = Math.max(1, arch.teeth.length);
  const boxWidth = Math.min(40, layout.width / n);
  const x0 = layout.left + (layout.width - boxWidth * n) / 2;
  const labelWidth = boxWidth - 2;
  const labels = arch.contacts
    .filter((c) => c.after >= 0 && c.after < arch.teeth.length - 1)
    .map((c) => ({
      x: x0 + (c.after + 1) * boxWidth,
      amount: truncate(layout.clean(c.amount), layout.fonts.bold, AMOUNT, labelWidth),
      when: layout.lines(c.when, WHEN, labelWidth).slice(0, 3),
    }));
  const whenLines = Math.max(0, ...labels.map((l) => l.when.length));
  const zone = lineHeight(AMOUNT) + whenLines * lineHeight(WHEN) + 9;
  const title = lineHeight(BODY) + 2;
  layout.ensure(title + zone + BOX + 10);

  layout.text(arch.jaw === 'upper' ? 'Upper arch' : 'Lower arch', { bold: true });
  layout.y -= 2;
  const upper = arch.jaw === 'upper';
  // The boundary a contact sits on, extended from the boxes into the label zone.
  const boxTop = upper ? layout.y - zone : layout.y;
  const boxBottom = boxTop - BOX;
  arch.teeth.forEach((tooth, i) => {
    const x = x0 + i * boxWidth;
    layout.page.drawRectangle({ x, y: boxBottom, width: boxWidth, height: BOX, borderColor: COLOR.rule, borderWidth: 0.6, color: i % 2 ? COLOR.zebra : COLOR.white });
    layout.drawLine(truncate(layout.clean(tooth), layout.fonts.bold, BODY, boxWidth - 2), x + 1, boxBottom + (BOX - BODY * 0.72) / 2, BODY, { bold: true, align: 'center', width: boxWidth - 2 });
  });
  if (labels.length === 0) {
    layout.drawLine(layout.clean('No IPR planned on this arch.'), x0, upper ? boxTop + 4 : boxBottom - lineHeight(BODY), BODY - 1, { color: COLOR.muted });
  }
  for (const label of labels) {
    const edge = upper ? boxTop : boxBottom;
    const tip = upper ? edge + 5 : edge - 5;
    layout.page.drawLine({ start: { x: label.x, y: upper ? boxBottom : boxTop }, end: { x: label.x, y: tip }, thickness: 1.4, color: COLOR.accent });
    const left = label.x - labelWidth / 2;
    // Amount nearest the teeth, its timing further out; stacked outward from the teeth, so the
    // upper arch's timing lines go in reverse to read top to bottom.
    const when = label.when.map((t) => ({ text: t, size: WHEN, bold: false }));
    const stack = [{ text: label.amount, size: AMOUNT, bold: true }, ...(upper ? when.reverse() : when)];
    let y = upper ? tip + 2 : tip - 2;
    for (const item of stack) {
      const baseline = upper ? y + item.size * 0.25 : y - item.size;
      layout.drawLine(item.text, left, baseline, item.size, { bold: item.bold, color: item.bold ? COLOR.text : COLOR.muted, align: 'center', width: labelWidth });
      y = upper ? y + lineHeight(item.size) : y - lineHeight(item.size);
    }
  }
  layout.y = (upper ? boxBottom : boxBottom - zone) - 8;
}

const ROW = 11;
const LABEL = 44;
const TICK = 7;

/** One row per tooth over the stage axis, continued on further pages (axis repeated) as needed. */
export function drawStagingChart(layout: Layout, staging: ReportModel['staging']): void {
  const n = Math.max(1, staging.stageCount);
  const plotLeft = layout.left + LABEL;
  const plotWidth = layout.right - plotLeft;
  const step = plotWidth / n;
  const at = (stage: number): number => plotLeft + Math.max(0, Math.min(n, stage)) * step;
  const legendHeight = lineHeight(BODY) + 4;
  const axisHeight = lineHeight(TICK) + 3;

  drawLegend(layout);
  layout.y -= legendHeight - lineHeight(BODY);
  let index = 0;
  while (index < staging.bars.length) {
    if (layout.y - axisHeight - 3 * ROW < layout.bottom) layout.newPage();
    const fit = Math.max(1, Math.floor((layout.y - axisHeight - layout.bottom) / ROW));
    const rows = staging.bars.slice(index, index + fit);
    const top = layout.y - axisHeight;
    const bottom = top - rows.length * ROW;

    rows.forEach((_, k) => {
      if (k % 2 === 1) layout.fill(layout.left, top - (k + 1) * ROW, layout.width, ROW, COLOR.zebra);
    });
    if (staging.overcorrectionFrom !== null && staging.overcorrectionFrom < n) {
      layout.fill(at(staging.overcorrectionFrom), bottom, at(n) - at(staging.overcorrectionFrom), top - bottom, rgb(1, 0.93, 0.8));
    }
    for (let s = 0; s < n; s += 5) {
      const x = at(s) + step / 2;
      layout.drawLine(String(s), x - 10, top + 3, TICK, { color: COLOR.muted, align: 'center', width: 20 });
      layout.page.drawLine({ start: { x, y: top }, end: { x, y: bottom }, thickness: 0.3, color: COLOR.rule });
    }
    layout.page.drawLine({ start: { x: plotLeft, y: top }, end: { x: at(n), y: top }, thickness: 0.6, color: COLOR.muted });
    layout.drawLine('Stage', layout.left + 2, top + 3, TICK, { color: COLOR.muted });

    rows.forEach((bar, k) => {
      const rowTop = top - k * ROW;
      layout.drawLine(truncate(layout.clean(bar.tooth), layout.fonts.regular, 8, LABEL - 6), layout.left + 2, rowTop - 8, 8);
      if (bar.from !== null && bar.to !== null) {
        layout.fill(at(bar.from), rowTop - ROW + 3, at(bar.to + 1) - at(bar.from), ROW - 5, COLOR.accent);
      }
      if (bar.attachment) {
        layout.page.drawLine({ start: { x: at(bar.attachment.from), y: rowTop - ROW + 1.5 }, end: { x: at(bar.attachment.to + 1), y: rowTop - ROW + 1.5 }, thickness: 0.9, color: COLOR.text });
      }
      for (const stage of bar.ipr) {
        const x = at(stage) + step / 2;
        layout.page.drawLine({ start: { x, y: rowTop - 1 }, end: { x, y: rowTop - ROW + 2 }, thickness: 1.6, color: COLOR.fail });
      }
    });
    layout.page.drawLine({ start: { x: plotLeft, y: bottom }, end: { x: at(n), y: bottom }, thickness: 0.4, color: COLOR.rule });
    layout.y = bottom - 4;
    index += rows.length;
  }
}

function drawLegend(layout: Layout): void {
  layout.ensure(lineHeight(BODY) + 60);
  const y = layout.y - BODY;
  let x = layout.left;
  const item = (swatch: () => void, text: string): void => {
    swatch();
    x += 14;
    const clean = layout.clean(text);
    layout.drawLine(clean, x, y, BODY - 1, { color: COLOR.muted });
    x += layout.fonts.regular.widthOfTextAtSize(clean, BODY - 1) + 14;
  };
  const sx = (): number => x;
  item(() => layout.fill(sx(), y, 10, 6, COLOR.accent), 'Moving');
  item(() => layout.page.drawLine({ start: { x: sx() + 5, y: y - 1 }, end: { x: sx() + 5, y: y + 8 }, thickness: 1.6, color: COLOR.fail }), 'IPR');
  item(() => layout.page.drawLine({ start: { x: sx(), y: y + 1 }, end: { x: sx() + 10, y: y + 1 }, thickness: 0.9, color: COLOR.text }), 'Attachment on');
  item(() => layout.fill(sx(), y - 1, 10, 8, rgb(1, 0.93, 0.8)), 'Over-correction');
  layout.y -= lineHeight(BODY);
}
