// Two tabs on the same case (issue 9, item 2): tab A runs auto-setup while tab B shows the
// empty plan. B hears of it and shows A's plan; B's pattern change lands on A's targets and A
// hears of it. Then a write B never heard of (a tab that died after writing): B's next change
// is refused, B is told and can load their version. Two iframes on one origin are two tabs.
import { expect } from 'chai';
import {
  allByTestId, byTestId, choose, click, deleteDatabase, loadApp, screenshotPage, storedRecords, waitFor,
} from './harness.ts';

const LONG = 120_000;

const slider = (doc: Document) => byTestId<HTMLInputElement>(doc, 'stage-slider');
const saveStatus = (doc: Document) => byTestId(doc, 'plan-save-status')?.dataset.status ?? '';
const pattern = (doc: Document) => byTestId<HTMLSelectElement>(doc, 'pattern-select')?.value ?? '';

function movementTable(doc: Document): string[] {
  return allByTestId(doc, 'movement-row').map((r) => `${r.dataset.fdi}: ${r.textContent?.replace(/\s+/g, ' ').trim()}`);
}

async function openPlan(doc: Document): Promise<void> {
  await waitFor('both demo arches in the viewport', () => byTestId(doc, 'viewport')?.getAttribute('data-arches') === 'upper,lower', LONG);
  click(await waitFor('the Plan tab', () => byTestId(doc, 'tab-plan'), LONG), 'Plan tab');
  await waitFor('the plan to be ready', () => byTestId(doc, 'plan-phase')?.dataset.phase === 'ready', LONG);
}

/** The stored working plan, read from IndexedDB by this page (same origin as both tabs). */
async function storedPlan(): Promise<{ targets: unknown[]; staging: { pattern: string } }> {
  const working = (await storedRecords<{ kind: string; plan: { targets: unknown[]; staging: { pattern: string } } }>('plans')).filter((r) => r.kind === 'working');
  expect(working, 'one working plan').to.have.length(1);
  return working[0].plan;
}

describe('Two tabs on one case', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  it('never overwrite each other silently: A\'s auto-setup survives B\'s pattern change, and each tab shows the other\'s save', async function () {
    this.timeout(600_000);
    const a = await loadApp('studio');
    click(byTestId(a, 'open-demo'), 'Open the demo case');
    await openPlan(a);
    const b = await loadApp('studio-b');
    click(await waitFor('the demo case in tab B\'s library', () => b.querySelector('.case-row'), LONG), 'the demo case in tab B');
    await openPlan(b);
    expect(Number(slider(b)?.max ?? 0), 'B shows the empty plan').to.equal(0);

    // Tab A: auto-setup, saved.
    click(byTestId(a, 'plan-tab-setup'), 'A: Setup section');
    click(await waitFor('A: the auto-setup button', () => byTestId(a, 'auto-setup'), LONG), 'A: Auto-setup');
    await waitFor('A: a staged plan', () => Number(slider(a)?.max ?? 0) > 0, LONG);
    await waitFor('A: the plan saved', () => saveStatus(a) === 'saved', LONG);
    const planOfA = movementTable(a);
    expect(planOfA.length).to.equal(28);
    const targetsOfA = (await storedPlan()).targets.length;
    expect(targetsOfA, 'auto-setup targets stored').to.be.at.least(20);

    // Tab B hears of A's save and shows A's plan; its own change then lands on top of A's.
    click(byTestId(b, 'plan-tab-setup'), 'B: Setup section');
    await waitFor('B: A\'s movement table', () => JSON.stringify(movementTable(b)) === JSON.stringify(planOfA), LONG);
    expect(byTestId(b, 'plan-save-status')!.textContent).to.match(/Updated from another tab/);
    click(byTestId(b, 'plan-tab-staging'), 'B: Staging section');
    choose(byTestId<HTMLSelectElement>(b, 'pattern-select'), 'anterior-first', 'B: pattern');
    await waitFor('B: its change saved', () => saveStatus(b) === 'saved' && pattern(b) === 'anterior-first', LONG);
    await waitFor('the stored plan: A\'s targets with B\'s pattern', () => storedPlanIs(targetsOfA, 'anterior-first'), LONG);
    click(byTestId(a, 'plan-tab-staging'), 'A: Staging section');
    await waitFor('A: B\'s pattern shown', () => pattern(a) === 'anterior-first', LONG);

    // A third writer whose message never arrived (a tab that died right after its write):
    // B, not knowing, changes the pattern. Its write is refused and B is told, never "Saved".
    await writeBehindTheTabs('posterior-first');
    choose(byTestId<HTMLSelectElement>(b, 'pattern-select'), 'all-together', 'B: pattern on a stale plan');
    const notice = await waitFor('B: the conflict message', () => saveStatus(b) === 'conflict' && byTestId(b, 'plan-conflict'), LONG);
    expect(notice.textContent).to.match(/changed in another tab/);
    expect(byTestId(b, 'plan-save-status')!.textContent).to.not.match(/^Saved/);
    const kept = await storedPlan();
    expect([kept.targets.length, kept.staging.pattern], 'the other writer\'s plan is not overwritten').to.deep.equal([targetsOfA, 'posterior-first']);
    await screenshotPage('two-tabs-conflict');
    click(byTestId(b, 'plan-load-theirs'), 'B: Load their version');
    await waitFor('B: their plan shown and saved', () => pattern(b) === 'posterior-first' && saveStatus(b) === 'saved', LONG);
    click(byTestId(b, 'plan-tab-setup'), 'B: Setup section');
    await waitFor('B: A\'s targets in the movement table', () => JSON.stringify(movementTable(b)) === JSON.stringify(planOfA), LONG);
  });
});

/** Bumps the stored working plan's revision with another pattern, telling no tab (as a tab that died after writing). */
async function writeBehindTheTabs(newPattern: string): Promise<void> {
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const req = indexedDB.open('aligner-studio');
    req.onsuccess = () => res(req.result);
    req.onerror = () => rej(req.error);
  });
  try {
    await new Promise<void>((res, rej) => {
      const tx = db.transaction('plans', 'readwrite');
      const store = tx.objectStore('plans');
      const all = store.getAll();
      all.onsuccess = () => {
        const working = (all.result as { kind: string; revision?: number; plan: { staging: { pattern: string } } }[]).find((r) => r.kind === 'working')!;
        working.plan.staging.pattern = newPattern;
        working.revision = (working.revision ?? 0) + 1;
        store.put(working);
      };
      tx.oncomplete = () => res();
      tx.onerror = () => rej(tx.error);
    });
  } finally {
    db.close();
  }
}

/** Polled by waitFor: the stored plan's target count and pattern as expected (reads are async; the last read is kept). */
let lastRead: { targets: number; pattern: string } | null = null;
let reading = false;
function storedPlanIs(targets: number, pattern: string): boolean {
  if (!reading) {
    reading = true;
    void storedPlan().then((p) => { lastRead = { targets: p.targets.length, pattern: p.staging.pattern }; }).finally(() => { reading = false; });
  }
  return lastRead !== null && lastRead.targets === targets && lastRead.pattern === pattern;
}
