// `dashboard <folder> [--json | --csv] [--as-of DATE]`: the turnaround dashboard over a folder
// of plan packages, e.g. a DSO lead's with every clinic's, on the same code as the studio's
// (core/dashboard.ts). Every .aligner below the folder is read and checked (package-read.ts);
// one that is encrypted or does not read is named with the reason and left out, never fatal.
// Copies of one case (the case sent and the doctor's response) count once, trails united.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dashboard } from '../../core/dashboard.ts';
import { dashboardCsv } from '../../core/dashboard-csv.ts';
import { casesOfCopies, isSkipped, readForDashboard, type DashboardCopy, type SkippedPackage } from '../../exchange/dashboard-cases.ts';
import { readPackage } from '../../exchange/package-read.ts';
import { PACKAGE_EXTENSION } from '../../exchange/package-types.ts';
import { dashboardText } from '../dashboard-text.ts';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, type CliIO } from '../io.ts';
import type { Command } from './index.ts';

const USAGE = `usage: npm run cli -- dashboard <folder> [--json | --csv] [--as-of DATE]

Reads every plan package (${PACKAGE_EXTENSION}) in the folder and its subfolders and prints the
turnaround dashboard: cases by status, time in each status (median and 90th percentile),
days from records complete to plan sent and from plan sent to approval, the same by clinic
and by doctor, the cases waiting longest for an approved plan with their estimated dropout
risk, and QA failure reasons by frequency. Encrypted or unreadable packages are named on
stderr with the reason and left out.

  --json         the dashboard as JSON (with the packages read and those skipped)
  --csv          the dashboard as CSV, a section per figure
  --as-of DATE   the dashboard as it stood then (ISO date or time, UTC; default now)`;

interface DashboardArgs { folder: string; format: 'text' | 'json' | 'csv'; asOf?: number }

function parseArgs(args: string[]): DashboardArgs | string {
  const folders: string[] = [];
  let format: DashboardArgs['format'] = 'text';
  let asOf: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json' || arg === '--csv') {
      if (format !== 'text') return 'either --json or --csv';
      format = arg === '--json' ? 'json' : 'csv';
    } else if (arg === '--as-of' || arg.startsWith('--as-of=')) {
      const value = arg === '--as-of' ? args[++i] : arg.slice('--as-of='.length);
      asOf = Date.parse(value ?? '');
      if (!Number.isFinite(asOf)) return `--as-of takes an ISO date or time (2026-03-06, 2026-03-06T12:00Z), got ${value ?? 'nothing'}`;
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else folders.push(arg);
  }
  if (folders.length !== 1) return folders.length ? 'one folder at a time' : 'no folder given';
  return { folder: folders[0], format, ...(asOf === undefined ? {} : { asOf }) };
}

/** The package files below `folder`, by path relative to it, in a fixed order; a string says why there are none to read. */
function packageFiles(folder: string): string[] | string {
  try {
    if (!statSync(folder).isDirectory()) return `${folder} is not a folder.`;
    return readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.toLowerCase().endsWith(PACKAGE_EXTENSION) && statSync(join(folder, f)).isFile())
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return `${folder}: cannot read the folder (${code === 'ENOENT' ? 'no such folder' : (e as Error).message}).`;
  }
}

async function readOne(folder: string, file: string): Promise<DashboardCopy | SkippedPackage> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(join(folder, file)));
  } catch (e) {
    return { file, reason: (e as Error).message, encrypted: false };
  }
  return readForDashboard(file, bytes, (name, b) => readPackage(b, { fileName: name }));
}

export async function dashboardCli(args: string[], io: CliIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return EXIT_OK;
  }
  const a = parseArgs(args);
  if (typeof a === 'string') {
    io.err(`dashboard: ${a}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const files = packageFiles(a.folder);
  if (typeof files === 'string' || files.length === 0) {
    io.err(`dashboard: ${typeof files === 'string' ? files : `no ${PACKAGE_EXTENSION} packages in ${a.folder}.`}`);
    return EXIT_BAD_INPUT;
  }
  const reads: (DashboardCopy | SkippedPackage)[] = [];
  for (const file of files) reads.push(await readOne(a.folder, file));
  const skipped = reads.filter(isSkipped).map(({ file, reason }) => ({ file, reason }));
  const read = reads.filter((r): r is DashboardCopy => !isSkipped(r));
  for (const s of skipped) io.err(`skipped ${s.file}: ${s.reason}`);
  if (read.length === 0) {
    io.err(`dashboard: none of the ${files.length} package${files.length === 1 ? '' : 's'} in ${a.folder} could be read.`);
    return EXIT_BAD_INPUT;
  }
  const d = dashboard(casesOfCopies(read), a.asOf ?? Date.now());
  if (a.format === 'json') {
    io.out(JSON.stringify({ folder: a.folder, packages: read.map((r) => r.file), skipped, dashboard: d }, null, 2));
  } else if (a.format === 'csv') {
    io.out(dashboardCsv(d).replace(/\r\n$/, ''));
  } else {
    const source = `${read.length} package${read.length === 1 ? '' : 's'} in ${a.folder}${skipped.length ? ` (${skipped.length} skipped)` : ''}`;
    io.out(dashboardText(d, source).join('\n'));
  }
  return EXIT_OK;
}

export const dashboardCommand: Command = {
  name: 'dashboard',
  summary: 'turnaround dashboard (status, time in status, waiting cases, QA failures) over a folder of packages',
  usage: USAGE,
  run: dashboardCli,
};
