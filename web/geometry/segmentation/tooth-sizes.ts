// Average permanent crown dimensions (mm) by jaw and position 1-8, after the usual
// odontometric tables (Wheeler; Moyers): mesial-distal width decides where one tooth ends
// along the arch, the clinical crown height how far below the tips the gum line can lie.
import type { Jaw } from '../../core/types.ts';
import { positionOf } from '../../core/fdi.ts';

const WIDTH: Record<Jaw, number[]> = {
  upper: [8.6, 6.6, 7.6, 7.0, 6.6, 10.3, 9.3, 8.7],
  lower: [5.3, 5.8, 6.8, 7.1, 7.2, 11.1, 10.4, 10.2],
};

/** Bucco-lingual crown breadth: premolars and molars differ in it more than in width. */
const BREADTH: Record<Jaw, number[]> = {
  upper: [7.0, 6.0, 8.0, 9.0, 9.0, 11.0, 11.0, 10.0],
  lower: [6.0, 6.0, 7.0, 7.5, 8.0, 10.5, 10.0, 9.5],
};

const CROWN_HEIGHT: Record<Jaw, number[]> = {
  upper: [10.5, 9.0, 10.0, 8.5, 7.8, 7.2, 6.8, 6.3],
  lower: [9.0, 9.5, 11.0, 8.5, 8.0, 7.5, 7.0, 6.8],
};

/** Mean mesial-distal crown width of a tooth (mm). */
export function expectedWidth(fdi: number, jaw: Jaw): number {
  return WIDTH[jaw][positionOf(fdi) - 1];
}

/** Mean clinical crown height of a tooth, incisal edge or cusp tip to gum line (mm). */
export function expectedCrownHeight(fdi: number, jaw: Jaw): number {
  return CROWN_HEIGHT[jaw][positionOf(fdi) - 1];
}

/** Mean bucco-lingual crown breadth of a tooth (mm). */
export function expectedBreadth(fdi: number, jaw: Jaw): number {
  return BREADTH[jaw][positionOf(fdi) - 1];
}
