// Named versions of the plan, kept with the case: save the current plan under a name, load
// one back (an undoable step) or delete it.
import { For, Show, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import type { PlanSession } from '../../state/plan-types.ts';

function when(savedAt: number): string {
  return new Date(savedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function VersionsPanel(props: { plan: PlanSession }): JSX.Element {
  const plan = props.plan;
  const [name, setName] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const save = () => act(async () => {
    await plan.saveVersion(name().trim());
    setName('');
  });

  return (
    <div class="plan-section" data-testid="versions-panel">
      <form class="plan-row" onSubmit={(e) => { e.preventDefault(); if (name().trim()) void save(); }}>
        <input type="text" class="grow" data-testid="version-name" placeholder="Version name, e.g. Initial setup" aria-label="Version name"
          value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit" class="btn small primary" data-testid="save-version" disabled={busy() || !name().trim()}>Save version</button>
      </form>
      <Show when={error()}><p class="inline-error plan-error" role="alert">{error()}</p></Show>
      <ul class="version-list">
        <For each={plan.state.versions} fallback={<li class="muted plan-hint">No saved versions yet.</li>}>
          {(v) => (
            <li class="version-item" data-testid="version-item" data-id={v.id}>
              <span class="version-name plan-strong" title={v.name}>{v.name}</span>
              <span class="muted version-date">{when(v.savedAt)}</span>
              <span class="version-actions">
                <button type="button" class="btn small" data-testid="load-version" disabled={busy()}
                  onClick={() => void act(() => plan.loadVersion(v.id))}>Load</button>
                <button type="button" class="btn small danger-outline" data-testid="delete-version" disabled={busy()}
                  onClick={() => void act(() => plan.deleteVersion(v.id))}>Delete</button>
              </span>
            </li>
          )}
        </For>
      </ul>
    </div>
  );
}
