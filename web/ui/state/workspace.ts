// The open case's working state: its arch meshes for the viewport and the scan import in
// progress (pending arches waiting for a jaw and "Add to case", and problems to show).
import { createSignal } from 'solid-js';
import type { Accessor } from 'solid-js';
import { createStore } from 'solid-js/store';
import { JAWS } from '../../core/types.ts';
import type { CaseRecord, Jaw } from '../../core/types.ts';
import { checkSizeBeforeReading, ImportError, numberInFileName } from '../../geometry/import/index.ts';
import type { ImportedArch, MeshFormat, Numbering } from '../../geometry/import/index.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import { decodeMesh, encodeMesh } from '../../geometry/mesh-binary.ts';
import type { CaseRepository } from '../../store/cases.ts';
import type { ImportClient } from '../workers/import-client.ts';
import type { ImportProblem } from '../workers/import-api.ts';
import type { MeshShelf } from './mesh-shelf.ts';

/** A file to import, read only when the import runs (and again for a unit conversion). */
export interface ScanSource {
  name: string;
  /** Bytes on disk when known: a file too large to import is refused unread. */
  size?: number;
  read(): Promise<Uint8Array>;
}

export function fileSource(file: File): ScanSource {
  return { name: file.name, size: file.size, read: async () => new Uint8Array(await file.arrayBuffer()) };
}

/** The sources small enough to read, and a problem for each one refused by its size. */
function bySize(sources: ScanSource[]): { readable: ScanSource[]; refused: ImportProblem[] } {
  const readable: ScanSource[] = [];
  const refused: ImportProblem[] = [];
  for (const s of sources) {
    try {
      if (s.size !== undefined) checkSizeBeforeReading(s.name, s.size);
      readable.push(s);
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      refused.push({ fileName: e.fileName, code: e.code, message: e.message });
    }
  }
  return { readable, refused };
}

export interface PendingArch {
  id: string;
  /** null until the user (or the importer's guess) says which jaw it is. */
  jaw: Jaw | null;
  jawSource: ImportedArch['jawSource'];
  sourceFiles: string[];
  format: MeshFormat;
  triangles: number;
  vertices: number;
  teeth: number[];
  sizeMm: [number, number, number];
  unitScale: number;
  /** Per-tooth files: how their numbers were read; `chosen` null while the planner must say (the numbers read both ways). */
  numbering?: { message: string; read: Numbering | 'mixed'; eitherWay: boolean; chosen: Numbering | 'mixed' | null; batch: number };
}

export interface ImportNotice extends ImportProblem {
  id: string;
  batch: number;
}

export interface WorkspaceState {
  progress: { fraction: number; stage: string } | null;
  pending: PendingArch[];
  problems: ImportNotice[];
  saving: boolean;
  loading: boolean;
  /** One line for the Records panel: why "Add to case" did nothing, or what a load failed on. */
  message: string | null;
}

export interface CaseWorkspaceDeps {
  caseId: string;
  repo: CaseRepository;
  importer: Pick<ImportClient, 'importFiles'>;
  /** The latest record of the open case (for the arches it already has). */
  currentCase(): CaseRecord | undefined;
  onCaseSaved(record: CaseRecord): void;
  /** Asks the user before an existing arch is replaced; true to go ahead. */
  confirmReplace(jaws: Jaw[]): Promise<boolean>;
  /** Meshes a package import just stored for this case, already decoded (mesh-shelf.ts). */
  shelf?: Pick<MeshShelf, 'take'>;
  now?: () => number;
}

export interface CaseWorkspace {
  state: WorkspaceState;
  meshes: Accessor<Partial<Record<Jaw, LabelledMesh>>>;
  /** A shown mesh's content hash when already known (one a package brought), for mesh-hashes.ts. */
  knownHash(mesh: LabelledMesh): string | undefined;
  loadArches(): Promise<void>;
  importScans(sources: ScanSource[]): Promise<void>;
  convertUnits(noticeId: string): Promise<void>;
  setPendingJaw(pendingId: string, jaw: Jaw | null): void;
  /** Reads a per-tooth set again in `numbering` (its arches may change jaw or split in two). */
  setPendingNumbering(pendingId: string, numbering: Numbering): Promise<void>;
  discardPending(pendingId: string): void;
  dismissProblem(noticeId: string): void;
  addToCase(): Promise<boolean>;
}

export function createCaseWorkspace(deps: CaseWorkspaceDeps): CaseWorkspace {
  const now = deps.now ?? Date.now;
  const [state, setState] = createStore<WorkspaceState>({ progress: null, pending: [], problems: [], saving: false, loading: false, message: null });
  const [meshes, setMeshes] = createSignal<Partial<Record<Jaw, LabelledMesh>>>({});
  // Meshes and files stay out of the store: big typed arrays need no reactivity.
  const pendingMeshes = new Map<string, LabelledMesh>();
  const batches = new Map<number, ScanSource[]>();
  let nextId = 0;
  let running = 0;

  // Content hashes already known (checked by the package reader), so they need not be taken again.
  const knownHashes = new WeakMap<LabelledMesh, string>();
  const showMesh = (jaw: Jaw, mesh: LabelledMesh) => setMeshes((m) => ({ ...m, [jaw]: mesh }));

  async function runImport(batch: number, all: ScanSource[], unitScale?: number, only?: Set<string>, numbering?: Numbering): Promise<void> {
    running++;
    setState('progress', { fraction: 0, stage: 'Reading files' });
    const { readable: sources, refused } = bySize(all);
    for (const problem of refused.filter((p) => !only || only.has(p.fileName))) setState('problems', (list) => [...list, { ...problem, id: `problem-${++nextId}`, batch }]);
    try {
      if (sources.length === 0) return;
      const files = await Promise.all(sources.map(async (s) => ({ name: s.name, bytes: await s.read() })));
      const result = await deps.importer.importFiles(files, { ...(unitScale ? { unitScale } : {}), ...(numbering ? { numbering } : {}) }, (fraction, stage) => {
        // Progress comes over its own message channel and can land after the result:
        // a late message must not bring back the bar of a finished import.
        if (running > 0) setState('progress', { fraction, stage });
      });
      const touches = (names: string[]) => !only || names.some((n) => only.has(n));
      const arches = result.arches.filter((a) => touches(a.report.sourceFiles));
      const problems = result.errors.filter((e) => touches(splitNames(e.fileName)));
      for (const arch of arches) {
        const id = `arch-${++nextId}`;
        pendingMeshes.set(id, arch.mesh);
        setState('pending', (list) => [...list, toPending(id, arch, batch)]);
      }
      for (const problem of problems) {
        setState('problems', (list) => [...list, { ...problem, id: `problem-${++nextId}`, batch }]);
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      setState('problems', (list) => [...list, {
        id: `problem-${++nextId}`, batch, fileName: sources.map((s) => s.name).join(', '), code: 'failed',
        message: `The import stopped unexpectedly: ${message}`,
      }]);
    } finally {
      running--;
      if (running === 0) setState('progress', null);
    }
  }

  return {
    state,
    meshes,
    knownHash: (mesh) => knownHashes.get(mesh),
    async loadArches() {
      const record = deps.currentCase();
      if (!record) return;
      setState('loading', true);
      try {
        for (const jaw of JAWS) {
          const arch = record.arches[jaw];
          if (!arch) continue;
          const shelved = deps.shelf?.take(deps.caseId, arch.meshBlobId);
          if (shelved) {
            knownHashes.set(shelved.mesh, shelved.meshHash);
            showMesh(jaw, shelved.mesh);
            continue;
          }
          const bytes = await deps.repo.loadArchMesh(deps.caseId, jaw);
          if (bytes) showMesh(jaw, decodeMesh(bytes));
          else setState('message', `The ${jaw} arch's mesh is missing from storage.`);
        }
      } catch (e) {
        setState('message', `Could not load the arches: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        setState('loading', false);
      }
    },
    async importScans(sources) {
      if (sources.length === 0) return;
      const batch = ++nextId;
      batches.set(batch, sources);
      setState('message', null);
      await runImport(batch, sources);
    },
    async convertUnits(noticeId) {
      const notice = state.problems.find((p) => p.id === noticeId);
      const sources = notice && batches.get(notice.batch);
      if (!notice?.unitGuess || !sources) return;
      const scale = notice.unitGuess.scale;
      const names = new Set(splitNames(notice.fileName));
      setState('problems', (list) => list.filter((p) => p.id !== noticeId));
      // The whole drop goes again so files that belong together (OBJ + labels, per-tooth
      // sets) are grouped as before; only the converted file's results are kept.
      await runImport(notice.batch, sources, scale, names.size > 0 ? names : undefined);
    },
    setPendingJaw(pendingId, jaw) {
      setState('pending', (p) => p.id === pendingId, 'jaw', jaw);
      setState('message', null);
    },
    async setPendingNumbering(pendingId, numbering) {
      const chosen = state.pending.find((p) => p.id === pendingId)?.numbering;
      const sources = chosen && batches.get(chosen.batch);
      if (!chosen || !sources) return;
      const set = state.pending.filter((p) => p.numbering?.batch === chosen.batch);
      setState('message', null);
      // The drop's tooth files go again, read the chosen way (even the way already assumed, so
      // the message says it was chosen); their old arches and problems go.
      const teeth = sources.filter((s) => numberInFileName(s.name) !== null);
      const names = new Set(teeth.map((s) => s.name));
      for (const p of set) pendingMeshes.delete(p.id);
      setState('pending', (list) => list.filter((p) => p.numbering?.batch !== chosen.batch));
      setState('problems', (list) => list.filter((p) => p.batch !== chosen.batch || !splitNames(p.fileName).some((n) => names.has(n.split(' and ')[0]))));
      await runImport(chosen.batch, teeth, set[0].unitScale !== 1 ? set[0].unitScale : undefined, undefined, numbering);
    },
    discardPending(pendingId) {
      pendingMeshes.delete(pendingId);
      setState('pending', (list) => list.filter((p) => p.id !== pendingId));
    },
    dismissProblem(noticeId) {
      setState('problems', (list) => list.filter((p) => p.id !== noticeId));
    },
    async addToCase() {
      // Plain copies: store proxies cannot be structured-cloned into IndexedDB.
      const pending = state.pending.map((p) => ({ ...p, sourceFiles: [...p.sourceFiles], teeth: [...p.teeth] }));
      if (pending.length === 0) return false;
      const unassigned = pending.filter((p) => p.jaw === null);
      if (unassigned.length > 0) {
        setState('message', `Choose Upper or Lower for ${unassigned.map((p) => p.sourceFiles.join(' + ')).join(', ')} first.`);
        return false;
      }
      const unread = pending.filter((p) => p.numbering && p.numbering.chosen === null);
      if (unread.length > 0) {
        setState('message', `Choose FDI or Universal numbering for ${unread.map((p) => p.sourceFiles[0]).join(', ')} and the other tooth files first: their numbers read both ways.`);
        return false;
      }
      const jaws = pending.map((p) => p.jaw!);
      const twice = JAWS.filter((j) => jaws.filter((x) => x === j).length > 1);
      if (twice.length > 0) {
        setState('message', `Two scans are marked ${twice.join(' and ')}; a case holds one arch per jaw.`);
        return false;
      }
      const existing = jaws.filter((j) => deps.currentCase()?.arches[j]);
      if (existing.length > 0 && !(await deps.confirmReplace(existing))) return false;
      setState({ saving: true, message: null });
      try {
        for (const p of pending) {
          const mesh = pendingMeshes.get(p.id)!;
          const record = await deps.repo.saveArch(deps.caseId, {
            jaw: p.jaw!, sourceFiles: p.sourceFiles, format: p.format, vertexCount: p.vertices,
            triangleCount: p.triangles, teeth: p.teeth, unitScale: p.unitScale, importedAt: now(),
          }, encodeMesh(mesh));
          deps.onCaseSaved(record);
          showMesh(p.jaw!, mesh);
          pendingMeshes.delete(p.id);
          setState('pending', (list) => list.filter((x) => x.id !== p.id));
        }
        return true;
      } catch (e) {
        setState('message', `Could not save the scan: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      } finally {
        setState('saving', false);
      }
    },
  };
}

function toPending(id: string, arch: ImportedArch, batch: number): PendingArch {
  const r = arch.report;
  const n = r.numbering;
  return {
    ...(n ? { numbering: { message: n.message, read: n.numbering, eitherWay: n.eitherWay, chosen: n.ambiguous ? null : n.numbering, batch } } : {}),
    id, jaw: arch.jaw, jawSource: arch.jawSource, sourceFiles: [...r.sourceFiles], format: r.format,
    triangles: r.triangles, vertices: r.vertices, teeth: [...r.teeth], sizeMm: [...r.sizeMm] as [number, number, number],
    unitScale: r.unitScale,
  };
}

/** Problems about a per-tooth set name several files in one field. */
function splitNames(fileName: string): string[] {
  return fileName.split(/,\s*/).map((s) => s.trim()).filter(Boolean);
}
