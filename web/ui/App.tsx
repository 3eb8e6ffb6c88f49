// The studio's frame: header, case library on the left, the open case in the middle.
// App makes the per-session state from the services and provides it by context.
import { Show, onCleanup, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import { StudioContext } from './context.ts';
import type { Studio } from './context.ts';
import type { StudioServices } from './services.ts';
import { createLibraryStore } from './state/library.ts';
import { createStorageIndicator } from './state/storage.ts';
import { createNumberingSetting } from './state/numbering-setting.ts';
import { createEngineIndicator } from './state/engine-indicator.ts';
import { createConfirmService } from './state/confirm.ts';
import { createToastService } from './state/toasts.ts';
import { Header } from './components/Header.tsx';
import { LibraryPanel } from './components/LibraryPanel.tsx';
import { CaseView } from './components/CaseView.tsx';
import { ConfirmDialog } from './components/ConfirmDialog.tsx';
import { Toasts } from './components/Toasts.tsx';

export function App(props: { services: StudioServices }): JSX.Element {
  const studio: Studio = {
    services: props.services,
    library: createLibraryStore(props.services.cases),
    storage: createStorageIndicator(props.services.storage),
    numbering: createNumberingSetting(props.services.settings),
    engine: createEngineIndicator(props.services.engine, props.services.settings),
    confirm: createConfirmService(),
    toasts: createToastService(),
  };

  onMount(() => {
    // The list follows what other tabs write (new, edited, deleted cases).
    const stopFollowing = props.services.changes ? studio.library.follow(props.services.changes) : undefined;
    onCleanup(() => stopFollowing?.());
    void studio.library.refresh();
    void studio.storage.requestPersistence();
    void studio.numbering.load();
    void studio.engine.load();
  });

  return (
    <StudioContext.Provider value={studio}>
      <div class="studio">
        <Header />
        <div class="studio-body">
          <LibraryPanel />
          <main class="case-area">
            <Show when={studio.library.state.openId} keyed fallback={<NoCaseOpen />}>
              {(id) => <CaseView caseId={id} />}
            </Show>
          </main>
        </div>
        <ConfirmDialog />
        <Toasts />
      </div>
    </StudioContext.Provider>
  );
}

function NoCaseOpen(): JSX.Element {
  return (
    <div class="no-case">
      <h2>No case open</h2>
      <p>Choose a case in the library, or start a new one.</p>
    </div>
  );
}

export function BootFailure(props: { error: unknown }): JSX.Element {
  const message = () => (props.error instanceof Error ? props.error.message : String(props.error));
  return (
    <div class="boot-failure" role="alert">
      <h1>Aligner Studio could not start</h1>
      <p>{message()}</p>
      <p class="muted">Your cases are stored in this browser. Nothing was changed.</p>
    </div>
  );
}
