// The turnaround dashboard's state (#16): the figures of this browser's library, or of plan
// packages someone dropped or chose (a DSO lead's folder from every clinic). Each source has
// its own slot and its own load counter, so a slow read of one never lands in the other, and
// switching source never shows the other's figures. Only the cases are kept: the figures are
// made from them for the chosen date whenever asked, and a package's meshes are let go as soon
// as it is read (in the package worker, exchange/dashboard-cases.ts's rule, as the CLI reads).
import { createStore, unwrap } from 'solid-js/store';
import { dashboard, type Dashboard, type DashboardCase } from '../../core/dashboard.ts';
import type { AuditEvent } from '../../core/audit.ts';
import type { CaseRecord } from '../../core/types.ts';
import { casesOfCopies, isSkipped, readForDashboard, type DashboardCopy, type SkippedPackage } from '../../exchange/dashboard-cases.ts';
import { PACKAGE_EXTENSION, type ReadPackage } from '../../exchange/package-types.ts';

export type DashboardSource = 'library' | 'packages';

/** A file dropped or chosen; its bytes are read only when its turn comes. */
export interface DashboardFile { name: string; bytes(): Promise<Uint8Array> }

export interface SkippedFile { file: string; message: string }

export interface SourceData {
  cases: DashboardCase[];
  /** Cases in the library, or packages read. */
  read: number;
  skipped: SkippedFile[];
}

export interface SourceSlot {
  loading: { done: number; total: number } | null;
  error: string | null;
  data: SourceData | null;
}

export interface DashboardState {
  open: boolean;
  source: DashboardSource;
  /** The figures as they stood then (ms; the start of a UTC day, as the CLI's --as-of); null: now. */
  asOf: number | null;
  library: SourceSlot;
  packages: SourceSlot;
}

export interface DashboardDeps {
  cases: { list(): Promise<CaseRecord[]> };
  audit: { list(caseId: string): Promise<AuditEvent[]> };
  /** The package worker's read (services.packages.read): big files never block the page. */
  packages: { read(fileName: string, bytes: Uint8Array): Promise<ReadPackage> };
  now?: () => number;
}

export interface DashboardStore {
  state: DashboardState;
  show(source?: DashboardSource): void;
  hide(): void;
  /** Re-reads the library's cases and trails (also when the library changes while shown). */
  loadLibrary(): Promise<void>;
  /** Files dropped or chosen; from a folder, files that are not packages are passed over silently. */
  loadPackages(files: readonly DashboardFile[], opts?: { folder?: boolean }): Promise<void>;
  setAsOf(at: number | null): void;
  /** The figures of the source shown, for the chosen date; null until its cases are read. */
  figures(): Dashboard | null;
}

const EMPTY_SLOT: SourceSlot = { loading: null, error: null, data: null };

const isPackageName = (name: string) => name.toLowerCase().endsWith(PACKAGE_EXTENSION);

/** What the clinician reads about a package left out: the reader's words name the file already. */
export function skippedMessage(s: SkippedPackage): string {
  if (s.encrypted) {
    return `${s.file} is encrypted: the dashboard reads only unencrypted packages. Open it with its key (Open package) to add the case to this library, or ask whoever sent it for an unencrypted copy.`;
  }
  const reason = s.reason.trim().replace(/\s*Nothing was (changed|stored|written|opened)\.?$/, '');
  const named = reason.includes(s.file) ? reason : `${s.file} could not be read: ${reason}`;
  return `${/[.!?]$/.test(named) ? named : `${named}.`} It is left out of the figures.`;
}

export function createDashboardStore(deps: DashboardDeps): DashboardStore {
  const now = deps.now ?? (() => Date.now());
  const [state, setState] = createStore<DashboardState>({
    open: false, source: 'library', asOf: null, library: { ...EMPTY_SLOT }, packages: { ...EMPTY_SLOT },
  });
  const loads: Record<DashboardSource, number> = { library: 0, packages: 0 };

  /** Runs one load of `source`; a later load of the same source makes this one's results void. */
  async function load(source: DashboardSource, total: number, work: (progress: (done: number) => void) => Promise<SourceData | string>) {
    const ticket = ++loads[source];
    const current = () => loads[source] === ticket;
    setState(source, { loading: { done: 0, total }, error: null });
    try {
      const out = await work((done) => { if (current()) setState(source, 'loading', { done, total }); });
      if (!current()) return;
      setState(source, typeof out === 'string' ? { loading: null, error: out, data: null } : { loading: null, error: null, data: out });
    } catch (e) {
      if (current()) setState(source, { loading: null, error: `Could not read the cases: ${e instanceof Error ? e.message : String(e)}`, data: null });
    }
  }

  const loadLibrary = () => load('library', 0, async () => {
    const records = await deps.cases.list();
    const cases = await Promise.all(records.map(async (r): Promise<DashboardCase> => ({
      id: r.id, pseudonym: r.pseudonym, clinic: r.clinic, doctor: r.doctor, createdAt: r.createdAt, audit: await deps.audit.list(r.id),
    })));
    return { cases, read: cases.length, skipped: [] };
  });

  async function loadPackages(files: readonly DashboardFile[], opts: { folder?: boolean } = {}) {
    setState('source', 'packages');
    const packages = files.filter((f) => isPackageName(f.name));
    const others: SkippedFile[] = opts.folder ? [] : files.filter((f) => !isPackageName(f.name))
      .map((f) => ({ file: f.name, message: `${f.name} is not a plan package (${PACKAGE_EXTENSION}). It is left out of the figures.` }));
    await load('packages', packages.length, async (progress) => {
      if (packages.length === 0) {
        return `No plan packages (${PACKAGE_EXTENSION}) ${opts.folder ? 'in that folder' : 'among the files chosen'}. Choose the packages the clinics sent, or the folder that holds them.`;
      }
      const copies: DashboardCopy[] = [];
      const skipped: SkippedFile[] = [...others];
      for (const [i, f] of packages.entries()) {
        const bytes = await f.bytes().catch(() => null);
        const r = bytes && await readForDashboard(f.name, bytes, (name, b) => deps.packages.read(name, b));
        if (!r) skipped.push({ file: f.name, message: `${f.name} could not be read from the disk. It is left out of the figures.` });
        else if (isSkipped(r)) skipped.push({ file: r.file, message: skippedMessage(r) });
        else copies.push(r);
        progress(i + 1);
      }
      return { cases: casesOfCopies(copies), read: copies.length, skipped };
    });
  }

  return {
    state,
    show(source) {
      setState({ open: true, ...(source ? { source } : {}) });
      if (state.source === 'library') void loadLibrary();
    },
    hide: () => setState('open', false),
    loadLibrary,
    loadPackages,
    setAsOf: (at) => setState('asOf', at),
    figures() {
      const data = state[state.source].data;
      // The plain cases, not the store's proxies of them: every event of every trail is read.
      return data && data.cases.length > 0 ? dashboard(unwrap(data.cases), state.asOf ?? now()) : null;
    },
  };
}
