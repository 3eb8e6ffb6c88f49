// Asks for the key of an encrypted package opened from disk: the person pastes the share link
// they were sent (or just its key). A wrong key is said plainly and the question stays open.
import { Show, createEffect, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { useStudio } from '../../context.ts';
import './share.css';

export function KeyPrompt(): JSX.Element {
  const { packageOpen } = useStudio();
  const [text, setText] = createSignal('');
  let dialog!: HTMLDialogElement;
  let input: HTMLInputElement | undefined;
  createEffect(() => {
    const request = packageOpen.keyRequest();
    if (request && !dialog.open) {
      setText('');
      dialog.showModal();
      input?.focus();
    }
    if (!request && dialog.open) dialog.close();
  });
  const submit = (e: Event) => {
    e.preventDefault();
    packageOpen.answerKey(text());
  };
  return (
    <dialog class="share-dialog key-prompt" ref={dialog} aria-labelledby="key-prompt-title"
      onCancel={(e) => { e.preventDefault(); packageOpen.answerKey(null); }}>
      <Show when={packageOpen.keyRequest()}>
        {(req) => (
          <form class="share-body" onSubmit={submit}>
            <h2 id="key-prompt-title">{req().fileName} is encrypted</h2>
            <p>Paste the share link you were sent with it, or just its key (the part after <code>key=</code>).</p>
            <input ref={input} type="text" class="share-input" autocomplete="off" spellcheck={false} data-testid="package-key-input"
              aria-label="Share link or key" placeholder="https://…#package=…&key=…" value={text()} onInput={(e) => setText(e.currentTarget.value)} />
            <Show when={req().problem}>
              {(problem) => <p class="share-problem" role="alert">{problem()}</p>}
            </Show>
            <div class="share-actions">
              <button type="button" class="btn" onClick={() => packageOpen.answerKey(null)}>Cancel</button>
              <button type="submit" class="btn primary" data-testid="package-key-submit" disabled={!text().trim()}>Open</button>
            </div>
          </form>
        )}
      </Show>
    </dialog>
  );
}
