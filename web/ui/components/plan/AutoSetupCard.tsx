// Auto-setup: its options, the button, and what the last run proposed and why (space
// analysis, Bolton, IPR and expansion) in one compact card.
import { For, Show, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import type { Jaw } from '../../../core/types.ts';
import type { AutoSetupOptions, AutoSetupReport, PlanSession } from '../../state/plan-types.ts';
import { FORM_OPTIONS, STRATEGY_OPTIONS } from './plan-fields.ts';
import { boltonText, discrepancyText, formatFixed } from './plan-format.ts';
import { useToothLabel } from './tooth-label.ts';
import { SpaceBudgetTable } from './SpaceBudgetTable.tsx';

const JAW_NAME: Record<Jaw, string> = { upper: 'Upper', lower: 'Lower' };

export function AutoSetupCard(props: { plan: PlanSession }): JSX.Element {
  const plan = props.plan;
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const opts = () => plan.state.autoSetupOptions;

  // Busy is aria-disabled, not disabled: a disabled button would drop keyboard focus to the page.
  const run = async () => {
    if (busy()) return;
    setBusy(true);
    setError(null);
    try {
      await plan.runAutoSetup();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="plan-card" data-testid="auto-setup-card">
      <h3 class="plan-sub">Auto-setup</h3>
      <div class="plan-row">
        <label class="plan-field">
          <span>Arch form</span>
          <select data-testid="auto-setup-form" value={opts().form}
            onChange={(e) => plan.setAutoSetupOptions({ form: e.currentTarget.value as AutoSetupOptions['form'] })}>
            <For each={FORM_OPTIONS}>{(o) => <option value={o.id}>{o.label}</option>}</For>
          </select>
        </label>
        <label class="plan-field grow">
          <span>Where space is short</span>
          <select data-testid="auto-setup-strategy" value={opts().strategy}
            onChange={(e) => plan.setAutoSetupOptions({ strategy: e.currentTarget.value as AutoSetupOptions['strategy'] })}>
            <For each={STRATEGY_OPTIONS}>{(o) => <option value={o.id}>{o.label}</option>}</For>
          </select>
        </label>
      </div>
      <div class="plan-row">
        <label class="check">
          <input type="checkbox" data-testid="auto-setup-molars" checked={opts().allowMolarMovement}
            onChange={(e) => plan.setAutoSetupOptions({ allowMolarMovement: e.currentTarget.checked })} /> Allow molars to move
        </label>
        <button type="button" class="btn small primary push-right" data-testid="auto-setup" aria-disabled={busy()} aria-busy={busy()} classList={{ disabled: busy() }}
          data-busy={busy() ? 'true' : 'false'} onClick={() => void run()}>{busy() ? 'Setting up…' : 'Run auto-setup'}</button>
      </div>
      <Show when={error()}><p class="inline-error plan-error" role="alert">{error()}</p></Show>
      <Show when={plan.state.autoSetup}>{(r) => <AutoSetupResult report={r()} plan={plan} />}</Show>
    </div>
  );
}

/** Each missing tooth's space: kept (the default) or closed at the next run. */
function GapChoices(props: { report: AutoSetupReport; plan: PlanSession }): JSX.Element {
  const label = useToothLabel();
  const choiceOf = (missing: number[]) => (missing.some((m) => props.plan.state.autoSetupOptions.missing?.[m] === 'close') ? 'close' : 'keep');
  const choose = (missing: number[], choice: 'keep' | 'close') => {
    const next = { ...(props.plan.state.autoSetupOptions.missing ?? {}) };
    for (const m of missing) next[m] = choice;
    props.plan.setAutoSetupOptions({ missing: next });
  };
  return (
    <Show when={props.report.gaps.length > 0}>
      <div class="plan-row wrap" data-testid="missing-teeth">
        <For each={props.report.gaps}>
          {(g) => (
            <label class="plan-field">
              <span>Space of missing {g.missing.map((m) => label(m)).join(' and ')} ({formatFixed(g.measuredMm, 1)} mm)</span>
              <select data-testid="gap-choice" data-missing={g.missing.join(' ')} value={choiceOf(g.missing)}
                onChange={(e) => choose(g.missing, e.currentTarget.value as 'keep' | 'close')}>
                <option value="keep">Keep (implant or bridge)</option>
                <option value="close">Close it</option>
              </select>
            </label>
          )}
        </For>
        <p class="muted small">A changed choice applies when auto-setup runs again.</p>
      </div>
    </Show>
  );
}

function AutoSetupResult(props: { report: AutoSetupReport; plan: PlanSession }): JSX.Element {
  const label = useToothLabel();
  const r = () => props.report;
  const arches = () => (['upper', 'lower'] as const).filter((j) => r().spaceAnalysis[j] !== undefined);
  const expansion = () => (['upper', 'lower'] as const).filter((j) => (r().expansionMm[j] ?? 0) > 0);
  const iprTotal = () => r().ipr.reduce((s, x) => s + x.amountMm, 0);
  return (
    <div class="auto-result" data-testid="auto-setup-result">
      <GapChoices report={r()} plan={props.plan} />
      <SpaceBudgetTable budget={r().budget} />
      <Show when={r().notes.length > 0}>
        <ul class="plan-notes">
          <For each={r().notes}>{(n) => <li>{n}</li>}</For>
        </ul>
      </Show>
      <dl class="plan-facts">
        <For each={arches()}>
          {(jaw) => (
            <>
              <dt>{JAW_NAME[jaw]} space</dt>
              <Show when={r().spaceAnalysis[jaw]} fallback={<dd class="muted" data-testid="space-analysis" data-jaw={jaw}>not measured</dd>}>
                {(s) => (
                  <dd data-testid="space-analysis" data-jaw={jaw} data-discrepancy={formatFixed(s().discrepancyMm, 1)}>
                    {formatFixed(s().availableMm, 1)} available, {formatFixed(s().requiredMm, 1)} required:{' '}
                    <span classList={{ 'plan-warn-text': s().discrepancyMm < -0.05 }}>{discrepancyText(s().discrepancyMm)}</span>
                  </dd>
                )}
              </Show>
            </>
          )}
        </For>
        <dt>Bolton anterior</dt>
        <dd data-testid="bolton" data-kind="anterior">{boltonText(r().bolton.anterior)}</dd>
        <dt>Bolton overall</dt>
        <dd data-testid="bolton" data-kind="overall">{boltonText(r().bolton.overall)}</dd>
        <dt>IPR proposed</dt>
        <dd data-testid="auto-setup-ipr">
          <Show when={r().ipr.length > 0} fallback="none">
            {formatFixed(iprTotal(), 1)} mm at {r().ipr.length} contact{r().ipr.length === 1 ? '' : 's'}
            {' '}({r().ipr.map((x) => `${label(x.mesial)}/${label(x.distal)} ${formatFixed(x.amountMm, 1)}`).join(', ')})
          </Show>
        </dd>
        <dt>Expansion</dt>
        <dd data-testid="auto-setup-expansion">
          <Show when={expansion().length > 0} fallback="none">
            {expansion().map((j) => `${JAW_NAME[j].toLowerCase()} ${formatFixed(r().expansionMm[j]!, 1)} mm intercanine`).join(', ')}
          </Show>
        </dd>
      </dl>
    </div>
  );
}
