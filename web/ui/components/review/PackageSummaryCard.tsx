// What the case's package said about the plan (exchange/summary.ts), for the doctor to read
// while this studio still prepares and computes the plan itself: aligners and treatment time,
// IPR, warnings and the movement table, read-only. These are the planner's numbers, not ours:
// the review screen shows the card only while the summary names the working plan (state/review.ts
// planSummary) and drops it once the computed plan is shown. Formatting is the plan panels' own.
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import { JAWS } from '../../../core/types.ts';
import type { PackageSummary } from '../../../exchange/summary.ts';
import { archRank } from '../plan/chart-layout.ts';
import { MOVEMENT_FIELDS, MOVEMENT_SHORT, signHint, unitText } from '../plan/plan-fields.ts';
import { alignerCountText, durationText, formatFixed, formatSigned, iprTimingText } from '../plan/plan-format.ts';
import { useToothLabel } from '../plan/tooth-label.ts';

export function PackageSummaryCard(props: { summary: PackageSummary; heading: string }): JSX.Element {
  const label = useToothLabel();
  const s = () => props.summary;
  const aligners = () => {
    const counts = JAWS.flatMap((j) => (s().aligners[j] === undefined ? [] : [`${j}: ${alignerCountText(s().aligners[j]!)}`]));
    return [...counts, durationText(s().durationDays)].join(' · ');
  };
  // Ordered as the plan panels order teeth (around each arch), not by FDI number.
  const ipr = () => [...s().ipr].sort((x, y) => archRank(x.a) - archRank(y.a) || archRank(x.b) - archRank(y.b));
  const movements = () => [...s().movements].sort((x, y) => archRank(x.fdi) - archRank(y.fdi));

  return (
    <div class="plan-card package-summary" data-testid="review-package-summary">
      <p class="plan-hint">{props.heading}</p>
      <div data-testid="package-summary-aligners"><span class="plan-strong">Aligners</span> {aligners()}</div>

      <h3 class="plan-sub">IPR</h3>
      <ul class="plan-warnings" data-testid="package-summary-ipr">
        <For each={ipr()} fallback={<li class="muted">No IPR planned.</li>}>
          {(e) => (
            <li data-a={e.a} data-b={e.b} data-stage={e.stage}>
              <span class="plan-strong">{label(e.a)}/{label(e.b)}</span> {formatFixed(e.amountMm, 1)} mm, {iprTimingText(e.stage)}
            </li>
          )}
        </For>
      </ul>

      <Show when={s().warnings.length > 0}>
        <ul class="plan-warnings" data-testid="package-summary-warnings">
          <For each={s().warnings}>{(w) => <li class="staging-warning">{w}</li>}</For>
        </ul>
      </Show>

      <Show when={movements().length > 0}>
        <h3 class="plan-sub">Movements</h3>
        <div class="table-scroll">
          <table class="movement-table read-only" data-testid="package-summary-movements">
            <thead>
              <tr>
                <th scope="col">Tooth</th>
                <For each={MOVEMENT_FIELDS}>{(f) => <th scope="col" title={`${f.label}, ${unitText(f.unit)}: ${signHint(f)}`}>{MOVEMENT_SHORT[f.key]}<span class="unit">{unitText(f.unit)}</span></th>}</For>
                <th scope="col" title="Active stages the protocol limits need">Stages</th>
              </tr>
            </thead>
            <tbody>
              <For each={movements()}>
                {(m) => (
                  <tr data-fdi={m.fdi}>
                    <th scope="row">{label(m.fdi)}</th>
                    <For each={MOVEMENT_FIELDS}>
                      {(f) => <td classList={{ zero: formatSigned(m.final[f.key]) === '0.0' }} title={`0 → ${formatSigned(m.final[f.key])} ${f.unit}`}>{formatSigned(m.final[f.key])}</td>}
                    </For>
                    <td>{m.required}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </div>
  );
}
