import { describe, expect, test } from 'vitest';
import { createRoot } from 'solid-js';
import { dashboard } from '../../core/dashboard.ts';
import { DASHBOARD_SCRIPT, DAY, generateCases, T0 } from '../../core/fixtures/pipeline-cases.ts';
import type { CaseRecord } from '../../core/types.ts';
import { dsoFolder } from '../../exchange/fixtures/dashboard-packages.ts';
import { readPackage } from '../../exchange/package-read.ts';
import type { ReadPackage } from '../../exchange/package-types.ts';
import { createDashboardStore, type DashboardDeps, type DashboardFile } from './dashboard.ts';

const NOW = T0 + 60 * DAY;
const cases = generateCases(DASHBOARD_SCRIPT, 6016);

const record = (c: (typeof cases)[number]): CaseRecord => ({
  id: c.id, pseudonym: c.pseudonym, clinic: c.clinic, doctor: c.doctor, notes: '', status: 'planning', createdAt: c.createdAt, updatedAt: c.createdAt, demo: false, arches: {},
});

function deps(over: Partial<DashboardDeps> = {}): DashboardDeps {
  return {
    cases: { list: async () => cases.map(record) },
    audit: { list: async (id) => cases.find((c) => c.id === id)!.audit },
    packages: { read: (name, bytes) => readPackage(bytes, { fileName: name }) },
    now: () => NOW,
    ...over,
  };
}

const store = (d: DashboardDeps) => createRoot(() => createDashboardStore(d));
const asFiles = (files: { path: string; bytes: Uint8Array }[]): DashboardFile[] => files.map((f) => ({ name: `dso/${f.path}`, bytes: async () => f.bytes }));

describe('dashboard store', () => {
  test('the library source: every case with its trail, figures as the core makes them', async () => {
    const s = store(deps());
    s.show();
    await s.loadLibrary();
    expect(s.state.library.data?.read).toBe(7);
    expect(s.figures()).toEqual(dashboard(cases, NOW));
    s.setAsOf(T0 + 10 * DAY);
    expect(s.figures()).toEqual(dashboard(cases, T0 + 10 * DAY));
  });

  test('a folder of packages: copies united, the damaged and the encrypted named in plain words, other files passed over', async () => {
    const s = store(deps());
    await s.loadPackages(asFiles(await dsoFolder(cases)), { folder: true });
    expect(s.state.source).toBe('packages');
    expect(s.state.packages.data?.read).toBe(8);
    expect(s.figures()).toEqual(dashboard(cases, NOW));
    expect(s.state.packages.data?.skipped).toEqual([
      { file: 'dso/broken.aligner', message: 'dso/broken.aligner is damaged (the zip is cut short or broken). It is left out of the figures.' },
      { file: 'dso/sealed.aligner', message: 'dso/sealed.aligner is encrypted: the dashboard reads only unencrypted packages. Open it with its key (Open package) to add the case to this library, or ask whoever sent it for an unencrypted copy.' },
    ]);
  });

  test('files chosen one by one: a file that is not a package is named; none at all says what to choose', async () => {
    const s = store(deps());
    const folder = await dsoFolder(cases);
    await s.loadPackages(asFiles(folder.filter((f) => f.path === 'c1.aligner' || f.path === 'notes.txt')));
    expect(s.state.packages.data?.skipped).toEqual([{ file: 'dso/notes.txt', message: 'dso/notes.txt is not a plan package (.aligner). It is left out of the figures.' }]);
    expect(s.figures()?.cases).toBe(1);
    await s.loadPackages(asFiles(folder.filter((f) => f.path === 'notes.txt')));
    expect(s.state.packages.data).toBe(null);
    expect(s.state.packages.error).toBe('No plan packages (.aligner) among the files chosen. Choose the packages the clinics sent, or the folder that holds them.');
  });

  test('switching source never shows the other source\'s figures, and a superseded read is dropped', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const slow = deps({ packages: { read: async (name, bytes): Promise<ReadPackage> => { await held; return readPackage(bytes, { fileName: name }); } } });
    const s = store(slow);
    const folder = await dsoFolder(cases);
    const first = s.loadPackages(asFiles(folder.filter((f) => f.path === 'c1.aligner')));
    expect(s.state.packages.loading).toEqual({ done: 0, total: 1 });
    s.show('library');
    await s.loadLibrary();
    expect(s.figures()?.cases).toBe(7);
    const second = s.loadPackages(asFiles(folder.filter((f) => f.path === 'south/c5.aligner' || f.path === 'south/c6.aligner')));
    release();
    await Promise.all([first, second]);
    expect(s.state.source).toBe('packages');
    expect(s.figures()?.byClinic.map((g) => [g.name, g.cases])).toEqual([['South', 2]]);
    s.show('library');
    expect(s.figures()?.cases).toBe(7);
  });
});
