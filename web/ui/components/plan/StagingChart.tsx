// One row per moving tooth, one column per stage: a bar over the stages the tooth moves in.
// Drag a bar sideways to start the tooth earlier or later (a manual start, snapped to whole
// stages); double-click a manual bar to give the tooth back to the pattern.
import { For, Show, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import type { PlanSession } from '../../state/plan-types.ts';
import { chartLayout, columnWidthFor, isDrag, snapStart, type ChartRow } from './chart-layout.ts';
import { useToothLabel } from './tooth-label.ts';

// What the plan side column (390 px) leaves for stage columns after padding and the tooth labels.
const AVAILABLE_PX = 300;
const ROW_PX = 18;

interface Drag { fdi: number; origin: number; x0: number; dx: number }

/** `readOnly` (review): a bar click selects its tooth; bars cannot be dragged. */
export function StagingChart(props: { plan: PlanSession; readOnly?: boolean }): JSX.Element {
  const plan = props.plan;
  const label = useToothLabel();
  const layout = () => {
    const s = plan.staging();
    return s ? chartLayout(s, plan.plan().ipr) : null;
  };
  const count = () => layout()?.stageCount ?? 0;
  const col = () => columnWidthFor(AVAILABLE_PX, count());
  const stages = () => Array.from({ length: count() }, (_, i) => i);
  const [drag, setDrag] = createSignal<Drag | null>(null);

  const shift = (row: ChartRow) => {
    const d = drag();
    if (!d || d.fdi !== row.fdi) return 0;
    return snapStart(d.origin, d.dx, col(), count() - 1) - d.origin;
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
    if (next !== d.origin) plan.setManualStart(d.fdi, next);
  };

  return (
    <div class="plan-card" data-testid="staging-chart" data-stages={count()}>
      <h3 class="plan-sub">Staging chart</h3>
      <Show when={layout()} fallback={<p class="muted plan-hint">Nothing to stage.</p>}>
        {(l) => (
          <Show when={l().rows.length > 0} fallback={<p class="muted plan-hint">No tooth moves yet.</p>}>
            <div class="chart-scroll">
              <div class="staging-chart"
                style={{ '--col': `${col()}px`, '--row': `${ROW_PX}px`, width: `${40 + col() * l().stageCount}px` }}>
                <div class="chart-head">
                  <span class="chart-label" />
                  <For each={stages()}>
                    {(s) => (
                      <button type="button" class="chart-col-head" classList={{ shown: plan.state.stage === s }} data-testid="chart-stage" data-stage={s}
                        title={`Show stage ${s}`} onClick={() => plan.setStage(s)}>{col() >= 18 || s % 5 === 0 ? s : ''}</button>
                    )}
                  </For>
                </div>
                <div class="chart-body">
                  <div class="chart-marker" style={{ left: `${40 + plan.state.stage * col()}px` }} aria-hidden="true" />
                  <For each={l().rows}>
                    {(row) => (
                      <div class="chart-row" data-fdi={row.fdi} classList={{ selected: plan.state.selected === row.fdi, lower: row.jaw === 'lower' }}>
                        <button type="button" class="chart-label" onClick={() => plan.select(row.fdi)}
                          title={row.manual ? 'Manual start: double-click the bar to reset' : `Needs ${row.required} stages`}>
                          {label(row.fdi)}{row.manual ? '*' : ''}
                        </button>
                        <div class="chart-track">
                          <Show when={row.overcorrection}>
                            {(o) => <span class="chart-over" title="Over-correction" style={{ left: `${o().from * col()}px`, width: `${(o().to - o().from + 1) * col()}px` }} />}
                          </Show>
                          <Show when={row.bar}>
                            {(b) => (
                              <span class="stage-bar" data-testid="stage-bar" data-fdi={row.fdi} data-start={row.start} data-active={row.active}
                                classList={{ manual: row.manual, dragging: drag()?.fdi === row.fdi }}
                                title={`Stages ${b().from}–${b().to}${row.manual && !props.readOnly ? ' (manual start; double-click to reset)' : ''}`}
                                style={{ left: `${(b().from + shift(row)) * col()}px`, width: `${(b().to - b().from + 1) * col()}px` }}
                                onPointerDown={(e) => onDown(e, row)} onPointerMove={onMove}
                                onPointerUp={(e) => onUp(e)} onPointerCancel={(e) => onUp(e, true)}
                                onDblClick={() => { if (row.manual && !props.readOnly) plan.setManualStart(row.fdi, null); }} />
                            )}
                          </Show>
                          <For each={row.iprStages}>
                            {(s) => <span class="chart-ipr" title={`IPR after aligner ${s}`} style={{ left: `${(s + 1) * col()}px` }} />}
                          </For>
                        </div>
                      </div>
                    )}
                  </For>
                </div>
              </div>
            </div>
          </Show>
        )}
      </Show>
    </div>
  );
}
