// The auto-setup's space budget as a table: per arch, where the arch length comes from and
// where it goes, each figure the one the notes print, the two sides equal.
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import type { Jaw } from '../../../core/types.ts';
import type { SpaceBudget } from '../../../geometry/setup/space-budget.ts';
import { formatFixed } from './plan-format.ts';

const JAW_NAME: Record<Jaw, string> = { upper: 'Upper', lower: 'Lower' };

/** Rows: what each term means to a planner, and its value (mm of arch length, + gained). */
const ROWS: { label: string; value: (b: SpaceBudget) => number; signed: boolean }[] = [
  { label: 'Measured (− crowding, + spacing)', value: (b) => b.discrepancyMm, signed: true },
  { label: 'Gained by IPR', value: (b) => b.iprMm, signed: true },
  { label: 'Gained by expansion', value: (b) => b.expansionMm, signed: true },
  { label: 'Incisors forward (+) or back (−)', value: (b) => b.incisorsMm, signed: true },
  { label: 'Molars back (+) or forward (−)', value: (b) => b.molarsMm, signed: true },
  { label: 'Taken by the teeth as set', value: (b) => -b.teethAsSetMm, signed: true },
  { label: 'Kept for missing teeth', value: (b) => b.keptMm, signed: false },
  { label: 'Left open', value: (b) => b.leftMm, signed: false },
  { label: 'Still short', value: (b) => b.shortMm, signed: false },
];

const show = (v: number, signed: boolean) => {
  const text = formatFixed(Math.abs(v) < 0.05 ? 0 : v, 1);
  return signed && v >= 0.05 ? `+${text}` : text.replace('-', '−');
};

export function SpaceBudgetTable(props: { budget: Partial<Record<Jaw, SpaceBudget | null>> }): JSX.Element {
  const jaws = () => (['upper', 'lower'] as const).filter((j) => props.budget[j]);
  return (
    <Show when={jaws().length > 0}>
      <table class="plan-table budget-table" data-testid="space-budget">
        <caption>Space budget (mm of arch length)</caption>
        <thead>
          <tr><th scope="col">Term</th><For each={jaws()}>{(j) => <th scope="col" class="num">{JAW_NAME[j]}</th>}</For></tr>
        </thead>
        <tbody>
          <For each={ROWS}>
            {(row, i) => (
              <tr classList={{ 'budget-split': i() === ROWS.length - 3 }}>
                <th scope="row">{row.label}</th>
                <For each={jaws()}>{(j) => <td class="num" data-jaw={j}>{show(row.value(props.budget[j]!), row.signed)}</td>}</For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </Show>
  );
}
