// Nothing lost when the tab goes away. Autosaves wait a moment after an edit (the plan 400 ms,
// segmentation corrections 1.2 s); a tab closed, reloaded or navigated away inside that moment
// would drop the edit. Whatever registers here is told to save at once when the page is
// hidden (switching tabs, minimising: the last moment a page is sure to still run) and when it
// is being unloaded (pagehide), and the browser asks before unloading while anything is unsaved.
// One guard per open case (CaseView makes it, disposes it when the case closes).
import { JAWS } from '../../core/types.ts';
import type { SegmentationStore } from './segmentation-types.ts';

export interface GuardedWork {
  /** Something is not on disk yet (waiting, being written, refused or failed). */
  hasUnsaved(): boolean;
  /** Called synchronously as the page is hidden or unloaded: start saving now. */
  flushForClose(): void;
}

export interface UnloadGuard {
  /** Returns the way to unregister. */
  register(work: GuardedWork): () => void;
  hasUnsaved(): boolean;
  /** Removes the page listeners (the case closed). */
  dispose(): void;
}

/** The window events the guard needs (a test passes an EventTarget with a document). */
export interface GuardedPage extends EventTarget {
  document: EventTarget & { visibilityState: DocumentVisibilityState };
}

export function createUnloadGuard(page: GuardedPage): UnloadGuard {
  const works = new Set<GuardedWork>();
  const hasUnsaved = () => [...works].some((w) => w.hasUnsaved());

  function flushAll() {
    for (const w of [...works]) {
      try {
        w.flushForClose();
      } catch (e) {
        // One failing save must not keep the others from starting.
        console.error('saving before the page closes failed', e);
      }
    }
  }

  const onPageHide = () => flushAll();
  const onVisibility = () => {
    if (page.document.visibilityState === 'hidden') flushAll();
  };
  const onBeforeUnload = (event: Event) => {
    if (!hasUnsaved()) return;
    // Starting the saves now gives them the time the browser's question takes.
    flushAll();
    event.preventDefault();
    // Older browsers ask only when returnValue is set.
    (event as BeforeUnloadEvent).returnValue = 'Changes are still being saved.';
  };

  page.addEventListener('pagehide', onPageHide);
  page.addEventListener('beforeunload', onBeforeUnload);
  page.document.addEventListener('visibilitychange', onVisibility);

  return {
    register(work) {
      works.add(work);
      return () => works.delete(work);
    },
    hasUnsaved,
    dispose() {
      works.clear();
      page.removeEventListener('pagehide', onPageHide);
      page.removeEventListener('beforeunload', onBeforeUnload);
      page.document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}

/** The segmentation store's arches as guarded work: corrections not yet saved are written at once. */
export function segmentationWork(seg: Pick<SegmentationStore, 'state' | 'save'>): GuardedWork {
  const unsaved = () => JAWS.filter((j) => {
    const a = seg.state.arches[j];
    return a.phase === 'ready' && (a.revision !== a.savedRevision || a.saving || a.saveError !== null);
  });
  return {
    hasUnsaved: () => unsaved().length > 0,
    flushForClose: () => {
      for (const jaw of unsaved()) if (!seg.state.arches[jaw].saving) void seg.save(jaw);
    },
  };
}
