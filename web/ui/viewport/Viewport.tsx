// The 3D view of the open case: standard views, show/hide per arch, tooth numbering and
// the selected tooth. The three.js side lives in scene.ts; this is its Solid shell.
import { For, Show, createEffect, createMemo, createSignal, on, onCleanup, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import { createStore, unwrap } from 'solid-js/store';
import { JAWS } from '../../core/types.ts';
import type { Jaw } from '../../core/types.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import { useStudio } from '../context.ts';
import { NUMBERING_SYSTEMS, toothName, toothNumberText } from '../numbering.ts';
import type { NumberingSystem } from '../numbering.ts';
import type { SegmentationStore } from '../state/segmentation.ts';
import { createStudioScene } from './scene.ts';
import type { StudioScene, ToothPick } from './scene.ts';
import { STANDARD_VIEWS, archOfView } from './views.ts';
import type { StandardView } from './views.ts';

export function Viewport(props: { meshes: Partial<Record<Jaw, LabelledMesh>>; loading?: boolean; seg?: SegmentationStore }): JSX.Element {
  const { numbering } = useStudio();
  let host!: HTMLDivElement;
  let stage!: HTMLDivElement;
  let scene: StudioScene | undefined;
  const [visible, setVisible] = createStore<Record<Jaw, boolean>>({ upper: true, lower: true });
  // Teeth of arches segmented here are selected through the segmentation store (its tools
  // act on the selection); teeth of arches that came labelled are selected locally.
  const [localSelected, setLocalSelected] = createSignal<ToothPick | null>(null);
  const selected = (): ToothPick | null => props.seg?.state.selected ?? localSelected();
  const setSelected = (pick: ToothPick | null) => {
    setLocalSelected(pick);
    props.seg?.select(null);
  };
  const [unsegmentedClick, setUnsegmentedClick] = createSignal(false);
  const [view, setView] = createSignal<StandardView>('front');
  const [failure, setFailure] = createSignal<string | null>(null);

  onMount(() => {
    try {
      scene = createStudioScene(stage, {
        onPick(pick, segmented, hit) {
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
      }, host);
    } catch (e) {
      setFailure(`3D view unavailable: ${e instanceof Error ? e.message : String(e)}. WebGL2 is required.`);
      return;
    }
    const s = scene;
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
    onCleanup(() => s.dispose());
  });

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
    return loaded().length ? 'Click a tooth to select it.' : '';
  };

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
        <div class="toolbar-right">
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
      <div class="viewport" data-testid="viewport" data-arches="" data-frames="0" ref={host}>
        <div class="viewport-stage" ref={stage} />
        <Show when={failure()}>
          <div class="viewport-empty" role="alert">{failure()}</div>
        </Show>
        <Show when={!failure() && loaded().length === 0}>
          <div class="viewport-empty">
            {props.loading ? 'Loading the arches…' : 'No scans in this case yet. Add upper and lower scans under Records.'}
          </div>
        </Show>
      </div>
      <div class="selected-tooth" data-testid="selected-tooth" data-fdi={selected()?.fdi ?? ''} aria-live="polite">
        {info()}
        <Show when={width()}>
          {(w) => <span class="tooth-width" data-testid="tooth-width" title="Mesial-distal crown width, contact point to contact point"> · width {w().toFixed(1)} mm</span>}
        </Show>
      </div>
    </section>
  );
}
