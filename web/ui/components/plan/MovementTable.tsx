// Every tooth's six components from the scan position (0) to the final setup, with the
// stages the protocol limits need for it. Click a row to select the tooth; by keyboard the
// rows are one Tab stop, arrows move between them and Enter or Space selects.
import { For } from 'solid-js';
import type { JSX } from 'solid-js';
import { targetOf } from '../../../core/plan.ts';
import type { PlanSession } from '../../state/plan-types.ts';
import { archRank } from './chart-layout.ts';
import { MOVEMENT_FIELDS, MOVEMENT_SHORT, signHint, unitText } from './plan-fields.ts';
import { formatSigned } from './plan-format.ts';
import { useToothLabel } from './tooth-label.ts';
import { createRoving } from '../roving.ts';

export function MovementTable(props: { plan: PlanSession }): JSX.Element {
  const plan = props.plan;
  const label = useToothLabel();
  const rows = () => [...plan.teeth()].sort((a, b) => archRank(a.fdi) - archRank(b.fdi)).map((t) => t.fdi);
  const roving = createRoving(() => rows().map((f) => [f]), () => plan.state.selected, { flow: true });
  const onKey = (e: KeyboardEvent, fdi: number) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      plan.select(fdi);
    } else roving.onKeyDown(e, fdi);
  };
  const required = (fdi: number) => plan.staging()?.teeth.find((t) => t.fdi === fdi)?.required ?? 0;
  return (
    <div class="plan-card">
      <h3 class="plan-sub">Movements</h3>
      <p class="plan-hint">From the scan position (0) to the final setup; mm and °.</p>
      <div class="table-scroll">
        <table class="movement-table" data-testid="movement-table" aria-label="Movements per tooth">
          <thead>
            <tr>
              <th scope="col">Tooth</th>
              {/* The unit under the abbreviation: eight columns fit the side column without sideways scrolling. */}
              <For each={MOVEMENT_FIELDS}>{(f) => <th scope="col" title={`${f.label}, ${unitText(f.unit)}: ${signHint(f)}`}>{MOVEMENT_SHORT[f.key]}<span class="unit">{unitText(f.unit)}</span></th>}</For>
              <th scope="col" title="Active stages the protocol limits need">Stages</th>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(fdi) => {
                const m = () => targetOf(plan.plan(), fdi);
                return (
                  <tr data-testid="movement-row" data-fdi={fdi} classList={{ selected: plan.state.selected === fdi }}
                    aria-selected={plan.state.selected === fdi} onClick={() => plan.select(fdi)}
                    tabIndex={roving.tabIndex(fdi)} ref={roving.ref(fdi)} onFocus={() => roving.onFocus(fdi)} onKeyDown={(e) => onKey(e, fdi)}>
                    <th scope="row">{label(fdi)}</th>
                    <For each={MOVEMENT_FIELDS}>
                      {(f) => <td classList={{ zero: formatSigned(m()[f.key]) === '0.0' }} title={`0 → ${formatSigned(m()[f.key])} ${f.unit}`}>{formatSigned(m()[f.key])}</td>}
                    </For>
                    <td data-testid="movement-stages">{required(fdi)}</td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
    </div>
  );
}
