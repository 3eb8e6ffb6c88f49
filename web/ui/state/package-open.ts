// One way in for a plan package, whether it came as a share link (fetched, decrypted with the
// key in the link's fragment) or as a file opened or dropped (a key asked for when it is
// encrypted): read and checked in the worker, merged by the store, then the case opens. The
// link's fetch is the only network request the studio makes; its fragment (with the key) is
// taken out of the address bar once handled. Any failure is one plain message, nothing stored.
import { createSignal } from 'solid-js';
import type { Accessor } from 'solid-js';
import { createStore } from 'solid-js/store';
import { parseShareFragment, packageUrlProblem } from '../../exchange/share-link.ts';
import type { PackageKind, ReadPackage } from '../../exchange/package-types.ts';
import type { Actor, Role } from '../../core/review.ts';
import { JAWS, type CaseRecord, type Jaw } from '../../core/types.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import type { PackageImportSummary, PackageService } from '../services.ts';
import type { LibraryStore, OpenMode } from './library.ts';
import type { ToastService } from './toasts.ts';
import type { PackageErrorCode } from '../../exchange/errors.ts';
import { downloadProblems, fileNameOf, importNews, openFailureMessage, OpenProblem } from './package-messages.ts';
import { downloadPackage } from './package-download.ts';
import type { MeshShelf, ShelvedMesh } from './mesh-shelf.ts';
import type { EarlyLinks } from './link-head-start.ts';

export type OpenPhase = 'idle' | 'downloading' | 'reading' | 'importing';

export interface PackageOpenState {
  phase: OpenPhase;
  fileName: string | null;
  /** Bytes downloaded so far, and the total when the host said it (else an indeterminate bar). */
  loaded: number;
  total: number | null;
}

export interface KeyRequest {
  fileName: string;
  /** Why the last key did not open it, when one was tried. */
  problem: string | null;
}

export type OpenOutcome =
  | { status: 'opened'; caseId: string; mode: OpenMode; summary: PackageImportSummary }
  | { status: 'failed'; message: string }
  | { status: 'cancelled' }
  | { status: 'not-a-link' };

export interface PackageOpenDeps {
  packages: Pick<PackageService, 'read' | 'importPackage' | 'warm'>;
  library: Pick<LibraryStore, 'open' | 'refresh' | 'state'>;
  /** Where a new case's meshes, decoded by the reader, wait for its case view (mesh-shelf.ts). */
  shelf?: Pick<MeshShelf, 'put'>;
  /**
   * Starts preparing a new case's segmented arch for planning while the package is stored
   * (planner-head-start.ts): the plan it opens to is drawn sooner.
   */
  prepareAhead?(caseId: string, jaw: Jaw, mesh: LabelledMesh, record?: ArrayBuffer): void;
  /** The package will be shown in 3D: the view's renderer can be made ahead (studio-renderer.ts). */
  warmView?(): void;
  profile: { ensureActor(): Promise<Actor | null>; state: { actor: Actor | null } };
  toasts: Pick<ToastService, 'show'>;
  fetch: typeof fetch;
  /** The page's address: the share link's fragment is taken out of it once handled. */
  clearFragment(): void;
  online?(): boolean;
  /** Lets a closing case write what it still held before the import reads it (default: a short pause). */
  settle?(): Promise<void>;
  maxBytes?: number;
  /** A link's download and read begun before the studio was up (link-head-start.ts). */
  early?: EarlyLinks;
}

export interface PackageOpener {
  state: PackageOpenState;
  keyRequest: Accessor<KeyRequest | null>;
  /** The KeyPrompt's answer: a pasted link or key, or null when cancelled. */
  answerKey(text: string | null): void;
  /** Opens the package a share link's fragment names; 'not-a-link' when `hash` is no share link. */
  openLink(hash: string): Promise<OpenOutcome>;
  openFile(fileName: string, bytes: Uint8Array): Promise<OpenOutcome>;
}

/** The key in what a person pasted: a whole share link, its fragment, "key=…", or the key alone. */
export function keyFromText(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  const hash = t.includes('#') ? t.slice(t.indexOf('#')) : t.startsWith('key=') || t.includes('&key=') ? `#${t}` : null;
  if (hash) {
    const key = /(?:^#|&)key=([^&]+)/.exec(hash)?.[1];
    return key ? decodeURIComponent(key) : null;
  }
  return t;
}

/**
 * How the case opens: a link is for reviewing; a file is reviewed by anyone but a planner,
 * who also edits a case a response came back to. A doctor only ever reviews (library.ts).
 */
export function openModeFor(source: 'link' | 'file', kind: PackageKind, role: Role | undefined): OpenMode {
  if (source === 'link' || role === 'doctor') return 'review';
  return kind === 'response' || role === 'planner' || role === undefined ? 'edit' : 'review';
}

export function createPackageOpener(deps: PackageOpenDeps): PackageOpener {
  const idle: PackageOpenState = { phase: 'idle', fileName: null, loaded: 0, total: null };
  const [state, setState] = createStore<PackageOpenState>({ ...idle });
  const [keyRequest, setKeyRequest] = createSignal<KeyRequest | null>(null);
  let keyAnswer: ((text: string | null) => void) | null = null;
  let busy = false;

  function askKey(fileName: string, problem: string | null): Promise<string | null> {
    setKeyRequest({ fileName, problem });
    return new Promise((resolve) => { keyAnswer = resolve; });
  }

  async function read(fileName: string, bytes: Uint8Array, key?: string): Promise<ReadPackage> {
    setState({ phase: 'reading' });
    return deps.packages.read(fileName, bytes, key);
  }

  /** A file opened from disk carries no key: asked for when it is encrypted, again while it is wrong. */
  async function readFile(fileName: string, bytes: Uint8Array): Promise<ReadPackage | null> {
    try {
      return await read(fileName, bytes);
    } catch (e) {
      if (codeOf(e) !== NEEDS_KEY) throw e;
    }
    let problem: string | null = null;
    for (;;) {
      setState({ phase: 'idle' });
      const answer = await askKey(fileName, problem);
      if (answer === null) return null;
      const key = keyFromText(answer);
      if (!key) {
        problem = 'Paste the whole share link, or the key after "key=".';
        continue;
      }
      try {
        return await read(fileName, bytes, key);
      } catch (e) {
        if (!isKeyProblem(codeOf(e))) throw e;
        problem = openFailureMessage(fileName, e);
      }
    }
  }

  async function finish(fileName: string, pkg: ReadPackage, source: 'link' | 'file'): Promise<OpenOutcome> {
    const actor = await deps.profile.ensureActor();
    if (!actor) {
      deps.toasts.show({ kind: 'info', message: `${fileName} was not opened: the studio records who opens a package, so it needs your name and role first. Nothing was stored.` });
      return { status: 'cancelled' };
    }
    setState({ phase: 'importing' });
    // A case new here is stored with these very meshes (the shelf below): its planning can start now.
    if (deps.prepareAhead && !deps.library.state.cases.some((c) => c.id === pkg.case.id)) {
      for (const jaw of JAWS) {
        const arch = pkg.arches[jaw];
        if (arch?.mesh.labels?.some((l) => l !== 0)) deps.prepareAhead(pkg.case.id, jaw, arch.mesh, arch.segmentation);
      }
    }
    // The case must not be open while it merges: its plan session would write its copy over the merge.
    if (deps.library.state.openId === pkg.case.id) {
      deps.library.open(null);
      await (deps.settle ?? (() => new Promise<void>((r) => setTimeout(r, 100))))();
    }
    const summary = await deps.packages.importPackage(pkg, fileName);
    performance.mark('share-link-imported');
    await deps.library.refresh();
    if (summary.outcome === 'added') deps.shelf?.put(summary.caseId, shelvedMeshes(pkg, deps.library.state.cases.find((c) => c.id === summary.caseId)), summary.storedWorking);
    const mode = openModeFor(source, pkg.kind, actor.role);
    deps.library.open(summary.caseId, mode);
    const news = importNews(fileName, summary, pkg.exportedBy.name || 'the sender');
    deps.toasts.show({ kind: 'info', message: news.summary }, 10_000);
    for (const w of news.warnings) deps.toasts.show({ kind: 'info', message: w }, 0);
    return { status: 'opened', caseId: summary.caseId, mode, summary };
  }

  async function guarded(fileName: string, run: () => Promise<OpenOutcome>): Promise<OpenOutcome> {
    if (busy) {
      const message = `Still opening ${state.fileName ?? 'a package'}: open ${fileName} when it is done.`;
      deps.toasts.show({ kind: 'info', message });
      return { status: 'failed', message };
    }
    busy = true;
    setState({ ...idle, fileName });
    try {
      return await run();
    } catch (e) {
      const message = openFailureMessage(fileName, e);
      deps.toasts.show({ kind: 'error', message });
      return { status: 'failed', message };
    } finally {
      busy = false;
      setKeyRequest(null);
      setState({ ...idle });
    }
  }

  return {
    state,
    keyRequest,
    answerKey(text) {
      const answer = keyAnswer;
      keyAnswer = null;
      setKeyRequest(null);
      answer?.(text);
    },
    async openLink(hash) {
      let link: ReturnType<typeof parseShareFragment>;
      try {
        link = parseShareFragment(hash);
      } catch (e) {
        // A link cut short (by a mail program, say) names a package but no usable key.
        deps.clearFragment();
        const message = e instanceof Error ? e.message : String(e);
        return guarded('the shared package', () => { throw new OpenProblem(message); });
      }
      if (!link) return { status: 'not-a-link' };
      // The start of the share-link speed figure (ReviewView marks its end).
      performance.mark('share-link-open');
      const { packageUrl, key } = link;
      const fileName = fileNameOf(packageUrl);
      try {
        return await guarded(fileName, async () => {
          const problem = packageUrlProblem(packageUrl);
          if (problem) throw downloadProblems.badLink(problem);
          setState({ phase: 'downloading' });
          deps.warmView?.();
          // The page's first script may have started this very link already (link-head-start.ts).
          const early = deps.early?.take(hash) ?? null;
          if (!early) deps.packages.warm?.();
          early?.follow((loaded, total) => setState({ loaded, total }));
          const bytes = early ? await early.bytes : await downloadPackage(deps.fetch, packageUrl, (loaded, total) => setState({ loaded, total }),
            { maxBytes: deps.maxBytes, online: deps.online });
          // The figure's parts, printed by the share-link speed test.
          performance.mark('share-link-downloaded');
          if (early) setState({ phase: 'reading' });
          const pkg = early ? await early.pkg : await read(fileName, bytes, key);
          performance.mark('share-link-read');
          return finish(fileName, pkg, 'link');
        });
      } finally {
        deps.clearFragment();
      }
    },
    openFile(fileName, bytes) {
      return guarded(fileName, async () => {
        deps.warmView?.();
        const pkg = await readFile(fileName, bytes);
        return pkg ? finish(fileName, pkg, 'file') : { status: 'cancelled' };
      });
    },
  };
}

/**
 * A case new to this library was stored with the package's meshes and segmentation records as
 * they were read, so the case view may use those. (A merged case keeps its own, which may differ.)
 */
function shelvedMeshes(pkg: ReadPackage, record: CaseRecord | undefined): ShelvedMesh[] {
  if (!record) return [];
  return JAWS.flatMap((jaw) => {
    const blobId = record.arches[jaw]?.meshBlobId;
    const segBlobId = record.arches[jaw]?.segmentationBlobId;
    const arch = pkg.arches[jaw];
    if (!blobId || !arch) return [];
    const segmentation = segBlobId !== undefined && arch.segmentation ? { blobId: segBlobId, bytes: arch.segmentation } : undefined;
    return [{ jaw, blobId, mesh: arch.mesh, meshHash: arch.meshHash, ...(segmentation ? { segmentation } : {}) }];
  });
}

/** The worker's answer for an encrypted file read without a key (workers/package-api.ts). */
const NEEDS_KEY: PackageErrorCode = 'encrypted';
const WRONG_KEY: PackageErrorCode = 'wrong-key';

const codeOf = (e: unknown): unknown => (e as { code?: unknown } | null)?.code;

/** A problem another key might fix (AES-GCM cannot tell a wrong key from a changed file). */
const isKeyProblem = (code: unknown): boolean => code === NEEDS_KEY || code === WRONG_KEY;
