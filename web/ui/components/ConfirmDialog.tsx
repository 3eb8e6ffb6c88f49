// The one modal the studio uses: a native <dialog>, so focus and Escape behave as users expect.
import { Show, createEffect } from 'solid-js';
import type { JSX } from 'solid-js';
import { useStudio } from '../context.ts';

export function ConfirmDialog(): JSX.Element {
  const { confirm } = useStudio();
  let dialog!: HTMLDialogElement;
  createEffect(() => {
    const open = confirm.current() !== null;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  });
  return (
    <dialog class="confirm-dialog" ref={dialog} onCancel={(e) => { e.preventDefault(); confirm.answer(false); }}
      aria-labelledby="confirm-title">
      <Show when={confirm.current()}>
        {(req) => (
          <div class="confirm-body">
            <h2 id="confirm-title">{req().title}</h2>
            <p>{req().message}</p>
            <div class="confirm-actions">
              <button type="button" class="btn" data-testid="confirm-cancel" onClick={() => confirm.answer(false)}>Cancel</button>
              <button type="button" class={`btn ${req().danger ? 'danger' : 'primary'}`} data-testid={req().confirmTestId}
                onClick={() => confirm.answer(true)}>{req().confirmLabel}</button>
            </div>
          </div>
        )}
      </Show>
    </dialog>
  );
}
