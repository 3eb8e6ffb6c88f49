// `package create|verify|show`: plan packages from a terminal, for labs and auditors. create
// builds one from the demo or labelled scans (planned by the pipeline as `plan` does, or from
// a plan JSON); verify checks hashes, versions, the audit chain and every signed approval,
// exiting non-zero with what failed; show prints what a package holds.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { planFromJson, type Plan } from '../../core/plan.ts';
import type { Actor, KnownKey } from '../../core/review.ts';
import type { Jaw } from '../../core/types.ts';
import { createWasmEngine } from '../../engine/wasm.ts';
import { encryptPackage } from '../../exchange/package-crypto.ts';
import { writePackage } from '../../exchange/package-write.ts';
import { packageUrlProblem, shareLink } from '../../exchange/share-link.ts';
import { generateDemoCase } from '../../geometry/demo/index.ts';
import { importFiles } from '../../geometry/import/index.ts';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, type CliIO } from '../io.ts';
import { packageCase, type ArchInput, type PackageCaseInput } from '../package-case.ts';
import { reportFonts } from '../report-fonts.ts';
import { makeReport } from '../../report/report.ts';
import { planContentHash } from '../../core/plan-hash.ts';
import { openPackage, readChecked, verifyPackage, type Check } from '../package-check.ts';
import { showJson, showText } from '../package-show.ts';
import type { Command } from './index.ts';

const USAGE = `usage: npm run cli -- package create (--demo | --upper <scan.obj> --upper-labels <labels.json> [--lower <scan.obj> --lower-labels <labels.json>])
                                   [--plan <plan.json>] [--name <author>] [--pseudonym <name>] [--version <name>]
                                   --out <file.aligner> [--encrypt [--url <https URL of the file>]] [--paper a4|letter | --no-report]
       npm run cli -- package verify <file.aligner> [--key <key>] [--known-keys <keys.json>]
       npm run cli -- package show <file.aligner> [--key <key>] [--json]

create   builds a plan package (one case) from the demo case or labelled scans (OBJ + per-vertex
         label JSON, as segment writes them). The plan is auto-setup (as plan --auto makes it, with
         the WASM engine: npm run asbuild), or the plan JSON given with --plan. --name is who
         exports it (default "Aligner Studio CLI", role lab). --encrypt writes it AES-GCM encrypted
         and prints its key and the link fragment (#package=...&key=...). The package carries the
         treatment report of its plan (PDF on --paper, A4 by default, and the CSVs) as the studio
         puts it in; --no-report leaves it out.
verify   checks the package's entry hashes, version, meshes, plans and audit trail, and each signed
         approval: its signature, whose key (against --known-keys: a JSON list of
         {"fingerprint", "name"}), and whether it still holds for the working plan. One line per
         check; exits 0 only when every check passes.
show     prints the case, arches, plan versions, summary, comments, decisions and audit trail.`;

interface Options { values: Map<string, string>; flags: Set<string>; positionals: string[] }

/** `--name value` and `--name=value`; a value option given twice, or an unknown option, is a usage error. */
function parseOptions(args: string[], valueNames: readonly string[], flagNames: readonly string[]): Options | string {
  const out: Options = { values: new Map(), flags: new Set(), positionals: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (flagNames.includes(name) && eq < 0) out.flags.add(name);
    else if (valueNames.includes(name)) {
      const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '') return `--${name} needs a value`;
      if (out.values.has(name)) return `--${name} given twice`;
      out.values.set(name, value);
    } else return `unknown option ${arg}`;
  }
  return out;
}

function readBytes(path: string): Uint8Array | string {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return `${path}: cannot read the file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message}).`;
  }
}

const stem = (path: string) => basename(path, extname(path));

/** One labelled arch from its OBJ and label file, checked to be the jaw the option says. */
function readArch(jaw: Jaw, scan: string, labels: string): ArchInput | string {
  const files = [scan, labels].map((p) => ({ path: p, bytes: readBytes(p) }));
  for (const f of files) if (typeof f.bytes === 'string') return f.bytes;
  const result = importFiles(files.map((f) => ({ name: basename(f.path), bytes: f.bytes as Uint8Array })));
  if (result.errors.length) return result.errors.map((e) => e.message).join('\n');
  const arch = result.arches[0];
  if (result.arches.length !== 1 || !arch.mesh.labels || arch.report.teeth.length === 0) {
    return `${basename(scan)} with ${basename(labels)}: not one labelled arch (give the OBJ scan and its per-vertex label JSON).`;
  }
  if (arch.jaw && arch.jaw !== jaw) return `${basename(labels)} labels a ${arch.jaw} arch, but it was given as --${jaw}.`;
  return { mesh: arch.mesh, sourceFiles: arch.report.sourceFiles, format: arch.report.format, unitScale: arch.report.unitScale };
}

async function create(args: string[], io: CliIO): Promise<number> {
  const o = parseOptions(args, ['upper', 'upper-labels', 'lower', 'lower-labels', 'plan', 'name', 'pseudonym', 'version', 'out', 'url', 'paper'], ['demo', 'encrypt', 'no-report']);
  const usage = (m: string) => (io.err(`package create: ${m}\n\n${USAGE}`), EXIT_USAGE);
  if (typeof o === 'string') return usage(o);
  if (o.positionals.length) return usage(`unexpected ${o.positionals[0]} (scans go after --upper / --lower)`);
  const out = o.values.get('out');
  if (!out) return usage('--out <file.aligner> is required');
  const demo = o.flags.has('demo');
  const jaws = (['upper', 'lower'] as const).filter((j) => o.values.has(j) || o.values.has(`${j}-labels`));
  if (demo === (jaws.length > 0)) return usage(demo ? 'either --demo or scans, not both' : 'no case given: --demo, or --upper/--lower scans with their labels');
  for (const j of jaws) if (!o.values.has(j) || !o.values.has(`${j}-labels`)) return usage(`--${j} and --${j}-labels go together`);
  const url = o.values.get('url');
  if (url !== undefined && !o.flags.has('encrypt')) return usage('--url is for the link of an encrypted package: add --encrypt');
  const paper = o.values.get('paper') ?? 'a4';
  if (paper !== 'a4' && paper !== 'letter') return usage(`--paper is a4 or letter, got ${paper}`);
  if (o.values.has('paper') && o.flags.has('no-report')) return usage('--paper is the report\'s paper: not with --no-report');
  const urlProblem = url === undefined ? null : packageUrlProblem(url);
  if (urlProblem) return usage(`--url: ${urlProblem}`);

  const problems: string[] = [];
  const arches: Partial<Record<Jaw, ArchInput>> = {};
  let fields: PackageCaseInput['fields'];
  if (demo) {
    const d = generateDemoCase();
    for (const j of ['upper', 'lower'] as const) arches[j] = { mesh: d.arches[j].mesh, sourceFiles: [`generated demo (seed ${d.seed})`], format: 'generated', unitScale: 1 };
    fields = { pseudonym: o.values.get('pseudonym') ?? d.pseudonym, clinic: 'Demo clinic', doctor: 'Demo doctor', notes: d.notes, demo: true };
  } else {
    for (const j of jaws) {
      const a = readArch(j, o.values.get(j)!, o.values.get(`${j}-labels`)!);
      if (typeof a === 'string') problems.push(a);
      else arches[j] = a;
    }
    fields = { pseudonym: o.values.get('pseudonym') ?? stem(o.values.get(jaws[0])!), clinic: '', doctor: '', notes: '', demo: false };
  }
  let plan: Plan | undefined;
  const planPath = o.values.get('plan');
  if (planPath) {
    const bytes = readBytes(planPath);
    if (typeof bytes === 'string') problems.push(bytes);
    else {
      try {
        plan = planFromJson(JSON.parse(new TextDecoder().decode(bytes)));
      } catch (e) {
        problems.push(`${planPath}: not a plan this studio reads (${(e as Error).message}).`);
      }
    }
  }
  if (problems.length) {
    for (const p of problems) io.err(p);
    return EXIT_BAD_INPUT;
  }

  const actor: Actor = { name: o.values.get('name') ?? 'Aligner Studio CLI', role: 'lab' };
  const versionName = o.values.get('version') ?? (planPath ? stem(planPath) : 'Auto-setup');
  let engine;
  try {
    engine = await createWasmEngine();
  } catch (e) {
    io.err(`package create: the WASM engine is not available (${(e as Error).message}); build it with npm run asbuild.`);
    return EXIT_BAD_INPUT;
  }
  let built;
  try {
    built = await packageCase({ fields, arches, plan, versionName, actor, now: Date.now(), fileName: basename(out) }, engine);
  } catch (e) {
    io.err(`package create: ${(e as Error).message}`);
    return EXIT_BAD_INPUT;
  } finally {
    engine.dispose();
  }
  const now = built.contents.exportedAt;
  const report = o.flags.has('no-report') ? null : await makeReport({
    case: { id: built.contents.case.id, pseudonym: fields.pseudonym, clinic: fields.clinic, doctor: fields.doctor },
    version: { name: versionName, savedAt: now },
    derived: built.derived, prepared: built.prepared, meshes: built.meshes,
    approval: { state: 'not approved' }, audit: built.contents.audit,
    planHash: planContentHash(built.derived.plan, Object.fromEntries(Object.values(built.contents.arches).map((a) => [a.jaw, a.meshHash]))),
    now, paper,
  }, reportFonts());
  const plain = await writePackage(report ? { ...built.contents, report: { pdf: report.pdf, csvs: report.csvs } } : built.contents);
  const sealed = o.flags.has('encrypt') ? await encryptPackage(plain) : null;
  try {
    writeFileSync(out, sealed ? sealed.bytes : plain);
  } catch (e) {
    io.err(`package create: cannot write ${out} (${(e as Error).message}).`);
    return EXIT_BAD_INPUT;
  }
  const s = built.contents.summary!;
  io.out(`wrote ${out}: case "${fields.pseudonym}", ${Object.entries(s.aligners).map(([j, n]) => `${j} ${n}`).join(', ')} aligners, ${s.durationDays} days, ${Math.round((sealed ?? { bytes: plain }).bytes.byteLength / 1024)} KB${sealed ? ', encrypted' : ''}${report ? `, with its treatment report (${paper.toUpperCase()}, ${report.csvs.length} CSVs)` : ''}`);
  if (sealed) {
    io.out(`key: ${sealed.key}`);
    io.out(`link fragment: ${url ? shareLink('', url, sealed.key) : `#package=<https URL of ${basename(out)}>&key=${sealed.key}`}`);
  }
  return EXIT_OK;
}

function readKnownKeys(path: string): KnownKey[] | string {
  const bytes = readBytes(path);
  if (typeof bytes === 'string') return bytes;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return `${path}: not JSON (a list of {"fingerprint", "name"}).`;
  }
  const list = Array.isArray(value) ? value : (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) return `${path}: no list of keys (a list of {"fingerprint", "name"}, or {"keys": [...]}).`;
  const keys: KnownKey[] = [];
  for (const [i, k] of list.entries()) {
    if (typeof k?.fingerprint !== 'string' || typeof k?.name !== 'string') return `${path}: key ${i + 1} has no fingerprint or name.`;
    keys.push({ fingerprint: k.fingerprint, name: k.name, addedAt: typeof k.addedAt === 'number' ? k.addedAt : 0 });
  }
  return keys;
}

async function verify(args: string[], io: CliIO): Promise<number> {
  const o = parseOptions(args, ['key', 'known-keys'], []);
  const usage = (m: string) => (io.err(`package verify: ${m}\n\n${USAGE}`), EXIT_USAGE);
  if (typeof o === 'string') return usage(o);
  if (o.positionals.length !== 1) return usage(o.positionals.length ? 'one package at a time' : 'no package given');
  const [path] = o.positionals;
  const bytes = readBytes(path);
  const knownPath = o.values.get('known-keys');
  const known = knownPath === undefined ? undefined : readKnownKeys(knownPath);
  for (const problem of [bytes, known]) {
    if (typeof problem === 'string') {
      io.err(problem);
      return EXIT_BAD_INPUT;
    }
  }
  const checks: Check[] = await verifyPackage(bytes as Uint8Array, basename(path), { key: o.values.get('key'), known: known as KnownKey[] | undefined });
  for (const c of checks) io.out(`${c.status.padEnd(4)} ${c.name}${c.status === 'ok' ? ` (${c.detail})` : `: ${c.detail}`}`);
  const failed = [...new Set(checks.filter((c) => c.status === 'FAIL').map((c) => c.name))];
  if (failed.length) {
    io.err(`package verify: ${basename(path)} FAILED: ${failed.join(', ')}`);
    return EXIT_BAD_INPUT;
  }
  io.out(`${basename(path)}: every check passed`);
  return EXIT_OK;
}

async function show(args: string[], io: CliIO): Promise<number> {
  const o = parseOptions(args, ['key'], ['json']);
  const usage = (m: string) => (io.err(`package show: ${m}\n\n${USAGE}`), EXIT_USAGE);
  if (typeof o === 'string') return usage(o);
  if (o.positionals.length !== 1) return usage(o.positionals.length ? 'one package at a time' : 'no package given');
  const [path] = o.positionals;
  const bytes = readBytes(path);
  if (typeof bytes === 'string') {
    io.err(bytes);
    return EXIT_BAD_INPUT;
  }
  const opened = await openPackage(bytes, basename(path), o.values.get('key'));
  const read = 'problem' in opened ? null : await readChecked(opened.bytes, basename(path));
  if (!read || !read.ok) {
    io.err(`package show: ${'problem' in opened ? opened.problem : read!.ok ? '' : read!.check.detail}`);
    return EXIT_BAD_INPUT;
  }
  if (o.flags.has('json')) io.out(JSON.stringify(showJson(basename(path), read.pkg), null, 2));
  else io.out(showText(basename(path), read.pkg).join('\n'));
  return EXIT_OK;
}

export async function packageCli(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
    (sub === undefined ? io.err : io.out)(USAGE);
    return sub === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (sub === 'create') return create(rest, io);
  if (sub === 'verify') return verify(rest, io);
  if (sub === 'show') return show(rest, io);
  io.err(`package: unknown subcommand "${sub}" (create, verify or show)\n\n${USAGE}`);
  return EXIT_USAGE;
}

export const packageCommand: Command = {
  name: 'package',
  summary: 'create, verify (hashes, audit trail, signed approvals) or show a plan package (.aligner)',
  usage: USAGE,
  run: packageCli,
};
