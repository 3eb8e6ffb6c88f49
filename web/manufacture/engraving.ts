// The label engraved into a model's flat base: case, arch and stage, so that a lab can tell
// forty look-alike models apart. Glyph outlines come from the studio's shipped font (Inter
// Bold, read with opentype.js); the text is laid into the widest flat part of the base, and
// mirrored so that it reads the right way round when the model is turned over.
import opentype from 'opentype.js';
import type { Font } from 'opentype.js';
import type { SimplePolygon } from 'manifold-3d';

export type EngravingFont = Font;

export function parseEngravingFont(bytes: ArrayBuffer): EngravingFont {
  return opentype.parse(bytes);
}

/** Engraved this deep (mm): legible on a print and well over the 0.4 mm a lab asks for. */
export const ENGRAVING_DEPTH_MM = 0.6;

export interface TextOutline {
  /** Closed contours in mm, x to the right and y up, centred on the origin; non-zero fill. */
  contours: SimplePolygon[];
  width: number;
  height: number;
}

/** Line glyph outlines, cap height `capMm`, lines `capMm * 1.6` apart, each centred. */
export function textOutline(font: EngravingFont, lines: readonly string[], capMm: number): TextOutline {
  const capUnits = (font.tables.os2 as { sCapHeight?: number } | undefined)?.sCapHeight || font.unitsPerEm * 0.7;
  const size = (capMm * font.unitsPerEm) / capUnits;
  const pitch = capMm * 1.6;
  const contours: SimplePolygon[] = [];
  let width = 0;
  lines.forEach((line, row) => {
    const advance = font.getAdvanceWidth(line, size);
    width = Math.max(width, advance);
    // Baselines from the top line down; opentype's y grows downwards.
    const baseline = (lines.length - 1) * pitch / 2 - row * pitch - capMm / 2;
    const path = font.getPath(line, -advance / 2, 0, size);
    let current: [number, number][] = [];
    let x = 0, y = 0;
    const to = (px: number, py: number): void => { x = px; y = py; current.push([px, baseline - py]); };
    for (const c of path.commands) {
      if (c.type === 'M') { if (current.length > 2) contours.push(current); current = []; to(c.x, c.y); }
      else if (c.type === 'L') to(c.x, c.y);
      else if (c.type === 'Q') {
        const x0 = x, y0 = y;
        for (let k = 1; k <= 6; k++) {
          const t = k / 6, u = 1 - t;
          to(u * u * x0 + 2 * u * t * c.x1 + t * t * c.x, u * u * y0 + 2 * u * t * c.y1 + t * t * c.y);
        }
      } else if (c.type === 'C') {
        const x0 = x, y0 = y;
        for (let k = 1; k <= 8; k++) {
          const t = k / 8, u = 1 - t;
          to(u * u * u * x0 + 3 * u * u * t * c.x1 + 3 * u * t * t * c.x2 + t * t * t * c.x, u * u * u * y0 + 3 * u * u * t * c.y1 + 3 * u * t * t * c.y2 + t * t * t * c.y);
        }
      } else if (c.type === 'Z') { if (current.length > 2) contours.push(current); current = []; }
    }
    if (current.length > 2) contours.push(current);
  });
  return { contours, width, height: pitch * (lines.length - 1) + capMm };
}

export interface LabelPlace {
  /** Centre in base-plane coordinates (mm along e1, e2). */
  x: number;
  y: number;
  /** Turn of the text's baseline from e1, radians. */
  angle: number;
  capMm: number;
}

export interface BaseRoom {
  /** Solid cells of the base, row-major nx x ny, cell (i, j) spanning [x0 + i g, x0 + (i + 1) g] x ... */
  cells: Uint8Array;
  nx: number;
  ny: number;
  x0: number;
  y0: number;
  gridMm: number;
  /** Column height over each cell's low corner, mm above the base. */
  columnMm: (i: number, j: number) => number;
}

/** Keep this much solid base around the text (mm), so the engraving never breaks through a wall. */
const LABEL_MARGIN_MM = 1;
const CAP_SIZES_MM = [3.5, 3, 2.5, 2];

/**
 * Where the label fits: the text's box plus a margin on solid base standing tall enough over
 * the engraving, tried at the base's widest places first, every 15 degrees, and smaller
 * text when nothing fits. Null: the base has no room (the caller says so).
 */
export function placeLabel(font: EngravingFont, lines: readonly string[], room: BaseRoom): LabelPlace | null {
  const { cells, nx, ny, gridMm: g } = room;
  // Chessboard distance (cells) from each cell to the nearest cell that is not solid.
  const dist = new Int32Array(nx * ny).fill(-1);
  let front: number[] = [];
  for (let c = 0; c < cells.length; c++) {
    const i = c % nx, j = (c - i) / nx;
    if (!cells[c]) continue;
    let edge = i === 0 || j === 0 || i === nx - 1 || j === ny - 1;
    for (let dj = -1; dj <= 1 && !edge; dj++) for (let di = -1; di <= 1 && !edge; di++) if (!cells[(j + dj) * nx + i + di]) edge = true;
    if (edge) { dist[c] = 1; front.push(c); }
  }
  for (let d = 2; front.length; d++) {
    const next: number[] = [];
    for (const c of front) {
      const i = c % nx, j = (c - i) / nx;
      for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) {
        const m = (j + dj) * nx + i + di;
        if (cells[m] && dist[m] < 0) { dist[m] = d; next.push(m); }
      }
    }
    front = next;
  }
  const candidates = [...dist.keys()].filter((c) => dist[c] > 0).sort((a, b) => dist[b] - dist[a]).slice(0, 600);
  const fits = (cx: number, cy: number, angle: number, w: number, h: number): boolean => {
    const ca = Math.cos(angle), sa = Math.sin(angle);
    const hw = w / 2 + LABEL_MARGIN_MM, hh = h / 2 + LABEL_MARGIN_MM;
    for (let v = -hh; v <= hh + 1e-9; v += g / 2) {
      for (let u = -hw; u <= hw + 1e-9; u += g / 2) {
        const x = cx + u * ca - v * sa, y = cy + u * sa + v * ca;
        const i = Math.floor((x - room.x0) / g), j = Math.floor((y - room.y0) / g);
        if (i < 0 || j < 0 || i >= nx || j >= ny || !cells[j * nx + i]) return false;
        if (room.columnMm(i, j) < ENGRAVING_DEPTH_MM + 1) return false;
      }
    }
    return true;
  };
  for (const capMm of CAP_SIZES_MM) {
    const { width, height } = textOutline(font, lines, capMm);
    const need = Math.ceil((height / 2 + LABEL_MARGIN_MM) / g);
    for (const c of candidates) {
      if (dist[c] < need) break;
      const i = c % nx, j = (c - i) / nx;
      const cx = room.x0 + (i + 0.5) * g, cy = room.y0 + (j + 0.5) * g;
      for (let step = 0; step < 12; step++) {
        const angle = (step * Math.PI) / 12;
        if (fits(cx, cy, angle, width, height)) return { x: cx, y: cy, angle, capMm };
      }
    }
  }
  return null;
}

/** The label's contours in base-plane coordinates, mirrored so that they read right from below the base. */
export function placedContours(font: EngravingFont, lines: readonly string[], place: LabelPlace): SimplePolygon[] {
  const { contours } = textOutline(font, lines, place.capMm);
  const ca = Math.cos(place.angle), sa = Math.sin(place.angle);
  // Seen from below, e1 runs to the left: mirror x, then turn.
  return contours.map((contour) => contour.map(([gx, gy]) => {
    const u = -gx, v = gy;
    return [place.x + u * ca - v * sa, place.y + u * sa + v * ca] as [number, number];
  }));
}
