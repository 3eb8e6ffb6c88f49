// What the engine found: collisions at the shown stage (deepest first), overlaps that come
// and go mid-course, attachments that run into other teeth, and the IPR chart.
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import type { PlanSession } from '../../state/plan-types.ts';
import { formatFixed } from './plan-format.ts';
import { engineMessage } from './engine-message.ts';
import { AttachmentClearanceCard } from './AttachmentClearanceCard.tsx';
import { IprChart } from './IprChart.tsx';
import { SanityChecklist } from './SanityChecklist.tsx';
import { useToothLabel } from './tooth-label.ts';

const KIND: Record<string, string> = { neighbour: 'neighbours', antagonist: 'antagonists', other: 'contact' };

export function FindingsPanel(props: { plan: PlanSession; readOnly?: boolean }): JSX.Element {
  const plan = props.plan;
  const label = useToothLabel();
  return (
    <div class="plan-section" data-testid="findings-panel">
      <SanityChecklist plan={plan} />
      <div class="plan-card">
        <div class="plan-card-head">
          <h3 class="plan-sub">Collisions at stage {plan.state.stage}</h3>
          <Show when={plan.state.computing}><span class="muted" role="status" data-testid="findings-computing">Updating…</span></Show>
        </div>
        <Show when={plan.state.engineError}>
          {(raw) => (
            <div class="inline-error plan-error engine-error" role="alert" data-testid="engine-error" title={engineMessage(raw()).detail}>
              <span>{engineMessage(raw()).text}</span>
              {/* Preparing again reloads the teeth into the engine and reruns the whole check. */}
              <button type="button" class="btn small" data-testid="engine-retry" onClick={() => void plan.prepare()}>Check again</button>
            </div>
          )}
        </Show>
        <Show when={plan.findings() !== null} fallback={<p class="muted plan-hint">Not computed yet.</p>}>
          <ul class="finding-list" data-testid="collision-list">
            <For each={plan.collisionsAtStage()} fallback={<li class="muted" data-testid="collision-empty">No overlaps at this stage.</li>}>
              {(c) => (
                <li>
                  <button type="button" class="finding-item" data-testid="collision-item" data-a={c.a} data-b={c.b}
                    data-depth={c.depthMm.toFixed(2)} data-kind={c.kind} onClick={() => plan.select(c.a)}>
                    <span class="plan-strong">{label(c.a)} – {label(c.b)}</span>
                    <span class="muted">{KIND[c.kind] ?? c.kind}</span>
                    <span class="depth">{formatFixed(c.depthMm, 2)} mm</span>
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>

      <Show when={(plan.findings()?.midCourse.length ?? 0) > 0}>
        <div class="plan-card">
          <h3 class="plan-sub">Mid-course overlaps</h3>
          <ul class="finding-list">
            <For each={plan.findings()?.midCourse ?? []}>
              {(m) => (
                <li>
                  <button type="button" class="finding-item warn" data-testid="midcourse-item" data-a={m.a} data-b={m.b}
                    data-from={m.fromStage} data-to={m.toStage} title="Show the stage where it is deepest"
                    onClick={() => plan.setStage(m.deepestStage)}>
                    <span>{m.message}</span>
                    <span class="muted">deepest at stage {m.deepestStage}: click to show it</span>
                  </button>
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>

      <AttachmentClearanceCard plan={plan} />

      <IprChart plan={plan} readOnly={props.readOnly} />
    </div>
  );
}
