// `inspect <file...>`: what the importer makes of scan files, through the same importFiles
// the browser runs on a drop (same grouping, same checks, same messages). Each group of
// files is reported as soon as it is read, and every file given is named in the output.
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { formatCount } from '../../geometry/import/errors.ts';
import {
  ImportError, checkSizeBeforeReading, groupFiles, groupMembers, importFiles, parseNumbering, unsettledNumbering,
  type ImportedArch, type InputFile, type MeshFormat, type Numbering,
} from '../../geometry/import/index.ts';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, type CliIO } from '../io.ts';
import type { Command } from './index.ts';

const USAGE = `usage: npm run cli -- inspect [--json] [--unit-scale <n>] [--numbering fdi|universal] <file...>

Imports scan files (STL, PLY, OBJ; OBJ + label JSON; per-tooth files) exactly as the
studio does when they are dropped together, and prints what it found.

  --json            print one JSON object instead of text
  --unit-scale <n>  multiply coordinates by n (1000 for metres, 10 for cm, 25.4 for inches)
  --numbering fdi|universal
                    how per-tooth file numbers read when neither their names nor the
                    numbers themselves say (11-17 are valid FDI and Universal numbers)`;

const FORMAT_NAMES: Record<MeshFormat, string> = {
  'stl-binary': 'binary STL', 'stl-ascii': 'ASCII STL', 'ply-binary': 'binary PLY', 'ply-ascii': 'ASCII PLY', obj: 'OBJ',
};

interface InspectArgs { json: boolean; unitScale?: number; numbering?: Numbering; paths: string[] }

function parseArgs(args: string[]): InspectArgs | string {
  const out: InspectArgs = { json: false, paths: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') out.json = true;
    else if (arg === '--unit-scale' || arg.startsWith('--unit-scale=')) {
      const text = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      const scale = Number(text);
      if (text === undefined || !(scale > 0) || !Number.isFinite(scale)) return `--unit-scale needs a positive number, got ${text ?? 'nothing'}`;
      out.unitScale = scale;
    } else if (arg === '--numbering' || arg.startsWith('--numbering=')) {
      const text = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      const numbering = parseNumbering(text);
      if (!numbering) return `--numbering needs fdi or universal, got ${text ?? 'nothing'}`;
      out.numbering = numbering;
    } else if (arg === '--') {
      out.paths.push(...args.slice(i + 1));
      break;
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else out.paths.push(arg);
  }
  if (out.paths.length === 0) return 'no files given';
  return out;
}

function mm(v: number): string {
  return v.toFixed(2);
}

function describeArch(arch: ImportedArch): string[] {
  const r = arch.report;
  const jawFrom = { labels: 'from the label file', 'file-name': 'guessed from the file name', 'tooth-numbers': 'from the tooth numbers', none: '' }[arch.jawSource];
  const lines = [
    r.sourceFiles.join(' + '),
    `  format          ${FORMAT_NAMES[r.format]}`,
    `  triangles       ${formatCount(r.triangles)}`,
    `  vertices        ${formatCount(r.verticesIn)} read, ${formatCount(r.vertices)} after welding`,
    `  bounding box    min ${r.bbox.min.map(mm).join(', ')} mm`,
    `                  max ${r.bbox.max.map(mm).join(', ')} mm`,
    `  size            ${r.sizeMm.map(mm).join(' x ')} mm`,
    `  boundary edges  ${formatCount(r.boundaryEdges)}`,
    `  degenerate      ${formatCount(r.degenerateTriangles)} triangles`,
    `  jaw             ${arch.jaw ? `${arch.jaw} (${jawFrom})` : 'unknown'}`,
    `  teeth (FDI)     ${r.teeth.length ? `${r.teeth.join(' ')} (${r.teeth.length} teeth)` : 'none (not segmented)'}`,
  ];
  if (r.numbering) lines.push(`  numbering       ${r.numbering.message}`);
  if (r.unitScale !== 1) lines.push(`  unit scale      ×${r.unitScale}`);
  return lines;
}

function archJson(arch: ImportedArch) {
  return { jaw: arch.jaw, jawSource: arch.jawSource, ...arch.report };
}

interface Problem { file: string; code: string; message: string; unitGuess?: ImportError['unitGuess'] }

/**
 * Reads one file, refusing it by its size before a byte is read: a 400 MB label file or a
 * 2 GB "scan" must cost a stat, not the process's memory.
 */
function readInput(path: string): InputFile | Problem {
  const name = basename(path);
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { file: path, code: 'unreadable', message: `${path}: cannot read the file (it is a folder).` };
    checkSizeBeforeReading(name, stat.size);
    return { name, bytes: new Uint8Array(readFileSync(path)), folder: basename(dirname(path)) };
  } catch (e) {
    if (e instanceof ImportError) return problemOf(e);
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    return { file: path, code: 'unreadable', message: `${path}: cannot read the file (${why}).` };
  }
}

function problemOf(e: ImportError): Problem {
  return { file: e.fileName, code: e.code, message: e.message, ...(e.unitGuess ? { unitGuess: e.unitGuess } : {}) };
}

export async function inspect(args: string[], io: CliIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return EXIT_OK;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.err(`inspect: ${parsed}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const files: InputFile[] = [];
  const problems: Problem[] = [];
  const arches: ImportedArch[] = [];
  const reportProblem = (p: Problem) => {
    problems.push(p);
    if (parsed.json) return;
    io.err(p.message);
    if (p.unitGuess) io.err(`  to import it in ${p.unitGuess.unit}: add --unit-scale ${p.unitGuess.scale}`);
  };
  for (const path of parsed.paths) {
    const input = readInput(path);
    if ('bytes' in input) files.push(input);
    else reportProblem(input);
  }
  const options = { ...(parsed.unitScale !== undefined ? { unitScale: parsed.unitScale } : {}), ...(parsed.numbering ? { numbering: parsed.numbering } : {}) };
  // Group by group, printed as it goes: what was read is on screen whatever comes next.
  for (const group of groupFiles(files, options)) {
    const members = groupMembers(group);
    const result = importFiles(members, options);
    for (const arch of result.arches) {
      // The studio asks which numbering; here the command line has to say.
      const unsettled = unsettledNumbering(arch.report);
      if (unsettled) {
        reportProblem({ file: arch.report.sourceFiles.join(', '), code: 'numbering', message: unsettled });
        if (!parsed.json) io.err('  say which: add --numbering fdi or --numbering universal');
        continue;
      }
      if (!parsed.json) {
        if (arches.length > 0) io.out('');
        io.out(describeArch(arch).join('\n'));
      }
      arches.push(arch);
    }
    result.errors.forEach((e) => reportProblem(problemOf(e)));
    // A label file whose scan failed, a tooth file of a refused set: named all the same.
    const named = new Set([...result.arches.flatMap((a) => a.report.sourceFiles), ...result.errors.map((e) => e.fileName)]);
    const lead = result.errors[0]?.fileName ?? members[0].name;
    for (const file of members) {
      if (named.has(file.name) || lead === file.name) continue;
      reportProblem({ file: file.name, code: 'not-imported', message: `${file.name}: not imported, because ${lead} beside it could not be.` });
    }
  }
  const failed = problems.length > 0;
  if (parsed.json) {
    io.out(JSON.stringify({ arches: arches.map(archJson), errors: problems }, null, 2));
  }
  return failed ? EXIT_BAD_INPUT : EXIT_OK;
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'import scan files as the studio would and print what was found',
  usage: USAGE,
  run: inspect,
};
