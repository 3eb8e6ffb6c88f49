// IPR per contact: what the plan already strips and what the engine proposes for contacts
// still overlapping at the end, each with when it is done and a bar in 0.1 mm steps. One Tab
// stop: arrows move between contacts, each read whole; Enter selects the contact's tooth.
import { For, Show, createMemo } from 'solid-js';
import type { JSX } from 'solid-js';
import type { PlanSession } from '../../state/plan-types.ts';
import { barFraction, iprRows, pendingProposals } from './ipr-rows.ts';
import { formatFixed, iprTimingText } from './plan-format.ts';
import { useToothLabel } from './tooth-label.ts';
import { createRoving } from '../roving.ts';

/** `readOnly` (review): the proposals are shown, not offered to add. */
export function IprChart(props: { plan: PlanSession; readOnly?: boolean }): JSX.Element {
  const plan = props.plan;
  const label = useToothLabel();
  const max = () => plan.plan().protocol.iprMaxPerContactMm;
  const rows = () => iprRows(plan.plan().ipr, plan.findings()?.ipr ?? null, max());
  const pending = () => pendingProposals(plan.plan().ipr, plan.findings()?.ipr ?? null);
  // IPR after aligner s is done from stage s + 1 on: at the shown stage it is done or still to do.
  const done = (stage: number) => plan.state.stage > stage;
  const key = (r: { a: number; b: number; stage: number; source: string }) => `${r.a}/${r.b}/${r.stage}/${r.source}`;
  // Items are rendered per contact, not per computed row: new findings keep the focused one.
  const keys = createMemo(() => rows().map(key), undefined, { equals: (a, b) => a.length === b.length && a.every((k, i) => k === b[i]) });
  const byKey = createMemo(() => new Map(rows().map((r) => [key(r), r])));
  const roving = createRoving(() => keys().map((k) => [k]), undefined, { flow: true });
  const onKey = (e: KeyboardEvent, r: ReturnType<typeof rows>[number]) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      plan.select(r.a);
    } else roving.onKeyDown(e, key(r));
  };
  const total = () => rows().filter((r) => r.source === 'planned').reduce((s, r) => s + r.amountMm, 0);

  return (
    <div class="plan-card">
      <div class="plan-card-head">
        <h3 class="plan-sub">IPR</h3>
        <span class="muted">max {formatFixed(max(), 1)} mm per contact</span>
      </div>
      <ul class="ipr-chart" data-testid="ipr-chart" role={rows().length > 0 ? 'listbox' : undefined} aria-label="IPR per contact">
        <For each={keys()} fallback={<li class="muted" data-testid="ipr-empty">No IPR planned or needed.</li>}>
          {(k) => (
            <Show when={byKey().get(k)}>
              {(r) => (
                <li class="ipr-item" data-testid="ipr-item" data-a={r().a} data-b={r().b} data-amount={formatFixed(r().amountMm, 1)}
                  data-stage={r().stage} data-source={r().source} data-done={String(done(r().stage))}
                  classList={{ 'above-max': r().aboveMax, proposed: r().source === 'proposed', done: done(r().stage) }}
                  role="option" aria-selected={plan.state.selected === r().a || plan.state.selected === r().b}
                  tabIndex={roving.tabIndex(key(r()))} ref={roving.ref(key(r()))} onFocus={() => roving.onFocus(key(r()))}
                  onKeyDown={(e) => onKey(e, r())} onClick={() => plan.select(r().a)}>
                  <span class="ipr-contact"><span class="sr-only">Contact </span>{label(r().a)}/{label(r().b)}</span>
                  <span class="ipr-track" title={`${r().steps} × 0.1 mm`}>
                    <span class="ipr-fill" style={{ width: `${Math.round(barFraction(r(), rows(), max()) * 100)}%` }} />
                  </span>
                  <span class="ipr-amount">{formatFixed(r().amountMm, 1)} mm</span>
                  <span class="ipr-when muted">{r().source === 'proposed' ? 'proposed, ' : ''}{iprTimingText(r().stage)}{done(r().stage) ? ' · done' : ''}</span>
                  <Show when={r().aboveMax}><span class="ipr-warn" role="note">above the {formatFixed(max(), 1)} mm maximum</span></Show>
                </li>
              )}
            </Show>
          )}
        </For>
      </ul>
      <div class="plan-row">
        <Show when={total() > 0}><span class="muted">Planned: {formatFixed(total(), 1)} mm in total</span></Show>
        <Show when={pending().length > 0 && !props.readOnly}>
          <button type="button" class="btn small primary push-right" data-testid="accept-ipr" onClick={() => plan.acceptIprProposals()}>
            Add {pending().length} proposal{pending().length === 1 ? '' : 's'} to the plan
          </button>
        </Show>
      </div>
    </div>
  );
}
