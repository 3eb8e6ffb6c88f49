// `report <demo | package.aligner | labelled scan files> --out report.pdf`: the treatment
// report as the studio makes it (web/report), for a lab or an auditor without a browser. A
// package brings its own plan, approvals and audit trail; scans are planned by auto-setup (as
// `plan --auto` does) or given a plan saved from the studio. The CSVs go beside the PDF.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Jaw } from '../../core/types.ts';
import type { Plan } from '../../core/plan.ts';
import { planContentHash } from '../../core/plan-hash.ts';
import { approvalStanding, standingApproval, voidText } from '../../core/approval-standing.ts';
import type { AuditEvent } from '../../core/audit.ts';
import { generateDemoCase } from '../../geometry/demo/index.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import { archPlanParts } from '../../geometry/setup/plan-parts.ts';
import { decodeSegmentationRecord } from '../../geometry/segmentation-record.ts';
import { meshContentHash } from '../../exchange/mesh-codec.ts';
import type { ReadPackage } from '../../exchange/package-types.ts';
import { approvalTrust, formatFingerprint } from '../../exchange/signing.ts';
import { createWasmEngine } from '../../engine/wasm.ts';
import { plannedCase } from '../../pipeline/planned-case.ts';
import { derivePlan, type PreparedCase } from '../../pipeline/derive.ts';
import { makeReport, reportFileName } from '../../report/report.ts';
import type { ReportApproval, ReportPlan } from '../../report/report-data.ts';
import type { Paper } from '../../report/report-model.ts';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, type CliIO } from '../io.ts';
import { meshHashesOf, openPackage, readChecked } from '../package-check.ts';
import { reportFonts } from '../report-fonts.ts';
import { readArches, readPlanFile } from './plan.ts';
import type { Command } from './index.ts';

const USAGE = `usage: npm run cli -- report <demo | package.aligner | labelled scan files> --out report.pdf [--plan plan.json] [--key KEY] [--paper a4|letter] [--no-csv]

Writes the treatment report as a PDF (cover with the approval, summary, pictures of the
initial and final teeth, movement table, IPR chart, attachment chart, staging chart, space
and Bolton analysis, warnings and the sanity checklist, the audit summary and the plan's
content hash), and beside it <name>-movements.csv, <name>-ipr.csv and <name>-attachments.csv.

  --out FILE    the PDF to write
  --plan FILE   for scan files: a plan saved from the studio (default: auto-setup)
  --key KEY     for an encrypted package: the key=... part of its share link
  --paper       a4 (default) or letter
  --no-csv      the PDF only`;

interface ReportArgs { demo: boolean; paths: string[]; out?: string; plan?: string; key?: string; paper: Paper; csv: boolean }

function parseArgs(args: string[]): ReportArgs | string {
  const out: ReportArgs = { demo: false, paths: [], paper: 'a4', csv: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (name: string): string | undefined => (arg.startsWith(`${name}=`) ? arg.slice(name.length + 1) : args[++i]);
    if (arg === '--out' || arg.startsWith('--out=')) out.out = value('--out');
    else if (arg === '--plan' || arg.startsWith('--plan=')) out.plan = value('--plan');
    else if (arg === '--key' || arg.startsWith('--key=')) out.key = value('--key');
    else if (arg === '--paper' || arg.startsWith('--paper=')) {
      const paper = value('--paper');
      if (paper !== 'a4' && paper !== 'letter') return `--paper is a4 or letter, got ${paper ?? 'nothing'}`;
      out.paper = paper;
    } else if (arg === '--no-csv') out.csv = false;
    else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (arg === 'demo') out.demo = true;
    else out.paths.push(arg);
  }
  if (!out.demo && out.paths.length === 0) return 'no case given: name a package, labelled scan files, or demo';
  if (out.demo && out.paths.length > 0) return 'either demo or files, not both';
  if (!out.out) return 'no --out file given';
  if (!out.out.toLowerCase().endsWith('.pdf')) return `--out names the PDF to write (a .pdf file), got ${out.out}`;
  return out;
}

/** The approval that stands as the report states it: held against the working plan, its key checked (no list of known keys here). */
async function packageApproval(pkg: ReadPackage, plan: Plan): Promise<ReportApproval> {
  const a = standingApproval(pkg.decisions);
  if (!a) return { state: 'not approved' };
  const fingerprint = formatFingerprint(a.fingerprint);
  if ((await approvalTrust(a, [])).state === 'invalid') return { state: 'invalid', signer: a.signer, at: a.at, fingerprint };
  const standing = approvalStanding(a, plan, meshHashesOf(pkg), pkg.versions.find((v) => v.id === a.versionId)?.plan ?? null);
  if (standing.holds) return { state: 'approved', signer: a.signer, at: a.at, meaning: a.meaning, fingerprint, key: 'unknown key', versionName: a.versionName };
  return { state: 'void', signer: a.signer, at: a.at, fingerprint, versionName: a.versionName, changes: standing.differences.length ? standing.differences : [voidText(standing)] };
}

interface CaseForReport {
  case: { id: string; pseudonym: string; clinic: string; doctor: string };
  meshes: Partial<Record<Jaw, LabelledMesh>>;
  prepared: PreparedCase;
  derived: ReportPlan;
  planHash: string;
  version: { name: string; savedAt: number } | null;
  approval: ReportApproval;
  audit: readonly AuditEvent[];
}

async function fromPackage(path: string, key: string | undefined): Promise<CaseForReport | string> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    return `${path}: cannot read the file (${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}).`;
  }
  const name = basename(path);
  const opened = await openPackage(bytes, name, key);
  if ('problem' in opened) return opened.problem;
  const read = await readChecked(opened.bytes, name);
  if (!read.ok) return read.check.detail;
  const pkg = read.pkg;
  if (!pkg.working) return `${name} carries no plan (a response package): report on the case package instead.`;
  const meshes = Object.fromEntries(Object.values(pkg.arches).map((a) => [a.jaw, a.mesh])) as Partial<Record<Jaw, LabelledMesh>>;
  const prepared: PreparedCase = {
    parts: Object.values(pkg.arches).map((a) => archPlanParts(a.mesh, a.jaw, a.segmentation ? decodeSegmentationRecord(a.segmentation) : undefined)),
  };
  const plan = pkg.working.plan;
  const engine = await createWasmEngine();
  try {
    const derived = await derivePlan(engine, prepared, plan);
    const meshHashes = meshHashesOf(pkg);
    const planHash = planContentHash(plan, meshHashes);
    const saved = pkg.versions.filter((v) => planContentHash(v.plan, meshHashes) === planHash).sort((x, y) => y.savedAt - x.savedAt)[0];
    return {
      case: { id: pkg.case.id, pseudonym: pkg.case.pseudonym, clinic: pkg.case.clinic, doctor: pkg.case.doctor },
      meshes, prepared, derived, planHash,
      version: saved ? { name: saved.name, savedAt: saved.savedAt } : null,
      approval: await packageApproval(pkg, plan), audit: pkg.audit,
    };
  } finally {
    engine.dispose();
  }
}

async function fromScans(arches: Partial<Record<Jaw, LabelledMesh>>, planFile: string | undefined, pseudonym: string): Promise<CaseForReport | string> {
  const given = planFile ? readPlanFile(planFile) : null;
  if (typeof given === 'string') return given;
  const engine = await createWasmEngine();
  try {
    let derived: ReportPlan, prepared: PreparedCase, plan: Plan;
    if (given) {
      prepared = { parts: (Object.entries(arches) as [Jaw, LabelledMesh][]).map(([jaw, mesh]) => archPlanParts(mesh, jaw)) };
      derived = await derivePlan(engine, prepared, given);
      plan = given;
    } else {
      const planned = await plannedCase({ arches }, engine);
      prepared = { parts: planned.parts };
      derived = planned.derived;
      plan = planned.plan;
    }
    const meshHashes = Object.fromEntries((Object.entries(arches) as [Jaw, LabelledMesh][]).map(([jaw, mesh]) => [jaw, meshContentHash(mesh)]));
    return {
      case: { id: pseudonym, pseudonym, clinic: '', doctor: '' }, meshes: arches, prepared, derived,
      planHash: planContentHash(plan, meshHashes), version: null, approval: { state: 'not approved' }, audit: [],
    };
  } finally {
    engine.dispose();
  }
}

export async function report(args: string[], io: CliIO, now: () => number = Date.now): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return EXIT_OK;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.err(`report: ${parsed}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const started = performance.now();
  let found: CaseForReport | string;
  try {
    if (parsed.demo) {
      found = await fromScans(Object.fromEntries(Object.entries(generateDemoCase().arches).map(([j, a]) => [j, a.mesh])), parsed.plan, 'Demo patient');
    } else if (parsed.paths.length === 1 && parsed.paths[0].toLowerCase().endsWith('.aligner')) {
      found = await fromPackage(parsed.paths[0], parsed.key);
    } else {
      const arches = readArches(parsed.paths);
      found = Array.isArray(arches) ? arches.join('\n') : await fromScans(arches, parsed.plan, basename(parsed.paths[0]).replace(/\.[^.]+$/, ''));
    }
  } catch (e) {
    found = `the case could not be planned: ${(e as Error).message}`;
  }
  if (typeof found === 'string') {
    for (const line of found.split('\n')) io.err(`report: ${line}`);
    return EXIT_BAD_INPUT;
  }
  const made = await makeReport({
    ...found, now: now(), paper: parsed.paper,
  }, reportFonts());
  const out = parsed.out!;
  try {
    writeFileSync(out, made.pdf);
    if (parsed.csv) {
      const stem = basename(out).replace(/\.pdf$/i, '');
      for (const c of made.csvs) writeFileSync(join(dirname(out), `${stem}-${c.name}`), c.text);
    }
  } catch (e) {
    io.err(`report: cannot write ${out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
    return EXIT_BAD_INPUT;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.out(`${out}: treatment report of ${found.case.pseudonym} (${found.version?.name ?? 'working plan'}, ${made.model.cover.approval.headline.toLowerCase()}), ${parsed.paper.toUpperCase()}, ${(made.pdf.byteLength / 1024).toFixed(0)} KB, made in ${seconds} s`);
  if (parsed.csv) io.out(`  with ${made.csvs.map((c) => `${basename(out).replace(/\.pdf$/i, '')}-${c.name}`).join(', ')}`);
  io.out(`  suggested name in the studio: ${reportFileName(found.case.pseudonym, found.version?.name ?? 'working', now())}`);
  return EXIT_OK;
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'the treatment report as a PDF with its CSVs (demo, a plan package, or labelled scans)',
  usage: USAGE,
  run: (args, io) => report(args, io),
};
