import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, test } from 'vitest';
import { createRoot } from 'solid-js';
import type { CaseRecord, Jaw } from '../../core/types.ts';
import type { ImportedArch, InputFile } from '../../geometry/import/index.ts';
import type { LabelledMesh } from '../../geometry/mesh.ts';
import type { ImportResult } from '../workers/import-api.ts';
import { MAX_FILE_BYTES, MAX_LABEL_BYTES } from '../../geometry/import/index.ts';
import { createCaseWorkspace } from './workspace.ts';
import { createMeshShelf } from './mesh-shelf.ts';
import type { ScanSource } from './workspace.ts';
import { freshLibrary, tinyArch } from './fixtures/library.ts';

/** Stands in for the worker: outcomes keyed by file name, every call recorded. */
function fakeImporter() {
  const calls: { names: string[]; unitScale?: number }[] = [];
  const arch = (name: string, jaw: Jaw | null, mesh: LabelledMesh, unitScale = 1): ImportedArch => ({
    jaw, jawSource: jaw ? 'file-name' : 'none', mesh,
    report: {
      format: 'stl-binary', sourceFiles: [name], trianglesIn: 9, verticesIn: 27, vertices: mesh.positions.length / 3,
      triangles: mesh.indices.length / 3, boundaryEdges: 0, degenerateTriangles: 0,
      bbox: { min: [0, 0, 0], max: [60, 30, 6] }, sizeMm: [60, 30, 6], teeth: [11, 21], unitScale,
    },
  });
  return {
    calls,
    async importFiles(files: InputFile[], options: { unitScale?: number } = {}, onProgress?: (f: number, s: string) => void): Promise<ImportResult> {
      calls.push({ names: files.map((f) => f.name), unitScale: options.unitScale });
      onProgress?.(0.5, 'parsing');
      const result: ImportResult = { arches: [], errors: [] };
      for (const f of files) {
        if (f.name === 'upper.stl') result.arches.push(arch(f.name, 'upper', tinyArch([11, 21])));
        else if (f.name === 'lower.stl') result.arches.push(arch(f.name, 'lower', tinyArch([31, 41])));
        else if (f.name === 'scan.stl') result.arches.push(arch(f.name, null, tinyArch([11, 21], 5)));
        else if (f.name === 'cm.stl' && options.unitScale === 10) result.arches.push(arch(f.name, 'upper', tinyArch([11]), 10));
        else if (f.name === 'cm.stl') result.errors.push({ fileName: f.name, code: 'units', message: 'cm.stl: spans 7.5 mm; an arch spans 40-90 mm.', unitGuess: { unit: 'cm', scale: 10, spanMm: 75 } });
        else result.errors.push({ fileName: f.name, code: 'corrupt', message: `${f.name}: not a mesh.` });
      }
      return result;
    },
  };
}

const source = (name: string): ScanSource => ({ name, read: async () => new Uint8Array([1, 2, 3]) });

async function setup(confirm = true) {
  const lib = await freshLibrary(new IDBFactory());
  let record: CaseRecord = await lib.cases.create({ pseudonym: 'Patient W' });
  const importer = fakeImporter();
  const asked: Jaw[][] = [];
  const ws = createRoot(() => createCaseWorkspace({
    caseId: record.id, repo: lib.cases, importer, currentCase: () => record,
    onCaseSaved: (r) => { record = r; },
    confirmReplace: async (jaws) => { asked.push(jaws); return confirm; },
    now: () => 42,
  }));
  return { lib, ws, importer, asked, record: () => record };
}

describe('case workspace: scan import', () => {
  test('imported arches wait in the pending list; problems name their file', async () => {
    const { ws } = await setup();
    await ws.importScans([source('upper.stl'), source('scan.stl'), source('photo.jpg')]);
    expect(ws.state.progress).toBeNull();
    expect(ws.state.pending.map((p) => [p.sourceFiles[0], p.jaw])).toEqual([['upper.stl', 'upper'], ['scan.stl', null]]);
    expect(ws.state.pending[0]).toMatchObject({ format: 'stl-binary', teeth: [11, 21], sizeMm: [60, 30, 6] });
    expect(ws.state.problems).toHaveLength(1);
    expect(ws.state.problems[0]).toMatchObject({ fileName: 'photo.jpg', code: 'corrupt' });
    expect(ws.meshes()).toEqual({});
  });

  test('a file too large to import is refused by its size, never read, and named; the others still import', async () => {
    const { ws, importer } = await setup();
    const huge = (name: string, size: number): ScanSource => ({ name, size, read: async () => { throw new Error(`${name} must not be read`); } });
    await ws.importScans([huge('labels.json', MAX_LABEL_BYTES + 1), huge('huge.stl', MAX_FILE_BYTES + 1), { ...source('upper.stl'), size: 84 }]);
    expect(ws.state.problems.map((p) => [p.fileName, p.code])).toEqual([['labels.json', 'too-large'], ['huge.stl', 'too-large']]);
    expect(ws.state.problems[0].message).toMatch(/labels\.json.*label file is 64\.0 MB|labels\.json/);
    expect(ws.state.pending.map((p) => p.sourceFiles[0])).toEqual(['upper.stl']);
    expect(ws.state.progress).toBeNull();
    void importer;
  });

  test('"Add to case" needs a jaw for every scan and one scan per jaw', async () => {
    const { ws, lib, record } = await setup();
    await ws.importScans([source('upper.stl'), source('scan.stl')]);
    expect(await ws.addToCase()).toBe(false);
    expect(ws.state.message).toContain('scan.stl');
    const scan = ws.state.pending.find((p) => p.sourceFiles[0] === 'scan.stl')!;
    ws.setPendingJaw(scan.id, 'upper');
    expect(await ws.addToCase()).toBe(false);
    expect(ws.state.message).toContain('upper');
    ws.setPendingJaw(scan.id, 'lower');
    const ok = await ws.addToCase();
    expect(ws.state.message).toBeNull();
    expect(ok).toBe(true);
    expect(ws.state.pending).toEqual([]);
    expect(Object.keys(ws.meshes()).sort()).toEqual(['lower', 'upper']);
    expect(record().arches.upper).toMatchObject({ sourceFiles: ['upper.stl'], teeth: [11, 21], importedAt: 42, unitScale: 1 });
    expect(record().arches.lower?.sourceFiles).toEqual(['scan.stl']);
    expect(await lib.cases.loadArchMesh(record().id, 'lower')).toBeInstanceOf(ArrayBuffer);
  });

  test('replacing an arch asks first; "no" keeps the old one', async () => {
    const { ws, asked, record, lib } = await setup(false);
    await ws.importScans([source('upper.stl')]);
    expect(await ws.addToCase()).toBe(true);
    const firstBlob = record().arches.upper!.meshBlobId;
    await ws.importScans([source('upper.stl')]);
    expect(await ws.addToCase()).toBe(false);
    expect(asked).toEqual([['upper']]);
    expect(record().arches.upper!.meshBlobId).toBe(firstBlob);
    expect(ws.state.pending).toHaveLength(1);
    expect((await lib.cases.get(record().id))!.arches.upper!.meshBlobId).toBe(firstBlob);
  });

  test('a units problem converts by re-importing the drop with the guessed scale', async () => {
    const { ws, importer } = await setup();
    await ws.importScans([source('cm.stl'), source('upper.stl')]);
    const units = ws.state.problems.find((p) => p.code === 'units')!;
    expect(units.unitGuess).toEqual({ unit: 'cm', scale: 10, spanMm: 75 });
    await ws.convertUnits(units.id);
    expect(importer.calls.at(-1)).toEqual({ names: ['cm.stl', 'upper.stl'], unitScale: 10 });
    expect(ws.state.problems).toEqual([]);
    // upper.stl was already pending from the first import: only cm.stl's result is new.
    expect(ws.state.pending.map((p) => [p.sourceFiles[0], p.unitScale])).toEqual([['upper.stl', 1], ['cm.stl', 10]]);
  });

  test('saved arches load back from storage for the viewport', async () => {
    const { ws, lib, record } = await setup();
    await ws.importScans([source('upper.stl')]);
    await ws.addToCase();
    const fresh = createRoot(() => createCaseWorkspace({
      caseId: record().id, repo: lib.cases, importer: fakeImporter(), currentCase: record,
      onCaseSaved: () => undefined, confirmReplace: async () => true,
    }));
    await fresh.loadArches();
    const mesh = fresh.meshes().upper!;
    expect(Array.from(mesh.labels!)).toEqual(Array.from(tinyArch([11, 21]).labels!));
    expect(Array.from(mesh.positions)).toEqual(Array.from(tinyArch([11, 21]).positions));
    expect(fresh.meshes().lower).toBeUndefined();
  });

  test('a mesh a package import just stored is taken from the shelf, not read back; only by its case and stored blob', async () => {
    const { ws, lib, record } = await setup();
    await ws.importScans([source('upper.stl')]);
    await ws.addToCase();
    const other = await lib.cases.create({ pseudonym: 'Another patient' });
    const blobId = record().arches.upper!.meshBlobId;
    const decoded = tinyArch([11, 21]);
    const shelf = createMeshShelf();
    const open = (caseId: string, current: () => CaseRecord | undefined, repo = lib.cases) => createRoot(() => createCaseWorkspace({
      caseId, repo, importer: fakeImporter(), currentCase: current, shelf,
      onCaseSaved: () => undefined, confirmReplace: async () => true,
    }));
    const reads: string[] = [];
    const counting = { ...lib.cases, loadArchMesh: (id: string, jaw: Jaw) => (reads.push(`${id} ${jaw}`), lib.cases.loadArchMesh(id, jaw)) };

    // Shelved for another case: this case reads its own mesh from storage.
    shelf.put(other.id, [{ jaw: 'upper', blobId, mesh: decoded, meshHash: 'hash-from-the-package' }]);
    const first = open(record().id, record, counting);
    await first.loadArches();
    expect(first.meshes().upper).not.toBe(decoded);
    expect(reads).toEqual([`${record().id} upper`]);

    // Shelved for this case and blob: used as it is, once.
    shelf.put(record().id, [{ jaw: 'upper', blobId, mesh: decoded, meshHash: 'hash-from-the-package' }]);
    const second = open(record().id, record, counting);
    await second.loadArches();
    expect(second.meshes().upper).toBe(decoded);
    expect(second.knownHash(decoded), 'its hash as the package reader checked it').toBe('hash-from-the-package');
    expect(first.knownHash(first.meshes().upper!), 'a mesh read from storage is hashed where needed').toBeUndefined();
    expect(reads).toHaveLength(1);
    const third = open(record().id, record, counting);
    await third.loadArches();
    expect(third.meshes().upper).not.toBe(decoded);
    expect(reads).toHaveLength(2);

    // Shelved under a blob this case no longer has (a scan replaced since): read from storage.
    shelf.put(record().id, [{ jaw: 'upper', blobId: 'an-older-blob', mesh: decoded, meshHash: 'hash-from-the-package' }]);
    const fourth = open(record().id, record, counting);
    await fourth.loadArches();
    expect(fourth.meshes().upper).not.toBe(decoded);
    expect(reads).toHaveLength(3);
  });

  test('a crashed import becomes a message, not an exception', async () => {
    const { lib } = await setup();
    const record = await lib.cases.create({});
    const ws = createRoot(() => createCaseWorkspace({
      caseId: record.id, repo: lib.cases, currentCase: () => record, onCaseSaved: () => undefined, confirmReplace: async () => true,
      importer: { importFiles: async () => { throw new Error('worker died'); } },
    }));
    await ws.importScans([source('upper.stl')]);
    expect(ws.state.progress).toBeNull();
    expect(ws.state.problems[0].message).toContain('worker died');
    expect(ws.state.problems[0].fileName).toBe('upper.stl');
  });
});
