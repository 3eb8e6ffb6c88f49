// One row per moving tooth, one column per stage: a bar over the stages the tooth moves in.
// Drag a bar sideways to start the tooth earlier or later (a manual start, snapped to whole
// stages); double-click a manual bar to give the tooth back to the pattern. By keyboard the
// chart is one grid (one Tab stop): arrows move between teeth and their bars and IPR marks,
// [ / ] (or Alt+Left/Right, - / +) start the focused bar's tooth a stage earlier or later and
// Delete gives it back to the pattern, each change said aloud.
import { For, Show, createMemo, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import type { PlanSession } from '../../state/plan-types.ts';
import { barName, chartLayout, columnWidthFor, isDrag, shiftedStart, snapStart, spanText, startKey, type ChartRow } from './chart-layout.ts';
import { useToothLabel } from './tooth-label.ts';
import { createRoving } from '../roving.ts';
import { toothName } from '../../numbering.ts';

// What the plan side column (390 px) leaves for stage columns after padding and the tooth labels.
const AVAILABLE_PX = 300;
const ROW_PX = 18;

interface Drag { fdi: number; origin: number; x0: number; dx: number }

const labelKey = (fdi: number) => `${fdi}:label`;
const barKey = (fdi: number) => `${fdi}:bar`;
const iprKey = (fdi: number, s: number) => `${fdi}:ipr:${s}`;

/** `readOnly` (review): a bar click selects its tooth; bars cannot be dragged. */
export function StagingChart(props: { plan: PlanSession; readOnly?: boolean }): JSX.Element {
  const plan = props.plan;
  const label = useToothLabel();
  const layout = createMemo(() => {
    const s = plan.staging();
    return s ? chartLayout(s, plan.plan().ipr) : null;
  });
  // Rows are rendered per tooth, not per layout object: a new start re-lays the chart
  // without replacing (and so unfocusing) the bar being moved.
  const rowOf = createMemo(() => new Map((layout()?.rows ?? []).map((r) => [r.fdi as number, r])));
  const fdis = createMemo(() => (layout()?.rows ?? []).map((r) => r.fdi as number), undefined, {
    equals: (a, b) => a.length === b.length && a.every((f, i) => f === b[i]),
  });
  const count = () => layout()?.stageCount ?? 0;
  const col = () => columnWidthFor(AVAILABLE_PX, count());
  const stages = () => Array.from({ length: count() }, (_, i) => i);
  const [drag, setDrag] = createSignal<Drag | null>(null);
  const [said, setSaid] = createSignal('');

  const cells = createRoving(() => fdis().map((fdi) => {
    const r = rowOf().get(fdi);
    return [labelKey(fdi), ...(r?.bar ? [barKey(fdi)] : []), ...(r?.iprStages ?? []).map((s) => iprKey(fdi, s))];
  }), () => (plan.state.selected !== null ? (rowOf().get(plan.state.selected)?.bar ? barKey(plan.state.selected) : labelKey(plan.state.selected)) : null));
  const heads = createRoving(() => [stages().map(String)], () => String(plan.state.stage));

  const shift = (row: ChartRow) => {
    const d = drag();
    if (!d || d.fdi !== row.fdi) return 0;
    return snapStart(d.origin, d.dx, col(), count() - 1) - d.origin;
  };

  const setStart = (fdi: number, start: number | null) => {
    plan.setManualStart(fdi, start);
    const r = rowOf().get(fdi);
    if (!r) return;
    setSaid(`Tooth ${label(fdi)} ${spanText(r.bar)}${r.manual ? ', manual start' : ', staged by the pattern'}`);
  };

  const onDown = (e: PointerEvent, row: ChartRow) => {
    if (e.button !== 0) return;
    if (props.readOnly) return void plan.select(row.fdi);
    try {
      (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    } catch {
      // A synthetic pointer (tests, assistive tools) cannot be captured; the drag still works.
    }
    setDrag({ fdi: row.fdi, origin: row.start, x0: e.clientX, dx: 0 });
  };
  const onMove = (e: PointerEvent) => {
    const d = drag();
    if (d) setDrag({ ...d, dx: e.clientX - d.x0 });
  };
  const onUp = (e: PointerEvent, cancel = false) => {
    const d = drag();
    setDrag(null);
    if (!d || cancel) return;
    const dx = e.clientX - d.x0;
    if (!isDrag(dx)) {
      plan.select(d.fdi);
      return;
    }
    const next = snapStart(d.origin, dx, col(), count() - 1);
    if (next !== d.origin) setStart(d.fdi, next);
  };

  /** Keys on a cell: Enter/Space select the tooth; on an editable bar, the start keys. */
  const onCellKey = (e: KeyboardEvent, key: string, row: () => ChartRow | undefined, isBar = false) => {
    const r = row();
    if (!r) return;
    if (isBar && !props.readOnly) {
      const k = startKey(e);
      if (k !== null) {
        e.preventDefault();
        if (k === 'reset') {
          if (r.manual) setStart(r.fdi, null);
        } else {
          const next = shiftedStart(r.start, k, count() - 1);
          if (next !== r.start) setStart(r.fdi, next);
        }
        return;
      }
    }
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      plan.select(r.fdi);
      return;
    }
    cells.onKeyDown(e, key);
  };

  return (
    <div class="plan-card staging-chart-card" data-testid="staging-chart" data-stages={count()}>
      <h3 class="plan-sub" id="staging-chart-title">Staging chart</h3>
      <Show when={layout()} fallback={<p class="muted plan-hint">Nothing to stage.</p>}>
        {(l) => (
          <Show when={l().rows.length > 0} fallback={<p class="muted plan-hint">No tooth moves yet.</p>}>
            <p class="muted plan-hint chart-keys" id="staging-chart-keys">
              Arrow keys move between teeth and bars{props.readOnly ? '; Enter selects the tooth.' : '; [ and ] start the tooth a stage earlier or later, Delete gives it back to the pattern.'}
            </p>
            <div class="chart-scroll">
              <div class="staging-chart"
                style={{ '--col': `${col()}px`, '--row': `${ROW_PX}px`, width: `${40 + col() * l().stageCount}px` }}>
                <div class="chart-head" role="toolbar" aria-label="Show a stage">
                  <span class="chart-label" />
                  <For each={stages()}>
                    {(s) => (
                      <button type="button" class="chart-col-head" classList={{ shown: plan.state.stage === s }} data-testid="chart-stage" data-stage={s}
                        title={`Show stage ${s}`} aria-label={`Show stage ${s}`} aria-pressed={plan.state.stage === s}
                        tabIndex={heads.tabIndex(String(s))} ref={heads.ref(String(s))} onFocus={() => heads.onFocus(String(s))}
                        onKeyDown={(e) => heads.onKeyDown(e, String(s))} onClick={() => plan.setStage(s)}>{col() >= 18 || s % 5 === 0 ? s : ''}</button>
                    )}
                  </For>
                </div>
                <div class="chart-body" role="grid" aria-labelledby="staging-chart-title" aria-describedby="staging-chart-keys"
                  data-testid="staging-grid">
                  <div class="chart-marker" style={{ left: `${40 + plan.state.stage * col()}px` }} aria-hidden="true" />
                  <For each={fdis()}>
                    {(fdi) => {
                      const row = () => rowOf().get(fdi);
                      return (
                        <Show when={row()}>
                          {(r) => (
                            <div class="chart-row" role="row" data-fdi={fdi} aria-selected={plan.state.selected === fdi}
                              classList={{ selected: plan.state.selected === fdi, lower: r().jaw === 'lower' }}>
                              <span class="chart-label" role="rowheader" data-testid="chart-tooth" data-fdi={fdi}
                                aria-label={`Tooth ${label(fdi)}, ${toothName(fdi)}`}
                                tabIndex={cells.tabIndex(labelKey(fdi))} ref={cells.ref(labelKey(fdi))} onFocus={() => cells.onFocus(labelKey(fdi))}
                                onKeyDown={(e) => onCellKey(e, labelKey(fdi), row)} onClick={() => plan.select(fdi)}
                                title={r().manual ? 'Manual start: double-click the bar to reset' : `Needs ${r().required} stages`}>
                                {label(fdi)}{r().manual ? '*' : ''}
                              </span>
                              <div class="chart-track">
                                <Show when={r().overcorrection}>
                                  {(o) => <span class="chart-over" aria-hidden="true" title="Over-correction" style={{ left: `${o().from * col()}px`, width: `${(o().to - o().from + 1) * col()}px` }} />}
                                </Show>
                                <Show when={r().bar}>
                                  {(b) => (
                                    <span class="stage-bar" role="gridcell" data-testid="stage-bar" data-fdi={fdi} data-start={r().start} data-active={r().active}
                                      aria-label={barName(r(), label(fdi))} aria-readonly={props.readOnly ? 'true' : undefined}
                                      tabIndex={cells.tabIndex(barKey(fdi))} ref={cells.ref(barKey(fdi))} onFocus={() => cells.onFocus(barKey(fdi))}
                                      onKeyDown={(e) => onCellKey(e, barKey(fdi), row, true)}
                                      classList={{ manual: r().manual, dragging: drag()?.fdi === fdi }}
                                      title={`Stages ${b().from}–${b().to}${r().manual && !props.readOnly ? ' (manual start; double-click to reset)' : ''}`}
                                      style={{ left: `${(b().from + shift(r())) * col()}px`, width: `${(b().to - b().from + 1) * col()}px` }}
                                      onPointerDown={(e) => onDown(e, r())} onPointerMove={onMove}
                                      onPointerUp={(e) => onUp(e)} onPointerCancel={(e) => onUp(e, true)}
                                      onDblClick={() => { if (r().manual && !props.readOnly) setStart(fdi, null); }} />
                                  )}
                                </Show>
                                <For each={r().iprStages}>
                                  {(s) => (
                                    <span class="chart-ipr" role="gridcell" data-testid="chart-ipr" data-fdi={fdi} data-stage={s}
                                      aria-label={`Tooth ${label(fdi)}: IPR after aligner ${s}`} title={`IPR after aligner ${s}`}
                                      tabIndex={cells.tabIndex(iprKey(fdi, s))} ref={cells.ref(iprKey(fdi, s))} onFocus={() => cells.onFocus(iprKey(fdi, s))}
                                      onKeyDown={(e) => onCellKey(e, iprKey(fdi, s), row)} style={{ left: `${(s + 1) * col()}px` }} />
                                  )}
                                </For>
                              </div>
                            </div>
                          )}
                        </Show>
                      );
                    }}
                  </For>
                </div>
              </div>
            </div>
            <p class="sr-only" aria-live="polite" data-testid="staging-chart-said">{said()}</p>
          </Show>
        )}
      </Show>
    </div>
  );
}
