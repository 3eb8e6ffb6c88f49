// `inspect <file...>`: what the importer makes of scan files, through the same importFiles
// the browser runs on a drop (same grouping, same checks, same messages).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { formatCount } from '../../geometry/import/errors.ts';
import {
  importFiles, type ImportError, type ImportedArch, type InputFile, type MeshFormat,
} from '../../geometry/import/index.ts';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, type CliIO } from '../io.ts';
import type { Command } from './index.ts';

const USAGE = `usage: npm run cli -- inspect [--json] [--unit-scale <n>] <file...>

Imports scan files (STL, PLY, OBJ; OBJ + label JSON; per-tooth files) exactly as the
studio does when they are dropped together, and prints what it found.

  --json            print one JSON object instead of text
  --unit-scale <n>  multiply coordinates by n (1000 for metres, 10 for cm, 25.4 for inches)`;

const FORMAT_NAMES: Record<MeshFormat, string> = {
  'stl-binary': 'binary STL', 'stl-ascii': 'ASCII STL', 'ply-binary': 'binary PLY', 'ply-ascii': 'ASCII PLY', obj: 'OBJ',
};

interface InspectArgs { json: boolean; unitScale?: number; paths: string[] }

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
  if (r.unitScale !== 1) lines.push(`  unit scale      ×${r.unitScale}`);
  return lines;
}

function errorJson(e: ImportError) {
  return { file: e.fileName, code: e.code, message: e.message, ...(e.unitGuess ? { unitGuess: e.unitGuess } : {}) };
}

function archJson(arch: ImportedArch) {
  return { jaw: arch.jaw, jawSource: arch.jawSource, ...arch.report };
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
  const unreadable: { file: string; message: string }[] = [];
  for (const path of parsed.paths) {
    try {
      files.push({ name: basename(path), bytes: new Uint8Array(readFileSync(path)) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
      unreadable.push({ file: path, message: `${path}: cannot read the file (${why}).` });
    }
  }
  const result = files.length ? importFiles(files, parsed.unitScale !== undefined ? { unitScale: parsed.unitScale } : {}) : { arches: [], errors: [] };
  const failed = unreadable.length > 0 || result.errors.length > 0;

  if (parsed.json) {
    io.out(JSON.stringify({
      arches: result.arches.map(archJson),
      errors: [...unreadable.map((u) => ({ file: u.file, code: 'unreadable', message: u.message })), ...result.errors.map(errorJson)],
    }, null, 2));
    return failed ? EXIT_BAD_INPUT : EXIT_OK;
  }
  result.arches.forEach((arch, i) => {
    if (i > 0) io.out('');
    io.out(describeArch(arch).join('\n'));
  });
  for (const u of unreadable) io.err(u.message);
  for (const e of result.errors) {
    io.err(e.message);
    if (e.unitGuess) io.err(`  to import it in ${e.unitGuess.unit}: add --unit-scale ${e.unitGuess.scale}`);
  }
  return failed ? EXIT_BAD_INPUT : EXIT_OK;
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'import scan files as the studio would and print what was found',
  usage: USAGE,
  run: inspect,
};
