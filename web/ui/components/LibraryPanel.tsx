// The case library: every case in this browser, newest first, and the ways to start one.
import { For, Show, createSignal, onCleanup } from 'solid-js';
import type { JSX } from 'solid-js';
import { useStudio } from '../context.ts';
import { formatUpdated } from '../format.ts';
import { openDemoCase } from '../state/demo.ts';
import { focusWhenShown } from './focus-rescue.ts';
import { STATUS_LABELS } from './status.ts';

export function LibraryPanel(): JSX.Element {
  const studio = useStudio();
  const { library } = studio;
  const [openingDemo, setOpeningDemo] = createSignal(false);
  const [now, setNow] = createSignal(Date.now());
  // "3 min ago" should not freeze while the studio stays open.
  const timer = setInterval(() => setNow(Date.now()), 30_000);
  onCleanup(() => clearInterval(timer));

  async function openDemo() {
    setOpeningDemo(true);
    try {
      await openDemoCase(library, studio.services.cases, studio.services.importer);
      // The button goes with the empty library: the keyboard carries on from the case's name.
      focusWhenShown(document, () => document.querySelector<HTMLElement>('.case-area .case-title'));
      await studio.storage.refresh();
    } catch (e) {
      studio.toasts.show({ kind: 'error', message: `The demo case could not be opened: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setOpeningDemo(false);
    }
  }

  async function newCase() {
    try {
      await library.create();
    } catch (e) {
      studio.toasts.show({ kind: 'error', message: `Could not create a case: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  // The case already open takes the case area back from the dashboard too.
  function openCase(id: string) {
    studio.dashboard.hide();
    library.open(id);
  }

  const empty = () => library.state.loaded && library.state.cases.length === 0;

  return (
    <aside class="library" aria-label="Case library">
      <div class="library-head">
        <h2>Cases</h2>
        <button type="button" class="btn primary" data-testid="new-case" onClick={newCase}>New case</button>
      </div>
      <Show when={library.state.error}>
        <p class="inline-error" role="alert">{library.state.error}</p>
      </Show>
      <Show when={empty()}>
        <div class="demo-card">
          <h3>New here?</h3>
          <p>Open a complete demo case: two segmented arches with crowding and a midline diastema, made on this device.</p>
          <button type="button" class="btn primary wide" data-testid="open-demo" disabled={openingDemo()} onClick={openDemo}>
            {openingDemo() ? 'Preparing the demo…' : 'Open the demo case'}
          </button>
        </div>
      </Show>
      <ul class="case-list" role="listbox" aria-label="Cases">
        <For each={library.state.cases}>
          {(c) => (
            <li role="option" class="case-row" data-testid="case-row" data-case-id={c.id}
              aria-selected={library.state.openId === c.id ? 'true' : 'false'} tabIndex={0}
              onClick={() => openCase(c.id)}
              onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); openCase(c.id); } }}>
              <div class="case-row-top">
                <span class="case-name">{c.pseudonym || 'Unnamed patient'}</span>
                <span class={`status-badge status-${c.status}`}>{STATUS_LABELS[c.status]}</span>
              </div>
              <div class="case-row-meta">
                <span>{[c.clinic, c.doctor].filter(Boolean).join(' · ') || 'No clinic or doctor yet'}</span>
                <span class="updated" title={new Date(c.updatedAt).toLocaleString()}>{formatUpdated(c.updatedAt, now())}</span>
              </div>
              <Show when={c.demo}><span class="demo-tag">Demo</span></Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={!empty() && library.state.loaded}>
        <div class="library-foot">
          <button type="button" class="btn link" data-testid="open-demo" disabled={openingDemo()} onClick={openDemo}>
            {openingDemo() ? 'Preparing the demo…' : 'Open the demo case'}
          </button>
        </div>
      </Show>
    </aside>
  );
}
