// The findings' word on attachments: any that runs into a neighbour or an antagonist at a
// stage it is on (the plan session's check, the one the attachment chart shows), each a
// click away from its tooth, or that all are clear. Only for plans with attachments.
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import { clashText } from '../../../manufacture/attachment-clash.ts';
import type { PlanSession } from '../../state/plan-types.ts';
import { useToothLabel } from './tooth-label.ts';

export function AttachmentClearanceCard(props: { plan: PlanSession }): JSX.Element {
  const plan = props.plan;
  const label = useToothLabel();
  return (
    <Show when={plan.plan().attachments.length > 0}>
      <div class="plan-card" data-testid="attachment-clearance-card">
        <h3 class="plan-sub">Attachments</h3>
        <Show when={plan.attachmentClearance()} fallback={<p class="muted" role="status" data-testid="attachment-clash-checking">Checking attachments…</p>}>
          {(found) => (
            <Show when={found().error === null} fallback={<p class="muted" data-testid="attachment-clash-failed" title={found().error ?? ''}>The attachments could not be checked.</p>}>
              <ul class="finding-list">
                <For each={found().clashes}
                  fallback={<li class="muted" data-testid="attachment-clash-none">No attachment runs into a neighbour or an antagonist at any stage it is on.</li>}>
                  {(c) => (
                    <li>
                      <button type="button" class="finding-item warn" data-testid="attachment-clash-item" data-fdi={c.fdi} data-other={c.other} data-kind={c.kind}
                        data-from={c.fromStage} data-to={c.toStage} data-depth={c.depthMm.toFixed(2)} onClick={() => plan.select(c.fdi)}>
                        <span>{clashText(c, label)}</span>
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
      </div>
    </Show>
  );
}
