// Under the viewport: play/pause through the stages, the slider, where we are, how the
// teeth are coloured, and the plan in one line. A narrow strip wraps: the stepping controls
// and the slider stay together on a line, the stage, colouring and summary go on the next.
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import type { PlanColouring, PlanSession } from '../../state/plan-types.ts';
import { COLOURING_OPTIONS } from './plan-fields.ts';
import { durationText, stageLabel } from './plan-format.ts';
import './plan.css';

/** `disabled`: the plan is not shown yet (the bar keeps its place under the view). */
export function StageBar(props: { plan: PlanSession; disabled?: boolean }): JSX.Element {
  const plan = props.plan;
  const count = () => plan.staging()?.stageCount ?? 1;
  const last = () => Math.max(0, count() - 1);
  const stage = () => Math.min(plan.state.stage, last());
  const go = (s: number) => plan.setStage(Math.min(Math.max(0, s), last()));
  const aligners = (jaw: 'upper' | 'lower') => plan.staging()?.arches.find((a) => a.jaw === jaw)?.aligners;

  return (
    <div class="stage-bar-strip" data-testid="stage-strip">
      <div class="stage-nav">
        <button type="button" class="btn small play-btn" data-testid="stage-play" aria-pressed={plan.state.playing}
          disabled={props.disabled || last() === 0} title={plan.state.playing ? 'Pause' : 'Play through the stages'}
          onClick={() => (plan.state.playing ? plan.pause() : plan.play())}>{plan.state.playing ? '❚❚' : '▶'}</button>
        <button type="button" class="btn small ghost" data-testid="stage-prev" disabled={props.disabled || stage() === 0} aria-label="Previous stage"
          onClick={() => go(stage() - 1)}>‹</button>
        <input type="range" class="stage-slider" data-testid="stage-slider" min="0" max={last()} step="1" value={stage()} disabled={props.disabled}
          aria-label="Stage" aria-valuetext={stageLabel(stage(), count())}
          onInput={(e) => go(Number(e.currentTarget.value))} />
        <button type="button" class="btn small ghost" data-testid="stage-next" disabled={props.disabled || stage() >= last()} aria-label="Next stage"
          onClick={() => go(stage() + 1)}>›</button>
      </div>
      <span class="stage-label" data-testid="stage-label" data-stage={stage()}>{stageLabel(stage(), count())}</span>
      <label class="plan-field inline">
        <span class="sr-only">Colouring</span>
        <select data-testid="colouring-select" value={plan.state.colouring} disabled={props.disabled}
          onChange={(e) => plan.setColouring(e.currentTarget.value as PlanColouring)}>
          <For each={COLOURING_OPTIONS}>{(o) => <option value={o.id}>{o.label}</option>}</For>
        </select>
      </label>
      <Show when={props.disabled}>
        <span class="stage-summary muted" data-testid="stage-summary">Preparing the staged plan…</span>
      </Show>
      <Show when={!props.disabled && plan.staging()}>
        {(s) => (
          <span class="stage-summary muted" data-testid="stage-summary">
            {(['upper', 'lower'] as const).filter((j) => plan.parts()?.[j]).map((j) => `${aligners(j) ?? 0} ${j}`).join(' / ')} aligners · {durationText(s().durationDays)}
          </span>
        )}
      </Show>
    </div>
  );
}
