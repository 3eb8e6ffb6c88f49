// The top bar: product name, the compute backend, storage health and the backup actions.
import type { JSX } from 'solid-js';
import { StorageStatus } from './StorageStatus.tsx';
import { EngineStatus } from './EngineStatus.tsx';
import { BackupControls } from './BackupControls.tsx';

export function Header(): JSX.Element {
  return (
    <header class="studio-header">
      <div class="brand">
        <img class="brand-mark" src="./icons/icon.svg" alt="" width="24" height="24" />
        <span class="brand-name">Aligner Studio</span>
      </div>
      <div class="header-tools">
        <EngineStatus />
        <StorageStatus />
        <BackupControls />
      </div>
    </header>
  );
}
