// The studio end to end, as a user meets it: first run with the demo case, import of the
// real scan through the file input, reload, and reopening with the network off.
import { expect } from 'chai';
import {
  allByTestId, byTestId, deleteDatabase, loadApp, screenshotElement, screenshotPage, setOffline, uploadFiles, waitFor,
} from './harness.ts';

const REAL_STL = '../shared/data/scans/upper-arch-01/upper.stl';

function drawnArches(doc: Document): string {
  return byTestId(doc, 'viewport')?.getAttribute('data-arches') ?? '';
}

function click(el: Element | null, what: string): void {
  if (!el) throw new Error(`missing ${what}`);
  (el as HTMLElement).click();
}

describe('Aligner Studio end to end', () => {
  before(async () => {
    await deleteDatabase('aligner-studio');
  });

  after(async () => {
    await setOffline(false);
  });

  it('opens the demo case with one click on first run, teeth numbered', async () => {
    const doc = await loadApp();
    expect(doc.title).to.match(/Aligner Studio/);
    expect(allByTestId(doc, 'case-row')).to.have.length(0);
    click(byTestId(doc, 'open-demo'), 'the demo button on an empty library');
    await waitFor('both demo arches in the viewport', () => drawnArches(doc) === 'upper,lower', 120_000);
    await waitFor('28 tooth labels', () => allByTestId(doc, 'tooth-label').length === 28);
    const shot = await screenshotElement('demo-viewport', byTestId(doc, 'viewport')!);
    expect(shot.differingFraction, 'viewport is not blank').to.be.greaterThan(0.08);
    expect(shot.distinctColours, 'shaded, not flat').to.be.greaterThan(200);
    await screenshotPage('demo-page');
  });

  it('imports the real STL through the file input into a new case and draws it', async () => {
    const doc = await loadApp();
    click(byTestId(doc, 'new-case'), 'new case button');
    await waitFor('a scan input in the new case', () => byTestId(doc, 'scan-input'));
    await uploadFiles('scan-input', [REAL_STL]);
    const row = await waitFor('the parsed arch', () => byTestId(doc, 'pending-arch'), 120_000);
    expect(row.textContent).to.contain('upper.stl');
    expect(row.textContent?.replace(/[,\s]/g, '')).to.contain('99999');
    const jaw = row.querySelector<HTMLSelectElement>('[data-testid="jaw-select"]');
    expect(jaw?.value, 'jaw guessed from the file name').to.equal('upper');
    click(byTestId(doc, 'import-confirm'), 'Add to case');
    await waitFor('the upper arch in the viewport', () => drawnArches(doc) === 'upper', 120_000);
    const shot = await screenshotElement('real-scan-viewport', byTestId(doc, 'viewport')!);
    expect(shot.differingFraction, 'viewport is not blank').to.be.greaterThan(0.05);
    await screenshotPage('real-scan-page');
  });

  it('finds both cases again after a reload (real IndexedDB)', async () => {
    const doc = await loadApp();
    const rows = await waitFor('two cases in the library', () => allByTestId(doc, 'case-row').length === 2 && allByTestId(doc, 'case-row'));
    const names = rows.map((r) => r.textContent ?? '');
    expect(names.some((n) => /demo/i.test(n)), `a demo case among ${names.join(' | ')}`).to.equal(true);
    const imported = rows.find((r) => !/demo/i.test(r.textContent ?? ''))!;
    click(imported, 'the imported case row');
    await waitFor('the stored upper arch drawn again', () => drawnArches(doc) === 'upper', 120_000);
  });

  it('opens and shows the library with the network off after one visit', async () => {
    let doc = await loadApp();
    const win = (byTestId(doc, 'new-case')!.ownerDocument.defaultView)!;
    await win.navigator.serviceWorker.ready;
    await waitFor('the service worker to control the page', () => win.navigator.serviceWorker.controller, 30_000);
    await setOffline(true);
    const direct = await fetch('/dist/index.html', { cache: 'no-store' });
    expect(direct.status, 'the server is really off for the studio').to.equal(503);
    doc = await loadApp();
    await waitFor('the library offline', () => allByTestId(doc, 'case-row').length === 2);
    click(allByTestId(doc, 'case-row')[0], 'a case row');
    await waitFor('an arch drawn offline', () => drawnArches(doc).length > 0, 120_000);
    await setOffline(false);
  });
});
