// The top bar: product name, the turnaround dashboard, the compute backend, storage health, opening a plan package,
// the backup actions, and who is using the studio (Settings). On a narrow window (a small screen, or zoomed in) the
// backend, storage and package/backup actions fold behind a "More" button (a disclosure: Escape or a click
// elsewhere closes it, the focus goes back to the button); Dashboard and Settings stay in the bar.
import { Show, createSignal, onCleanup, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import { useStudio } from '../context.ts';
import { ROLE_LABELS } from '../state/profile.ts';
import { StorageStatus } from './StorageStatus.tsx';
import { EngineStatus } from './EngineStatus.tsx';
import { BackupControls } from './BackupControls.tsx';
import { OpenPackageButton } from './share/OpenPackage.tsx';

export function Header(): JSX.Element {
  const { profile, dashboard } = useStudio();
  const [menuOpen, setMenuOpen] = createSignal(false);
  let toggle: HTMLButtonElement | undefined;
  let menu: HTMLDivElement | undefined;
  const close = (refocus: boolean) => {
    if (!menuOpen()) return;
    setMenuOpen(false);
    if (refocus) toggle?.focus();
  };
  onMount(() => {
    // A click or the focus anywhere outside the button and its panel closes the panel.
    const outside = (e: Event) => {
      const t = e.target as Node | null;
      if (t && !toggle?.contains(t) && !menu?.contains(t)) close(false);
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('focusin', outside);
    onCleanup(() => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('focusin', outside);
    });
  });
  return (
    <header class="studio-header">
      <div class="brand">
        <img class="brand-mark" src="./icons/icon.svg" alt="" width="24" height="24" />
        <span class="brand-name">Aligner Studio</span>
        <button type="button" class="btn ghost" data-testid="dashboard-toggle" aria-pressed={dashboard.state.open ? 'true' : 'false'}
          classList={{ active: dashboard.state.open }} title="Turnaround dashboard: cases by status, time in each status, the cases waiting longest"
          onClick={() => (dashboard.state.open ? dashboard.hide() : dashboard.show())}>Dashboard</button>
      </div>
      <div class="header-tools" onKeyDown={(e) => { if (e.key === 'Escape' && menuOpen()) { e.stopPropagation(); close(true); } }}>
        <button type="button" class="btn header-menu-toggle" ref={toggle} data-testid="header-menu-toggle"
          aria-expanded={menuOpen() ? 'true' : 'false'} aria-controls="header-more"
          title="Engine, storage, plan packages and backups" onClick={() => setMenuOpen(!menuOpen())}>
          More<span class="header-menu-chevron" aria-hidden="true">▾</span>
        </button>
        <div class="header-more" id="header-more" ref={menu} classList={{ open: menuOpen() }} data-testid="header-more">
          <EngineStatus />
          <StorageStatus />
          <OpenPackageButton />
          <BackupControls />
        </div>
        <button type="button" class="btn profile-btn" data-testid="settings-open" onClick={() => profile.openSettings()}
          title="Settings: your name and role, signing key, the clinic's doctor keys">
          <Show when={profile.state.actor} fallback={<span>Settings</span>}>
            {(a) => <><span class="profile-name">{a().name}</span><span class="profile-role">{ROLE_LABELS[a().role]}</span></>}
          </Show>
        </button>
      </div>
    </header>
  );
}
