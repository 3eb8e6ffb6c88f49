// The case library: every case in this browser, newest first, and the ways to start one.
// Its button folds it away (a narrow rail beside the case, or just its heading above it on a
// narrow window) to give the open case the room; a case opened on a narrow window (a small
// screen, or zoomed in) folds it by itself, and closing the case shows it again.
import { For, Show, createEffect, createSignal, on, onCleanup } from 'solid-js';
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

  // Narrow: the width under which the case view needs the library's column (styles.css folds it there).
  const narrow = window.matchMedia('(max-width: 1279px)');
  const [folded, setFolded] = createSignal(narrow.matches && Boolean(library.state.openId));
  createEffect(on(() => library.state.openId, (id) => setFolded(narrow.matches && Boolean(id)), { defer: true }));
  const onWidth = () => setFolded(narrow.matches && Boolean(library.state.openId));
  narrow.addEventListener('change', onWidth);
  onCleanup(() => narrow.removeEventListener('change', onWidth));

  return (
    <aside class="library" classList={{ folded: folded() }} aria-label="Case library" data-testid="library">
      <div class="library-head">
        <h2>Cases</h2>
        <button type="button" class="btn primary" data-testid="new-case" onClick={newCase}>New case</button>
        <button type="button" class="btn ghost library-toggle" data-testid="library-toggle" aria-label="Case list"
          aria-expanded={folded() ? 'false' : 'true'} aria-controls="case-library-body"
          title={folded() ? 'Show the case list' : 'Fold the case list away'} onClick={() => setFolded(!folded())}>
          <span class="fold-icon" aria-hidden="true">‹</span>
        </button>
      </div>
      <div class="library-body" id="case-library-body">
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
      </div>
    </aside>
  );
}
