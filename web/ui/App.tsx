// The studio's frame: header, case library on the left, the open case in the middle.
// App makes the per-session state from the services and provides it by context.
import { Show, createEffect, lazy, on, onCleanup, onMount } from 'solid-js';
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
import { createProfileStore } from './state/profile.ts';
import { createPackageOpener } from './state/package-open.ts';
import { createMeshShelf } from './state/mesh-shelf.ts';
import { createProtocolLibrary } from './state/protocols.ts';
import { createPlannerHeadStart } from './state/planner-head-start.ts';
import { createViewRendererHeadStart } from './viewport/studio-renderer.ts';
import { createDashboardStore } from './state/dashboard.ts';
import type { EarlyLinks } from './state/link-head-start.ts';
import { Header } from './components/Header.tsx';
import { LibraryPanel } from './components/LibraryPanel.tsx';
import { CaseView } from './components/CaseView.tsx';
import { ConfirmDialog } from './components/ConfirmDialog.tsx';
import { Toasts } from './components/Toasts.tsx';
import { SettingsDialog } from './components/settings/SettingsDialog.tsx';
import { KeyPrompt } from './components/share/KeyPrompt.tsx';
import { PackageProgress, listenForPackageDrops } from './components/share/OpenPackage.tsx';
import { SkipLink } from './components/SkipLink.tsx';
import { installFocusRescue } from './components/focus-rescue.ts';

// Charts and all: loaded when first opened, not with every studio start.
const DashboardView = lazy(() => import('./components/dashboard/DashboardView.tsx').then((m) => ({ default: m.DashboardView })));

export function App(props: { services: StudioServices; early?: EarlyLinks }): JSX.Element {
  const toasts = createToastService();
  const profile = createProfileStore(props.services.profile);
  // A doctor reviews: every case opens without editing tools while the profile says so.
  const library = createLibraryStore(props.services.cases, { reviewOnly: () => profile.state.actor?.role === 'doctor' });
  const meshShelf = createMeshShelf();
  // A package's arches start their planning while it is stored; the case view then takes them.
  const planner = createPlannerHeadStart(props.services.planner);
  const viewRenderer = createViewRendererHeadStart();
  onCleanup(() => viewRenderer.dispose());
  const services: StudioServices = { ...props.services, planner };
  // Set on mount: a package read meanwhile waits for it only to name who opens it.
  let profileLoaded: Promise<void> = Promise.resolve();
  const studio: Studio = {
    services,
    library,
    storage: createStorageIndicator(props.services.storage),
    numbering: createNumberingSetting(props.services.settings),
    engine: createEngineIndicator(props.services.engine, props.services.settings),
    confirm: createConfirmService(),
    toasts,
    profile,
    meshShelf,
    protocols: createProtocolLibrary({ repo: props.services.protocols, knownKeys: () => profile.state.knownKeys }),
    dashboard: createDashboardStore({ cases: props.services.cases, audit: props.services.audit, packages: props.services.packages }),
    viewRenderer,
    packageOpen: createPackageOpener({
      packages: {
        ...props.services.packages,
        // A link's case opens for review straight after its read: the planner workers load
        // their code meanwhile rather than after (they hold nothing of any case until asked).
        warm: () => {
          props.services.packages.warm?.();
          planner.warm?.();
        },
      },
      library,
      shelf: meshShelf,
      prepareAhead: planner.prepareAhead,
      warmView: () => viewRenderer.warm(),
      profile: { state: profile.state, ensureActor: () => profileLoaded.then(() => profile.ensureActor()) },
      toasts,
      // The share link's download, the studio's only network request (index.html's connect-src allows it).
      fetch: (input, init) => window.fetch(input, init),
      clearFragment: () => history.replaceState(history.state, '', location.pathname + location.search),
      online: () => navigator.onLine,
      early: props.early,
    }),
  };

  // Becoming a doctor while a case is open for editing puts it in review at once.
  createEffect(() => {
    if (profile.state.actor?.role === 'doctor' && library.state.openMode === 'edit') library.setMode('review');
  });

  // A case opened (chosen, created, imported) takes the case area back from the dashboard.
  createEffect(on(() => library.state.openId, (id) => { if (id) studio.dashboard.hide(); }, { defer: true }));

  let root!: HTMLDivElement;
  let main!: HTMLElement;
  onMount(() => {
    onCleanup(installFocusRescue(root));
    // The list follows what other tabs write (new, edited, deleted cases).
    const stopFollowing = props.services.changes ? studio.library.follow(props.services.changes) : undefined;
    onCleanup(() => stopFollowing?.());
    void studio.library.refresh();
    void studio.storage.requestPersistence();
    void studio.numbering.load();
    void studio.engine.load();
    // The link's download and reading start at once; the profile (who opens it, and how) is
    // needed only when the package is imported.
    profileLoaded = profile.load();
    const openLink = () => void studio.packageOpen.openLink(location.hash);
    openLink();
    window.addEventListener('hashchange', openLink);
    onCleanup(() => window.removeEventListener('hashchange', openLink));
    onCleanup(listenForPackageDrops(window, (name, bytes) => studio.packageOpen.openFile(name, bytes), toasts));
  });

  return (
    <StudioContext.Provider value={studio}>
      <div class="studio" ref={root}>
        <SkipLink target={() => main} />
        <Header />
        <div class="studio-body">
          <LibraryPanel />
          <main class="case-area" ref={main} tabIndex={-1}>
            <Show when={!studio.dashboard.state.open} fallback={<DashboardView />}>
              <Show when={studio.library.state.openId} keyed fallback={<NoCaseOpen />}>
                {(id) => <CaseView caseId={id} />}
              </Show>
            </Show>
          </main>
        </div>
        <ConfirmDialog />
        <SettingsDialog />
        <KeyPrompt />
        <PackageProgress />
        <Toasts />
      </div>
    </StudioContext.Provider>
  );
}

function NoCaseOpen(): JSX.Element {
  return (
    <div class="no-case">
      <h2>No case open</h2>
      <p>Choose a case in the library, or start a new one, or open a plan package (.aligner).</p>
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
