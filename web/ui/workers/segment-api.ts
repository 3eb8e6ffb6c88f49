// Tooth segmentation off the main thread. The worker keeps, per open arch, the scan's
// SegmentationContext (0.6 s to prepare) and the list of Segmentation states, so every
// correction only re-cuts and undo/redo are instant. A factory returning a plain object:
// tests call it directly; segment.worker.ts exposes one instance through comlink.
// What crosses back is small: vertex labels (one byte per vertex), seeds and warnings.
import { transfer } from 'comlink';
import { archOrder } from '../../core/fdi.ts';
import type { Jaw } from '../../core/types.ts';
import type { Mesh } from '../../geometry/mesh.ts';
import {
  addSeed, autoSegment, deleteSeed, moveSeed, paintFaces, prepareSegmentation, recutSegmentation, renumberTooth,
} from '../../geometry/segmentation/index.ts';
import type { ArchFrame, Segmentation, SegmentationContext } from '../../geometry/segmentation/index.ts';
import { findTeeth } from '../../geometry/segmentation/find-teeth.ts';
import { adjustToothAxes, computeToothAxes } from '../../geometry/tooth-axes.ts';
import type { ArchCurvePoints, ToothAxes } from '../../geometry/tooth-axes.ts';
import {
  buildSegmentationRecord, decodeSegmentationRecord, encodeSegmentationRecord,
} from '../../geometry/segmentation-record.ts';
import { progressSpan } from '../../geometry/segmentation/progress.ts';
import { brushRegion } from './brush.ts';

export type SegmentProgress = (fraction: number, stage: string) => void;

/** One state of an arch's segmentation as the UI needs it. */
export interface SegmentationView {
  vertexLabels: Uint8Array;
  /** FDI numbers of the teeth present, in arch order (patient's right to left). */
  teeth: number[];
  seeds: { fdi: number; vertex: number }[];
  warnings: string[];
  /** The automatic numbering could not tell the teeth apart: ask for an anchor tooth. */
  numberingUncertain: boolean;
  /** While it is: the tooth (FDI) whose click would settle it, as the warning names it. */
  askFdi?: number;
  frame: ArchFrame;
  canUndo: boolean;
  canRedo: boolean;
  /** Increases with every new state (corrections, undo, redo): what was saved is compared to it. */
  revision: number;
}

/** What a brush dab changed, for colouring before the stroke's re-cut. */
export interface BrushDab {
  vertices: Uint32Array;
  label: number;
}

export interface ToothAxesView {
  teeth: ToothAxes[];
  archCurve: ArchCurvePoints;
}

export interface SavedRecord { bytes: ArrayBuffer; teeth: number[] }

/** A Segmentation without its solver cache, plus the planner's axes nudges. */
export interface SegmentationSnapshot {
  faceLabels: Uint8Array;
  vertexLabels: Uint8Array;
  seeds: { fdi: number; vertex: number }[];
  paint: [number, number][];
  frame: ArchFrame;
  scale: number;
  warnings: string[];
  axesOverrides: ToothAxes[];
}

export interface AxesRotation { tipDeg: number; torqueDeg: number; rotationDeg: number }

export interface SegmentApi {
  /** Prepares the scan and segments it automatically (frame: the planner's, else estimated). */
  segment(key: string, mesh: Mesh, jaw: Jaw, frame?: ArchFrame, onProgress?: SegmentProgress): SegmentationView;
  /** Reopens a saved segmentation (SegmentationRecord bytes) for corrections. */
  resume(key: string, mesh: Mesh, jaw: Jaw, record: ArrayBuffer, onProgress?: SegmentProgress): SegmentationView;
  /** Runs the automatic segmentation again on an edited frame, as one undoable step. */
  resegment(key: string, frame: ArchFrame, onProgress?: SegmentProgress): SegmentationView;
  addTooth(key: string, fdi: number, vertex: number): SegmentationView;
  moveTooth(key: string, fdi: number, vertex: number): SegmentationView;
  deleteTooth(key: string, fdi: number): SegmentationView;
  renumberTooth(key: string, from: number, to: number): SegmentationView;
  /** The crown at `vertex` is tooth `fdi`: numbers and cuts the arch again from it, as one undoable step. */
  renumberFrom(key: string, fdi: number, vertex: number): SegmentationView;
  /** Brush dabs around each of `vertices` (label 0 = gingiva); no re-cut until endStroke. */
  brush(key: string, vertices: number[], radiusMm: number, label: number): BrushDab;
  endStroke(key: string): SegmentationView;
  recut(key: string): SegmentationView;
  undo(key: string): SegmentationView;
  redo(key: string): SegmentationView;
  current(key: string): SegmentationView;
  toothAxes(key: string): ToothAxesView;
  /** A planner's nudge of one tooth's axes; kept (and saved) until the tooth is cut again. */
  adjustAxes(key: string, fdi: number, rotation: AxesRotation): ToothAxes;
  /** The current state as SegmentationRecord bytes, ready for repo.saveSegmentation. */
  record(key: string): SavedRecord;
  /** The current state as plain data, for building the record elsewhere (it takes seconds). */
  snapshot(key: string): SegmentationSnapshot;
  /** Builds record bytes from a snapshot: needs no open session, so a second worker can do it. */
  buildRecord(mesh: Mesh, jaw: Jaw, snapshot: SegmentationSnapshot): SavedRecord;
  close(key: string): void;
}

interface Step {
  ctx: SegmentationContext;
  seg: Segmentation;
  revision: number;
}

interface Session {
  mesh: Mesh;
  jaw: Jaw;
  history: Step[];
  at: number;
  /** A brush stroke in progress: painted, not yet re-cut, not yet in the history. */
  stroke: Segmentation | null;
  axes: WeakMap<Segmentation, ToothAxesView>;
  overrides: Map<number, ToothAxes>;
  /** Contexts by frame, so undoing a frame edit does not prepare the scan again. */
  contexts: SegmentationContext[];
}

/** Share of a whole segmentation's progress bar that preparing the scan takes. */
const PREPARED = 0.55;

/** States kept for undo per arch; each shares the scan's context, so this is mostly labels. */
const HISTORY_LIMIT = 100;

export function createSegmentApi(): SegmentApi {
  const sessions = new Map<string, Session>();
  let revisions = 0;

  function session(key: string): Session {
    const s = sessions.get(key);
    if (!s) throw new Error(`no segmentation open for ${key}`);
    return s;
  }

  function contextFor(s: Session, frame: ArchFrame | undefined, onProgress?: SegmentProgress): SegmentationContext {
    const known = frame && s.contexts.find((c) => sameFrame(c.frame, frame));
    if (known) return known;
    const ctx = prepareSegmentation(s.mesh, { jaw: s.jaw, frame, onProgress: progressSpan(onProgress, 0, PREPARED) });
    s.contexts.push(ctx);
    return ctx;
  }

  function push(s: Session, ctx: SegmentationContext, seg: Segmentation): SegmentationView {
    s.stroke = null;
    s.history = s.history.slice(0, s.at + 1);
    s.history.push({ ctx, seg, revision: ++revisions });
    if (s.history.length > HISTORY_LIMIT) s.history.shift();
    s.at = s.history.length - 1;
    // Nudged axes belong to a crown as it was cut; a tooth that is gone drops its nudge.
    const present = new Set(presentTeeth(seg.vertexLabels));
    for (const fdi of [...s.overrides.keys()]) if (!present.has(fdi)) s.overrides.delete(fdi);
    return view(s);
  }

  function view(s: Session): SegmentationView {
    const step = s.history[s.at];
    const seg = s.stroke ?? step.seg;
    const vertexLabels = Uint8Array.from(seg.vertexLabels);
    return transfer({
      vertexLabels,
      teeth: archOrder(s.jaw).filter((fdi) => presentTeeth(seg.vertexLabels).includes(fdi)),
      seeds: seg.seeds.map((x) => ({ fdi: x.fdi, vertex: x.vertex })),
      warnings: [...seg.warnings],
      numberingUncertain: seg.numbering?.ambiguous ?? false,
      ...(seg.numbering?.ambiguous && seg.numbering.askFdi !== undefined ? { askFdi: seg.numbering.askFdi } : {}),
      frame: structuredClone(seg.frame),
      canUndo: s.at > 0,
      canRedo: s.at < s.history.length - 1,
      revision: step.revision,
    }, [vertexLabels.buffer]);
  }

  function correct(key: string, edit: (ctx: SegmentationContext, seg: Segmentation) => Segmentation): SegmentationView {
    const s = session(key);
    const { ctx } = s.history[s.at];
    const base = s.stroke ? recutSegmentation(ctx, s.stroke) : s.history[s.at].seg;
    return push(s, ctx, edit(ctx, base));
  }

  function axesOf(s: Session): ToothAxesView {
    const { seg } = s.history[s.at];
    let axes = s.axes.get(seg);
    if (!axes) {
      axes = computeToothAxes(s.mesh, seg.vertexLabels, seg.frame, s.jaw);
      s.axes.set(seg, axes);
    }
    return { teeth: axes.teeth.map((t) => s.overrides.get(t.fdi) ?? t), archCurve: axes.archCurve };
  }

  function start(key: string, mesh: Mesh, jaw: Jaw): Session {
    const s: Session = { mesh, jaw, history: [], at: -1, stroke: null, axes: new WeakMap(), overrides: new Map(), contexts: [] };
    sessions.set(key, s);
    return s;
  }

  return {
    segment(key, mesh, jaw, frame, onProgress) {
      const s = start(key, mesh, jaw);
      const ctx = contextFor(s, frame, onProgress);
      const seg = autoSegment(ctx, progressSpan(onProgress, PREPARED, 1));
      return push(s, ctx, seg);
    },
    resume(key, mesh, jaw, bytes, onProgress) {
      const r = decodeSegmentationRecord(bytes);
      if (r.jaw !== jaw) throw new Error(`the saved segmentation is of the ${r.jaw} arch, not the ${jaw}`);
      if (r.vertexLabels.length * 3 !== mesh.positions.length) throw new Error('the saved segmentation does not match this scan (vertex count differs)');
      const s = start(key, mesh, jaw);
      const ctx = contextFor(s, r.frame, onProgress);
      onProgress?.(0.8, 'Restoring the corrections');
      // The record keeps labels, seeds and paint; the size factor the cut uses is estimated again.
      const scale = findTeeth(ctx.proxy?.ctx ?? ctx).scale;
      const seg: Segmentation = {
        faceLabels: r.faceLabels, vertexLabels: r.vertexLabels, seeds: r.seeds.map((x: { fdi: number; vertex: number }) => ({ ...x })),
        paint: new Map(r.paint), frame: r.frame, scale, warnings: [], fields: [],
      };
      for (const t of r.teeth) if (t.adjusted) s.overrides.set(t.fdi, t);
      onProgress?.(1, 'Done');
      return push(s, ctx, seg);
    },
    resegment(key, frame, onProgress) {
      const s = session(key);
      const ctx = contextFor(s, frame, onProgress);
      const seg = autoSegment(ctx, progressSpan(onProgress, PREPARED, 1));
      s.overrides.clear();
      return push(s, ctx, seg);
    },
    addTooth: (key, fdi, vertex) => correct(key, (ctx, seg) => addSeed(ctx, seg, { fdi, vertex })),
    moveTooth: (key, fdi, vertex) => correct(key, (ctx, seg) => moveSeed(ctx, seg, fdi, vertex)),
    deleteTooth: (key, fdi) => correct(key, (ctx, seg) => deleteSeed(ctx, seg, fdi)),
    renumberTooth(key, from, to) {
      const s = session(key);
      const v = correct(key, (ctx, seg) => renumberTooth(ctx, seg, from, to));
      const a = s.overrides.get(from), b = s.overrides.get(to);
      s.overrides.delete(from);
      s.overrides.delete(to);
      if (a) s.overrides.set(to, { ...a, fdi: to });
      if (b) s.overrides.set(from, { ...b, fdi: from });
      return v;
    },
    renumberFrom(key, fdi, vertex) {
      const s = session(key);
      if (!archOrder(s.jaw).includes(fdi)) throw new RangeError(`${fdi} is not a tooth of the ${s.jaw} arch`);
      if (!Number.isInteger(vertex) || vertex < 0 || vertex * 3 >= s.mesh.positions.length) throw new RangeError(`no vertex ${vertex} on this scan`);
      // From scratch like a re-run (earlier corrections stay reachable by undo).
      const v = correct(key, (ctx) => autoSegment(ctx, undefined, { fdi, vertex }));
      s.overrides.clear();
      return v;
    },
    brush(key, centres, radiusMm, label) {
      const s = session(key);
      const { ctx } = s.history[s.at];
      const faces = new Set<number>();
      const painted = new Set<number>();
      for (const c of centres) {
        const region = brushRegion(ctx.topo, c, radiusMm);
        for (const f of region.faces) faces.add(f);
        for (const v of region.vertices) painted.add(v);
      }
      s.stroke = paintFaces(ctx, s.stroke ?? s.history[s.at].seg, [...faces], label, { recut: false });
      const vertices = Uint32Array.from(painted);
      return transfer({ vertices, label }, [vertices.buffer]);
    },
    endStroke(key) {
      const s = session(key);
      if (!s.stroke) return view(s);
      const { ctx } = s.history[s.at];
      return push(s, ctx, recutSegmentation(ctx, s.stroke));
    },
    recut: (key) => correct(key, (ctx, seg) => recutSegmentation(ctx, seg)),
    undo(key) {
      const s = session(key);
      s.stroke = null;
      if (s.at > 0) s.at--;
      return view(s);
    },
    redo(key) {
      const s = session(key);
      s.stroke = null;
      if (s.at < s.history.length - 1) s.at++;
      return view(s);
    },
    current: (key) => view(session(key)),
    toothAxes: (key) => axesOf(session(key)),
    adjustAxes(key, fdi, rotation) {
      const s = session(key);
      const current = axesOf(s).teeth.find((t) => t.fdi === fdi);
      if (!current) throw new RangeError(`tooth ${fdi} has no axes on this arch`);
      const adjusted = adjustToothAxes(current, rotation);
      s.overrides.set(fdi, adjusted);
      return adjusted;
    },
    record(key) {
      const s = session(key);
      return buildRecord(s.mesh, s.jaw, snapshotOf(s));
    },
    snapshot(key) {
      const snap = snapshotOf(session(key));
      return transfer(snap, [snap.faceLabels.buffer, snap.vertexLabels.buffer] as ArrayBuffer[]);
    },
    buildRecord,
    close(key) {
      sessions.delete(key);
    },
  };
}

function snapshotOf(s: Session): SegmentationSnapshot {
  const { seg } = s.history[s.at];
  return {
    faceLabels: Uint8Array.from(seg.faceLabels), vertexLabels: Uint8Array.from(seg.vertexLabels),
    seeds: seg.seeds.map((x) => ({ fdi: x.fdi, vertex: x.vertex })), paint: [...seg.paint],
    frame: structuredClone(seg.frame), scale: seg.scale, warnings: [...seg.warnings], axesOverrides: [...s.overrides.values()],
  };
}

function buildRecord(mesh: Mesh, jaw: Jaw, snap: SegmentationSnapshot): SavedRecord {
  const seg: Segmentation = {
    faceLabels: snap.faceLabels, vertexLabels: snap.vertexLabels, seeds: snap.seeds, paint: new Map(snap.paint),
    frame: snap.frame, scale: snap.scale, warnings: snap.warnings, fields: [],
  };
  const r = buildSegmentationRecord(mesh, seg, jaw, snap.axesOverrides.length ? snap.axesOverrides : undefined);
  const bytes = encodeSegmentationRecord(r);
  const present = presentTeeth(snap.vertexLabels);
  return transfer({ bytes, teeth: archOrder(jaw).filter((fdi) => present.includes(fdi)) }, [bytes]);
}

function presentTeeth(labels: Uint8Array): number[] {
  const seen = new Uint8Array(256);
  for (let i = 0; i < labels.length; i++) seen[labels[i]] = 1;
  const out: number[] = [];
  for (let l = 1; l < 256; l++) if (seen[l]) out.push(l);
  return out;
}

function sameFrame(a: ArchFrame, b: ArchFrame): boolean {
  const close = (u: readonly number[], v: readonly number[]) => u.every((x, i) => Math.abs(x - v[i]) < 1e-9);
  return close(a.origin, b.origin) && close(a.occlusal, b.occlusal) && close(a.anterior, b.anterior) && a.inwardNormals === b.inwardNormals;
}
