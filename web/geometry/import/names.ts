// What a file name tells us: its extension, which jaw the scanner software wrote into it,
// and which tooth a per-tooth export carries. Guesses only; content always wins.
import type { Jaw } from '../../core/types.ts';
import { isFdi, universalToFdi } from '../../core/fdi.ts';

/** The name without any folder ("scans/upper.stl" -> "upper.stl"). */
export function fileBaseName(name: string): string {
  const cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  return cut >= 0 ? name.slice(cut + 1) : name;
}

/** Lowercase extension without the dot, '' when there is none. */
export function extensionOf(name: string): string {
  const base = fileBaseName(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** Lowercase name without folder and extension, used to pair upper.obj with upper.json. */
export function stemOf(name: string): string {
  const base = fileBaseName(name);
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base).toLowerCase();
}

/** Words of a file name: split at separators, digits and camelCase ("UpperJaw_2" -> upper, jaw). */
function nameWords(name: string): string[] {
  return fileBaseName(name).replace(/\.[^.]*$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0);
}

// Words scanner software and labs write into arch file names (English, Latin, German,
// Romance languages). 'ok'/'uk' are the German Oberkiefer/Unterkiefer abbreviations.
const UPPER_WORDS = new Set(['upper', 'max', 'oberkiefer', 'ok', 'uj', 'u', 'superior']);
const LOWER_WORDS = new Set(['lower', 'mand', 'unterkiefer', 'uk', 'lj', 'l', 'inferior']);

function jawOfWord(word: string): Jaw | null {
  if (UPPER_WORDS.has(word) || word.startsWith('maxill') || word.startsWith('upper')) return 'upper';
  if (LOWER_WORDS.has(word) || word.startsWith('mandib') || word.startsWith('lower')) return 'lower';
  return null;
}

/** Jaw named in a file name ("Patient_UpperJaw.stl", "scan_u.ply", "Unterkiefer.obj"); null when none or both. */
export function guessJawFromName(fileName: string): Jaw | null {
  let found: Jaw | null = null;
  for (const word of nameWords(fileName)) {
    const jaw = jawOfWord(word);
    if (jaw === null) continue;
    if (found !== null && found !== jaw) return null;
    found = jaw;
  }
  return found;
}

export interface ToothFromName {
  fdi: number;
  numbering: 'fdi' | 'universal';
}

// Universal needs its marker ("u8", "universal_8", "tooth-u8"): a bare 8 is never a tooth.
const UNIVERSAL = /(?:^|[^a-z])(?:u|universal)[-_ ]?(\d{1,2})$/;
// FDI after a tooth word ("tooth21", "crown-21", "fdi_21", "t21", "tooth_11_prep").
const FDI_AFTER_WORD = /(?:^|[^a-z])(?:tooth|teeth|crown|zahn|fdi|t)[-_ ]?(\d{2})(?!\d)/;

/**
 * The tooth a per-tooth file carries, from its name: FDI ("21.stl", "crown-21.stl",
 * "tooth_11.stl") or Universal with a 'u' marker ("U8.stl", "universal_8.stl",
 * "tooth-u8.stl"). A bare two-digit number counts only when it is the name's only number,
 * so "scan_2023_11.stl" is not tooth 11. Palmer names ("UR1") are not read.
 */
export function toothFromFileName(fileName: string): ToothFromName | null {
  const stem = stemOf(fileName).trim();
  const universal = UNIVERSAL.exec(stem);
  if (universal) {
    const u = Number(universal[1]);
    return u >= 1 && u <= 32 ? { fdi: universalToFdi(u), numbering: 'universal' } : null;
  }
  const afterWord = FDI_AFTER_WORD.exec(stem);
  if (afterWord) {
    const fdi = Number(afterWord[1]);
    return isFdi(fdi) ? { fdi, numbering: 'fdi' } : null;
  }
  const numbers = stem.match(/\d+/g) ?? [];
  if (numbers.length !== 1 || numbers[0].length !== 2) return null;
  const fdi = Number(numbers[0]);
  return isFdi(fdi) ? { fdi, numbering: 'fdi' } : null;
}
