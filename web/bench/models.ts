// Issue 14's speed figure on the case it names: a whole case, two arches with 20 aligners
// each plus the templates (42 models), exported as the lab zip. The real upper arch and the
// demo lower, auto-set-up by the pipeline, then staged over 20 aligners per arch. Built in
// one thread, one model after another (the CLI's way), and then through the studio's own
// export client with its two models workers (Node worker threads standing in for the
// browser's), which is the studio's figure.
// Peer, in the same run: three.js's STLExporter writing the same meshes (binary), against our
// STL writer.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as THREE from 'three';
import { STLExporter } from 'three/examples/jsm/exporters/STLExporter.js';
import type { Jaw } from '../core/types.ts';
import { setManualStart } from '../core/plan.ts';
import { stagePlan } from '../core/staging.ts';
import type { Engine } from '../engine/engine.ts';
import { generateDemoCase } from '../geometry/demo/index.ts';
import type { LabelledMesh, Mesh } from '../geometry/mesh.ts';
import { plannedCase } from '../pipeline/planned-case.ts';
import { loadManifold } from '../manufacture/manifold.ts';
import { parseEngravingFont } from '../manufacture/engraving.ts';
import { caseModels } from '../manufacture/case-models.ts';
import { binaryStl } from '../manufacture/stl.ts';
import { zipSink } from '../manufacture/model-export.ts';
import { addModel, modelFiles } from '../manufacture/model-files.ts';
import { Worker } from 'node:worker_threads';
import type { WorkerEndpoint } from '../engine/worker-slot.ts';
import { modelsExportOn } from '../ui/workers/models-client.ts';

export interface ModelsBenchReport {
  models: number;
  aligners: Record<Jaw, number>;
  triangles_median: number;
  model_ms_median: number;
  model_ms_max: number;
  /** One thread, every model one after another, ms. */
  total_ms: number;
  /** The studio's export client with its two models workers (Node worker threads here), the zip made, ms. */
  workers_ms: number;
  workersZipBytes: number;
  arch_ms: Record<Jaw, number>;
  zipBytes: number;
  stl_ms: number;
  stlPeer_ms: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runModelsBench(opts: { upper: LabelledMesh; engine: Engine; log?: (line: string) => void }): Promise<ModelsBenchReport> {
  const log = opts.log ?? (() => undefined);
  const arches = { upper: opts.upper, lower: generateDemoCase().arches.lower.mesh };
  log('models: planning the real upper + demo lower case by auto-setup...');
  const planned = await plannedCase({ arches }, opts.engine);
  // Every moving tooth spread over 20 aligners: the 20-stage case the issue names.
  let plan = planned.plan;
  for (const t of planned.staging.teeth) if (t.active > 0) plan = setManualStart(plan, t.fdi, 0, 20);
  const staging = stagePlan(plan, plan.protocol);
  const fontBytes = readFileSync(createRequire(import.meta.url).resolve('@fontsource/inter/files/inter-latin-700-normal.woff'));
  const font = parseEngravingFont(fontBytes.buffer.slice(fontBytes.byteOffset, fontBytes.byteOffset + fontBytes.byteLength));
  const api = await loadManifold();
  let zipBytes = 0;
  const sink = zipSink((c) => { zipBytes += c.length; });
  const times: number[] = [], triangles: number[] = [];
  const archMs: Record<Jaw, number> = { upper: 0, lower: 0 };
  const sample: Mesh[] = [];
  const start = performance.now();
  let last = start;
  const input = { caseLabel: 'Bench', arches: planned.parts.map((parts) => ({ jaw: parts.jaw, mesh: arches[parts.jaw], parts })), plan, staging, font };
  for await (const model of caseModels(api, input)) {
    await addModel(sink, modelFiles(model));
    const now = performance.now();
    times.push(now - last);
    archMs[model.jaw] += now - last;
    last = now;
    triangles.push(model.triangles);
    if (sample.length < 4) sample.push(model.mesh);
    if (times.length % 10 === 0) log(`models: ${times.length} made`);
  }
  await sink.close();
  const total = performance.now() - start;
  log('models: the same case through the studio\'s export client, two workers...');
  const w0 = performance.now();
  const { zip } = await twoWorkerExport().run({ ...input, createdAt: new Date().toISOString() }, {});
  const workersMs = performance.now() - w0;
  // The STL writers on the same meshes.
  const t0 = performance.now();
  for (const m of sample) binaryStl(m, 'bench');
  const ours = performance.now() - t0;
  const exporter = new STLExporter();
  const t1 = performance.now();
  for (const m of sample) {
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(m.positions, 3));
    geometry.setIndex(new THREE.BufferAttribute(m.indices, 1));
    exporter.parse(new THREE.Mesh(geometry), { binary: true });
  }
  const peer = performance.now() - t1;
  return {
    models: times.length,
    aligners: { upper: staging.arches.find((a) => a.jaw === 'upper')?.aligners ?? 0, lower: staging.arches.find((a) => a.jaw === 'lower')?.aligners ?? 0 },
    triangles_median: median(triangles), model_ms_median: median(times), model_ms_max: Math.max(...times),
    total_ms: total, workers_ms: workersMs, workersZipBytes: zip.size, arch_ms: archMs, zipBytes, stl_ms: ours / sample.length, stlPeer_ms: peer / sample.length,
  };
}

export function formatModelsReport(r: ModelsBenchReport): string {
  return [
    `Printable models: real upper + demo lower, ${r.aligners.upper} + ${r.aligners.lower} aligners plus templates = ${r.models} models (one thread)`,
    `  per model    median ${r.model_ms_median.toFixed(0)} ms, slowest ${r.model_ms_max.toFixed(0)} ms, median ${r.triangles_median} triangles`,
    `  whole case   ${(r.workers_ms / 1000).toFixed(1)} s measured through the studio's export client, two workers (zip ${(r.workersZipBytes / 2 ** 20).toFixed(1)} MB); one thread: ${(r.total_ms / 1000).toFixed(1)} s (upper ${(r.arch_ms.upper / 1000).toFixed(1)} s, lower ${(r.arch_ms.lower / 1000).toFixed(1)} s), ratio ${(r.workers_ms / r.total_ms).toFixed(2)}`,
    `  zip          ${(r.zipBytes / 2 ** 20).toFixed(1)} MB`,
    `  STL writing  ${r.stl_ms.toFixed(1)} ms per model vs three.js STLExporter ${r.stlPeer_ms.toFixed(1)} ms (ratio ${(r.stl_ms / r.stlPeer_ms).toFixed(2)})`,
  ].join('\n');
}

/** The studio's export client over two Node worker threads running its models worker (models-thread.ts). */
function twoWorkerExport() {
  const thread = new URL('./models-thread.ts', import.meta.url).href;
  return modelsExportOn(() => {
    // tsx's loader is registered in the thread before the TypeScript entry is imported.
    return threadEndpoint(new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(thread)}); });`, { eval: true }));
  }, 2);
}

/**
 * A worker thread as the browser's Worker looks to comlink and the worker slot: messages, and
 * an 'error' event with a message when it dies (comlink's own Node adapter hands every
 * listener the thread's messages, so a slot would take the first answer for a crash).
 */
function threadEndpoint(worker: Worker): WorkerEndpoint {
  type Handler = EventListenerOrEventListenerObject;
  const bound = new Map<Handler, { event: string; run: (x: unknown) => void }>();
  const deliver = (h: Handler, e: unknown) => ('handleEvent' in h ? h.handleEvent(e as Event) : h(e as Event));
  return {
    postMessage: (message: unknown, transfer?: Transferable[]) => worker.postMessage(message, transfer as never),
    addEventListener(type: string, h: Handler) {
      const event = type === 'message' ? 'message' : 'error';
      const run = event === 'message' ? (data: unknown) => deliver(h, { data }) : (e: unknown) => deliver(h, { message: e instanceof Error ? e.message : String(e) });
      bound.set(h, { event, run });
      worker.on(event, run);
    },
    removeEventListener(_: string, h: Handler) {
      const b = bound.get(h);
      if (b) worker.off(b.event, b.run);
      bound.delete(h);
    },
    terminate: () => void worker.terminate(),
  };
}
