// The plan's sanity checklist (core/sanity.ts, derived with the findings): every check with
// what it found, passed ones too, so the planner sees what was looked at before sending a
// setup. Each status is a word with a sign, not a colour alone, so it reads in any display.
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import type { PlanSession, SanityCheck } from '../../state/plan-types.ts';

const STATUS: Record<SanityCheck['status'], { sign: string; word: string }> = {
  pass: { sign: '✓', word: 'Pass' },
  warn: { sign: '!', word: 'Warn' },
  fail: { sign: '✗', word: 'Fail' },
};

/** "1 failed, 2 warnings", or that all passed. */
function summary(list: readonly SanityCheck[]): string {
  const warn = list.filter((c) => c.status === 'warn').length;
  const fail = list.filter((c) => c.status === 'fail').length;
  if (warn + fail === 0) return `all ${list.length} passed`;
  return [fail ? `${fail} failed` : '', warn ? `${warn} warning${warn === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
}

export function SanityChecklist(props: { plan: PlanSession }): JSX.Element {
  const list = () => props.plan.checklist();
  return (
    <div class="plan-card" data-testid="sanity-checklist">
      <div class="plan-card-head">
        <h3 class="plan-sub">Checks of the final setup</h3>
        <Show when={list()}>{(l) => <span class="muted" data-testid="sanity-summary">{summary(l())}</span>}</Show>
      </div>
      <Show when={list()} fallback={<p class="muted plan-hint">Not computed yet.</p>}>
        {(l) => (
          <ul class="sanity-list">
            <For each={l()}>
              {(c) => (
                <li class={`sanity-item ${c.status}`} data-testid="sanity-check" data-id={c.id} data-status={c.status}>
                  <span class="sanity-status"><span aria-hidden="true">{STATUS[c.status].sign}</span> {STATUS[c.status].word}</span>
                  <span class="sanity-text"><span class="plan-strong">{c.label}</span> <span class="sanity-detail">{c.detail}</span></span>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
    </div>
  );
}
