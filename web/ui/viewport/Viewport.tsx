// The 3D view of the open case: standard views, show/hide per arch, tooth numbering and
// the selected tooth. The three.js side lives in scene.ts; this is its Solid shell. With a
// prepared plan it shows the teeth at the plan's stage, the ghost, colour maps and the gizmo;
// read-only (review) it has no gizmo. Side by side compares the scan with the shown stage, and
// teeth with review comments carry a marker on their number.
import { attachmentMeshes, type AttachmentMesh } from './attachment-solids.ts';
import { For, Show, createEffect, createMemo, createSignal, createUniqueId, on, onCleanup, onMount, untrack } from 'solid-js';
import type { JSX } from 'solid-js';
import { createStore, unwrap } from 'solid-js/store';
import { JAWS } from '../../core/types.ts';
import type { Jaw } from '../../core/types.ts';
import { jawOf } from '../../core/fdi.ts';
import { identityPose, poseFromMovement } from '../../core/pose.ts';
import type { Pose } from '../../core/pose.ts';
import type { ToothFrame } from '../../core/tooth-frame.ts';
import type { PlanColouring, PlanSession } from '../state/plan-types.ts';
import { ColourLegend } from './ColourLegend.tsx';
import './viewport-plan.css';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import { useStudio } from '../context.ts';
import { NUMBERING_SYSTEMS, toothName, toothNumberText } from '../numbering.ts';
import type { NumberingSystem } from '../numbering.ts';
import type { SegmentationStore } from '../state/segmentation.ts';
import { createStudioScene } from './scene.ts';
import type { StudioScene, ToothPick } from './scene.ts';
import { STANDARD_VIEWS, archOfView } from './views.ts';
import type { StandardView } from './views.ts';
import { stageLabel } from '../components/plan/plan-format.ts';
import { createTrimLines, type TrimLines } from '../state/trim-lines.ts';
import { viewSummary } from './view-summary.ts';

export interface ViewportProps {
  meshes: Partial<Record<Jaw, LabelledMesh>>;
  loading?: boolean;
  seg?: SegmentationStore;
  plan?: PlanSession;
  /** Review: the plan is shown, never edited (no gizmo); the ghost toggle sits in the toolbar. */
  readOnly?: boolean;
  /** Review comments per tooth (FDI), marked on the tooth labels. */
  commentMarks?: ReadonlyMap<number, number>;
  /** Draw nothing new meanwhile (scene.ts setHold). */
  hold?: boolean;
  /** Each frame sent to the GPU, with the arches drawn posed by the plan, and when the GPU has drawn it (scene.ts). */
  onRendered?(posed: readonly Jaw[], drawn: () => Promise<void>): void;
  /** Once: the GPU has drawn the first frame posed by the plan, or this view cannot draw (first-plan-frame.ts). */
  onPlanDrawn?(): void;
}

export function Viewport(props: ViewportProps): JSX.Element {
  const { numbering, services, viewRenderer } = useStudio();
  let host!: HTMLDivElement;
  let stage!: HTMLDivElement;
  let scene: StudioScene | undefined;
  const [visible, setVisible] = createStore<Record<Jaw, boolean>>({ upper: true, lower: true });
  // Teeth of arches segmented here are selected through the segmentation store (its tools
  // act on the selection); teeth of arches that came labelled are selected locally.
  const [localSelected, setLocalSelected] = createSignal<ToothPick | null>(null);
  // Plan mode: the plan's geometry is prepared; its selection and poses drive the view.
  const planMode = createMemo(() => !!props.plan && (props.plan.state.phase === 'ready' || props.plan.state.phase === 'stale'));
  const planPick = (): ToothPick | null => {
    const fdi = props.plan?.state.selected ?? null;
    return fdi === null ? null : { jaw: jawOf(fdi), fdi };
  };
  const selected = (): ToothPick | null => (planMode() ? planPick() : props.seg?.state.selected ?? localSelected());
  const [gizmoMode, setGizmoMode] = createSignal<'translate' | 'rotate'>('translate');
  const [sideBySide, setSideBySide] = createSignal(false);
  const [trimShown, setTrimShown] = createSignal(false);
  const [trim, setTrim] = createSignal<TrimLines | null>(null);
  const split = () => planMode() && sideBySide();
  // What the arches are coloured by: a distance map only once there are distances to show.
  const colouring = createMemo((): PlanColouring => {
    const plan = props.plan;
    if (!plan || !planMode() || plan.state.colouring === 'tooth') return 'tooth';
    const d = plan.vertexDistances();
    return d && JAWS.some((j) => d[j]) ? plan.state.colouring : 'tooth';
  });
  const setSelected = (pick: ToothPick | null) => {
    setLocalSelected(pick);
    props.seg?.select(null);
  };
  const [unsegmentedClick, setUnsegmentedClick] = createSignal(false);
  const [view, setView] = createSignal<StandardView>('front');
  const [failure, setFailure] = createSignal<string | null>(null);
  // The first frame posed by the plan, drawn by the GPU (scene.ts gpuDone).
  const [posedDrawn, setPosedDrawn] = createSignal(false);
  let posedAsked = false;

  onMount(() => {
    try {
      scene = createStudioScene(stage, {
        onPick(pick, segmented, hit) {
          if (props.plan && planMode()) {
            setUnsegmentedClick(!segmented);
            props.plan.select(pick?.fdi ?? null);
            return;
          }
          const seg = props.seg;
          if (seg && hit && seg.state.arches[hit.jaw].phase === 'ready') {
            setLocalSelected(null);
            setUnsegmentedClick(false);
            void seg.pick(hit.jaw, hit.vertex, pick?.fdi ?? 0);
            return;
          }
          setSelected(pick);
          setUnsegmentedClick(!segmented);
        },
        onBrush(hit, phase) {
          if (phase === 'end') void props.seg?.brushEnd();
          else if (hit) void props.seg?.brushDab(hit.jaw, hit.vertex);
        },
        onRendered: (posed, drawn) => {
          if (posed.length > 0 && !posedAsked) {
            posedAsked = true;
            void drawn().then(() => {
              setPosedDrawn(true);
              props.onPlanDrawn?.();
            });
          }
          props.onRendered?.(posed, drawn);
        },
      }, host, { held: !!untrack(() => props.hold), renderer: viewRenderer.take() });
    } catch (e) {
      setFailure(`3D view unavailable: ${e instanceof Error ? e.message : String(e)}. WebGL2 is required.`);
      props.onPlanDrawn?.();
      return;
    }
    const s = scene;
    // Before the arches: one set while held is built for what comes next (scene.ts setArch).
    createEffect(() => s.setHold(!!props.hold));
    for (const jaw of JAWS) {
      // A memo per jaw: adding the lower arch must not rebuild the upper one.
      const archMesh = createMemo(() => props.meshes[jaw]);
      createEffect(on(archMesh, (mesh) => {
        s.setArch(jaw, mesh ?? null);
        if (!mesh && selected()?.jaw === jaw) setSelected(null);
      }));
      createEffect(() => s.setArchVisible(jaw, visible[jaw]));
    }
    createEffect(() => {
      const system = numbering.numbering();
      s.setLabelText((fdi) => toothNumberText(fdi, system));
    });
    createEffect(() => s.setSelected(selected()));
    createEffect(() => s.setSplit(split()));
    createEffect(() => s.setCommentMarks(props.commentMarks ?? new Map()));
    const seg = props.seg;
    if (seg) {
      for (const jaw of JAWS) {
        // After the arch itself (effects run in creation order), so the labels land on it.
        const labels = createMemo(() => seg.labels()[jaw]);
        createEffect(on([labels, () => props.meshes[jaw]], ([l, mesh]) => {
          if (l && mesh && l.length * 3 === mesh.positions.length) s.setLabels(jaw, l, !seg.stroking());
        }));
        createEffect(() => {
          const frame = seg.state.showFrame && seg.state.arches[jaw].phase === 'ready' ? seg.state.arches[jaw].frame : null;
          s.setArchFrame(jaw, frame ? structuredClone(unwrap(frame)) : null);
        });
        createEffect(() => {
          const axes = seg.state.showAxes ? seg.axes()[jaw] : undefined;
          s.setToothAxes(jaw, axes ? { teeth: axes.teeth, curve: axes.archCurve.points } : null);
        });
      }
      createEffect(() => s.setInteraction(seg.state.tool === 'brush' ? 'brush' : 'orbit'));
    }
    // The plan comes and goes with the case's Plan tab: its effects live as long as it is given.
    createEffect(on(() => props.plan, (plan) => {
      setTrim(null);
      s.setTrimLines({});
      if (plan) return planEffects(s, plan);
      s.setGizmo(null);
      s.setGhost(false);
      for (const jaw of JAWS) {
        s.setToothPoses(jaw, null);
        s.setVertexDistances(jaw, null, 'occlusion');
      }
    }));
    onCleanup(() => s.dispose());
  });

  function planEffects(s: StudioScene, plan: PlanSession) {
    // The attachments' solids follow the plan's attachments and prepared teeth (latest wins);
    // which are shown follows the stage on screen.
    const [solids, setSolids] = createSignal<AttachmentMesh[]>([]);
    // They are made on this thread, once the GPU has drawn the teeth's first frame of the plan (a
    // share link's first sight of the staged plan would wait for them otherwise).
    let asked = 0;
    createEffect(on([() => (planMode() ? plan.plan().attachments : null), () => plan.parts(), posedDrawn], ([attachments, parts, drawn]) => {
      const ask = ++asked;
      if (!attachments || !parts || !drawn) return void setSolids([]);
      void attachmentMeshes(attachments, JAWS.flatMap((j) => parts[j] ?? [])).then(
        (r) => { if (ask === asked) setSolids(r.meshes); },
        () => { if (ask === asked) setSolids([]); },
      );
    }));
    createEffect(() => {
      const stage = plan.state.stage;
      const last = Math.max(0, (plan.staging()?.stageCount ?? 1) - 1);
      s.setAttachments(planMode() ? solids().map((m) => ({
        fdi: m.attachment.fdi, positions: m.positions, indices: m.indices,
        visible: stage >= m.attachment.stagePlaced && stage <= (m.attachment.stageRemoved ?? last),
      })) : null);
    });
    // While the planner works on the arches, the main thread builds the tooth meshes it will pose.
    createEffect(() => {
      for (const jaw of plan.state.preparingJaws) s.preparePoses(jaw);
    });
    createEffect(() => {
      const all = planMode() ? plan.posesAtStage() : null;
      const parts = all ? plan.parts() : null;
      for (const jaw of JAWS) {
        const teeth = parts?.[jaw]?.teeth;
        const map = new Map<number, Pose>();
        for (const [fdi, pose] of all ?? []) if (jawOf(fdi) === jaw) map.set(fdi, pose);
        for (const t of teeth ?? []) if (!map.has(t.fdi)) map.set(t.fdi, identityPose());
        s.setToothPoses(jaw, all && (teeth || map.size) ? map : null);
      }
    });
    // The trim lines are this plan's (so this case's): made while shown, drawn for the stage on screen.
    const lines = createTrimLines({
      models: services.models,
      shown: trimShown,
      input: createMemo(() => {
        const parts = planMode() ? plan.parts() : null, staging = plan.staging(), scans = plan.arches();
        if (!parts || !staging) return null;
        const arches = JAWS.flatMap((jaw) => (parts[jaw] && scans[jaw] ? [{ jaw, mesh: scans[jaw]!, parts: parts[jaw]! }] : []));
        return arches.length ? { arches, plan: plan.plan(), staging, trim: plan.plan().protocol.models.trim } : null;
      }),
    });
    setTrim(lines);
    createEffect(() => {
      const stage = plan.state.stage;
      s.setTrimLines(Object.fromEntries(JAWS.flatMap((j) => { const l = lines.at(j, stage); return l ? [[j, l]] : []; })));
    });
    createEffect(() => s.setGhost(planMode() && plan.state.ghost));
    createEffect(() => {
      const mode = colouring();
      const d = mode === 'tooth' ? null : plan.vertexDistances();
      for (const jaw of JAWS) s.setVertexDistances(jaw, d?.[jaw] ?? null, mode === 'occlusion' ? 'occlusion' : 'overlap');
    });
    createEffect(() => {
      const fdi = planMode() ? plan.state.selected : null;
      const staging = plan.staging();
      const last = staging ? staging.stageCount - 1 : 0;
      const axes = fdi === null ? undefined : plan.teeth().find((t) => t.fdi === fdi);
      const movement = fdi === null ? null : plan.selectedMovement();
      // The gizmo edits final positions: it is there only at the last stage, never in review, and
      // not side by side (its handles would be drawn in both halves).
      if (props.readOnly || split()) return s.setGizmo(null);
      if (fdi === null || !axes || !movement || plan.state.stage !== last) return s.setGizmo(null);
      // Plain copies: the gizmo keeps the frame past this run, and a store proxy may change under it.
      const frame: ToothFrame = { origin: [...axes.origin], mesial: [...axes.mesial], buccal: [...axes.buccal], occlusal: [...axes.occlusal] };
      s.setGizmo({ fdi, frame, finalPose: poseFromMovement(frame, { ...movement }), mode: gizmoMode() }, (pose, phase) => plan.dragTooth(fdi, pose, phase));
    });
  }

  function showView(v: StandardView) {
    setView(v);
    // Occlusal views look at one arch; the other would stand in the way.
    const only = archOfView(v);
    for (const jaw of JAWS) setVisible(jaw, only === null || only === jaw);
    scene?.showView(v);
  }

  const loaded = () => JAWS.filter((j) => props.meshes[j]);
  const anySegmented = createMemo(() => JAWS.some((j) => props.meshes[j]?.labels?.some((l) => l !== 0)
    || props.seg?.labels()[j]?.some((l) => l !== 0)));
  const width = () => {
    const s = selected();
    return s ? props.seg?.widthOf(s.jaw, s.fdi) ?? null : null;
  };
  const info = () => {
    const s = selected();
    if (s) {
      const system = numbering.numbering();
      const fdi = system === 'fdi' ? '' : ` (FDI ${s.fdi})`;
      return `Tooth ${toothNumberText(s.fdi, system)}${fdi} · ${toothName(s.fdi)}`;
    }
    if (unsegmentedClick() || (loaded().length && !anySegmented())) return 'This scan is not segmented into teeth yet.';
    // A finger taps: a tablet or phone (a coarse pointer and no mouse) is told so.
    const tap = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches && !matchMedia('(any-pointer: fine)').matches;
    return loaded().length ? `${tap ? 'Tap' : 'Click'} a tooth to select it.` : '';
  };

  // What the view shows, in words (its canvas and number labels are hidden from screen readers).
  const summary = () => {
    const system = numbering.numbering();
    const s = selected();
    const plan = planMode() ? props.plan : undefined;
    return viewSummary({
      arches: loaded().filter((j) => visible[j]),
      stage: plan ? { shown: plan.state.stage, count: plan.staging()?.stageCount ?? 1 } : undefined,
      selected: s ? { number: toothNumberText(s.fdi, system), name: toothName(s.fdi) } : null,
      collisions: plan ? (plan.findings() ? plan.collisionsAtStage().map((c) => ({
        a: toothNumberText(c.a, system), b: toothNumberText(c.b, system), depthMm: c.depthMm,
      })) : null) : undefined,
    });
  };
  const summaryId = `viewport-summary-${createUniqueId()}`;

  return (
    <section class="viewport-panel" aria-label="3D view">
      <div class="viewport-toolbar">
        <div class="segmented" role="group" aria-label="Standard views">
          <For each={STANDARD_VIEWS}>
            {(v) => (
              <button type="button" class="seg-btn" classList={{ active: view() === v.id }} data-testid={`view-${v.id}`}
                aria-pressed={view() === v.id} onClick={() => showView(v.id)}>{v.label}</button>
            )}
          </For>
        </div>
        <Show when={planMode() && !props.readOnly && !split()}>
          <div class="segmented gizmo-modes" role="group" aria-label="Gizmo">
            <For each={[{ id: 'translate', label: 'Move' }, { id: 'rotate', label: 'Rotate' }] as const}>
              {(m) => (
                <button type="button" class="seg-btn" classList={{ active: gizmoMode() === m.id }} data-testid={`gizmo-${m.id}`}
                  aria-pressed={gizmoMode() === m.id} title={m.id === 'translate' ? 'Gizmo moves the tooth along its axes' : 'Gizmo turns the tooth about its axes'}
                  onClick={() => setGizmoMode(m.id)}>{m.label}</button>
              )}
            </For>
          </div>
        </Show>
        <div class="toolbar-right">
          <Show when={planMode() && props.plan}>
            {(plan) => (
              <>
                <Show when={props.readOnly}>
                  <label class="check" title="The teeth where they were scanned, drawn translucent">
                    <input type="checkbox" data-testid="ghost-toggle" checked={plan().state.ghost}
                      onChange={(e) => plan().setGhost(e.currentTarget.checked)} />
                    Initial (ghost)
                  </label>
                </Show>
                <label class="check" title="Where the aligner of the shown stage is cut, as the models for the lab carry it">
                  <input type="checkbox" data-testid="trim-line-toggle" checked={trimShown()}
                    onChange={(e) => setTrimShown(e.currentTarget.checked)} />
                  Trim line
                </label>
                <label class="check" title="The scan on the left, the shown stage on the right">
                  <input type="checkbox" data-testid="side-by-side" checked={sideBySide()}
                    onChange={(e) => setSideBySide(e.currentTarget.checked)} />
                  Side by side
                </label>
              </>
            )}
          </Show>
          <For each={JAWS}>
            {(jaw) => (
              <label class="check" classList={{ disabled: !props.meshes[jaw] }}>
                <input type="checkbox" data-testid={`show-${jaw}`} checked={visible[jaw]} disabled={!props.meshes[jaw]}
                  onChange={(e) => setVisible(jaw, e.currentTarget.checked)} />
                {jaw === 'upper' ? 'Upper' : 'Lower'}
              </label>
            )}
          </For>
          <label class="numbering">
            <span class="sr-only">Tooth numbering</span>
            <select data-testid="numbering-select" value={numbering.numbering()}
              onChange={(e) => void numbering.choose(e.currentTarget.value as NumberingSystem)}>
              <For each={NUMBERING_SYSTEMS}>{(n) => <option value={n.id}>{n.label}</option>}</For>
            </select>
          </label>
        </div>
      </div>
      <div class="viewport" data-testid="viewport" data-arches="" data-frames="0" data-posed="" data-colouring={colouring()} ref={host}>
        <div class="viewport-stage" ref={stage} role="img" aria-label="3D view of the teeth" aria-describedby={summaryId} data-testid="viewport-image" />
        <Show when={split() && props.plan}>
          {(plan) => (
            <div class="split-captions" aria-hidden="true">
              <span class="split-caption" data-testid="split-initial">Initial (as scanned)</span>
              <span class="split-caption" data-testid="split-stage">{stageLabel(plan().state.stage, plan().staging()?.stageCount ?? 1)}</span>
            </div>
          )}
        </Show>
        <Show when={colouring() !== 'tooth'}>
          <ColourLegend mode={colouring() === 'occlusion' ? 'occlusion' : 'overlap'} />
        </Show>
        <Show when={failure()}>
          <div class="viewport-empty" role="alert">{failure()}</div>
        </Show>
        <Show when={!failure() && loaded().length === 0}>
          <div class="viewport-empty">
            {props.loading ? 'Loading the arches…' : 'No scans in this case yet. Add upper and lower scans under Records.'}
          </div>
        </Show>
      </div>
      <p class="sr-only" id={summaryId} data-testid="viewport-summary" aria-live={props.plan?.state.playing ? 'off' : 'polite'}>{summary()}</p>
      <div class="selected-tooth" data-testid="selected-tooth" data-fdi={selected()?.fdi ?? ''} aria-live="polite">
        {info()}
        <Show when={planMode() && trim()?.phase() === 'making'}>
          <span class="muted" data-testid="trim-line-status"> · Making the trim lines…</span>
        </Show>
        <Show when={planMode() && trim()?.problem()}>
          {(problem) => <span class="inline-error" data-testid="trim-line-status"> · {problem()}</span>}
        </Show>
        <Show when={width()}>
          {(w) => <span class="tooth-width" data-testid="tooth-width" title="Mesial-distal crown width, contact point to contact point"> · width {w().toFixed(1)} mm</span>}
        </Show>
      </div>
    </section>
  );
}
