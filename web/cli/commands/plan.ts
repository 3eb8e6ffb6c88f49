// `plan <demo | labelled scan files> --auto [--pattern NAME] [--json]`: auto-setup, staging
// and final-stage collisions from a terminal, so labs can batch-check cases with the
// numbers the studio shows. The work is web/cli/plan-case.ts; this file reads the input,
// runs it on the WASM engine and prints.
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { jawOf, isFdi } from '../../core/fdi.ts';
import type { Jaw } from '../../core/types.ts';
import { STAGING_PATTERNS, planFromJson, type Plan, type StagingPattern } from '../../core/plan.ts';
import { DEFAULT_PROTOCOL } from '../../core/protocol.ts';
import { generateDemoCase } from '../../geometry/demo/index.ts';
import { importFiles, parseNumbering, unsettledNumbering, type InputFile, type Numbering } from '../../geometry/import/index.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import type { Engine } from '../../engine/engine.ts';
import { createWasmEngine } from '../../engine/wasm.ts';
import { planCase, type PlanCaseReport } from '../plan-case.ts';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, type CliIO } from '../io.ts';
import type { Command } from './index.ts';

/** Patterns a command line can ask for; 'manual' needs per-tooth starts, which only the studio sets. */
const CLI_PATTERNS: readonly StagingPattern[] = STAGING_PATTERNS.filter((p) => p !== 'manual');

const USAGE = `usage: npm run cli -- plan <demo | labelled scan files> --auto [--pattern NAME] [--numbering fdi|universal] [--json]

Runs auto-setup on labelled arches (OBJ + label JSON, as segment writes them; or per-tooth
files, both jaws' together) or on the bundled demo case, stages it with the default protocol and checks every stage for
neighbour and antagonist overlaps with the planned IPR done, as the studio does, with the
WASM engine (build it first: npm run asbuild).

  --auto            propose the final setup automatically (the only mode for now)
  --pattern NAME    staging pattern: ${CLI_PATTERNS.join(' | ')} (default all-together)
  --numbering fdi|universal
                    how per-tooth file numbers read when neither their names nor the
                    numbers themselves say (11-17 are valid FDI and Universal numbers)
  --json            print one JSON object instead of text`;

interface PlanArgs { demo: boolean; paths: string[]; auto: boolean; pattern: StagingPattern; json: boolean; numbering?: Numbering }

function parseArgs(args: string[]): PlanArgs | string {
  const out: PlanArgs = { demo: false, paths: [], auto: false, pattern: 'all-together', json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--auto') out.auto = true;
    else if (arg === '--json') out.json = true;
    else if (arg === '--pattern' || arg.startsWith('--pattern=')) {
      const name = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (!CLI_PATTERNS.includes(name as StagingPattern)) return `unknown pattern ${name ?? '(none given)'}; use one of ${CLI_PATTERNS.join(', ')}`;
      out.pattern = name as StagingPattern;
    } else if (arg === '--numbering' || arg.startsWith('--numbering=')) {
      const text = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      const numbering = parseNumbering(text);
      if (!numbering) return `--numbering needs fdi or universal, got ${text ?? 'nothing'}`;
      out.numbering = numbering;
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (arg === 'demo') out.demo = true;
    else out.paths.push(arg);
  }
  if (!out.demo && out.paths.length === 0) return 'no case given: name scan files, or demo';
  if (out.demo && out.paths.length > 0) return 'either demo or scan files, not both';
  if (!out.auto) return 'only auto-setup plans can be made here: add --auto (manual setups are made in the studio)';
  return out;
}

function jawOfLabels(mesh: LabelledMesh): Jaw | null {
  const fdi = mesh.labels?.find((l) => l !== 0 && isFdi(l));
  return fdi === undefined ? null : jawOf(fdi);
}

/** The labelled arches in the files, or the message to print and exit 1 with. */
export function readArches(paths: string[], numbering?: Numbering): Partial<Record<Jaw, LabelledMesh>> | string[] {
  const files: InputFile[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    try {
      files.push({ name: basename(path), bytes: new Uint8Array(readFileSync(path)), folder: basename(dirname(path)) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push(`${path}: cannot read the file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message}).`);
    }
  }
  if (problems.length) return problems;
  const result = importFiles(files, numbering ? { numbering } : {});
  problems.push(...result.errors.map((e) => e.message));
  const arches: Partial<Record<Jaw, LabelledMesh>> = {};
  for (const arch of result.arches) {
    const name = arch.report.sourceFiles.join(' + ');
    const jaw = arch.jaw ?? jawOfLabels(arch.mesh);
    const unsettled = unsettledNumbering(arch.report);
    if (unsettled) problems.push(`${unsettled} Say which: add --numbering fdi or --numbering universal.`);
    else if (!arch.mesh.labels || arch.report.teeth.length === 0 || !jaw) {
      problems.push(`${name}: the scan is not segmented (no tooth labels). Run \`npm run cli -- segment ${arch.report.sourceFiles[0]} --out <labels.json>\` first, then plan the scan together with its labels.`);
    } else if (arches[jaw]) problems.push(`${name}: a second ${jaw} arch; give one upper and/or one lower.`);
    else arches[jaw] = arch.mesh;
  }
  if (problems.length === 0 && !arches.upper && !arches.lower) problems.push('no arch scan found in the files.');
  return problems.length ? problems : arches;
}

/** Fixed digits, without a '-0.00' for a value that rounds to zero. */
const f = (v: number, digits = 2) => (Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v).toFixed(digits);

/** The same width for each, so the labels line up; words, not colours, in any terminal or log. */
const CHECK_WORD = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const;

function describe(source: string, r: PlanCaseReport): string[] {
  const lines = [`${source}: auto-setup, ${r.pattern} staging, ${r.backend} engine`];
  for (const [jaw, n] of Object.entries(r.aligners)) lines.push(`aligners ${jaw.padEnd(6)}  ${n}`);
  lines.push(`duration        ${r.durationDays} days (${r.wearDays} days per aligner)`, '', 'final movement  mesial  buccal  extr    tip  torque  rot   stages');
  for (const t of r.teeth) {
    const m = t.final;
    const stages = t.active ? `${t.start + 1}-${t.start + t.active}` : '-';
    lines.push(`  ${t.fdi}            ${[m.mesial, m.buccal, m.extrusion].map((v) => f(v).padStart(6)).join('  ')}  ${[m.tip, m.torque, m.rotation].map((v) => f(v, 1).padStart(5)).join('  ')}  ${stages}`);
  }
  lines.push('', 'largest step per stage (limit)');
  for (const [k, s] of Object.entries(r.largestSteps)) lines.push(`  ${k.padEnd(10)}  ${f(s.step, 3)} (${s.limit})`);
  lines.push('', `final-stage overlaps, planned IPR done${r.finalOverlaps.length ? '' : ': none'}`);
  for (const o of r.finalOverlaps) lines.push(`  ${o.a}-${o.b}  ${o.kind.padEnd(10)}  ${f(o.overlapMm)} mm${o.iprMm ? ` (after ${f(o.iprMm, 1)} mm IPR)` : ''}`);
  lines.push(`final-stage occlusal contacts (within 1 mm)${r.finalOcclusion.length ? '' : ': none'}`);
  for (const c of r.finalOcclusion) lines.push(`  ${c.a}-${c.b}  ${f(c.distanceMm)} mm`);
  lines.push(`IPR${r.ipr.length ? '' : ': none'}`);
  for (const p of r.ipr) lines.push(`  ${p.a}-${p.b}  ${f(p.amountMm, 1)} mm before aligner ${p.stage + 1} (${p.source})${p.aboveMax ? '  ABOVE PROTOCOL MAXIMUM' : ''}`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  lines.push('', 'checks');
  for (const c of r.checklist) lines.push(`  ${CHECK_WORD[c.status]}  ${c.label}: ${c.detail}`);
  return lines;
}

export async function plan(args: string[], io: CliIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return EXIT_OK;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.err(`plan: ${parsed}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const arches = parsed.demo
    ? Object.fromEntries(Object.entries(generateDemoCase().arches).map(([j, a]) => [j, a.mesh])) as Partial<Record<Jaw, LabelledMesh>>
    : readArches(parsed.paths, parsed.numbering);
  if (Array.isArray(arches)) {
    for (const p of arches) io.err(p);
    return EXIT_BAD_INPUT;
  }
  let engine: Engine;
  try {
    engine = await createWasmEngine();
  } catch (e) {
    io.err(`plan: the WASM engine is not available (${(e as Error).message}); build it with npm run asbuild.`);
    return EXIT_BAD_INPUT;
  }
  let report: PlanCaseReport;
  try {
    report = await planCase({ arches, pattern: parsed.pattern, protocol: DEFAULT_PROTOCOL }, engine);
  } catch (e) {
    io.err(`plan: ${(e as Error).message}`);
    return EXIT_BAD_INPUT;
  } finally {
    engine.dispose();
  }
  const source = parsed.demo ? 'demo case' : parsed.paths.map((p) => basename(p)).join(' + ');
  if (parsed.json) io.out(JSON.stringify({ case: source, ...report }, null, 2));
  else io.out(describe(source, report).join('\n'));
  return EXIT_OK;
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'auto-setup and stage a case (demo or labelled scans) and report steps, overlaps, IPR and the sanity checks',
  usage: USAGE,
  run: plan,
};

/** A plan saved from the studio (JSON); a string says why the file is not one. */
export function readPlanFile(path: string): Plan | string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return `${path}: cannot read the file (${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}).`;
  }
  try {
    return planFromJson(JSON.parse(text));
  } catch (e) {
    return `${path}: not a plan the studio can read (${(e as Error).message}).`;
  }
}
