// What a file name tells us: its extension and which jaw the scanner software wrote into
// it (the tooth a per-tooth export carries is numbering.ts's). Guesses only; content always wins.
import type { Jaw } from '../../core/types.ts';

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
