// The conversation on a plan: every comment with who wrote it (name, role), when, and the tooth
// and stage it is pinned to; clicking one shows that tooth at that stage. Below, a box to add
// one, pinned to the selected tooth (click it in the view or the movement table) and, if
// asked, the shown stage.
import { For, Show, createEffect, createSignal, on } from 'solid-js';
import type { JSX } from 'solid-js';
import type { ReviewComment } from '../../../core/review.ts';
import type { PlanSession } from '../../state/plan-types.ts';
import type { ReviewStore } from '../../state/review.ts';
import { ROLE_LABELS } from '../../state/profile.ts';
import { formatDateTime } from '../../format.ts';
import { useToothLabel } from '../plan/tooth-label.ts';
import { useStudio } from '../../context.ts';
import './review.css';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function CommentsPanel(props: {
  review: ReviewStore;
  plan: PlanSession;
  /** A comment was saved (the case's record changed). */
  onWritten?: () => void;
}): JSX.Element {
  const { profile } = useStudio();
  const label = useToothLabel();
  const review = props.review;
  const plan = props.plan;
  const [text, setText] = createSignal('');
  const [onTooth, setOnTooth] = createSignal(true);
  const [atStage, setAtStage] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const selected = () => plan.state.selected;
  // A newly selected tooth is what the next comment is about.
  createEffect(on(selected, () => setOnTooth(true), { defer: true }));

  function show(c: ReviewComment) {
    if (c.fdi !== undefined) plan.select(c.fdi);
    if (c.stage !== undefined) plan.setStage(c.stage);
  }

  async function add(e: Event) {
    e.preventDefault();
    if (!text().trim() || busy()) return;
    setError(null);
    setBusy(true);
    try {
      if (!(await profile.ensureActor())) return;
      const fdi = selected();
      await review.addComment({
        text: text(),
        ...(fdi !== null && onTooth() ? { fdi } : {}),
        ...(atStage() ? { stage: plan.state.stage } : {}),
      });
      setText('');
      setAtStage(false);
      props.onWritten?.();
    } catch (err) {
      setError(`The comment was not saved: ${errorText(err)}`);
    } finally {
      setBusy(false);
    }
  }

  const where = (c: ReviewComment) => [
    c.fdi === undefined ? '' : `Tooth ${label(c.fdi)}`,
    c.stage === undefined ? '' : `stage ${c.stage}`,
  ].filter(Boolean).join(' · ');

  return (
    <section class="review-comments" aria-label="Comments">
      <ul class="comment-list">
        <For each={review.comments()} fallback={<li class="muted plan-hint">No comments yet.</li>}>
          {(c) => (
            <li>
              <button type="button" class="comment-item" data-testid="review-comment" data-fdi={c.fdi ?? ''} data-stage={c.stage ?? ''}
                classList={{ selected: c.fdi !== undefined && c.fdi === selected() }}
                title={c.fdi !== undefined || c.stage !== undefined ? 'Show this tooth at this stage' : undefined}
                onClick={() => show(c)}>
                <span class="comment-head">
                  <span class="plan-strong">{c.author.name}</span>
                  <span class="muted"> ({ROLE_LABELS[c.author.role]}), {formatDateTime(c.at)}</span>
                  <Show when={where(c)}><span class="comment-where">{where(c)}</span></Show>
                </span>
                <span class="comment-text">{c.text}</span>
              </button>
            </li>
          )}
        </For>
      </ul>
      <form class="comment-form" onSubmit={add}>
        <textarea rows="2" data-testid="review-comment-text" aria-label="New comment" value={text()}
          placeholder={selected() !== null && onTooth() ? `Comment on tooth ${label(selected()!)}…` : 'Comment on the plan…'}
          onInput={(e) => setText(e.currentTarget.value)} />
        <div class="comment-pins">
          <Show when={selected() !== null}>
            <label class="check">
              <input type="checkbox" data-testid="review-comment-tooth" checked={onTooth()} onChange={(e) => setOnTooth(e.currentTarget.checked)} />
              on tooth {label(selected()!)}
            </label>
          </Show>
          <label class="check">
            <input type="checkbox" data-testid="review-comment-stage" checked={atStage()} onChange={(e) => setAtStage(e.currentTarget.checked)} />
            at stage {plan.state.stage}
          </label>
          <button type="submit" class="btn small primary push-right" data-testid="review-comment-add" disabled={busy() || !text().trim()}>
            {busy() ? 'Saving…' : 'Add comment'}
          </button>
        </div>
        <Show when={error()}>{(m) => <p class="inline-error" role="alert">{m()}</p>}</Show>
      </form>
    </section>
  );
}
