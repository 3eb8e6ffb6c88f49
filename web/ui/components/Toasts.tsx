// Notices at the bottom of the screen; an action (Undo) when there is one.
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import { useStudio } from '../context.ts';

export function Toasts(): JSX.Element {
  const { toasts } = useStudio();
  return (
    <div class="toasts" aria-live="polite">
      <For each={toasts.items()}>
        {(t) => (
          <div class={`toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'} data-testid="toast">
            <span class="toast-message">{t.message}</span>
            <Show when={t.action}>
              {(a) => (
                <button type="button" class="btn small toast-action" data-testid={a().testId}
                  onClick={async () => { toasts.dismiss(t.id); await a().run(); }}>{a().label}</button>
              )}
            </Show>
            <button type="button" class="toast-close" aria-label="Dismiss" onClick={() => toasts.dismiss(t.id)}>×</button>
          </div>
        )}
      </For>
    </div>
  );
}
