// `models <demo | labelled scan files> [--plan plan.json] --out <dir>`: every printable model
// of a case (template and every aligner, per arch) with trim lines, the attachment chart and
// a manifest, written into a folder for a lab's printer queue. The plan is the pipeline's
// auto-setup (as `plan --auto` makes it) or one saved from the studio; the models are made by
// web/manufacture exactly as the studio's export makes them.
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import type { Jaw } from '../../core/types.ts';
import type { Plan } from '../../core/plan.ts';
import { stagePlan } from '../../core/staging.ts';
import { generateDemoCase } from '../../geometry/demo/index.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import { archPlanParts } from '../../geometry/setup/plan-parts.ts';
import { createWasmEngine } from '../../engine/wasm.ts';
import { plannedCase } from '../../pipeline/planned-case.ts';
import { loadManifold } from '../../manufacture/manifold.ts';
import { parseEngravingFont } from '../../manufacture/engraving.ts';
import { modelInputProblems, modelJobs, type ModelArch } from '../../manufacture/case-models.ts';
import { exportCaseModels, type ModelSink } from '../../manufacture/model-export.ts';
import { ModelError } from '../../manufacture/arch-model.ts';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, type CliIO } from '../io.ts';
import { readArches, readPlanFile } from './plan.ts';
import type { Command } from './index.ts';

const USAGE = `usage: npm run cli -- models <demo | labelled scan files> [--plan plan.json] --out <dir> [--case NAME] [--stages LIST] [--hollow [--wall MM] [--drain MM]]

Makes every printable model of a case: per arch the attachment template (stage 0) and one
model per aligner, over-correction included; each a closed, manifold binary STL with the case,
arch and stage engraved in its base, with its trim line (.trim.xyz), plus attachments.csv and
manifest.json (stage, arch, triangles, volume, SHA-256). Files are named
<case>_<U|L>_<stage>.stl.

  --plan FILE   a plan saved from the studio (JSON); without it the case is auto-set-up and
                staged as \`plan --auto\` does (WASM engine: build it with npm run asbuild)
  --out DIR     the folder to write into (made if missing; must be empty)
  --case NAME   the case name engraved and used in file names (default: demo, or the scan's name)
  --stages LIST only these stages, e.g. 0,3-5 (a reprint); all by default
  --hollow      hollow models with two drain holes in the base (less resin)
  --wall MM     their wall thickness, at least 2 (default 2)
  --drain MM    the drain holes' diameter, at least 3.5 (default 4)`;

interface ModelsArgs { demo: boolean; paths: string[]; plan?: string; out?: string; caseName?: string; stages?: number[]; hollow?: { wallMm: number; drainMm: number } }

/** "0,3-5" as [0, 3, 4, 5]; null when it is not such a list. */
function parseStages(text: string | undefined): number[] | null {
  if (!text || !/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(text)) return null;
  const out: number[] = [];
  for (const part of text.split(',')) {
    const [a, b = a] = part.split('-').map(Number);
    if (b < a) return null;
    for (let s = a; s <= b; s++) out.push(s);
  }
  return out;
}

function parseArgs(args: string[]): ModelsArgs | string {
  const out: ModelsArgs = { demo: false, paths: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (name: string): string | undefined => (arg.startsWith(`${name}=`) ? arg.slice(name.length + 1) : args[++i]);
    if (arg === '--plan' || arg.startsWith('--plan=')) out.plan = value('--plan');
    else if (arg === '--out' || arg.startsWith('--out=')) out.out = value('--out');
    else if (arg === '--case' || arg.startsWith('--case=')) out.caseName = value('--case');
    else if (arg === '--stages' || arg.startsWith('--stages=')) {
      const text = value('--stages');
      const stages = parseStages(text);
      if (!stages) return `--stages needs stage numbers like 0,3-5, got ${text ?? 'nothing'}`;
      out.stages = stages;
    }
    else if (arg === '--hollow') out.hollow = { wallMm: out.hollow?.wallMm ?? 2, drainMm: out.hollow?.drainMm ?? 4 };
    else if (arg === '--wall' || arg.startsWith('--wall=') || arg === '--drain' || arg.startsWith('--drain=')) {
      const name = arg.startsWith('--wall') ? '--wall' : '--drain';
      const text = value(name);
      const mm = Number(text);
      if (!Number.isFinite(mm) || mm <= 0) return `${name} needs a size in mm, got ${text ?? 'nothing'}`;
      const h = out.hollow ?? { wallMm: 2, drainMm: 4 };
      out.hollow = name === '--wall' ? { ...h, wallMm: mm } : { ...h, drainMm: mm };
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (arg === 'demo') out.demo = true;
    else out.paths.push(arg);
  }
  if (!out.demo && out.paths.length === 0) return 'no case given: name labelled scan files, or demo';
  if (out.demo && out.paths.length > 0) return 'either demo or scan files, not both';
  if (!out.out) return 'no --out folder given';
  return out;
}

function folderSink(dir: string): ModelSink & { written: string[] } {
  const written: string[] = [];
  return {
    written,
    add(name, bytes) { writeFileSync(join(dir, name), bytes); written.push(name); },
    close() {},
    // A cancelled or failed run leaves no half set of models behind.
    abort() { for (const name of written) rmSync(join(dir, name), { force: true }); },
  };
}

export async function models(args: string[], io: CliIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return EXIT_OK;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.err(`models: ${parsed}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const arches = parsed.demo
    ? Object.fromEntries(Object.entries(generateDemoCase().arches).map(([j, a]) => [j, a.mesh])) as Partial<Record<Jaw, LabelledMesh>>
    : readArches(parsed.paths);
  if (Array.isArray(arches)) {
    for (const p of arches) io.err(`models: ${p}`);
    return EXIT_BAD_INPUT;
  }
  const given = parsed.plan ? readPlanFile(parsed.plan) : null;
  if (typeof given === 'string') {
    io.err(`models: ${given}`);
    return EXIT_BAD_INPUT;
  }
  let modelArches: ModelArch[];
  let plan: Plan;
  try {
    if (given) {
      plan = given;
      modelArches = (Object.entries(arches) as [Jaw, LabelledMesh][]).map(([jaw, mesh]) => ({ jaw, mesh, parts: archPlanParts(mesh, jaw) }));
    } else {
      const engine = await createWasmEngine();
      try {
        const planned = await plannedCase({ arches }, engine);
        plan = planned.plan;
        modelArches = planned.parts.map((parts) => ({ jaw: parts.jaw, mesh: arches[parts.jaw]!, parts }));
      } finally {
        engine.dispose();
      }
    }
  } catch (e) {
    io.err(`models: ${(e as Error).message}`);
    return EXIT_BAD_INPUT;
  }
  const staging = stagePlan(plan, plan.protocol);
  const problems = modelInputProblems({ arches: modelArches, staging });
  if (problems.length) {
    for (const p of problems) io.err(`models: ${p}`);
    return EXIT_BAD_INPUT;
  }
  const fontFile = createRequire(import.meta.url).resolve('@fontsource/inter/files/inter-latin-700-normal.woff');
  const fontBytes = readFileSync(fontFile);
  const font = parseEngravingFont(fontBytes.buffer.slice(fontBytes.byteOffset, fontBytes.byteOffset + fontBytes.byteLength));
  const caseLabel = parsed.caseName ?? (parsed.demo ? 'DEMO' : basename(parsed.paths[0]).replace(/\.[^.]+$/, ''));
  const input = { caseLabel, arches: modelArches, plan, staging, font, createdAt: new Date().toISOString(), ...(parsed.stages ? { stages: parsed.stages } : {}), ...(parsed.hollow ? { hollow: parsed.hollow } : {}) };
  const missing = (parsed.stages ?? []).filter((s) => !modelJobs({ ...input, stages: [s] }).length);
  if (missing.length) {
    io.err(`models: the plan has no stage ${missing.join(', ')} (stages 0-${staging.stageCount - 1}).`);
    return EXIT_BAD_INPUT;
  }
  const total = modelJobs(input).length;
  const dir = parsed.out!;
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    io.err(`models: ${dir} is not empty; give a new or empty folder.`);
    return EXIT_BAD_INPUT;
  }
  mkdirSync(dir, { recursive: true });
  const sink = folderSink(dir);
  const started = performance.now();
  try {
    const manifest = await exportCaseModels(await loadManifold(), input, sink, {
      onProgress: (p) => io.err(`  ${String(p.done).padStart(String(total).length)}/${total}  ${p.file}`),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const triangles = manifest.models.reduce((n, m) => n + m.triangles, 0);
    io.out(`${manifest.models.length} models of ${manifest.case} in ${dir} (${seconds} s, ${triangles} triangles), with trim lines, attachments.csv and manifest.json`);
    for (const m of manifest.models) io.out(`  ${m.file}  stage ${String(m.stage).padStart(2)}  ${String(m.triangles).padStart(7)} triangles  ${m.volumeMm3.toFixed(0).padStart(6)} mm3  ${m.attachments} attachments`);
    return EXIT_OK;
  } catch (e) {
    io.err(`models: ${e instanceof ModelError ? e.message : `the models could not be made: ${(e as Error).message}`}`);
    return EXIT_BAD_INPUT;
  }
}

export const modelsCommand: Command = {
  name: 'models',
  summary: 'printable STL models of every stage (demo or labelled scans, auto-setup or a saved plan), with trim lines and a manifest',
  usage: USAGE,
  run: models,
};
