// Two tabs on one library, in Node: two connections to the same fake IndexedDB, each with its
// change feed on Node's BroadcastChannel, as two browser tabs have.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { emptyPlan, setPattern } from '../core/plan.ts';
import { openLibrary } from './library.ts';
import type { ChangeNotice } from './changes.ts';
import { ANY_CASE, openChangeFeed } from './changes.ts';
import { StoreError } from './errors.ts';

/** Other tabs' messages and autosaves arrive when a busy machine gets to them: wait long, not fixed. */
const BUSY_MACHINE = { timeout: 30_000, interval: 20 };

let n = 0;
/** Two "tabs" on one database; a name of its own per test, so no other test's tab hears them. */
async function twoTabs() {
  const factory = new IDBFactory();
  const name = `changes-test-${++n}`;
  const a = await openLibrary({ name, factory, shareWithTabs: true });
  const b = await openLibrary({ name, factory, shareWithTabs: true });
  return { a, b };
}

describe('tabs hear of each other\'s writes', () => {
  it('a committed plan save, case edit and delete in tab A reach tab B (and not A itself)', async () => {
    const { a, b } = await twoTabs();
    const heardByB: ChangeNotice[] = [];
    const heardByA: ChangeNotice[] = [];
    b.changes.listen((notice) => heardByB.push(notice));
    a.changes.listen((notice) => heardByA.push(notice));
    const c = await a.cases.create({ pseudonym: 'Patient T' });
    await a.plans.saveWorking(c.id, setPattern(emptyPlan(), 'anterior-first'), 0);
    await a.cases.update(c.id, { notes: 'from A' });
    await a.cases.remove(c.id);
    await vi.waitFor(() => expect(heardByB.map((x) => x.what)).toEqual(['case', 'plan', 'case', 'deleted']), BUSY_MACHINE);
    expect(heardByB[1]).toEqual({ caseId: c.id, what: 'plan', revision: 1 });
    expect(heardByA).toEqual([]);
    a.close();
    b.close();
  });

  it('is silent where there is no BroadcastChannel', () => {
    const feed = openChangeFeed('x', undefined);
    const heard: ChangeNotice[] = [];
    feed.listen((notice) => heard.push(notice));
    feed.post({ caseId: 'c', what: 'case' });
    expect(heard).toEqual([]);
  });
});

describe('case fields are saved against what the tab saw', () => {
  it('an edit based on a value another tab changed since is refused; untouched fields and other writes do not conflict', async () => {
    const { a, b } = await twoTabs();
    const c = await a.cases.create({ pseudonym: 'Patient U', notes: 'first' });
    // Tab A changes the notes; tab B, still showing "first", edits them too.
    await a.cases.update(c.id, { notes: 'from A' }, { notes: 'first' });
    const refused = await b.cases.update(c.id, { notes: 'from B' }, { notes: 'first' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreError);
    expect((refused as StoreError).code).toBe('conflict');
    expect((refused as StoreError).message).toMatch(/notes was changed in another tab/);
    expect((await a.cases.get(c.id))!.notes).toBe('from A');
    // A plan save moved updatedAt, but no field B edits: B's doctor edit goes through.
    await a.plans.saveWorking(c.id, emptyPlan(), 0);
    const saved = await b.cases.update(c.id, { doctor: 'Dr B' }, { doctor: '' });
    expect(saved).toMatchObject({ doctor: 'Dr B', notes: 'from A' });
    a.close();
    b.close();
  });
});

describe('tabs hear of cases made whole and of restores', () => {
  it('the demo case written with its scans, and a restored backup, reach the other tab', async () => {
    const { a, b } = await twoTabs();
    const heardByB: ChangeNotice[] = [];
    b.changes.listen((notice) => heardByB.push(notice));
    const demo = await a.cases.createWithArches({ pseudonym: 'Demo', demo: true }, []);
    await vi.waitFor(() => expect(heardByB).toEqual([{ caseId: demo.id, what: 'case' }]), BUSY_MACHINE);
    const backup = await b.exportBackup();
    await a.cases.remove(demo.id);
    await vi.waitFor(() => expect(heardByB.map((x) => x.what)).toEqual(['case', 'deleted']), BUSY_MACHINE);
    expect((await a.restoreBackup(backup, 'backup.zip')).added).toBe(1);
    await vi.waitFor(() => expect(heardByB[2]).toEqual({ caseId: ANY_CASE, what: 'case' }), BUSY_MACHINE);
    a.close();
    b.close();
  });
});
