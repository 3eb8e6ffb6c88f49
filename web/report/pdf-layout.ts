// A small flow layout over pdf-lib for the treatment report: a cursor moving down the page,
// new pages when something does not fit, wrapped text, key-value blocks and tables that repeat
// their header row on each page they run onto. Footers are drawn last (`footers`), once the
// page count is known. Everything stays inside the margins; the footer sits in a band at the
// bottom of the text area, never in the margin itself.

import { rgb, type Color, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Paper, ReportTable } from './report-model.ts';
import { truncate, wrapText } from './pdf-text.ts';

export const PAPER_SIZE: Record<Paper, [number, number]> = { a4: [595.28, 841.89], letter: [612, 792] };
export const MM = 72 / 25.4;

const grey = (v: number): Color => rgb(v, v, v);
export const COLOR = {
  text: grey(0),
  muted: grey(0.38),
  rule: grey(0.72),
  zebra: grey(0.945),
  accent: rgb(0x0f / 255, 0x76 / 255, 0x6e / 255),
  white: grey(1),
  pass: rgb(0.09, 0.5, 0.2),
  warn: rgb(0.72, 0.45, 0.0),
  fail: rgb(0.75, 0.1, 0.1),
  info: grey(0.45),
};

export const BODY = 9;
const TABLE = 8.5;
const FOOTER = 7.5;
/** Band at the bottom of the text area kept for the footer. */
const FOOTER_BAND = 20;

export interface TextStyle {
  size?: number;
  bold?: boolean;
  color?: Color;
  /** Offset from the left margin and width to wrap in (default: the whole text width). */
  indent?: number;
  width?: number;
  align?: 'left' | 'right' | 'center';
}

/** Line advance for a font size: Inter's ascender plus descender is about 1.21 em. */
export const lineHeight = (size: number): number => size * 1.3;
/** From the top of a line box to its baseline. */
const ascent = (size: number): number => size * 1.0;

export class Layout {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  /** Top of the free space on the current page (PDF units, measured from the bottom). */
  y = 0;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  /** Lowest point content may reach (the footer band lies below it). */
  readonly bottom: number;
  readonly width: number;

  constructor(
    private readonly doc: PDFDocument,
    readonly paper: Paper,
    readonly fonts: { regular: PDFFont; bold: PDFFont },
    /** Replaces characters the font lacks; every string drawn goes through it. */
    readonly clean: (text: string) => string,
    margin = 15 * MM,
  ) {
    const [w, h] = PAPER_SIZE[paper];
    this.left = margin;
    this.right = w - margin;
    this.top = h - margin;
    this.bottom = margin + FOOTER_BAND;
    this.width = this.right - this.left;
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage(PAPER_SIZE[this.paper]);
    this.pages.push(this.page);
    this.y = this.top;
  }

  /** Starts a new page unless `height` still fits below the cursor (a fresh page never breaks again). */
  ensure(height: number): void {
    if (this.y - height < this.bottom && this.y < this.top) this.newPage();
  }

  space(height: number): void {
    this.y = Math.max(this.bottom, this.y - height);
  }

  get pageHeight(): number {
    return this.top - this.bottom;
  }

  font(bold = false): PDFFont {
    return bold ? this.fonts.bold : this.fonts.regular;
  }

  /** Draws one already-fitting line with its baseline at `y`. `text` must be clean. */
  drawLine(text: string, x: number, y: number, size: number, opts: { bold?: boolean; color?: Color; align?: TextStyle['align']; width?: number } = {}): void {
    if (text === '') return;
    const font = this.font(opts.bold);
    let at = x;
    if (opts.align && opts.align !== 'left' && opts.width !== undefined) {
      const w = font.widthOfTextAtSize(text, size);
      at = opts.align === 'right' ? x + opts.width - w : x + (opts.width - w) / 2;
    }
    this.page.drawText(text, { x: at, y, size, font, color: opts.color ?? COLOR.text });
  }

  /** Lines of `text` wrapped to `width` (cleaned first, so the widths are those drawn). */
  lines(text: string, size: number, width: number, bold = false): string[] {
    return wrapText(this.clean(text), this.font(bold), size, width);
  }

  /** A wrapped paragraph at the cursor; it may continue on the next page between lines. */
  text(text: string, style: TextStyle = {}): void {
    const size = style.size ?? BODY;
    const x = this.left + (style.indent ?? 0);
    const width = style.width ?? this.right - x;
    const lh = lineHeight(size);
    for (const line of this.lines(text, size, width, style.bold)) {
      this.ensure(lh);
      this.drawLine(line, x, this.y - ascent(size), size, { bold: style.bold, color: style.color, align: style.align, width });
      this.y -= lh;
    }
  }

  /** A section heading with a thin rule under it; keeps `keep` points of room for what follows it. */
  heading(text: string, opts: { size?: number; keep?: number } = {}): void {
    const size = opts.size ?? 15;
    if (this.y < this.top) this.space(10);
    this.ensure(lineHeight(size) + 6 + (opts.keep ?? 60));
    this.text(text, { size, bold: true, color: COLOR.accent });
    this.y -= 2;
    this.page.drawLine({ start: { x: this.left, y: this.y }, end: { x: this.right, y: this.y }, thickness: 0.6, color: COLOR.accent });
    this.y -= 7;
  }

  /** Label / value rows, labels muted in a column of `labelWidth`, values wrapped beside them. */
  keyValue(rows: { label: string; value: string }[], opts: { labelWidth?: number; size?: number; zebra?: boolean } = {}): void {
    const size = opts.size ?? BODY + 0.5;
    const labelWidth = opts.labelWidth ?? this.width * 0.32;
    const pad = 3;
    const lh = lineHeight(size);
    rows.forEach((row, i) => {
      const labels = this.lines(row.label, size, labelWidth - 2 * pad);
      const values = this.lines(row.value, size, this.width - labelWidth - 2 * pad);
      const height = Math.max(labels.length, values.length) * lh + 2 * pad;
      this.ensure(height);
      if (opts.zebra && i % 2 === 0) this.fill(this.left, this.y - height, this.width, height, COLOR.zebra);
      labels.forEach((l, k) => this.drawLine(l, this.left + pad, this.y - pad - ascent(size) - k * lh, size, { color: COLOR.muted }));
      values.forEach((l, k) => this.drawLine(l, this.left + labelWidth + pad, this.y - pad - ascent(size) - k * lh, size));
      this.y -= height;
    });
  }

  fill(x: number, y: number, width: number, height: number, color: Color): void {
    this.page.drawRectangle({ x, y, width, height, color });
  }

  /**
   * A table over the whole text width: header row in the accent colour, zebra rows, cells
   * wrapped within their column (the row grows), numeric columns right-aligned. When a row
   * does not fit, the table goes on on a new page under a repeated header row.
   */
  table(table: ReportTable, opts: { size?: number } = {}): void {
    if (table.rows.length === 0) {
      this.text(table.empty ?? 'None.', { color: COLOR.muted });
      return;
    }
    const size = opts.size ?? TABLE;
    const pad = { x: 4, y: 2.5 };
    const lh = lineHeight(size);
    const rel = table.widths && table.widths.length === table.columns.length ? table.widths : table.columns.map(() => 1);
    const total = rel.reduce((a, b) => a + b, 0);
    const widths = rel.map((r) => (r / total) * this.width);
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const numeric = (i: number): boolean => table.numeric?.[i] ?? false;

    const header = table.columns.map((c, i) => this.lines(c, size, widths[i] - 2 * pad.x, true));
    const headerHeight = Math.max(...header.map((l) => l.length)) * lh + 2 * pad.y;
    // A row taller than a page would never fit: such cells are cut with an ellipsis.
    const maxLines = Math.max(1, Math.floor((this.pageHeight - headerHeight - 2 * pad.y) / lh));

    const drawHeader = (): void => {
      this.fill(this.left, this.y - headerHeight, this.width, headerHeight, COLOR.accent);
      header.forEach((cell, i) => cell.forEach((l, k) => this.drawLine(l, xs[i] + pad.x, this.y - pad.y - ascent(size) - k * lh, size,
        { bold: true, color: COLOR.white, align: numeric(i) ? 'right' : 'left', width: widths[i] - 2 * pad.x })));
      this.y -= headerHeight;
    };

    const cells = table.rows.map((row) => table.columns.map((_, i) => {
      const lines = this.lines(row[i] ?? '', size, widths[i] - 2 * pad.x);
      if (lines.length <= maxLines) return lines;
      const kept = lines.slice(0, maxLines);
      kept[maxLines - 1] = truncate(`${kept[maxLines - 1]}\u2026`, this.fonts.regular, size, widths[i] - 2 * pad.x);
      return kept;
    }));
    const heights = cells.map((row) => Math.max(...row.map((l) => l.length)) * lh + 2 * pad.y);

    this.ensure(headerHeight + heights[0]);
    drawHeader();
    cells.forEach((row, r) => {
      if (this.y - heights[r] < this.bottom) {
        this.newPage();
        drawHeader();
      }
      if (r % 2 === 1) this.fill(this.left, this.y - heights[r], this.width, heights[r], COLOR.zebra);
      row.forEach((cell, i) => cell.forEach((l, k) => this.drawLine(l, xs[i] + pad.x, this.y - pad.y - ascent(size) - k * lh, size,
        { align: numeric(i) ? 'right' : 'left', width: widths[i] - 2 * pad.x })));
      this.y -= heights[r];
    });
    this.page.drawLine({ start: { x: this.left, y: this.y }, end: { x: this.right, y: this.y }, thickness: 0.5, color: COLOR.rule });
  }

  /** Footer on every page: `text` at the left, "Page N of M" at the right, a thin rule above. */
  footers(text: string): void {
    const total = this.pages.length;
    const y = this.bottom - FOOTER_BAND + 2;
    this.pages.forEach((page, i) => {
      const label = `Page ${i + 1} of ${total}`;
      const labelWidth = this.fonts.regular.widthOfTextAtSize(label, FOOTER);
      const left = truncate(this.clean(text), this.fonts.regular, FOOTER, this.width - labelWidth - 12);
      page.drawLine({ start: { x: this.left, y: y + FOOTER + 4 }, end: { x: this.right, y: y + FOOTER + 4 }, thickness: 0.4, color: COLOR.rule });
      const opts = { size: FOOTER, font: this.fonts.regular, color: COLOR.muted };
      if (left !== '') page.drawText(left, { ...opts, x: this.left, y });
      page.drawText(label, { ...opts, x: this.right - labelWidth, y });
    });
  }
}
