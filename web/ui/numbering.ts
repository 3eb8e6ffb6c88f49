// Tooth numbers as the user chose to read them. The model is always FDI; Universal and
// Palmer are display only (web/core/fdi.ts does the conversion).
import { fdiToPalmer, fdiToUniversal, isRightSide, jawOf, positionOf } from '../core/fdi.ts';

export type NumberingSystem = 'fdi' | 'universal' | 'palmer';
export const NUMBERING_SYSTEMS: readonly { id: NumberingSystem; label: string }[] = [
  { id: 'fdi', label: 'FDI' },
  { id: 'universal', label: 'Universal' },
  { id: 'palmer', label: 'Palmer' },
];
export const NUMBERING_SETTING = 'ui.numbering';

export function isNumberingSystem(value: unknown): value is NumberingSystem {
  return value === 'fdi' || value === 'universal' || value === 'palmer';
}

export function toothNumberText(fdi: number, system: NumberingSystem): string {
  switch (system) {
    case 'fdi': return String(fdi);
    case 'universal': return String(fdiToUniversal(fdi));
    case 'palmer': return fdiToPalmer(fdi);
  }
}

const POSITION_NAMES = ['', 'central incisor', 'lateral incisor', 'canine', 'first premolar',
  'second premolar', 'first molar', 'second molar', 'third molar'];

/** "upper right central incisor": the name a clinician says aloud. */
export function toothName(fdi: number): string {
  return `${jawOf(fdi)} ${isRightSide(fdi) ? 'right' : 'left'} ${POSITION_NAMES[positionOf(fdi)]}`;
}
