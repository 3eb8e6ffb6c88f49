// The studio's tab bars (the case's work, the plan's sections, the review's sections) as one
// Tab stop: the selected tab holds it, Left/Right (and Home/End) move focus along the tabs and
// Enter or Space opens the focused one (manual activation: opening the Plan can start work, so
// passing over a tab does not open it).
import { For } from 'solid-js';
import type { JSX } from 'solid-js';
import { createRoving } from './roving.ts';

export interface TabItem<T extends string> {
  id: T;
  label: JSX.Element;
  testId: string;
}

export function TabList<T extends string>(props: {
  label: string;
  class: string;
  tabs: readonly TabItem<T>[];
  selected: T | null;
  onSelect(id: T): void;
}): JSX.Element {
  const roving = createRoving<T>(() => [props.tabs.map((t) => t.id)], () => props.selected, { flow: true });
  return (
    <div class={`segmented ${props.class}`} role="tablist" aria-label={props.label}>
      <For each={props.tabs}>
        {(t) => (
          <button type="button" role="tab" class="seg-btn" classList={{ active: props.selected === t.id }} aria-selected={props.selected === t.id}
            tabIndex={roving.tabIndex(t.id)} ref={roving.ref(t.id)} onFocus={() => roving.onFocus(t.id)}
            onKeyDown={(e) => roving.onKeyDown(e, t.id)} data-testid={t.testId} onClick={() => props.onSelect(t.id)}>{t.label}</button>
        )}
      </For>
    </div>
  );
}
