// The main thread's handle on the segmentation worker. Every call is queued in the worker
// in order, so a correction made while the previous one is still cutting waits its turn.
// A worker that dies fails the call in progress; the next call starts a fresh one (its
// open arches are gone, so the caller opens them again).
import { proxy, transfer } from 'comlink';
import { createWorkerSlot } from '../../engine/worker-slot.ts';
import type { Jaw } from '../../core/types.ts';
import type { Mesh } from '../../geometry/mesh.ts';
import type { ArchFrame } from '../../geometry/segmentation/index.ts';
import type { ToothAxes } from '../../geometry/tooth-axes.ts';
import type {
  AxesRotation, BrushDab, SavedRecord, SegmentApi, SegmentProgress, SegmentationView, ToothAxesView,
} from './segment-api.ts';

/** SegmentApi with every answer a promise: what the UI codes against (worker or direct). */
export interface SegmentClient {
  segment(key: string, mesh: Mesh, jaw: Jaw, frame?: ArchFrame, onProgress?: SegmentProgress): Promise<SegmentationView>;
  resume(key: string, mesh: Mesh, jaw: Jaw, record: ArrayBuffer, onProgress?: SegmentProgress): Promise<SegmentationView>;
  resegment(key: string, frame: ArchFrame, onProgress?: SegmentProgress): Promise<SegmentationView>;
  addTooth(key: string, fdi: number, vertex: number): Promise<SegmentationView>;
  moveTooth(key: string, fdi: number, vertex: number): Promise<SegmentationView>;
  deleteTooth(key: string, fdi: number): Promise<SegmentationView>;
  renumberTooth(key: string, from: number, to: number): Promise<SegmentationView>;
  renumberFrom(key: string, fdi: number, vertex: number): Promise<SegmentationView>;
  brush(key: string, vertices: number[], radiusMm: number, label: number): Promise<BrushDab>;
  endStroke(key: string): Promise<SegmentationView>;
  recut(key: string): Promise<SegmentationView>;
  undo(key: string): Promise<SegmentationView>;
  redo(key: string): Promise<SegmentationView>;
  current(key: string): Promise<SegmentationView>;
  toothAxes(key: string): Promise<ToothAxesView>;
  adjustAxes(key: string, fdi: number, rotation: AxesRotation): Promise<ToothAxes>;
  /** Record bytes of the current state; the worker client builds them in a second worker. */
  record(key: string): Promise<SavedRecord>;
  close(key: string): Promise<void>;
}

/** The API in this thread, for tests and browsers without module workers. */
export function directSegmentClient(api: SegmentApi): SegmentClient {
  const client = {} as Record<string, unknown>;
  for (const name of Object.keys(api) as (keyof SegmentApi)[]) {
    const fn = api[name] as (...args: unknown[]) => unknown;
    client[name] = async (...args: unknown[]) => fn(...args);
  }
  return client as unknown as SegmentClient;
}

/** One worker of the segmentation module, started on first use and again after it dies. */
function workerSlot(name: string) {
  return createWorkerSlot<SegmentApi>({
    name,
    spawn: () => new Worker(new URL('./segment.worker.ts', import.meta.url), { type: 'module', name }),
  });
}

/**
 * Two workers: one keeps the open arches and answers corrections; building a record to
 * save (closing every crown into a solid) takes seconds, so a second one does it from a
 * snapshot and the planner keeps correcting meanwhile.
 */
export function createWorkerSegmentClient(): SegmentClient & { dispose(): void } {
  const editing = workerSlot('segmentation');
  const saving = workerSlot('segmentation record');
  const call = editing.call;
  const meshes = new Map<string, { mesh: Mesh; jaw: Jaw }>();

  const progress = (p?: SegmentProgress) => (p ? proxy(p) : undefined);
  // The mesh is copied, not transferred: the viewport keeps drawing the same arrays.
  return {
    segment(key, mesh, jaw, frame, onProgress) {
      meshes.set(key, { mesh: plainMesh(mesh), jaw });
      return call((r) => r.segment(key, plainMesh(mesh), jaw, frame, progress(onProgress)));
    },
    resume(key, mesh, jaw, record, onProgress) {
      meshes.set(key, { mesh: plainMesh(mesh), jaw });
      return call((r) => r.resume(key, plainMesh(mesh), jaw, transfer(record, [record]), progress(onProgress)));
    },
    resegment: (key, frame, onProgress) => call((r) => r.resegment(key, frame, progress(onProgress))),
    addTooth: (key, fdi, vertex) => call((r) => r.addTooth(key, fdi, vertex)),
    moveTooth: (key, fdi, vertex) => call((r) => r.moveTooth(key, fdi, vertex)),
    deleteTooth: (key, fdi) => call((r) => r.deleteTooth(key, fdi)),
    renumberTooth: (key, from, to) => call((r) => r.renumberTooth(key, from, to)),
    renumberFrom: (key, fdi, vertex) => call((r) => r.renumberFrom(key, fdi, vertex)),
    brush: (key, vertices, radiusMm, label) => call((r) => r.brush(key, vertices, radiusMm, label)),
    endStroke: (key) => call((r) => r.endStroke(key)),
    recut: (key) => call((r) => r.recut(key)),
    undo: (key) => call((r) => r.undo(key)),
    redo: (key) => call((r) => r.redo(key)),
    current: (key) => call((r) => r.current(key)),
    toothAxes: (key) => call((r) => r.toothAxes(key)),
    adjustAxes: (key, fdi, rotation) => call((r) => r.adjustAxes(key, fdi, rotation)),
    async record(key) {
      const open = meshes.get(key);
      if (!open) throw new Error(`no segmentation open for ${key}`);
      const snap = await call((r) => r.snapshot(key));
      const buffers = [snap.faceLabels.buffer, snap.vertexLabels.buffer] as ArrayBuffer[];
      return saving.call((r) => r.buildRecord(open.mesh, open.jaw, transfer(snap, buffers)));
    },
    close(key) {
      meshes.delete(key);
      return call((r) => r.close(key));
    },
    dispose() {
      editing.dispose();
      saving.dispose();
    },
  };
}

function plainMesh(mesh: Mesh): Mesh {
  return { positions: mesh.positions, indices: mesh.indices };
}
