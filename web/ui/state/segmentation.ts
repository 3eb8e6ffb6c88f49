// The open case's tooth segmentation as the planner works on it: running the automatic
// segmentation of a raw arch, the correction tools, undo/redo, the arch frame and tooth
// axes, and saving. The heavy state (scan context, the list of Segmentation states) lives
// in the segmentation worker; this store holds what the panels show and the vertex labels
// the viewport colours. Every correction saves itself shortly after (autosave).
import { createSignal } from 'solid-js';
import { createStore } from 'solid-js/store';
import { JAWS } from '../../core/types.ts';
import type { Jaw } from '../../core/types.ts';
import type { ArchFrame } from '../../geometry/segmentation/index.ts';
import type { AxesRotation, SegmentationView, ToothAxesView } from '../workers/segment-api.ts';
import { createArchAutosave } from './autosave.ts';
import { createLane } from '../../core/lane.ts';
import { ANTERIOR_STEP_DEG, flipOcclusal, rotateAnterior } from './arch-frame-edit.ts';
import type { ArchSegState, SegmentationDeps, SegmentationState, SegmentationStore } from './segmentation-types.ts';

export type * from './segmentation-types.ts';

/** Autosave waits this long after a correction, so a burst of corrections saves once. */
const SAVE_DELAY_MS = 1200;

/**
 * The tooth the planner is asked to click while the numbering is unsure: the one the
 * segmentation names (behind a closed space, the premolar or molar whose name is in doubt),
 * a central where an older worker names none; null when the numbering is sure.
 */
export function askedTooth(jaw: Jaw, v: Pick<SegmentationView, 'numberingUncertain' | 'askFdi'>): number | null {
  if (!v.numberingUncertain) return null;
  return v.askFdi ?? (jaw === 'upper' ? 11 : 41);
}

const blank = (): ArchSegState => ({
  phase: 'none', status: null, teeth: [], warnings: [], numberingUncertain: false, askFdi: null, canUndo: false, canRedo: false, frame: null,
  revision: 0, savedRevision: 0, saving: false, saveError: null,
});

export function createSegmentationStore(deps: SegmentationDeps): SegmentationStore {
  const [state, setState] = createStore<SegmentationState>({
    arches: { upper: blank(), lower: blank() }, active: null, tool: 'select', selected: null, pendingSeed: null, anchorFdi: null,
    brushRadiusMm: 1.5, brushOnto: 'tooth', showFrame: false, showAxes: false, busy: false, error: null,
  });
  const [labels, setLabels] = createSignal<Partial<Record<Jaw, Uint8Array>>>({});
  const [stroking, setStroking] = createSignal(false);
  const [axes, setAxes] = createSignal<Partial<Record<Jaw, ToothAxesView>>>({});
  const keyOf = (jaw: Jaw) => `${deps.caseId}/${jaw}`;
  const autosave = createArchAutosave((jaw) => writeRecord(jaw), deps.saveDelayMs ?? SAVE_DELAY_MS);
  const jobs = createLane();
  const axesEdits: Record<Jaw, number> = { upper: 0, lower: 0 };
  let dabLoop: Promise<void> | null = null;
  const queuedDabs: { jaw: Jaw; vertex: number }[] = [];
  let disposed = false;

  /** One thing at a time, in order; a failure becomes the error line, not an exception. */
  function run(work: () => Promise<void>): Promise<void> {
    return jobs.enqueue(async () => {
      if (disposed) return;
      setState('busy', true);
      try {
        await work();
        setState('error', null);
      } catch (e) {
        setState('error', messageOf(e));
      } finally {
        setState('busy', false);
      }
    });
  }

  function show(jaw: Jaw, v: SegmentationView, opts: { save?: boolean } = {}) {
    setLabels((m) => ({ ...m, [jaw]: v.vertexLabels }));
    setStroking(false);
    setState('arches', jaw, {
      phase: 'ready', teeth: v.teeth, warnings: v.warnings, numberingUncertain: v.numberingUncertain ?? false,
      askFdi: askedTooth(jaw, v), canUndo: v.canUndo, canRedo: v.canRedo,
      frame: v.frame, revision: v.revision,
    });
    const sel = state.selected;
    if (sel && sel.jaw === jaw && !v.teeth.includes(sel.fdi)) setState('selected', null);
    setAxes((m) => ({ ...m, [jaw]: undefined }));
    // The selected tooth's width is read from its axes, so they follow it too.
    if (state.showAxes || state.selected?.jaw === jaw) void refreshAxes(jaw);
    if (opts.save !== false) autosave.schedule(jaw);
  }

  async function writeRecord(jaw: Jaw) {
    const arch = state.arches[jaw];
    // Not `disposed`: the case closing flushes its last correction through here.
    if (arch.phase !== 'ready' || arch.revision === arch.savedRevision) return;
    const revision = arch.revision;
    const edits = axesEdits[jaw];
    setState('arches', jaw, { saving: true, saveError: null });
    try {
      const { bytes, teeth } = await deps.client.record(keyOf(jaw));
      const record = await deps.repo.saveSegmentation(deps.caseId, jaw, bytes, teeth);
      // An axes nudge made while this was building is not in it: the arch stays unsaved.
      if (axesEdits[jaw] === edits) setState('arches', jaw, 'savedRevision', revision);
      deps.onCaseSaved(record);
    } catch (e) {
      setState('arches', jaw, 'saveError', `Not saved: ${messageOf(e)}`);
    } finally {
      setState('arches', jaw, 'saving', false);
    }
  }

  async function refreshAxes(jaw: Jaw) {
    if (state.arches[jaw].phase !== 'ready') return;
    try {
      const view = await deps.client.toothAxes(keyOf(jaw));
      setAxes((m) => ({ ...m, [jaw]: view }));
    } catch (e) {
      setState('error', `Tooth axes unavailable: ${messageOf(e)}`);
    }
  }

  const active = (): Jaw | null => {
    const a = state.active;
    return a && state.arches[a].phase === 'ready' ? a : null;
  };

  function correction(edit: (key: string, jaw: Jaw) => Promise<SegmentationView>): Promise<void> {
    return run(async () => {
      const jaw = active();
      if (!jaw) return;
      show(jaw, await edit(keyOf(jaw), jaw));
    });
  }

  function progressTo(jaw: Jaw) {
    return (fraction: number, stage: string) => {
      if (fraction < 1) setState('arches', jaw, { status: `${stage}…`, progress: { fraction, stage } });
    };
  }

  async function runAutomatic(jaw: Jaw, start: () => Promise<SegmentationView>) {
    setState('arches', jaw, { phase: 'running', status: 'Starting the segmentation…', progress: { fraction: 0, stage: 'Starting the segmentation' } });
    const t0 = performance.now();
    try {
      const v = await start();
      show(jaw, v);
      setState('active', jaw);
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      setState('arches', jaw, { status: `${v.teeth.length} teeth found in ${seconds} s.`, progress: null });
    } catch (e) {
      setState('arches', jaw, { phase: 'failed', status: `Segmentation failed: ${messageOf(e)}`, progress: null });
    }
  }

  const store: SegmentationStore = {
    state,
    labels,
    stroking,
    axes,
    segment(jaw) {
      return run(async () => {
        const mesh = deps.mesh(jaw);
        if (!mesh) throw new Error(`the ${jaw} arch's scan is not loaded`);
        await runAutomatic(jaw, () => deps.client.segment(keyOf(jaw), mesh, jaw, undefined, progressTo(jaw)));
      });
    },
    restore() {
      return run(async () => {
        for (const jaw of JAWS) {
          const mesh = deps.mesh(jaw);
          if (!mesh || !deps.currentCase()?.arches[jaw]?.teeth.length) continue;
          const bytes = await deps.repo.loadSegmentation(deps.caseId, jaw);
          if (!bytes) continue;
          setState('arches', jaw, { phase: 'running', status: 'Opening the saved segmentation…' });
          try {
            const v = await deps.client.resume(keyOf(jaw), mesh, jaw, bytes, progressTo(jaw));
            show(jaw, v, { save: false });
            setState('arches', jaw, { savedRevision: v.revision, status: null });
            setState('active', (a) => a ?? jaw);
          } catch (e) {
            setState('arches', jaw, { phase: 'failed', status: `The saved segmentation could not be opened: ${messageOf(e)}` });
          }
        }
      });
    },
    setActive(jaw) {
      setState('active', jaw);
    },
    setTool(tool) {
      setState({ tool, pendingSeed: null, anchorFdi: tool === 'anchor' ? state.anchorFdi : null });
    },
    select(pick) {
      setState('selected', pick);
      if (pick && state.arches[pick.jaw].phase === 'ready') setState('active', pick.jaw);
      if (pick && !axes()[pick.jaw]) void refreshAxes(pick.jaw);
    },
    async pick(jaw, vertex, fdi) {
      if (state.arches[jaw].phase !== 'ready') return;
      setState('active', jaw);
      if (state.tool === 'anchor') {
        const anchor = state.anchorFdi;
        if (anchor === null) return;
        setState({ tool: 'select', anchorFdi: null });
        await correction((key) => deps.client.renumberFrom(key, anchor, vertex));
        if (state.arches[jaw].teeth.includes(anchor)) setState('selected', { jaw, fdi: anchor });
      } else if (state.tool === 'add') {
        setState('pendingSeed', { jaw, vertex });
      } else if (state.tool === 'move') {
        const sel = state.selected;
        if (sel && sel.jaw === jaw) await correction((key) => deps.client.moveTooth(key, sel.fdi, vertex));
        else setState('error', 'Select the tooth to move first (Select tool), then click where its seed belongs.');
      } else {
        store.select(fdi ? { jaw, fdi } : null);
      }
    },
    async addToothAt(fdi) {
      const p = state.pendingSeed;
      if (!p) return;
      setState({ pendingSeed: null, active: p.jaw });
      await correction((key) => deps.client.addTooth(key, fdi, p.vertex));
      if (state.arches[p.jaw].teeth.includes(fdi)) setState('selected', { jaw: p.jaw, fdi });
    },
    cancelAdd() {
      setState('pendingSeed', null);
    },
    startAnchor(fdi) {
      setState({ tool: 'anchor', anchorFdi: fdi, pendingSeed: null, error: null });
    },
    cancelAnchor() {
      setState({ tool: 'select', anchorFdi: null });
    },
    async deleteSelected() {
      const sel = state.selected;
      if (!sel) return;
      setState('active', sel.jaw);
      await correction((key) => deps.client.deleteTooth(key, sel.fdi));
    },
    async renumberSelected(to) {
      const sel = state.selected;
      if (!sel || sel.fdi === to) return;
      setState('active', sel.jaw);
      await correction((key) => deps.client.renumberTooth(key, sel.fdi, to));
      setState('selected', { jaw: sel.jaw, fdi: to });
    },
    setBrush(patch) {
      setState(patch);
    },
    brushDab(jaw, vertex) {
      // Pointer moves arrive faster than the worker paints: dabs queue up and go as one batch.
      queuedDabs.push({ jaw, vertex });
      if (!dabLoop) {
        dabLoop = (async () => {
          while (queuedDabs.length) {
            const batch = queuedDabs.splice(0);
            const on = batch[batch.length - 1].jaw;
            await dab(on, batch.filter((d) => d.jaw === on).map((d) => d.vertex));
          }
          dabLoop = null;
        })();
      }
      return dabLoop;
    },
    async brushEnd() {
      // The stroke ends after its last dabs are painted.
      while (dabLoop) await dabLoop;
      return run(async () => {
        const jaw = active();
        if (!jaw || !stroking()) return;
        show(jaw, await deps.client.endStroke(keyOf(jaw)));
      });
    },
    recut: () => correction((key) => deps.client.recut(key)),
    undo: () => correction((key) => deps.client.undo(key)),
    redo: () => correction((key) => deps.client.redo(key)),
    flipOcclusal: (jaw) => reframe(jaw, (f) => flipOcclusal(f, jaw)),
    rotateAnterior: (jaw, sign) => reframe(jaw, (f) => rotateAnterior(f, sign * ANTERIOR_STEP_DEG, jaw)),
    setShowFrame(on) {
      setState('showFrame', on);
    },
    async setShowAxes(on) {
      setState('showAxes', on);
      if (on) await Promise.all(JAWS.filter((j) => !axes()[j]).map(refreshAxes));
    },
    nudgeAxes(component, deg) {
      return run(async () => {
        const sel = state.selected;
        if (!sel || state.arches[sel.jaw].phase !== 'ready') return;
        const rotation: AxesRotation = { tipDeg: 0, torqueDeg: 0, rotationDeg: 0, [component]: deg };
        const adjusted = await deps.client.adjustAxes(keyOf(sel.jaw), sel.fdi, rotation);
        setAxes((m) => {
          const view = m[sel.jaw];
          if (!view) return m;
          return { ...m, [sel.jaw]: { ...view, teeth: view.teeth.map((t) => (t.fdi === sel.fdi ? adjusted : t)) } };
        });
        // Axes are part of the saved record; a nudge is saved like any correction.
        axesEdits[sel.jaw]++;
        setState('arches', sel.jaw, 'savedRevision', -1);
        autosave.schedule(sel.jaw);
      });
    },
    widthOf(jaw, fdi) {
      return axes()[jaw]?.teeth.find((t) => t.fdi === fdi)?.widthMm ?? null;
    },
    save: (jaw) => {
      // Nothing of this arch waits to be written (a saved segmentation still reopening, say):
      // the stored record is current, and the plan need not queue behind that reopening.
      const arch = state.arches[jaw];
      if (arch.phase !== 'ready' || arch.revision === arch.savedRevision) return Promise.resolve();
      return run(() => autosave.now(jaw));
    },
    forget(jaw) {
      autosave.cancel(jaw);
      if (state.arches[jaw].phase !== 'none') void deps.client.close(keyOf(jaw)).catch(() => undefined);
      setState('arches', jaw, blank());
      setLabels((m) => ({ ...m, [jaw]: undefined }));
      setAxes((m) => ({ ...m, [jaw]: undefined }));
      if (state.selected?.jaw === jaw) setState('selected', null);
      if (state.pendingSeed?.jaw === jaw) setState('pendingSeed', null);
      if (state.active === jaw) setState('active', null);
    },
    async settled() {
      // A save may queue more work and work may schedule a save: settled when both are still.
      do {
        await jobs.idle();
        await autosave.idle();
      } while (jobs.busy());
    },
    dispose() {
      disposed = true;
      for (const jaw of JAWS) {
        if (state.arches[jaw].phase !== 'ready') continue;
        // A correction still waiting for its autosave is written before the worker lets the arch go.
        void autosave.now(jaw).finally(() => deps.client.close(keyOf(jaw)).catch(() => undefined));
      }
    },
  };

  function dab(jaw: Jaw, vertices: number[]): Promise<void> {
    return run(async () => {
      if (state.arches[jaw].phase !== 'ready') return;
      setState('active', jaw);
      const label = state.brushOnto === 'gingiva' ? 0 : state.selected?.jaw === jaw ? state.selected.fdi : -1;
      if (label < 0) throw new Error('Select the tooth to paint onto first, or paint onto the gingiva.');
      const painted = await deps.client.brush(keyOf(jaw), vertices, state.brushRadiusMm, label);
      const next = Uint8Array.from(labels()[jaw] ?? []);
      for (const v of painted.vertices) next[v] = painted.label;
      setStroking(true);
      setLabels((m) => ({ ...m, [jaw]: next }));
    });
  }

  function reframe(jaw: Jaw, edit: (f: ArchFrame) => ArchFrame): Promise<void> {
    return run(async () => {
      const frame = state.arches[jaw].frame;
      if (!frame || state.arches[jaw].phase !== 'ready') return;
      const next = edit(structuredClone(unwrapFrame(frame)));
      await runAutomatic(jaw, () => deps.client.resegment(keyOf(jaw), next, progressTo(jaw)));
    });
  }

  return store;
}

/** Store proxies cannot cross to a worker: a plain copy of the frame. */
function unwrapFrame(f: ArchFrame): ArchFrame {
  return {
    origin: [...f.origin] as ArchFrame['origin'], occlusal: [...f.occlusal] as ArchFrame['occlusal'],
    anterior: [...f.anterior] as ArchFrame['anterior'], left: [...f.left] as ArchFrame['left'],
    jawGuess: f.jawGuess, inwardNormals: f.inwardNormals,
  };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
