// The top bar: product name, the turnaround dashboard, the compute backend, storage health, opening a plan package,
// the backup actions, and who is using the studio (Settings).
import { Show } from 'solid-js';
import type { JSX } from 'solid-js';
import { useStudio } from '../context.ts';
import { ROLE_LABELS } from '../state/profile.ts';
import { StorageStatus } from './StorageStatus.tsx';
import { EngineStatus } from './EngineStatus.tsx';
import { BackupControls } from './BackupControls.tsx';
import { OpenPackageButton } from './share/OpenPackage.tsx';

export function Header(): JSX.Element {
  const { profile, dashboard } = useStudio();
  return (
    <header class="studio-header">
      <div class="brand">
        <img class="brand-mark" src="./icons/icon.svg" alt="" width="24" height="24" />
        <span class="brand-name">Aligner Studio</span>
        <button type="button" class="btn ghost" data-testid="dashboard-toggle" aria-pressed={dashboard.state.open ? 'true' : 'false'}
          classList={{ active: dashboard.state.open }} title="Turnaround dashboard: cases by status, time in each status, the cases waiting longest"
          onClick={() => (dashboard.state.open ? dashboard.hide() : dashboard.show())}>Dashboard</button>
      </div>
      <div class="header-tools">
        <EngineStatus />
        <StorageStatus />
        <OpenPackageButton />
        <BackupControls />
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
