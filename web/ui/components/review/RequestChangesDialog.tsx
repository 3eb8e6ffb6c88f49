// The doctor sends the plan back: a note saying what should change, with the comments made on
// the teeth since the last decision listed, so it is clear what goes with the request.
import { For, Show, createSignal, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import type { ReviewStore } from '../../state/review.ts';
import { useToothLabel } from '../plan/tooth-label.ts';
import './review.css';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function RequestChangesDialog(props: { review: ReviewStore; onClose(): void; onDone(): void }): JSX.Element {
  const label = useToothLabel();
  const [note, setNote] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const sent = () => props.review.openComments();
  let dialog!: HTMLDialogElement;
  onMount(() => dialog.showModal());

  async function send(e: Event) {
    e.preventDefault();
    if (!note().trim() && sent().length === 0) return void setError('Say what should change, or add comments on the teeth first.');
    setBusy(true);
    setError(null);
    try {
      await props.review.requestChanges(note());
      props.onDone();
    } catch (err) {
      setError(`The request was not saved: ${errorText(err)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} class="review-dialog" aria-labelledby="request-changes-title" data-testid="request-changes-dialog"
      onCancel={(e) => { e.preventDefault(); if (!busy()) props.onClose(); }}>
      <form class="review-dialog-body" onSubmit={send}>
        <h2 id="request-changes-title">Request changes</h2>
        <label class="review-field">
          <span>What should change</span>
          <textarea rows="3" data-testid="request-changes-note" value={note()} placeholder="e.g. Less expansion in the upper premolars."
            onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <div>
          <p class="review-dialog-sub">{sent().length === 0 ? 'No comments on the teeth go with it.' : `With ${sent().length === 1 ? 'this comment' : `these ${sent().length} comments`}:`}</p>
          <Show when={sent().length > 0}>
            <ul class="review-dialog-list" data-testid="request-changes-comments">
              <For each={sent()}>
                {(c) => <li><span class="plan-strong">{c.fdi === undefined ? 'Plan' : `Tooth ${label(c.fdi)}`}{c.stage === undefined ? '' : `, stage ${c.stage}`}:</span> {c.text}</li>}
              </For>
            </ul>
          </Show>
        </div>
        <p class="muted small">The planner sees this when you send your response (the next step).</p>
        <Show when={error()}>{(m) => <p class="inline-error" role="alert">{m()}</p>}</Show>
        <div class="review-dialog-actions">
          <button type="button" class="btn" data-testid="request-changes-cancel" disabled={busy()} onClick={() => props.onClose()}>Cancel</button>
          <button type="submit" class="btn primary" data-testid="request-changes-confirm" disabled={busy()}>{busy() ? 'Saving…' : 'Request changes'}</button>
        </div>
      </form>
    </dialog>
  );
}
