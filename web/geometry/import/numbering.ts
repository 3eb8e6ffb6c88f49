// Which numbering a set of per-tooth files uses. Labs export FDI ("tooth_21.stl"), US
// datasets Universal ("tooth_8.stl", "tooth_31.stl"), often with no marker at all, so the
// set of numbers decides: a 3 or a 30 cannot be FDI, a 41 cannot be Universal. Where every
// number reads both ways (11-17 only) a marker in the file or folder names decides, else the
// caller's choice, else the set stays FDI and is flagged so the planner is asked.
import { isFdi, universalToFdi } from '../../core/fdi.ts';
import { fileBaseName, stemOf } from './names.ts';

export type Numbering = 'fdi' | 'universal';

export const NUMBERING_NAMES: Record<Numbering, string> = { fdi: 'FDI (11-48)', universal: 'Universal (1-32)' };

/** A tooth number as written in a file name, and the numbering the name itself claims. */
export interface NamedNumber { number: number; marker: Numbering | null }

// Words that say the numbering: "universal/", "UNN_8.stl", "teeth_fdi/", "ISO-21.stl".
const UNIVERSAL_WORDS = new Set(['universal', 'uni', 'unn', 'uns']);
const FDI_WORDS = new Set(['fdi', 'iso']);

/** Universal's own 'u' before the number ("U8.stl", "tooth-u8.stl"), as before. */
const U_PREFIX = /(?:^|[^a-z])(?:u|universal|uni|unn|uns)[-_ ]?(\d{1,2})$/;
const FDI_PREFIX = /(?:^|[^a-z])(?:fdi|iso)[-_ ]?(\d{1,2})(?!\d)/;
const TOOTH_WORD = /(?:^|[^a-z])(?:tooth|teeth|crown|zahn|dent)[-_ ]?(\d{1,2})(?!\d)/;
// A bare 't' needs two digits: "upper_t1.stl" is a scan at timepoint 1, not tooth 1.
const T_WORD = /(?:^|[^a-z])t[-_ ]?(\d{2})(?!\d)/;

function pathWords(path: string): string[] {
  return path.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 0);
}

/** The numbering the words of a path name, or null when none or both. */
function markerOf(path: string): Numbering | null {
  let found: Numbering | null = null;
  for (const word of pathWords(path)) {
    const said = UNIVERSAL_WORDS.has(word) ? 'universal' : FDI_WORDS.has(word) ? 'fdi' : null;
    if (said === null) continue;
    if (found !== null && found !== said) return null;
    found = said;
  }
  return found;
}

/**
 * The tooth number a file name carries, unconverted, with any numbering its name or
 * `folder` states. A number alone in a longer name ("scan_21.stl") counts only when it
 * has two digits and is a valid FDI number, so "upper-arch-01.stl" and
 * "scan_2023_11_04.stl" are not teeth. Palmer names ("UR1") are not read.
 */
export function numberInFileName(fileName: string, folder = ''): NamedNumber | null {
  const stem = stemOf(fileName).trim();
  const place = `${folder}/${fileName.slice(0, fileName.length - fileBaseName(fileName).length)}`;
  const u = U_PREFIX.exec(stem);
  if (u) return { number: Number(u[1]), marker: 'universal' };
  const f = FDI_PREFIX.exec(stem);
  if (f) return { number: Number(f[1]), marker: 'fdi' };
  const marker = markerOf(`${place}/${stem}`);
  const word = TOOTH_WORD.exec(stem) ?? T_WORD.exec(stem);
  if (word) return { number: Number(word[1]), marker };
  if (/^\d{1,2}$/.test(stem)) return { number: Number(stem), marker };
  const numbers = stem.match(/\d+/g) ?? [];
  if (numbers.length !== 1 || numbers[0].length !== 2 || !isFdi(Number(numbers[0]))) return null;
  return { number: Number(numbers[0]), marker };
}

export function validIn(numbering: Numbering, n: number): boolean {
  return numbering === 'fdi' ? isFdi(n) : Number.isInteger(n) && n >= 1 && n <= 32;
}

export function toFdi(numbering: Numbering, n: number): number {
  return numbering === 'fdi' ? n : universalToFdi(n);
}

/** How a set's numbering was settled; plain data, it crosses the import worker. */
export interface NumberingReport {
  numbering: Numbering | 'mixed';
  /** names: a marker in the file or folder names; numbers: some number reads only one way; chosen: the caller's option; assumed: FDI for want of anything better. */
  source: 'names' | 'numbers' | 'chosen' | 'assumed';
  /** Every number reads both ways and nothing said which: the planner has to confirm. */
  ambiguous: boolean;
  /** No name says and every number reads both ways, so either choice is possible. */
  eitherWay: boolean;
  /** One sentence naming the numbering and each file's FDI number. */
  message: string;
}

export interface NumberedFile<F> { file: F; number: number; fdi: number; numbering: Numbering }

export interface NumberingDecision<F> {
  teeth: NumberedFile<F>[];
  /** Files left out, each with the sentence after "<file>: ". */
  refused: { file: F; problem: string }[];
  /** The whole set could not be read (FDI-only and Universal-only numbers together, no marker). */
  conflict: string | null;
  numbering: Numbering | 'mixed';
  source: NumberingReport['source'];
  ambiguous: boolean;
  eitherWay: boolean;
  /** Why, as a clause after the numbering's name (", since 3 cannot be FDI"). */
  why: string;
}

const list = (ns: number[]) => [...new Set(ns)].sort((a, b) => a - b).join(', ');

/**
 * Settles the numbering of a per-tooth set. Files whose name states a numbering keep it; the
 * others follow the names that state one, else `chosen`, else their numbers. A number valid in
 * neither numbering (0, 49, 50) leaves its file out with a message naming it.
 */
export function decideNumbering<F extends { name: string }>(entries: { file: F; named: NamedNumber }[], chosen?: Numbering): NumberingDecision<F> {
  const refused: { file: F; problem: string }[] = [];
  const teeth: NumberedFile<F>[] = [];
  const take = (file: F, number: number, numbering: Numbering) => teeth.push({ file, number, fdi: toFdi(numbering, number), numbering });
  const markers = new Set(entries.map((e) => e.named.marker).filter((m): m is Numbering => m !== null));
  const setMarker = markers.size === 1 ? [...markers][0] : null;
  const unmarked = entries.filter((e) => e.named.marker === null);
  let numbering: Numbering = setMarker ?? chosen ?? 'fdi';
  let source: NumberingReport['source'] = setMarker || unmarked.length === 0 ? 'names' : chosen ? 'chosen' : 'assumed';
  let why = setMarker ? ', as the file or folder names say' : chosen ? ', as chosen' : '';
  let conflict: string | null = null;
  const eitherWay = markers.size === 0 && unmarked.every((e) => validIn('fdi', e.named.number) === validIn('universal', e.named.number));
  let ambiguous = false;
  if (!setMarker && !chosen && unmarked.length > 0) {
    const valid = unmarked.filter((e) => validIn('fdi', e.named.number) || validIn('universal', e.named.number));
    const fdiOnly = valid.filter((e) => !validIn('universal', e.named.number));
    const universalOnly = valid.filter((e) => !validIn('fdi', e.named.number));
    if (fdiOnly.length > 0 && universalOnly.length > 0) {
      const a = universalOnly[0];
      const b = fdiOnly[0];
      conflict = `the tooth numbers do not fit one numbering: ${a.file.name} (${a.named.number}) can only be Universal (1-32) and ${b.file.name} (${b.named.number}) only FDI (11-48); rename the files so they use one numbering.`;
    } else if (universalOnly.length > 0) {
      numbering = 'universal';
      source = 'numbers';
      why = `, since ${list(universalOnly.map((e) => e.named.number))} cannot be FDI numbers`;
    } else if (fdiOnly.length > 0) {
      source = 'numbers';
      why = `, since ${list(fdiOnly.map((e) => e.named.number))} cannot be Universal numbers`;
    } else {
      ambiguous = valid.length > 0;
      why = ' for now: every number is valid in FDI and in Universal numbering, and no file or folder name says which';
    }
  }
  // In drop order, so of two files for one tooth the first dropped is kept.
  for (const { file, named } of entries) {
    if (named.marker !== null) {
      if (validIn(named.marker, named.number)) take(file, named.number, named.marker);
      else refused.push({ file, problem: `its name says ${NUMBERING_NAMES[named.marker]} numbering, but ${named.number} is not a tooth number there; the file was left out.` });
      continue;
    }
    if (conflict) continue;
    if (validIn(numbering, named.number)) { take(file, named.number, numbering); continue; }
    const neither = !validIn('fdi', named.number) && !validIn('universal', named.number);
    refused.push({ file, problem: neither
      ? `${named.number} is not a tooth number in FDI (11-48) or Universal (1-32) numbering; the file was left out.`
      : `${named.number} is not a tooth number in ${NUMBERING_NAMES[numbering]} numbering, which the set was read in${why}; the file was left out.` });
  }
  const used = new Set(teeth.map((t) => t.numbering));
  return { teeth, refused, conflict, numbering: used.size > 1 ? 'mixed' : numbering, source, ambiguous, eitherWay, why };
}

/** The sentence shown with an arch made of tooth files: the numbering and each file's FDI number. */
export function numberingReport<F extends { name: string }>(decision: NumberingDecision<F>, teeth: NumberedFile<F>[]): NumberingReport {
  const { numbering, source, ambiguous, eitherWay, why } = decision;
  let message: string;
  if (numbering === 'mixed') {
    message = `Tooth numbers read as each file name says: ${teeth.map((t) => `${t.file.name} is ${t.fdi} (${t.numbering === 'fdi' ? 'FDI' : `Universal ${t.number}`})`).join(', ')}.`;
  } else if (numbering === 'universal') {
    message = `Tooth numbers read as ${NUMBERING_NAMES.universal}${why}: ${teeth.map((t) => `${t.file.name} is ${t.fdi}`).join(', ')} (FDI).`;
  } else {
    message = `Tooth numbers read as ${NUMBERING_NAMES.fdi}${why}: ${teeth.map((t) => t.fdi).join(', ')}.`;
  }
  return { numbering, source, ambiguous, eitherWay, message };
}

/** "fdi" or "universal" as a person types it on a command line ("FDI", "iso", "UNN"); null otherwise. */
export function parseNumbering(text: string | undefined): Numbering | null {
  const t = (text ?? '').trim().toLowerCase();
  if (t === 'fdi' || t === 'iso') return 'fdi';
  if (t === 'universal' || t === 'uni' || t === 'unn' || t === 'uns') return 'universal';
  return null;
}

export interface ToothFromName {
  fdi: number;
  numbering: Numbering;
}

/**
 * The tooth one file name carries when read on its own, as a set of one: "tooth_8.stl" is
 * Universal 8 (FDI 11), "tooth_21.stl" FDI 21 (it could be Universal too; a set decides),
 * "U8.stl" Universal by its marker. Null when the name carries no tooth number.
 */
export function toothFromFileName(fileName: string): ToothFromName | null {
  const named = numberInFileName(fileName);
  if (!named) return null;
  const [tooth] = decideNumbering([{ file: { name: fileName }, named }]).teeth;
  return tooth ? { fdi: tooth.fdi, numbering: tooth.numbering } : null;
}

/**
 * For a caller that cannot ask the planner (the CLI): the sentence refusing an arch whose
 * tooth numbers read both ways with nothing to say which; null when its numbering is settled.
 */
export function unsettledNumbering(report: { sourceFiles: string[]; teeth: number[]; numbering?: NumberingReport }): string | null {
  if (!report.numbering?.ambiguous) return null;
  const files = report.sourceFiles;
  const name = files.length > 1 ? `${files[0]} and ${files.length - 1} other tooth files` : files[0];
  return `${name}: the tooth numbers ${report.teeth.join(', ')} are valid in FDI (11-48) and in Universal (1-32) numbering alike, and no file or folder name says which one they use.`;
}
