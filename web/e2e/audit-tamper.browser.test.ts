// The audit trail is verified whenever a case opens: someone edits one stored event of the
// demo case in IndexedDB (outside the studio), and on the next visit the case says its trail
// does not verify, naming the event; the Record tab shows the same. Then the newest event is
// removed as well: that is caught too (the head the store keeps no longer matches).
import { expect } from 'chai';
import { allByTestId, byTestId, click, deleteDatabase, loadApp, screenshotPage, waitFor } from './harness.ts';
import { LONG } from './plan-page.ts';
import { profileAs } from './review-page.ts';

interface StoredEvent { id: string; caseId: string; kind?: string; seq?: number; summary?: string; hash?: string }

/** Runs `change` on every stored audit record of the studio's database, in one transaction. */
async function alterAudit(change: (events: StoredEvent[], store: IDBObjectStore) => void): Promise<void> {
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const req = indexedDB.open('aligner-studio');
    req.onsuccess = () => res(req.result);
    req.onerror = () => rej(req.error);
  });
  try {
    const tx = db.transaction('audit', 'readwrite');
    const store = tx.objectStore('audit');
    const all = await new Promise<StoredEvent[]>((res, rej) => {
      const req = store.getAll();
      req.onsuccess = () => res(req.result as StoredEvent[]);
      req.onerror = () => rej(req.error);
    });
    change(all.filter((r) => typeof r.hash === 'string').sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)), store);
    await new Promise<void>((res, rej) => { tx.oncomplete = () => res(); tx.onerror = () => rej(tx.error); });
  } finally {
    db.close();
  }
}

async function openTheCase(): Promise<Document> {
  const doc = await loadApp();
  click(await waitFor('the demo case in the list', () => byTestId(doc, 'case-row'), LONG), 'the demo case');
  await waitFor('the case open', () => byTestId(doc, 'case-view'), LONG);
  return doc;
}

describe('A tampered audit trail', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  it('is shown when the case opens: an edited event, then a removed newest one', async function () {
    this.timeout(300_000);
    let doc = await loadApp();
    await profileAs(doc, 'Sam Patel', 'planner');
    click(byTestId(doc, 'open-demo'), 'Open the demo case');
    await waitFor('the case open', () => byTestId(doc, 'case-view'), LONG);
    click(byTestId(doc, 'tab-record'), 'Record tab');
    const intact = await waitFor('the trail verified', () => byTestId<HTMLElement>(doc, 'audit-verdict'), LONG);
    expect(intact.dataset.ok).to.equal('true');
    expect(byTestId(doc, 'audit-status'), 'no warning on an intact trail').to.equal(null);

    // Outside the studio: the first event's summary rewritten in place.
    await alterAudit((events, store) => {
      expect(events.length, 'the demo case has events').to.be.greaterThan(0);
      store.put({ ...events[0], summary: 'Created by someone else' });
    });
    doc = await openTheCase();
    const banner = await waitFor('the tamper warning', () => byTestId(doc, 'audit-status'), LONG);
    expect(banner.textContent).to.contain("audit trail does not verify").and.contain('Event 1').and.contain('changed after it was written');
    click(byTestId(doc, 'tab-record'), 'Record tab');
    const verdict = await waitFor('the verdict', () => byTestId<HTMLElement>(doc, 'audit-verdict'), LONG);
    expect(verdict.dataset.ok).to.equal('false');
    await screenshotPage('audit-tampered');

    // And the newest event deleted: the trail is cut short, which the stored head tells.
    await alterAudit((events, store) => store.delete(events[events.length - 1].id));
    doc = await openTheCase();
    await waitFor('the cut-off trail named', () => allByTestId(doc, 'audit-status')[0]?.querySelector('li[data-kind="head"]'), LONG);
  });
});
