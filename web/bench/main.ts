// `npm run bench` (tsx web/bench/main.ts): the engine's whole-plan workload in Node on the
// reference (sampled), WASM, and the peers three-mesh-bvh and manifold-3d, with ratios.
// `-- --json` prints one JSON object on stdout (progress goes to stderr).
// Options: --sample N (pair-stages timed for the slow lines, default 300), --seed S,
// --budget-ms B (a sampled peer estimated under B also runs whole, default 20000), --repeats R.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { createReferenceEngine } from '../engine/reference.ts';
import type { Engine } from '../engine/engine.ts';
import { loadUpperArch } from '../engine/fixtures/real-crowns.ts';
import { demoPlan, realUpperPlan } from './workload.ts';
import { manifoldPeer, threeMeshBvhPeer } from './peers.ts';
import { runBench, type EngineEntry } from './run.ts';
import { formatReport } from './report.ts';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} needs a positive number, got '${args[i + 1]}'`);
  return v;
}

const WASM_FILE = fileURLToPath(new URL('../../engine-asm/build/release.wasm', import.meta.url));
// A variable specifier: the bench still runs (and says so) before web/engine/wasm.ts exists.
const WASM_MODULE = '../engine/wasm.ts';

async function createWasm(): Promise<Engine> {
  if (!existsSync(WASM_FILE)) throw new Error('not built (engine-asm/build/release.wasm is missing: run npm run asbuild)');
  let mod: { createWasmEngine?: () => Promise<Engine> };
  try {
    mod = await import(/* @vite-ignore */ WASM_MODULE);
  } catch (e) {
    throw new Error(`not built (web/engine/wasm.ts could not be loaded: ${e instanceof Error ? e.message : String(e)})`);
  }
  if (!mod.createWasmEngine) throw new Error('not built (web/engine/wasm.ts has no createWasmEngine)');
  return mod.createWasmEngine();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const sampleSeed = option(args, '--seed', 20261123);
  log('building the workload (demo case both arches + real upper arch, 40 stages)...');
  const plans = [demoPlan(), realUpperPlan(loadUpperArch())];
  const engines: EngineEntry[] = [
    { name: 'wasm', create: createWasm },
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
  const machine = `Node ${process.versions.node}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'CPU'}`;
  if (json) process.stdout.write(`${JSON.stringify({ ...report, machine })}\n`);
  else log(`\n${formatReport(report, `Aligner Studio engine benchmark (${machine})`)}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
