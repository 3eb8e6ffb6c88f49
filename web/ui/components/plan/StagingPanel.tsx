// Staging: the pattern, the protocol the plan is staged under, the summary (aligners,
// wear time, duration), limit warnings, and the chart.
import { For, Show, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import type { StagingPattern } from '../../../core/plan.ts';
import type { PlanSession } from '../../state/plan-types.ts';
import { LIMIT_FIELDS, OTHER_PROTOCOL_FIELDS, PATTERN_OPTIONS, type ProtocolField } from './plan-fields.ts';
import { alignerCountText, durationText } from './plan-format.ts';
import { NumberField } from './NumberField.tsx';
import { StagingChart } from './StagingChart.tsx';
import { ProtocolStanding } from './ProtocolStanding.tsx';

export function StagingPanel(props: { plan: PlanSession }): JSX.Element {
  const plan = props.plan;
  const [error, setError] = createSignal<string | null>(null);
  const [savedDefault, setSavedDefault] = createSignal(false);
  const protocol = () => plan.plan().protocol;
  const arch = (jaw: 'upper' | 'lower') => plan.staging()?.arches.find((a) => a.jaw === jaw)?.aligners ?? 0;
  // An arch the case has no (segmented) scan of is not "0 aligners": it is not in the plan.
  const inPlan = (jaw: 'upper' | 'lower') => !!plan.parts()?.[jaw];
  const archText = (jaw: 'upper' | 'lower') => (inPlan(jaw) ? alignerCountText(arch(jaw)) : 'not in the plan');

  const saveDefault = async () => {
    try {
      await plan.saveProtocolAsDefault();
      setSavedDefault(true);
      setTimeout(() => setSavedDefault(false), 2500);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  // The session reports a refused protocol in state.message; show it next to the fields that caused it.
  const commitProtocol = (f: ProtocolField, value: number) => {
    try {
      plan.setProtocol(f.changes(value));
      setError(plan.state.message);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const field = (f: ProtocolField) => (
    <label class="protocol-field" title={f.label}>
      <span>{f.label}</span>
      <NumberField testId={`protocol-${f.id}`} label={f.label} value={f.read(protocol())} decimals={3}
        rules={{ min: f.min, integer: f.integer }} onCommit={(v) => commitProtocol(f, v)} onError={setError} />
      <span class="unit">{f.unit}</span>
    </label>
  );

  return (
    <div class="plan-section" data-testid="staging-panel">
      <label class="plan-field">
        <span>Pattern</span>
        <select data-testid="pattern-select" value={plan.plan().staging.pattern}
          onChange={(e) => plan.setPattern(e.currentTarget.value as StagingPattern)}>
          <For each={PATTERN_OPTIONS}>{(o) => <option value={o.id}>{o.label}</option>}</For>
        </select>
      </label>

      <div class="plan-card staging-summary" data-testid="staging-summary">
        <div class="summary-line">
          <span data-testid="aligners-upper" data-count={arch('upper')}>Upper: {archText('upper')}</span>
          <span data-testid="aligners-lower" data-count={arch('lower')}>Lower: {archText('lower')}</span>
        </div>
        <div class="summary-line">
          <span>{protocol().wearDays} days per aligner</span>
          <span data-testid="duration" data-days={plan.staging()?.durationDays ?? 0}>{durationText(plan.staging()?.durationDays ?? 0)}</span>
        </div>
      </div>

      <Show when={plan.stagingError() || (plan.staging()?.warnings.length ?? 0) > 0}>
        <ul class="plan-warnings">
          <Show when={plan.stagingError()}>{(m) => <li class="staging-warning error" data-testid="staging-warning">{m()}</li>}</Show>
          <For each={plan.staging()?.warnings ?? []}>
            {(w) => <li class="staging-warning" data-testid="staging-warning" data-fdi={w.fdi}>{w.message}</li>}
          </For>
        </ul>
      </Show>

      <StagingChart plan={plan} />

      <details class="plan-card protocol" open>
        <summary class="plan-sub">Protocol (per stage)</summary>
        <ProtocolStanding plan={plan} />
        <div class="protocol-grid">
          <For each={LIMIT_FIELDS}>{field}</For>
        </div>
        <div class="protocol-grid">
          <For each={OTHER_PROTOCOL_FIELDS}>{field}</For>
        </div>
        <Show when={error()}>{(m) => <p class="inline-error plan-error" role="alert">{m()}</p>}</Show>
        <div class="plan-row">
          <button type="button" class="btn small" data-testid="save-protocol-default" onClick={() => void saveDefault()}
            title="New plans start with this protocol">Use as clinic default</button>
          <Show when={savedDefault()}><span class="muted" role="status">Saved as default</span></Show>
        </div>
      </details>
    </div>
  );
}
