// The open case's treatment plan as the planner works on it: the plan history (every edit
// one immutable step), the prepared geometry, the engine's findings over all stages, the
// shown stage and playback, the live gizmo drag, and saving. Engine work goes through one
// lane (core/lane.ts) so that runs, drag updates and colour maps never interleave and the
// newest request always wins; the panels read memos derived from the plan.
import { createComputed, createMemo, createSignal, on, untrack, type Accessor } from 'solid-js';
import { createStore, unwrap } from 'solid-js/store';
import type { Fdi } from '../../core/fdi.ts';
import { JAWS, type Jaw } from '../../core/types.ts';
import { movementFromPose, type Pose } from '../../core/pose.ts';
import {
  applyAttachmentRules, canRedo, canUndo, commit, currentPlan, emptyPlan, historyOf, nudgeTarget, PlanError, redo, setAttachments, setManualStart, setPattern,
  setProtocol, setTarget, targetOf, undo, type Plan, type PlanHistory,
} from '../../core/plan.ts';
import { editProtocol, ProtocolError } from '../../core/protocol.ts';
import { restageUnder } from '../../core/protocol-document.ts';
import { stagePlan, type Staging } from '../../core/staging.ts';
import type { Findings } from '../../core/findings.ts';
import type { SanityCheck } from '../../core/sanity.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import type { PlanService, SettingsStore } from '../services.ts';
import type { ChangeSource } from '../../store/changes.ts';
import { DEFAULT_AUTO_SETUP, type PlanArchParts, type PlannerClient, type PlanSession, type PlanSessionState } from './plan-types.ts';
import { createPlanCompute } from './plan-compute.ts';
import { createPlanWorking } from './plan-working.ts';
import { createPlayback } from './plan-playback.ts';
import { posesAt } from './plan-derive.ts';
import { acceptIpr } from '../../core/plan-rules.ts';
import { framesOf, planSetup, toothInputs } from '../../pipeline/index.ts';
import { closable, type PlanEngine } from './plan-engine.ts';
import { messageOf, planVersions } from './plan-versions.ts';
import { createAttachmentClearance } from './attachment-clearance.ts';

export { PROTOCOL_SETTING } from './plan-versions.ts';

export type { PlanService };

export interface PlanSessionDeps {
  caseId: string;
  plans: PlanService;
  /** The clinic's default protocol for new plans is kept under PROTOCOL_SETTING. */
  settings: SettingsStore;
  planner: PlannerClient;
  /** The session loads its teeth and plans into it: one open session per engine. */
  engine: PlanEngine;
  /** Labelled arches (labels from the scan or the segmentation); read on prepare. */
  arches: Accessor<Partial<Record<Jaw, LabelledMesh>>>;
  /**
   * An arch's saved segmentation record (segmentation-record.ts), with any pending edit saved
   * first: its axes, the planner's adjustments included, and solids are used, not recomputed.
   */
  savedSegmentation?: (jaw: Jaw) => Promise<ArrayBuffer | undefined>;
  /** Other tabs' saves: the plan reloads when this tab has nothing unsaved. */
  changes?: ChangeSource;
  /**
   * Resolves once the view has drawn what was just set (the viewport's next frame). The engine
   * starts on the teeth only then: on a machine with few cores its collision trees would
   * otherwise hold up the first sight of the staged plan. Default: at once.
   */
  drawn?: () => Promise<void>;
  autosaveDelayMs?: number;
  playIntervalMs?: number;
}

const DEFAULT_STEP = { mm: 0.1, deg: 1 };
const ANGLES = new Set(['tip', 'torque', 'rotation']);

export function createPlanSession(deps: PlanSessionDeps): PlanSession {
  const [state, setState] = createStore<PlanSessionState>({
    phase: 'idle', message: null, selected: null, stage: 0, playing: false, step: { ...DEFAULT_STEP }, ghost: false,
    colouring: 'tooth', computing: false, engineError: null, preparingJaws: [], autoSetupOptions: { ...DEFAULT_AUTO_SETUP }, autoSetup: null,
    versions: [], save: { status: 'saved', message: null },
  });
  const [history, setHistory] = createSignal<PlanHistory>(historyOf(emptyPlan()));
  const plan = createMemo(() => currentPlan(history()));
  const [parts, setParts] = createSignal<Partial<Record<Jaw, PlanArchParts>> | null>(null);
  const [findings, setFindings] = createSignal<Findings | null>(null);
  const [checklist, setChecklist] = createSignal<SanityCheck[] | null>(null);
  const [live, setLive] = createSignal<{ fdi: Fdi; pose: Pose } | null>(null);
  const [distances, setDistances] = createSignal<Partial<Record<Jaw, Float32Array>> | null>(null);

  const partList = createMemo(() => JAWS.flatMap((j) => parts()?.[j] ?? []));
  const teeth = createMemo(() => partList().flatMap((p) => p.teeth).sort((a, b) => a.fdi - b.fdi));
  const frames = createMemo(() => framesOf(partList()));
  const staged = createMemo((): { staging: Staging | null; error: string | null } => {
    try {
      return { staging: stagePlan(plan(), plan().protocol), error: null };
    } catch (e) {
      return { staging: null, error: messageOf(e) };
    }
  });
  const staging = () => staged().staging;
  const lastStage = () => Math.max(0, (staging()?.stageCount ?? 1) - 1);
  const collisionsAtStage = createMemo(() => findings()?.collisions.find((c) => c.stage === state.stage)?.collisions ?? []);

  let preparedArches: unknown = null;
  let readyNote: string | null = null;
  const busy = new Set<Promise<unknown>>();
  // Nothing of this case reaches the engine after it closed: the next case's teeth may be in.
  const engine = closable(deps.engine);
  // The planner workers load their code while the case's scans are still being read.
  deps.planner.warm?.();
  const compute = createPlanCompute({
    engine: engine.calls, state, setState, plan, staging, frames, parts: partList, live, collisionsAtStage, setFindings, setChecklist, setDistances,
  });

  const working = createPlanWorking({
    caseId: deps.caseId, plans: deps.plans, changes: deps.changes, history, plan, setState, delayMs: deps.autosaveDelayMs ?? 400,
    adopt(p) {
      setHistory(historyOf(p));
      void compute.requestRun();
    },
  });
  const autosave = working.autosave;
  const clearance = createAttachmentClearance({ attachments: () => plan().attachments, parts: partList, staging, track });
  // While playing, the teeth glide towards the next stage (fractional stages interpolate as the engine does).
  const [tween, setTween] = createSignal(0);
  const playback = createPlayback({
    intervalMs: deps.playIntervalMs ?? 600, stage: () => state.stage, lastStage, setStage: (s) => session.setStage(s),
    setPlaying: (on) => setState('playing', on), setTween,
  });

  function track<T>(work: Promise<T>): Promise<T> {
    busy.add(work);
    void work.then(() => busy.delete(work), () => busy.delete(work));
    return work;
  }

  function committed() {
    autosave.schedule(plan());
    void compute.requestRun();
  }

  /** One undo step; a refused value leaves the plan as it was and says why. */
  function edit(change: (p: Plan) => Plan): void {
    let next: Plan;
    try {
      next = change(plan());
    } catch (e) {
      if (e instanceof PlanError || e instanceof ProtocolError) return void setState('message', e.message);
      throw e;
    }
    const h = history();
    const after = commit(h, next);
    if (after === h) return;
    setHistory(after);
    setState('message', readyNote);
    committed();
  }

  function moveHistory(step: (h: PlanHistory) => PlanHistory) {
    const h = history();
    const after = step(h);
    if (after === h) return;
    setHistory(after);
    committed();
  }

  async function prepareNow(): Promise<void> {
    const arches = deps.arches();
    setLive(null);
    setState({ phase: 'preparing', message: 'Preparing the teeth for planning…' });
    // Parts of the share-link speed figure (package-open.ts), printed by its test.
    performance.mark('plan-prepare-start');
    const notes: string[] = [];
    const prepared: Partial<Record<Jaw, PlanArchParts>> = {};
    try {
      const segmented = JAWS.filter((jaw) => arches[jaw]?.labels?.some((l) => l !== 0));
      if (segmented.length > 0) setState('message', `Preparing the ${segmented.join(' and ')} arch${segmented.length > 1 ? 'es' : ''}: tooth axes and collision solids…`);
      for (const jaw of JAWS) if (!segmented.includes(jaw)) void deps.planner.forget(deps.caseId, jaw).catch(() => undefined);
      // Said once the records are asked for: the view builds its tooth meshes while they are read.
      // Without a readable record an arch is prepared from its labels alone.
      const reading = Promise.all(segmented.map((jaw) => deps.savedSegmentation?.(jaw).catch(() => undefined)));
      setState('preparingJaws', segmented);
      let settled: (PlanArchParts | undefined)[];
      try {
        const records = await reading;
        if (engine.closed()) return;
        // Both arches at once. With a planner worker per arch (cores to spare), the engine builds
        // an arch's collision trees as soon as it is prepared, while the other is still worked on;
        // otherwise the engine waits for the plan to be drawn (see `drawn`).
        settled = await Promise.all(segmented.map(async (jaw, k) => {
          const p = await deps.planner.prepareArch(deps.caseId, jaw, arches[jaw]!, records[k]);
          performance.mark(`plan-prepared-${jaw}`);
          if (deps.planner.parallelArches && !engine.closed()) void engine.calls.stageTeeth?.(toothInputs([p])).catch(() => undefined);
          return p;
        }));
      } finally {
        setState('preparingJaws', []);
      }
      if (engine.closed()) return;
      const parts = JAWS.map((jaw) => settled[segmented.indexOf(jaw)]);
      JAWS.forEach((jaw, k) => {
        const p = parts[k];
        if (p) {
          prepared[jaw] = p;
          notes.push(...p.skipped);
        } else if (arches[jaw]) {
          notes.push(`The ${jaw} arch is not segmented yet: it is left out of the plan.`);
        }
      });
      if (!prepared.upper && !prepared.lower) {
        setState({ phase: 'error', message: [...notes, 'No arch is segmented into teeth yet: segment the teeth to plan.'].join(' ') });
        return;
      }
      const inputs = toothInputs(JAWS.flatMap((j) => prepared[j] ?? []));
      // Queued before the plan is shown, so that anything the planner does from then on runs on the loaded teeth.
      let go!: () => void;
      const loading = compute.load(inputs, Object.fromEntries(JAWS.filter((j) => prepared[j]).map((j) => [j, arches[j]!.positions.length / 3])),
        new Promise<void>((resolve) => { go = resolve; }));
      preparedArches = arches;
      readyNote = notes.length > 0 ? notes.join(' ') : null;
      // The staged plan is drawn now: staging needs only the plan and the teeth's axes. The
      // findings follow once the engine has built its collision trees and run the stages.
      setParts(prepared);
      setState({ phase: deps.arches() === arches ? 'ready' : 'stale', message: readyNote, computing: true });
      await (deps.drawn?.() ?? Promise.resolve()).catch(() => undefined);
      go();
      await loading;
      await compute.requestRun();
      if (engine.closed()) return;
      setState({ phase: deps.arches() === arches ? 'ready' : 'stale', message: readyNote });
    } catch (e) {
      setState({ phase: 'error', message: `The plan could not be prepared: ${messageOf(e)}` });
    }
  }

  let preparing: Promise<void> = Promise.resolve();
  function prepare(): Promise<void> {
    preparing = track(preparing.then(prepareNow));
    return preparing;
  }

  createComputed(on(deps.arches, (a) => {
    if (a !== preparedArches && untrack(() => state.phase) === 'ready') setState('phase', 'stale');
  }, { defer: true }));
  // The shown stage follows the plan when it gets shorter.
  createComputed(() => {
    const last = lastStage();
    if (untrack(() => state.stage) > last) {
      setState('stage', last);
      compute.requestColouring();
    }
  });

  const versions = planVersions({
    caseId: deps.caseId, plans: deps.plans, settings: deps.settings, plan, setState, autosave, track, prepare, openWorking: working.open,
    commitPlan: (p) => edit(() => p),
    startFrom: (p) => setHistory(historyOf(p)),
  });

  const session: PlanSession = {
    state, history, plan,
    canUndo: () => canUndo(history()),
    canRedo: () => canRedo(history()),
    parts, arches: deps.arches, teeth, staging,
    stagingError: () => staged().error,
    findings, checklist, collisionsAtStage,
    attachmentClearance: clearance.clearance,
    posesAtStage: createMemo(() => posesAt(staging(), frames(), state.stage + (state.playing ? tween() : 0), live())),
    vertexDistances: () => (state.colouring === 'tooth' ? null : distances()),
    selectedMovement: createMemo(() => {
      const fdi = state.selected;
      if (fdi === null) return null;
      const l = live();
      const frame = frames().get(fdi);
      return l && l.fdi === fdi && frame ? movementFromPose(frame, l.pose) : targetOf(plan(), fdi);
    }),
    open: versions.open,
    prepare,
    select: (fdi) => setState('selected', fdi),
    setMovement: (fdi, movement) => edit((p) => setTarget(p, fdi, movement)),
    nudge(fdi, component, direction) {
      const size = ANGLES.has(component) ? state.step.deg : state.step.mm;
      edit((p) => nudgeTarget(p, fdi, component, direction * size));
    },
    dragTooth(fdi, finalPose, phase) {
      const frame = frames().get(fdi);
      if (!frame) return;
      if (phase === 'move') {
        setLive({ fdi, pose: finalPose });
        session.setStage(lastStage());
        compute.drag(fdi);
        return;
      }
      setLive(null);
      if (phase === 'end') {
        // The drag was made at the final stage; the move may add stages, and the planner is still setting up the final position.
        const atEnd = state.stage === lastStage();
        edit((p) => setTarget(p, fdi, movementFromPose(frame, finalPose)));
        if (atEnd) session.setStage(lastStage());
      }
      compute.endDrag(phase === 'cancel');
    },
    undo: () => moveHistory(undo),
    redo: () => moveHistory(redo),
    setAutoSetupOptions: (options) => setState('autoSetupOptions', (o) => ({ ...o, ...options })),
    runAutoSetup: () => track(runAutoSetup()),
    setAttachments: (list) => edit((p) => setAttachments(p, list)),
    placeAttachmentsByProtocol: () => edit((p) => applyAttachmentRules(p, teeth().map((t) => t.fdi))),
    acceptIprProposals() {
      const f = findings();
      if (f) edit((p) => acceptIpr(p, f.ipr));
    },
    setPattern: (pattern) => edit((p) => setPattern(p, pattern)),
    setManualStart: (fdi, start) => edit((p) => setManualStart(p, fdi, start)),
    setProtocol: (changes) => edit((p) => setProtocol(p, editProtocol(changes, p.protocol))),
    stageUnder: (doc) => edit((p) => restageUnder(p, doc)),
    saveProtocolAsDefault: versions.saveProtocolAsDefault,
    setStage(stage) {
      const s = Math.min(lastStage(), Math.max(0, Math.round(Number.isFinite(stage) ? stage : 0)));
      if (s === state.stage) return;
      setState('stage', s);
      compute.requestColouring();
    },
    play: () => playback.play(),
    pause: () => playback.pause(),
    setStep: (step) => setState('step', (s) => ({ ...s, ...step })),
    setGhost: (on) => setState('ghost', on),
    setColouring(mode) {
      setState('colouring', mode);
      compute.requestColouring();
    },
    saveVersion: versions.saveVersion,
    loadVersion: versions.loadVersion,
    deleteVersion: versions.deleteVersion,
    resolveConflict: (choice) => track(choice === 'theirs' ? working.loadTheirs() : working.keepMine()),
    hasUnsaved: working.hasUnsaved,
    flushForClose: working.flushForClose,
    async settled() {
      do {
        await Promise.allSettled([...busy]);
        await working.idle();
        await compute.idle();
        await autosave.flush();
      } while (busy.size > 0);
    },
    dispose() {
      working.dispose();
      engine.close();
      compute.dispose();
      clearance.dispose();
      playback.pause();
      void autosave.flush();
      void deps.planner.forget(deps.caseId).catch(() => undefined);
    },
  };

  async function runAutoSetup(): Promise<void> {
    if (!parts()) return void setState('message', 'The teeth are not prepared yet: wait for the plan to be ready.');
    const base = plan();
    // Exactly the arches this session prepared, of this case.
    const jaws = JAWS.filter((j) => parts()?.[j]);
    setState('computing', true);
    try {
      // Plain values for the worker: the store's nested objects (the missing-tooth choices) are proxies, which a message cannot carry.
      const options = structuredClone(unwrap(state.autoSetupOptions));
      const report = await deps.planner.autoSetup(deps.caseId, jaws, options, base.protocol.iprMaxPerContactMm);
      const { plan: next } = await planSetup((p, st) => compute.runPlan(p, st), base, { ...report, teeth: teeth().map((t) => t.fdi) });
      // The run was made on this plan's poses: the commit only derives findings from it.
      compute.adopt(next);
      setState('autoSetup', report);
      edit(() => next);
      // The result is the final position: show it, and say so (stage 0 would look unchanged).
      session.setStage(lastStage());
      setState('message', `Auto-setup done: the viewport shows the final position (stage ${lastStage()}). Use the slider or play to see the staging.`);
    } catch (e) {
      setState('message', `Auto-setup failed: ${messageOf(e)}`);
    } finally {
      if (!compute.runWaiting()) setState('computing', false);
    }
  }

  return session;
}

