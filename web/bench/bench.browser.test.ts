// The bench page runs in headless Chromium: a quick version of the workload (3 stages, a
// 12 pair-stage sample) on WebGPU (software adapter: no timing is judged), WASM, the
// reference and both peers, and leaves a complete report. Only that it runs is tested. The
// page is served here from source (web/bench/bench.html); it is never part of dist/.
import { expect } from 'chai';
import { describeAdapter } from '../engine/select.ts';

const PAGE = '/web/bench/bench.html?stages=3&sample=12&repeats=1&budget-ms=1&moves=2';

interface PageReport {
  times_ms: Record<string, number | null>;
  ratios: Record<string, number | null>;
  workload: { teeth: number; pairStages: number; plans: string[] };
  checks: string[];
  scan: string;
  adapter: string;
  software: boolean;
  plan: Record<string, { backend: string; pairs: number; stages: number; moveOneTooth: { moves: { pairsRecomputed: number }[]; median_ms: number } }>;
  package?: { backend: string; packageBytes: number; backupMeshesBytes: number; export_ms: number; open_ms: number; stages: number };
}

async function runPage(url = PAGE): Promise<{ report: PageReport; text: string }> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width:1200px;height:800px;border:0';
  document.body.appendChild(frame);
  frame.src = url;
  const start = performance.now();
  for (;;) {
    // While the frame navigates its document may have no element yet.
    const state = frame.contentDocument?.documentElement?.dataset.bench;
    if (state === 'done') break;
    if (state === 'failed') throw new Error(`bench page failed: ${frame.contentDocument!.getElementById('log')!.textContent}`);
    if (performance.now() - start > 150_000) throw new Error('bench page did not finish in 150 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const win = frame.contentWindow as Window & { __benchReport: PageReport };
  return { report: win.__benchReport, text: frame.contentDocument!.getElementById('report')!.textContent ?? '' };
}

describe('bench page', () => {
  it('runs the workload on WebGPU, WASM, the reference and both peers, and prints the figures', async () => {
    const { report, text } = await runPage();
    expect(report.workload.plans).to.have.length(2, 'the demo case and the real upper arch');
    expect(report.workload.teeth).to.equal(42);
    for (const name of ['webgpu', 'wasm', 'reference', 'three-mesh-bvh', 'manifold-3d', 'wasm (move one tooth)']) {
      expect(report.times_ms[name], name).to.be.a('number').and.greaterThan(0);
    }
    expect(report.ratios['three-mesh-bvh / wasm']).to.be.a('number');
    const checks = report.checks.join('\n');
    // WebGPU's agreement is the WebGPU tests' business; here its line only has to be there.
    expect(checks, checks).to.match(/webgpu vs reference on the 12 sampled pair-stages: (agree|DISAGREE)/);
    expect(checks, checks).to.match(/wasm vs reference on the 12 sampled pair-stages: agree/);
    // A software adapter (here) or a real GPU: the report says which, and marks software timings.
    const adapter = await navigator.gpu.requestAdapter();
    expect(report.software, `adapter ${report.adapter}`).to.equal(describeAdapter(adapter!).software);
    // Issue 5's lines on both backends: the demo plan staged, its pairs queried, two teeth moved.
    for (const backend of ['webgpu', 'wasm']) {
      const p = report.plan[backend];
      expect(p?.backend, backend).to.equal(backend);
      expect(p.pairs).to.equal(66);
      expect(p.stages).to.be.greaterThan(1);
      expect(p.moveOneTooth.moves).to.have.length(2);
      for (const m of p.moveOneTooth.moves) expect(m.pairsRecomputed).to.be.greaterThan(0);
    }
    expect(text).to.contain('moving one tooth in the gizmo');
    // Issue 13's lines: the share-link case exported and opened on WASM, with its size and its peer's.
    const pkg = report.package!;
    expect(pkg.backend).to.equal('wasm');
    expect(pkg.packageBytes).to.be.greaterThan(0).and.below(pkg.backupMeshesBytes);
    expect(pkg.stages).to.be.greaterThan(1);
    expect(text).to.match(/Plan package: real upper \(99999 triangles\) \+ demo lower/);
    expect(text.includes('SOFTWARE adapter: not GPU performance'), 'software timings are marked, GPU ones not').to.equal(report.software);
  });

  it('fetches a scan only from a path on its own site, never from a URL in the link', async () => {
    // The same test server under another host name: another origin, which the page must not ask.
    const otherHost = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    const elsewhere = `http://${otherHost}:${location.port}/__shared__/data/scans/upper-arch-01/`;
    const { report } = await runPage(
      `/web/bench/bench.html?plans=demo,real&engines=wasm,reference&peers=&plan=0&stages=2&sample=4&repeats=1&budget-ms=1&scan=${encodeURIComponent(elsewhere)}`);
    expect(report.scan).to.contain(`unavailable (scan must be a path on this site (${location.origin}), not http://${otherHost}:${location.port})`);
    expect(report.workload.plans, 'only the demo case').to.have.length(1);
  });
});
