// The case library as the studio sees it: the list, which case is open, and the last
// deletion (kept so the Undo toast can bring it back while the studio stays open). The list
// follows other tabs' writes; case fields are saved against the values this tab showed, so
// another tab's change is never overwritten silently.
import { createSignal } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { CaseFields, CaseRecord } from '../../core/types.ts';
import type { CaseRepository, DeletedCase } from '../../store/cases.ts';
import type { ChangeSource } from '../../store/changes.ts';

/** How a save of case fields went: saved, refused because another tab changed them ('conflict'), or failed. */
export type FieldsSaveOutcome =
  | { status: 'saved'; record: CaseRecord }
  | { status: 'conflict' | 'error'; message: string };

/** 'review': the doctor's screen, no editing tools (a package from a link, or a doctor's profile). */
export type OpenMode = 'edit' | 'review';

export interface LibraryState {
  cases: CaseRecord[];
  openId: string | null;
  openMode: OpenMode;
  loaded: boolean;
  error: string | null;
}

export interface LibraryStore {
  state: LibraryState;
  openCase(): CaseRecord | undefined;
  /**
   * The most recent deletion, until undone or replaced by the next one. Kept outside the
   * store: a store proxy cannot be structured-cloned back into IndexedDB.
   */
  lastDeleted(): DeletedCase | null;
  refresh(): Promise<void>;
  /** Opens a case; a profile that may only review (a doctor's) always gets 'review'. */
  open(id: string | null, mode?: OpenMode): void;
  /** Switches the open case's mode (the same rule applies). */
  setMode(mode: OpenMode): void;
  create(fields?: Partial<CaseFields> & { demo?: boolean }): Promise<CaseRecord>;
  update(id: string, patch: Partial<CaseFields>): Promise<CaseRecord | undefined>;
  /**
   * Saves fields the planner edited; `seen` holds the values they were edited from. Refused
   * when another tab changed one of them since (the list then shows the stored record).
   */
  saveFields(id: string, patch: Partial<CaseFields>, seen: Partial<CaseFields>): Promise<FieldsSaveOutcome>;
  /** Keeps the list in step with other tabs' writes; returns the way to stop. */
  follow(changes: ChangeSource): () => void;
  duplicate(id: string): Promise<CaseRecord | undefined>;
  remove(id: string): Promise<DeletedCase | undefined>;
  undoDelete(): Promise<boolean>;
  dismissUndo(): void;
  /** Takes a record the repository just returned (e.g. after saving an arch). */
  upsert(record: CaseRecord): void;
  clearError(): void;
}

export interface LibraryStoreOptions {
  /** True while the profile may only review (role doctor): every case opens read-only. */
  reviewOnly?: () => boolean;
}

export function createLibraryStore(repo: CaseRepository, opts: LibraryStoreOptions = {}): LibraryStore {
  const [state, setState] = createStore<LibraryState>({ cases: [], openId: null, openMode: 'edit', loaded: false, error: null });
  const allowed = (mode: OpenMode): OpenMode => (opts.reviewOnly?.() ? 'review' : mode);
  // One write, so a view keyed on the case never sees the new id with the old mode.
  const show = (id: string | null, mode: OpenMode = 'edit') => setState({ openId: id, openMode: allowed(mode) });

  const [lastDeleted, setLastDeleted] = createSignal<DeletedCase | null>(null);
  const sortNewestFirst = (cases: CaseRecord[]) => [...cases].sort((a, b) => b.updatedAt - a.updatedAt);

  function upsert(record: CaseRecord): void {
    const others = state.cases.filter((c) => c.id !== record.id);
    setState('cases', reconcile(sortNewestFirst([...others, record]), { key: 'id' }));
  }

  async function attempt<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
    try {
      return await action();
    } catch (e) {
      setState('error', `${what}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  // Notices come in bursts (a plan save, then its case touch): one refresh at a time, one more after.
  let refreshing: Promise<void> | null = null;
  let again = false;
  function refreshSoon(): void {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = store.refresh().finally(() => {
      refreshing = null;
      if (again) {
        again = false;
        refreshSoon();
      }
    });
  }

  const store: LibraryStore = {
    state,
    openCase: () => state.cases.find((c) => c.id === state.openId),
    lastDeleted,
    async refresh() {
      const cases = await attempt('Could not read the case library', () => repo.list());
      if (cases) setState('cases', reconcile(sortNewestFirst(cases), { key: 'id' }));
      if (state.openId && !state.cases.some((c) => c.id === state.openId)) setState('openId', null);
      setState('loaded', true);
    },
    open(id, mode = 'edit') {
      show(id, mode);
    },
    setMode(mode) {
      setState('openMode', allowed(mode));
    },
    async create(fields) {
      // Close the current case at once: nothing dropped during the write can land in it.
      show(null);
      const record = await repo.create(fields);
      upsert(record);
      show(record.id);
      return record;
    },
    async update(id, patch) {
      const record = await attempt('Could not save the case', () => repo.update(id, patch));
      if (record) upsert(record);
      return record;
    },
    async saveFields(id, patch, seen) {
      try {
        const record = await repo.update(id, patch, seen);
        upsert(record);
        return { status: 'saved', record };
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const conflict = (e as { code?: unknown }).code === 'conflict';
        if (conflict) {
          const stored = await repo.get(id).catch(() => undefined);
          if (stored) upsert(stored);
        }
        return { status: conflict ? 'conflict' : 'error', message };
      }
    },
    follow(changes) {
      return changes.listen(() => refreshSoon());
    },
    async duplicate(id) {
      const record = await attempt('Could not duplicate the case', () => repo.duplicate(id));
      if (record) {
        upsert(record);
        show(record.id);
      }
      return record;
    },
    async remove(id) {
      const deleted = await attempt('Could not delete the case', () => repo.remove(id));
      if (deleted) {
        setState('cases', (cases) => cases.filter((c) => c.id !== id));
        if (state.openId === id) setState('openId', null);
        setLastDeleted(deleted);
      }
      return deleted;
    },
    async undoDelete() {
      const deleted = lastDeleted();
      if (!deleted) return false;
      const ok = await attempt('Could not restore the case', async () => {
        await repo.restoreDeleted(deleted);
        return true;
      });
      if (!ok) return false;
      setLastDeleted(null);
      upsert(deleted.record);
      show(deleted.record.id);
      return true;
    },
    dismissUndo() {
      setLastDeleted(null);
    },
    upsert,
    clearError() {
      setState('error', null);
    },
  };
  return store;
}
