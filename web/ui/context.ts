// The studio's state, made once by App from the services boot.ts opened, and handed to
// every component by context (no module-level singletons).
import { createContext, useContext } from 'solid-js';
import type { StudioServices } from './services.ts';
import type { LibraryStore } from './state/library.ts';
import type { StorageIndicator } from './state/storage.ts';
import type { NumberingSetting } from './state/numbering-setting.ts';
import type { EngineIndicator } from './state/engine-indicator.ts';
import type { ConfirmService } from './state/confirm.ts';
import type { ToastService } from './state/toasts.ts';
import type { ProfileStore } from './state/profile.ts';
import type { PackageOpener } from './state/package-open.ts';
import type { MeshShelf } from './state/mesh-shelf.ts';
import type { ProtocolLibrary } from './state/protocols.ts';
import type { DashboardStore } from './state/dashboard.ts';
import type { ViewRendererHeadStart } from './viewport/studio-renderer.ts';

export interface Studio {
  services: StudioServices;
  library: LibraryStore;
  storage: StorageIndicator;
  numbering: NumberingSetting;
  engine: EngineIndicator;
  confirm: ConfirmService;
  toasts: ToastService;
  /** Who is acting (name, role), the clinic's known doctor keys, this browser's signing key. */
  profile: ProfileStore;
  /** Opening plan packages: share links, files opened or dropped. */
  packageOpen: PackageOpener;
  /** A just-imported case's decoded meshes, for its case view. */
  meshShelf: MeshShelf;
  /** The clinic's protocols as imported (not any case's: shared by all). */
  protocols: ProtocolLibrary;
  /** The turnaround dashboard, shown in the case area instead of a case. */
  dashboard: DashboardStore;
  /** The 3D view's renderer, made ahead while a package is on its way (holds no case's data). */
  viewRenderer: ViewRendererHeadStart;
}

export const StudioContext = createContext<Studio>();

export function useStudio(): Studio {
  const studio = useContext(StudioContext);
  if (!studio) throw new Error('useStudio() outside <StudioContext.Provider>');
  return studio;
}
