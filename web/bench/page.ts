// The bench page (web/bench/bench.html): the Node benchmark's workload and report in the
// browser, with WebGPU beside WASM. It names the GPU adapter, and says so when it is a
// software one (SwiftShader in headless Chromium), whose timings are not GPU performance.
// The finished report is left on window.__benchReport and in data-bench on <html>.
import { createWebGpuEngine } from '../engine/webgpu.ts';
import { describeAdapter } from '../engine/select.ts';
import { createWasmEngine } from '../engine/wasm.ts';
import { createReferenceEngine } from '../engine/reference.ts';
import { parseLabelledScan } from '../engine/fixtures/scan-files.ts';
import type { LabelledMesh } from '../geometry/mesh.ts';
import { BENCH_STAGES, demoPlan, realUpperPlan, type BenchPlan } from './workload.ts';
import { manifoldPeer, threeMeshBvhPeer } from './peers.ts';
import { runBench, type BenchReport, type EngineEntry, type PeerEntry } from './run.ts';
import { formatPlanReport, formatReport } from './report.ts';
import { runPlanBench, type PlanBenchReport } from './plan.ts';
import { formatPackageReport, runPackageBench, type PackageBenchReport } from './package.ts';

declare global {
  interface Window { __benchReport?: BenchReport & { adapter: string; software: boolean; scan: string; plan: Record<string, PlanBenchReport>; package?: PackageBenchReport } }
}

const params = new URLSearchParams(location.search);
const list = (name: string, fallback: string) => (params.get(name) ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
const num = (name: string, fallback: number) => {
  const v = Number(params.get(name) ?? fallback);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

const logEl = document.getElementById('log')!;
const reportEl = document.getElementById('report')!;
const log = (line: string) => { logEl.textContent += `\n${line}`; };

async function adapterInfo(): Promise<{ name: string; software: boolean }> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter) return { name: 'no WebGPU adapter', software: false };
  // The studio's own gate decides the same way (software adapters run WASM there).
  return describeAdapter(adapter);
}

/**
 * `?scan=` may only name a path on the page's own site: a link must not turn the page into
 * a fetcher of whatever URL it carries. Other scans are chosen as files instead.
 */
function sameSiteScanBase(param: string): string {
  const base = new URL(param, location.href);
  if (base.origin !== location.origin) {
    throw new Error(`scan must be a path on this site (${location.origin}), not ${base.origin === 'null' ? param : base.origin}`);
  }
  return base.href;
}

async function fetchScan(base: string): Promise<LabelledMesh> {
  const [obj, labels] = await Promise.all(['upper.obj', 'upper.json'].map(async (f) => {
    const r = await fetch(base + f);
    if (!r.ok) throw new Error(`${base + f}: HTTP ${r.status}`);
    return r.text();
  }));
  return parseLabelledScan(obj, labels);
}

async function chosenScan(files: FileList | null): Promise<LabelledMesh | null> {
  const obj = [...(files ?? [])].find((f) => f.name.endsWith('.obj'));
  const json = [...(files ?? [])].find((f) => f.name.endsWith('.json'));
  return obj && json ? parseLabelledScan(await obj.text(), await json.text()) : null;
}

async function run(scanFromFiles: LabelledMesh | null): Promise<void> {
  document.documentElement.dataset.bench = 'running';
  logEl.textContent = 'building the workload…';
  reportEl.textContent = '';
  const stageCount = num('stages', BENCH_STAGES);
  const plans: BenchPlan[] = [];
  let scan = 'not used';
  let realArch: LabelledMesh | null = null;
  const wanted = list('plans', 'demo,real');
  if (wanted.includes('demo')) plans.push(demoPlan({ stageCount }));
  if (wanted.includes('real')) {
    const base = params.get('scan') ?? '/__shared__/data/scans/upper-arch-01/';
    try {
      realArch = scanFromFiles ?? await fetchScan(sameSiteScanBase(base));
      plans.push(realUpperPlan(realArch, { stageCount }));
      scan = scanFromFiles ? 'chosen files' : base;
    } catch (e) {
      scan = `unavailable (${e instanceof Error ? e.message : String(e)}); choose upper.obj + upper.json above to include it`;
      log(`real upper arch: ${scan}`);
    }
  }
  const adapter = await adapterInfo();
  log(`WebGPU adapter: ${adapter.name}${adapter.software ? ' (software: its timings are not GPU performance)' : ''}`);
  const allEngines: EngineEntry[] = [
    { name: 'webgpu', create: () => createWebGpuEngine() },
    { name: 'wasm', create: () => createWasmEngine() },
    { name: 'reference', create: async () => createReferenceEngine(), sampleOnly: true },
  ];
  const allPeers: PeerEntry[] = [
    { name: 'three-mesh-bvh', create: threeMeshBvhPeer },
    { name: 'manifold-3d', create: (plan, poses, searchMm) => manifoldPeer(plan, poses, searchMm, 0.5) },
  ];
  const engines = allEngines.filter((e) => list('engines', 'webgpu,wasm,reference').includes(e.name));
  const peers = allPeers.filter((p) => list('peers', 'three-mesh-bvh,manifold-3d').includes(p.name));
  const report = await runBench({
    plans, engines, peers,
    sample: num('sample', 300),
    sampleSeed: num('seed', 20261123),
    fullRunBudgetMs: num('budget-ms', 20_000),
    repeats: num('repeats', 3),
    log,
  });
  // Issue 5's lines (setup and staging on the demo case) on each backend of the page.
  const plan: Record<string, PlanBenchReport> = {};
  if (params.get('plan') !== '0') {
    for (const e of engines.filter((x) => x.name === 'webgpu' || x.name === 'wasm')) {
      log(`setup and staging on the demo case, ${e.name}...`);
      plan[e.name] = await runPlanBench({ createEngine: e.create, moves: num('moves', 8), repeats: num('repeats', 3), log });
    }
  }
  // Issue 13's lines: the share-link case (real upper + demo lower) exported and opened, on WASM.
  let packageReport: PackageBenchReport | undefined;
  if (params.get('package') !== '0' && realArch) {
    log('plan package: export and open of the real upper + demo lower case, wasm...');
    packageReport = await runPackageBench({ upper: realArch, engine: await createWasmEngine(), repeats: num('repeats', 3), log });
  }
  const heading = `Aligner Studio engine benchmark (${navigator.userAgent}; GPU: ${adapter.name}${adapter.software ? ', SOFTWARE adapter: not GPU performance' : ''})`;
  const planText = Object.values(plan).map(formatPlanReport).join('\n\n');
  const packageText = packageReport ? `\n\n${formatPackageReport(packageReport)}` : '';
  reportEl.textContent = `${formatReport(report, heading)}${planText ? `\n\n${planText}` : ''}${packageText}\n\n${JSON.stringify({ ...report, plan, package: packageReport })}`;
  window.__benchReport = { ...report, adapter: adapter.name, software: adapter.software, scan, plan, ...(packageReport ? { package: packageReport } : {}) };
  document.documentElement.dataset.bench = 'done';
}

function start(files: LabelledMesh | null): void {
  run(files).catch((e: unknown) => {
    log(`failed: ${e instanceof Error ? e.message : String(e)}`);
    document.documentElement.dataset.bench = 'failed';
  });
}

document.getElementById('scan-files')!.addEventListener('change', (e) => {
  void chosenScan((e.target as HTMLInputElement).files).then((scan) => scan && start(scan));
});
start(null);
