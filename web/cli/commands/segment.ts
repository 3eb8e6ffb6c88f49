// `segment <scan> [--jaw upper|lower] --out <labels.json>`: the studio's automatic
// segmentation from a terminal. The same importFiles as a browser drop (STL welded, OBJ and
// PLY in their own vertex order) and the same segmentArch as the segmentation worker, so
// the labels written here are the ones the studio would propose.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { archOrder, isFdi } from '../../core/fdi.ts';
import { JAWS, type Jaw } from '../../core/types.ts';
import { importFiles } from '../../geometry/import/index.ts';
import { stemOf } from '../../geometry/import/names.ts';
import { segmentArch } from '../../geometry/segmentation/index.ts';
import { estimateArchFrame } from '../../geometry/segmentation/arch-frame.ts';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, type CliIO } from '../io.ts';
import type { Command } from './index.ts';

const USAGE = `usage: npm run cli -- segment <scan> [--jaw upper|lower] [--unit-scale <n>] [--anchor <fdi>@x,y,z] --out <labels.json>

Segments one arch scan (STL, PLY or OBJ) automatically and writes per-vertex FDI labels
(0 = gingiva) in the Teeth3DS layout {id_patient, jaw, labels, instances}. Vertex order is
the imported mesh's: welded for STL, the file's own for OBJ and PLY.

  --jaw <upper|lower>  which arch (default: from the file name, else from the scan's palate)
  --unit-scale <n>     multiply coordinates by n (1000 for metres, 10 for cm, 25.4 for inches)
  --anchor <fdi>@x,y,z a tooth you know: the crown nearest the point (mm, in the scan's own
                       frame, after --unit-scale) gets that FDI number and the others are
                       numbered from it (e.g. --anchor 11@1.5,-20,3); for scans whose numbers
                       the segmentation reports as uncertain
  --out <file>         where to write the labels JSON`;

interface SegmentArgs { scan: string; jaw?: Jaw; unitScale?: number; out: string; anchor?: { fdi: number; point: [number, number, number] } }

const NUMBER = '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?';
const ANCHOR = new RegExp(`^(\\d{2})@(${NUMBER}),(${NUMBER}),(${NUMBER})$`);

/** `11@1.5,-20,3` -> tooth 11 at (1.5, -20, 3) mm; a message when malformed. */
export function parseAnchor(v: string | undefined): SegmentArgs['anchor'] | string {
  const m = v === undefined ? null : ANCHOR.exec(v.trim());
  if (!m) return `--anchor needs a tooth number and a point in mm, as 11@1.5,-20,3; got ${v ?? 'nothing'}`;
  const fdi = Number(m[1]);
  if (!isFdi(fdi)) return `--anchor: ${m[1]} is not an FDI tooth number (11-18, 21-28, 31-38, 41-48)`;
  return { fdi, point: [Number(m[2]), Number(m[3]), Number(m[4])] };
}

function parseArgs(args: string[]): SegmentArgs | string {
  const paths: string[] = [];
  let jaw: Jaw | undefined, unitScale: number | undefined, out: string | undefined, anchor: SegmentArgs['anchor'];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--jaw') {
      const v = value();
      if (!JAWS.includes(v as Jaw)) return `--jaw needs upper or lower, got ${v ?? 'nothing'}`;
      jaw = v as Jaw;
    } else if (flag === '--unit-scale') {
      const v = value();
      const n = Number(v);
      if (v === undefined || !(n > 0) || !Number.isFinite(n)) return `--unit-scale needs a positive number, got ${v ?? 'nothing'}`;
      unitScale = n;
    } else if (flag === '--anchor') {
      const a = parseAnchor(value());
      if (typeof a === 'string') return a;
      anchor = a;
    } else if (flag === '--out') {
      out = value();
      if (!out) return '--out needs a file name';
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else paths.push(arg);
  }
  if (paths.length !== 1) return paths.length === 0 ? 'no scan given' : `one scan at a time, got ${paths.length}`;
  if (!out) return 'no --out file given';
  return { scan: paths[0], jaw, unitScale, out, anchor };
}

/** Teeth3DS layout: `instances` numbers the teeth 1..n along the arch from the patient's right. */
export function labelsJson(idPatient: string, jaw: Jaw, labels: Uint8Array): { id_patient: string; jaw: Jaw; labels: number[]; instances: number[] } {
  const present = new Set(labels);
  const instanceOf = new Map(archOrder(jaw).filter((fdi) => present.has(fdi)).map((fdi, i) => [fdi, i + 1]));
  return {
    id_patient: idPatient,
    jaw,
    labels: Array.from(labels),
    instances: Array.from(labels, (l) => instanceOf.get(l) ?? 0),
  };
}

export async function segment(args: string[], io: CliIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return EXIT_OK;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.err(`segment: ${parsed}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(parsed.scan));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    io.err(`${parsed.scan}: cannot read the file (${why}).`);
    return EXIT_BAD_INPUT;
  }
  const name = basename(parsed.scan);
  const started = performance.now();
  const result = importFiles([{ name, bytes }], parsed.unitScale !== undefined ? { unitScale: parsed.unitScale } : {});
  if (result.arches.length === 0) {
    for (const e of result.errors) {
      io.err(e.message);
      if (e.unitGuess) io.err(`  to import it in ${e.unitGuess.unit}: add --unit-scale ${e.unitGuess.scale}`);
    }
    if (result.errors.length === 0) io.err(`${name}: no arch scan found in the file.`);
    return EXIT_BAD_INPUT;
  }
  const arch = result.arches[0];
  let jaw = parsed.jaw ?? arch.jaw ?? undefined;
  if (!jaw) {
    const guess = estimateArchFrame(arch.mesh).jawGuess;
    if (guess === 'unknown') {
      io.err(`segment: cannot tell whether ${name} is an upper or a lower arch; add --jaw upper or --jaw lower.`);
      return EXIT_USAGE;
    }
    jaw = guess;
  }
  if (parsed.anchor && !archOrder(jaw).includes(parsed.anchor.fdi)) {
    io.err(`segment: --anchor names tooth ${parsed.anchor.fdi}, which is not on the ${jaw} arch of ${name}.`);
    return EXIT_USAGE;
  }
  const seg = segmentArch(arch.mesh, { jaw, anchor: parsed.anchor });
  const seconds = (performance.now() - started) / 1000;
  const teeth = seg.seeds.map((s) => s.fdi);
  try {
    writeFileSync(parsed.out, JSON.stringify(labelsJson(stemOf(name), jaw, seg.vertexLabels)));
  } catch (e) {
    io.err(`${parsed.out}: cannot write the labels (${(e as Error).message}).`);
    return EXIT_BAD_INPUT;
  }
  io.out(`${name}: ${jaw} arch, ${arch.mesh.positions.length / 3} vertices, ${arch.mesh.indices.length / 3} triangles`);
  io.out(`teeth found   ${teeth.length ? `${teeth.join(' ')} (${teeth.length} teeth)` : 'none'}`);
  if (parsed.anchor) io.out(`anchor        tooth ${parsed.anchor.fdi} at ${parsed.anchor.point.join(', ')} mm: numbered from it`);
  for (const w of seg.warnings) io.out(`warning       ${w}`);
  io.out(`time          ${seconds.toFixed(1)} s (import and segmentation)`);
  io.out(`labels        ${parsed.out}`);
  return EXIT_OK;
}

export const segmentCommand: Command = {
  name: 'segment',
  summary: 'segment an arch scan automatically and write per-vertex FDI labels (JSON)',
  usage: USAGE,
  run: segment,
};
