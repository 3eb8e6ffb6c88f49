// `npm run bench` (tsx web/bench/main.ts): the engine's whole-plan workload in Node on the
// reference (sampled), WASM, and the peers three-mesh-bvh and manifold-3d, with ratios;
// then segmentation (issue 4; generated arches per jaw and size, issue 11) and setup and
// staging on the demo case (issue 5, plan.ts), the plan package (issue 13) and a whole case's
// printable models (issue 14, models.ts) and the treatment report (issue 15, treatment-report.ts).
// `npm run -s bench -- --json` prints one JSON object on stdout (progress goes to stderr; -s
// keeps npm's banner off stdout); `-- --json=FILE` writes it to FILE (see output.ts).
// Options: --sample N (pair-stages timed for the slow lines, default 300), --seed S,
// --budget-ms B (a sampled peer estimated under B also runs whole, default 20000), --repeats R.
import os from 'node:os';
import { createReferenceEngine } from '../engine/reference.ts';
import { loadUpperArch } from '../engine/fixtures/real-crowns.ts';
import { demoPlan, realUpperPlan } from './workload.ts';
import { manifoldPeer, threeMeshBvhPeer } from './peers.ts';
import { runBench, type EngineEntry } from './run.ts';
import { formatPlanReport, formatReport } from './report.ts';
import { createWasmEngine } from '../engine/wasm.ts';
import { generatedSegmentationReport, segmentationReport } from './segmentation.ts';
import { runPlanBench } from './plan.ts';
import { formatPackageReport, runPackageBench } from './package.ts';
import { formatModelsReport, runModelsBench } from './models.ts';
import { formatReportBench, runReportBench } from './treatment-report.ts';
import { benchOutput } from './output.ts';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} needs a positive number, got '${args[i + 1]}'`);
  return v;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const out = benchOutput(args);
  const log = out.log;
  const sampleSeed = option(args, '--seed', 20261123);
  log('building the workload (demo case both arches + real upper arch, 40 stages)...');
  const plans = [demoPlan(), realUpperPlan(loadUpperArch())];
  const engines: EngineEntry[] = [
    { name: 'wasm', create: () => createWasmEngine() },
    { name: 'reference', create: async () => createReferenceEngine(), sampleOnly: true },
  ];
  const report = await runBench({
    plans,
    engines,
    peers: [
      { name: 'three-mesh-bvh', create: threeMeshBvhPeer },
      { name: 'manifold-3d', create: (plan, poses, searchMm) => manifoldPeer(plan, poses, searchMm, 0.5) },
    ],
    sample: option(args, '--sample', 300),
    sampleSeed,
    fullRunBudgetMs: option(args, '--budget-ms', 20_000),
    repeats: option(args, '--repeats', 3),
    log,
  });
  log('segmenting the real upper arch (issue 4 accuracy and speed)...');
  const segmentation = segmentationReport();
  log('segmenting generated raw scans per jaw at 50k-500k triangles (issue 11 accuracy and speed)...');
  const generated = generatedSegmentationReport(undefined, undefined, log);
  log('setup and staging on the demo case (issue 5: auto-setup, whole plan, moving one tooth)...');
  const plan = await runPlanBench({ createEngine: () => createWasmEngine(), log });
  log('plan package: export and open of the real upper + demo lower case (issue 13)...');
  const pkg = await runPackageBench({ upper: loadUpperArch(), engine: await createWasmEngine(), log });
  log('printable models: a whole case, 20 aligners per arch plus templates (issue 14)...');
  const models = await runModelsBench({ upper: loadUpperArch(), engine: await createWasmEngine(), log });
  log('treatment report: the demo case\'s PDF and CSVs (issue 15)...');
  const treatmentReport = await runReportBench({ engine: await createWasmEngine(), log });
  const machine = `Node ${process.versions.node}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'CPU'}`;
  const { lines: segmentationLines, ...segmentationFigures } = segmentation;
  if (out.json) out.emit({ ...report, segmentation: { ...segmentationFigures, generated: generated.rows }, plan, package: pkg, models, report: treatmentReport, machine });
  else log(`\n${formatReport(report, `Aligner Studio engine benchmark (${machine})`)}\n\nSegmentation of the real upper arch (100k triangles)\n${segmentationLines.join('\n')}\n\n${generated.lines.join('\n')}\n\n${formatPlanReport(plan)}\n\n${formatPackageReport(pkg)}\n\n${formatModelsReport(models)}\n\n${formatReportBench(treatmentReport)}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
