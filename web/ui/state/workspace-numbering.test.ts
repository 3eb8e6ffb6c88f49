// The numbering choice behind PendingImports: per-tooth files whose numbers read both ways
// are asked about, and the chosen numbering re-reads the set through the real importer.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, test } from 'vitest';
import { createRoot } from 'solid-js';
import type { CaseRecord } from '../../core/types.ts';
import { archOrder } from '../../core/fdi.ts';
import { toothSet } from '../../geometry/fixtures/tooth-files.ts';
import { importApi } from '../workers/import-api.ts';
import type { ImportChoices } from '../workers/import-api.ts';
import type { InputFile } from '../../geometry/import/index.ts';
import { createCaseWorkspace, type ScanSource } from './workspace.ts';
import { freshLibrary } from './fixtures/library.ts';

const sources = (files: InputFile[]): ScanSource[] => files.map((f) => ({ name: f.name, read: async () => f.bytes.slice() }));

async function setup() {
  const lib = await freshLibrary(new IDBFactory());
  let record: CaseRecord = await lib.cases.create({ pseudonym: 'Patient N' });
  const calls: ImportChoices[] = [];
  const importer = {
    async importFiles(files: InputFile[], options: ImportChoices = {}) {
      calls.push(options);
      return importApi.importFiles(files, options);
    },
  };
  const ws = createRoot(() => createCaseWorkspace({
    caseId: record.id, repo: lib.cases, importer, currentCase: () => record,
    onCaseSaved: (r) => { record = r; }, confirmReplace: async () => true, now: () => 42,
  }));
  return { ws, calls, record: () => record };
}

describe('case workspace: tooth numbering of per-tooth files', () => {
  test('an ambiguous set (tooth_11 ... tooth_27) waits for FDI or Universal; each choice re-reads the set', async () => {
    const { ws, calls, record } = await setup();
    const upper = [11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27];
    await ws.importScans(sources(toothSet(upper, 'fdi', (n) => `tooth_${n}.stl`)));
    expect(ws.state.problems).toEqual([]);
    expect(ws.state.pending).toHaveLength(1);
    const [asked] = ws.state.pending;
    expect(asked.jaw).toBe('upper');
    expect(asked.numbering).toMatchObject({ read: 'fdi', eitherWay: true, chosen: null });
    expect(asked.numbering!.message).toMatch(/^Tooth numbers read as FDI \(11-48\) for now: /);

    // Not added until the planner says which.
    expect(await ws.addToCase()).toBe(false);
    expect(ws.state.message).toBe('Choose FDI or Universal numbering for tooth_17.stl and the other tooth files first: their numbers read both ways.');

    // Universal: 11-16 are upper left teeth, 17 and 21-27 lower; the upper part alone is too short for an arch.
    await ws.setPendingNumbering(asked.id, 'universal');
    expect(calls.at(-1)).toEqual({ numbering: 'universal' });
    expect(ws.state.pending.map((p) => [p.jaw, p.teeth, p.numbering?.chosen])).toEqual([['lower', [31, 32, 33, 34, 38, 41, 42, 43], 'universal']]);
    expect(ws.state.pending[0].numbering!.message).toMatch(/^Tooth numbers read as Universal \(1-32\), as chosen: tooth_27.stl is 43, /);
    expect(ws.state.problems.map((p) => [p.fileName, p.code])).toEqual([['tooth_11.stl and 5 other tooth files', 'units']]);

    // Back to FDI: one upper arch again, the Universal reading's problem gone, and it can be added.
    await ws.setPendingNumbering(ws.state.pending[0].id, 'fdi');
    expect(ws.state.problems).toEqual([]);
    expect(ws.state.pending.map((p) => [p.jaw, p.teeth, p.numbering?.chosen])).toEqual([['upper', upper, 'fdi']]);
    expect(ws.state.pending[0].numbering!.message).toMatch(/^Tooth numbers read as FDI \(11-48\), as chosen: 17, 16, /);
    expect(await ws.addToCase()).toBe(true);
    expect(record().arches.upper?.teeth).toEqual(upper);
  });

  test('both jaws in Universal numbers dropped together: two pending arches, nothing to ask', async () => {
    const { ws, record } = await setup();
    const teeth = [...archOrder('upper'), ...archOrder('lower')].filter((f) => f % 10 !== 8);
    await ws.importScans(sources(toothSet(teeth, 'universal', (n) => `tooth_${n}.stl`)));
    expect(ws.state.problems).toEqual([]);
    expect(ws.state.pending.map((p) => [p.jaw, p.teeth.length, p.numbering?.chosen, p.numbering?.eitherWay])).toEqual([
      ['upper', 14, 'universal', false], ['lower', 14, 'universal', false]]);
    expect(ws.state.pending[0].numbering!.message).toContain('tooth_8.stl is 11');
    expect(await ws.addToCase()).toBe(true);
    expect([record().arches.upper?.teeth.length, record().arches.lower?.teeth.length]).toEqual([14, 14]);
  });
});
