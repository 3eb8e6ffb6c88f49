// The Segmentation tool panel, shown while a segmented arch is open: the correction tools
// (add, move, delete, renumber, brush, re-cut), undo/redo with Ctrl+Z / Ctrl+Shift+Z, the
// arch frame controls and the tooth axes. Each correction re-cuts in the worker and the
// result saves itself a moment later.
import { For, Show, createSignal, onCleanup, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import { archOrder } from '../../core/fdi.ts';
import { JAWS } from '../../core/types.ts';
import type { Jaw } from '../../core/types.ts';
import { useStudio } from '../context.ts';
import { toothNumberText } from '../numbering.ts';
import type { SegTool, SegmentationStore } from '../state/segmentation.ts';
import type { AxesRotation } from '../workers/segment-api.ts';
import './segmentation.css';

const TOOLS: { id: SegTool; label: string; hint: string }[] = [
  { id: 'select', label: 'Select', hint: 'Click a tooth to select it.' },
  { id: 'add', label: 'Add tooth', hint: 'Click where a tooth was missed, then choose its number.' },
  { id: 'move', label: 'Move seed', hint: 'Click where the selected tooth\u2019s seed belongs.' },
  { id: 'brush', label: 'Brush', hint: 'Drag over the scan to paint. Right-drag orbits.' },
];

/** The number the anchor chooser starts at when the numbering is sure. */
const centralOf = (jaw: Jaw) => (jaw === 'upper' ? 11 : 41);

const NUDGES: { id: keyof AxesRotation; label: string }[] = [
  { id: 'tipDeg', label: 'Tip' },
  { id: 'torqueDeg', label: 'Torque' },
  { id: 'rotationDeg', label: 'Rotation' },
];

export function SegmentationPanel(props: { seg: SegmentationStore }): JSX.Element {
  const { numbering } = useStudio();
  const seg = props.seg;
  const ready = () => JAWS.filter((j) => seg.state.arches[j].phase === 'ready');
  const jaw = (): Jaw | null => {
    const a = seg.state.active;
    return a && seg.state.arches[a].phase === 'ready' ? a : ready()[0] ?? null;
  };
  const arch = () => {
    const j = jaw();
    return j ? seg.state.arches[j] : null;
  };
  const selected = () => {
    const s = seg.state.selected;
    return s && s.jaw === jaw() ? s.fdi : null;
  };
  const name = (fdi: number) => toothNumberText(fdi, numbering.numbering());
  const missing = () => {
    const j = jaw();
    return j ? archOrder(j).filter((t) => !seg.state.arches[j].teeth.includes(t)) : [];
  };
  // "Set numbering from a tooth": the number chosen, kept per jaw (by default the tooth the
  // uncertain numbering asks for, else a central).
  const [anchorChoice, setAnchorChoice] = createSignal<Partial<Record<Jaw, number>>>({});
  const asked = (j: Jaw) => seg.state.arches[j].askFdi ?? centralOf(j);
  const anchorFdi = (j: Jaw) => anchorChoice()[j] ?? asked(j);
  const saveText = () => {
    const a = arch();
    if (!a) return '';
    if (a.saveError) return a.saveError;
    if (a.saving) return 'Saving…';
    return a.revision === a.savedRevision ? 'Saved' : 'Unsaved changes';
  };

  onMount(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z' || !jaw()) return;
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      e.preventDefault();
      void (e.shiftKey ? seg.redo() : seg.undo());
    };
    window.addEventListener('keydown', onKey);
    onCleanup(() => window.removeEventListener('keydown', onKey));
  });

  return (
    <>
    <SegmentationProgress seg={seg} />
    <Show when={jaw()}>
      {(j) => (
        <section class="seg-panel" aria-label="Segmentation" data-testid="seg-panel" data-jaw={j()}>
          <div class="seg-head">
            <h2>Segmentation</h2>
            <Show when={ready().length > 1}>
              <div class="segmented" role="group" aria-label="Arch">
                <For each={ready()}>
                  {(r) => (
                    <button type="button" class="seg-btn" classList={{ active: r === j() }} aria-pressed={r === j()}
                      onClick={() => seg.setActive(r)}>{r === 'upper' ? 'Upper' : 'Lower'}</button>
                  )}
                </For>
              </div>
            </Show>
          </div>

          <div class="seg-row">
            <button type="button" class="btn small" data-testid="seg-undo" disabled={!arch()?.canUndo || seg.state.busy}
              title="Undo (Ctrl+Z)" onClick={() => void seg.undo()}>Undo</button>
            <button type="button" class="btn small" data-testid="seg-redo" disabled={!arch()?.canRedo || seg.state.busy}
              title="Redo (Ctrl+Shift+Z)" onClick={() => void seg.redo()}>Redo</button>
            <span class="seg-save" data-testid="seg-save-state" classList={{ failed: !!arch()?.saveError }}>{saveText()}</span>
          </div>

          <div class="segmented seg-tools" role="group" aria-label="Tool">
            <For each={TOOLS}>
              {(t) => (
                <button type="button" class="seg-btn" classList={{ active: seg.state.tool === t.id }} aria-pressed={seg.state.tool === t.id}
                  data-testid={`seg-tool-${t.id}`} title={t.hint} onClick={() => seg.setTool(t.id)}>{t.label}</button>
              )}
            </For>
          </div>
          <p class="seg-hint">{TOOLS.find((t) => t.id === seg.state.tool)?.hint}</p>

          <Show when={arch()?.numberingUncertain}>
            <p class="seg-uncertain" role="alert" data-testid="seg-numbering-uncertain">
              The tooth numbers are uncertain on this scan: click tooth {name(asked(j()))} (or any tooth you know) to set them.
            </p>
          </Show>
          <div class="seg-row seg-anchor">
            <label class="seg-field inline">
              <span class="sr-only">Number of the tooth you will click</span>
              <select data-testid="seg-anchor-fdi" value={anchorFdi(j())} disabled={seg.state.busy}
                onChange={(e) => {
                  const fdi = Number(e.currentTarget.value);
                  setAnchorChoice((m) => ({ ...m, [j()]: fdi }));
                  if (seg.state.tool === 'anchor') seg.startAnchor(fdi);
                }}>
                <For each={archOrder(j())}>{(t) => <option value={t}>{name(t)}</option>}</For>
              </select>
            </label>
            <Show when={seg.state.tool === 'anchor'} fallback={
              <button type="button" class="btn small" classList={{ primary: !!arch()?.numberingUncertain }} data-testid="seg-anchor-start"
                disabled={seg.state.busy} title="Choose a tooth's number, then click that tooth: every tooth is numbered again from it"
                onClick={() => seg.startAnchor(anchorFdi(j()))}>Set numbering from a tooth</button>
            }>
              <span class="seg-anchor-wait" data-testid="seg-anchor-wait">Click tooth {name(anchorFdi(j()))} on the scan.</span>
              <button type="button" class="btn small" data-testid="seg-anchor-cancel" onClick={() => seg.cancelAnchor()}>Cancel</button>
            </Show>
          </div>

          <Show when={seg.state.pendingSeed}>
            <AddToothChoice missing={missing()} name={name} onAdd={(fdi) => void seg.addToothAt(fdi)} onCancel={() => seg.cancelAdd()} />
          </Show>

          <Show when={seg.state.tool === 'brush'}>
            <div class="seg-brush">
              <label class="seg-field">
                <span>Radius {seg.state.brushRadiusMm.toFixed(1)} mm</span>
                <input type="range" min="0.5" max="5" step="0.5" value={seg.state.brushRadiusMm} data-testid="seg-brush-radius"
                  onInput={(e) => seg.setBrush({ brushRadiusMm: Number(e.currentTarget.value) })} />
              </label>
              <div class="segmented" role="group" aria-label="Paint onto">
                <button type="button" class="seg-btn" classList={{ active: seg.state.brushOnto === 'tooth' }} data-testid="seg-brush-tooth"
                  onClick={() => seg.setBrush({ brushOnto: 'tooth' })}>{selected() ? `Tooth ${name(selected()!)}` : 'Selected tooth'}</button>
                <button type="button" class="seg-btn" classList={{ active: seg.state.brushOnto === 'gingiva' }} data-testid="seg-brush-gingiva"
                  onClick={() => seg.setBrush({ brushOnto: 'gingiva' })}>Gingiva</button>
              </div>
            </div>
          </Show>

          <div class="seg-row">
            <Show when={selected()} fallback={<span class="muted">No tooth selected.</span>}>
              {(fdi) => (
                <>
                  <span class="seg-selected">Tooth {name(fdi())}</span>
                  <label class="seg-field inline">
                    <span class="sr-only">New number for tooth {name(fdi())}</span>
                    <select data-testid="seg-tool-renumber" value={fdi()} disabled={seg.state.busy}
                      onChange={(e) => void seg.renumberSelected(Number(e.currentTarget.value))}>
                      <For each={archOrder(j())}>{(t) => <option value={t}>{name(t)}</option>}</For>
                    </select>
                  </label>
                  <button type="button" class="btn small danger-outline" data-testid="seg-tool-delete" disabled={seg.state.busy}
                    onClick={() => void seg.deleteSelected()}>Delete tooth</button>
                </>
              )}
            </Show>
          </div>
          <div class="seg-row">
            <button type="button" class="btn small" data-testid="seg-tool-recut" disabled={seg.state.busy}
              title="Cut the crowns again with the current seeds and paint" onClick={() => void seg.recut()}>Re-run cut</button>
            <Show when={seg.state.busy}><span class="muted" role="status">Cutting…</span></Show>
          </div>

          <h3 class="seg-sub">Arch frame</h3>
          <div class="seg-row">
            <label class="check">
              <input type="checkbox" data-testid="show-frame" checked={seg.state.showFrame}
                onChange={(e) => seg.setShowFrame(e.currentTarget.checked)} /> Show
            </label>
            <button type="button" class="btn small" data-testid="seg-frame-flip" disabled={seg.state.busy}
              title="Turn the occlusal normal over and segment again" onClick={() => void seg.flipOcclusal(j())}>Flip occlusal</button>
            <button type="button" class="btn small" data-testid="seg-frame-rotate-minus" disabled={seg.state.busy}
              title="Turn the anterior direction 5° clockwise and segment again" onClick={() => void seg.rotateAnterior(j(), -1)}>↻ 5°</button>
            <button type="button" class="btn small" data-testid="seg-frame-rotate-plus" disabled={seg.state.busy}
              title="Turn the anterior direction 5° counter-clockwise and segment again" onClick={() => void seg.rotateAnterior(j(), 1)}>↺ 5°</button>
          </div>

          <h3 class="seg-sub">Tooth axes</h3>
          <div class="seg-row">
            <label class="check">
              <input type="checkbox" data-testid="show-axes" checked={seg.state.showAxes}
                onChange={(e) => void seg.setShowAxes(e.currentTarget.checked)} /> Show axes and arch curve
            </label>
          </div>
          <Show when={selected()}>
            <div class="seg-nudges">
              <For each={NUDGES}>
                {(n) => (
                  <div class="seg-nudge">
                    <span>{n.label}</span>
                    <button type="button" class="btn small" data-testid={`seg-axes-${n.id}-minus`} disabled={seg.state.busy}
                      onClick={() => void seg.nudgeAxes(n.id, -1)}>−1°</button>
                    <button type="button" class="btn small" data-testid={`seg-axes-${n.id}-plus`} disabled={seg.state.busy}
                      onClick={() => void seg.nudgeAxes(n.id, 1)}>+1°</button>
                  </div>
                )}
              </For>
            </div>
          </Show>

          <Show when={seg.state.error}><p class="inline-error" role="alert">{seg.state.error}</p></Show>
        </section>
      )}
    </Show>
    </>
  );
}

function AddToothChoice(props: { missing: number[]; name: (fdi: number) => string; onAdd(fdi: number): void; onCancel(): void }): JSX.Element {
  let choice!: HTMLSelectElement;
  return (
    <div class="seg-add" data-testid="seg-add-choice">
      <span>Which tooth is this?</span>
      <select ref={choice} data-testid="seg-add-fdi">
        <For each={props.missing}>{(t) => <option value={t}>{props.name(t)}</option>}</For>
      </select>
      <button type="button" class="btn small primary" data-testid="seg-add-confirm" disabled={props.missing.length === 0}
        onClick={() => props.onAdd(Number(choice.value))}>Add</button>
      <button type="button" class="btn small ghost" onClick={() => props.onCancel()}>Cancel</button>
    </div>
  );
}

/** A bar per arch whose automatic segmentation runs in the worker, naming the phase. */
function SegmentationProgress(props: { seg: SegmentationStore }): JSX.Element {
  const running = () => JAWS.filter((j) => props.seg.state.arches[j].phase === 'running' && props.seg.state.arches[j].progress);
  return (
    <For each={running()}>
      {(jaw) => {
        const p = () => props.seg.state.arches[jaw].progress ?? { fraction: 0, stage: '' };
        return (
          <div class="seg-progress" data-testid="seg-progress" data-jaw={jaw} role="status">
            <progress max="1" value={p().fraction} aria-label={`Segmenting the ${jaw} arch`} />
            <span>Segmenting the {jaw} arch: {p().stage} · {Math.round(p().fraction * 100)}%</span>
          </div>
        );
      }}
    </For>
  );
}
